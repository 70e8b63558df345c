import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.i18n import detect_language
from ksefdesk.core.models import Environment, is_loopback_host, validate_base_url


@pytest.mark.parametrize(
    ("text", "env"),
    [
        ("sandbox", Environment.SANDBOX),
        ("TEST", Environment.TEST),
        ("demo", Environment.DEMO),
        ("prod", Environment.PROD),
        ("production", Environment.PROD),
        (" Prd ", Environment.PROD),
    ],
)
def test_environment_parse(text: str, env: Environment) -> None:
    assert Environment.parse(text) is env


def test_unknown_environment_lists_the_choices() -> None:
    with pytest.raises(UserError) as caught:
        Environment.parse("staging")
    assert caught.value.code == "env.unknown"
    assert "sandbox, test, demo, prod" in caught.value.action("en")


def test_official_addresses() -> None:
    assert Environment.TEST.default_base_url == "https://api-test.ksef.mf.gov.pl/v2"
    assert Environment.DEMO.default_base_url == "https://api-demo.ksef.mf.gov.pl/v2"
    assert Environment.PROD.default_base_url == "https://api.ksef.mf.gov.pl/v2"
    assert Environment.PROD.qr_host == "https://qr.ksef.mf.gov.pl"
    assert Environment.PROD.is_production and not Environment.DEMO.is_production


@pytest.mark.parametrize(
    "url",
    [
        "https://api-test.ksef.mf.gov.pl/v2/",
        "http://127.0.0.1:8765/v2",
        "http://localhost:9/v2",
        "http://[::1]:5/v2",
    ],
)
def test_accepted_base_urls(url: str) -> None:
    assert validate_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.ksef.mf.gov.pl/v2",
        "http://10.0.0.1/v2",
        "ftp://x/v2",
        "https:///v2",
        "api.ksef.mf.gov.pl",
        "https://user:pw@host/v2",
        "https://host/v2?x=1",
    ],
)
def test_refused_base_urls(url: str) -> None:
    with pytest.raises(UserError) as caught:
        validate_base_url(url)
    assert caught.value.code == "env.base_url_invalid"


def test_loopback_detection() -> None:
    assert is_loopback_host("127.0.0.5") and is_loopback_host("LOCALHOST") and is_loopback_host("::1")
    assert not is_loopback_host("127.example.com") and not is_loopback_host("192.168.1.1")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"KSEFDESK_LANG": "pl"}, "pl"),
        ({"LANG": "pl_PL.UTF-8"}, "pl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "pl_PL", "LANG": "en_US"}, "pl"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
    ],
)
def test_language_detection(environ: dict[str, str], lang: str) -> None:
    assert detect_language(environ) == lang
