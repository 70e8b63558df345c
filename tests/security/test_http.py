"""HTTP to KSeF: pre-signed addresses never reach logs or shown details, no redirects, plain http only to
this computer for every request, and the environment cannot swap the trust store, route loopback traffic
through a proxy or replace the bearer header."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from ksefdesk.core.errors import CATALOG, UserError
from ksefdesk.core.redaction import MASK, Redactor, scrub
from ksefdesk.logging_setup import setup_logging
from ksefdesk.services.ksef.answers import PartUpload
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import invoice_xml
from tests.security.conftest import RecorderFactory
from tests.services.test_send import Desk

NIP = "5265877635"
AZURE_SIG = "Xy7%2Bq9Lm0PqRsTuVwXyZ1234567890abcdEFGH%3D"
AWS_SIG = "3f9d2c1b0a99887766554433221100ffeeddccbbaa99887766554433221100ff"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE%2F20261201%2Feu-central-1%2Fs3%2Faws4_request"
SANDBOX_BLOB = (
    "eyJrIjoiaW52b2ljZS11cG8iLCJpIjoiMjAyNjEyMDEtRUUtQUJDIiwibSI6IkdFVCIsImUiOjE3OTk5OTk5OTl9"
    ".0123456789abcdef0123456789abcdef"
)

SANDBOX_ROOT = "NKHdPJoJX8hfTt8PYKRNIvLHN78m5WQc"


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_ksefdesk_handler", False)]


@pytest.fixture
def verbose_log(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "logs").mkdir()
    log_file = setup_logging(tmp_path / "logs", Redactor(), verbose=True)
    yield log_file
    for handler in _ours():
        logging.getLogger().removeHandler(handler)
        handler.close()


# --- pre-signed addresses in logs and details ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        (  # urllib3's --verbose line for an Azure SAS download (KSeF's real storage)
            'https://ksef.blob.core.windows.net:443 "GET /upo/20261201-SE-1.xml?sv=2024-08-04&se=2026-12-01T10%3A00'
            f'%3A00Z&sr=b&sp=r&sig={AZURE_SIG} HTTP/1.1" 200 1234',
            [AZURE_SIG],
        ),
        (
            "GET https://s3.amazonaws.com/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            f"{AWS_KEY}&X-Amz-Date=20261201T100000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature={AWS_SIG}",
            [AWS_SIG, AWS_KEY],
        ),
        (  # a traceback / connection error text
            "HTTPSConnectionPool(host='ksef.blob.core.windows.net', port=443): Max retries exceeded with url: "
            f"/part/1.zip.aes?se=2026-12-01&sp=r&sig={AZURE_SIG} (Caused by NewConnectionError('refused'))",
            [AZURE_SIG],
        ),
        (
            f'{{"upoDownloadUrl": "https://x.example/upo?Expires=1799999999&Signature={AWS_SIG}&Key-Pair-Id=K2JC"}}',
            [AWS_SIG],
        ),
        (f'http://127.0.0.1:8765 "GET /_blob/{SANDBOX_BLOB} HTTP/1.1" 200 2048', [SANDBOX_BLOB.split(".")[1]]),
        (f"url=https%3A%2F%2Fh%2Fupo%3Fsp%3Dr%26sig%3D{AZURE_SIG}", [AZURE_SIG]),
        (  # the sandbox's secret first path segment, before the API and the links
            f'http://127.0.0.1:8765 "POST /{SANDBOX_ROOT}/v2/auth/challenge HTTP/1.1" 200 152; '
            f"http://127.0.0.1:8765/{SANDBOX_ROOT}/_blob/{SANDBOX_BLOB}",
            [SANDBOX_ROOT, SANDBOX_BLOB.split(".")[1]],
        ),
    ],
    ids=[
        "azure-sas",
        "aws-s3",
        "connection-error",
        "cloudfront-json",
        "sandbox-blob",
        "percent-encoded",
        "sandbox-root",
    ],
)
def test_presigned_signatures_are_masked_by_shape(text: str, secrets: list[str]) -> None:
    for redacted in (Redactor().redact(text), scrub(text)):
        assert MASK in redacted
        for secret in secrets:
            assert secret not in redacted, redacted


def test_ordinary_queries_stay_readable() -> None:
    line = '"POST /v2/invoices/query/metadata?pageOffset=0&pageSize=250&sortOrder=Asc HTTP/1.1" 200 -'
    assert scrub(line) == line


def test_a_verbose_log_and_error_details_never_hold_a_working_presigned_address(
    start_sandbox: Callable[..., SandboxServer],
    tmp_path: Path,
    verbose_log: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sandbox = start_sandbox()
    desk = Desk(tmp_path, sandbox)
    links: list[str] = []
    real = KsefApi.download_presigned

    def recording(self: KsefApi, url: str, *args: Any, **kwargs: Any) -> bytes:
        links.append(url)
        return real(self, url, *args, **kwargs)

    monkeypatch.setattr(KsefApi, "download_presigned", recording)
    desk.sender.enqueue(NIP, "a.xml", invoice_xml(NIP, number="FV/LOG/1"))
    assert len(desk.sender.send(NIP).done) == 1  # the UPO came through its pre-signed link (logged by urllib3)
    desk.db.close()
    (url,) = links
    secret = url.rsplit("/", 1)[-1]
    root = urlsplit(sandbox.base_url).path.split("/")[1]  # the sandbox's secret segment, when it has one
    api = KsefApi(KsefHttp(sandbox.base_url, RateLimiter(scale=0), max_attempts=1))
    dead = url.replace(f":{sandbox.port}/", ":9/")  # nothing listens there: a connection error with the URL
    with pytest.raises(UserError) as caught:
        api.download_presigned(dead)
    assert caught.value.code == "ksef.unreachable"
    assert secret not in caught.value.details and secret not in caught.value.full_text("pl")
    logging.getLogger("ksefdesk.test").exception("boom %s", url)  # a traceback naming the address
    for handler in _ours():
        handler.flush()
    shown = capsys.readouterr().err
    logged = verbose_log.read_text(encoding="utf-8")
    assert "/_blob/" in logged and '"GET' in logged  # the lines are there...
    assert secret not in logged and secret not in shown  # ...without the address's signature
    if root != "v2":
        assert root not in logged and root not in shown and root not in caught.value.full_text("en")


# --- redirects and plain http ---------------------------------------------------------------------------
def test_a_redirect_on_the_signature_upload_is_not_followed(recorder: RecorderFactory) -> None:
    stranger = recorder(lambda request: Response('{"referenceNumber": "x"}', 202, mimetype="application/json"))
    hostile = recorder(
        lambda request: Response("", 307, headers={"Location": f"{stranger.url}/v2/auth/xades-signature"})
    )
    api = KsefApi(KsefHttp(f"{hostile.url}/v2", RateLimiter(scale=0), max_attempts=1))
    with pytest.raises(UserError) as caught:
        api.submit_xades(b"<AuthTokenRequest>signed login file</AuthTokenRequest>")
    assert caught.value.code == "ksef.bad_answer" and "307" in caught.value.details
    assert stranger.seen == []  # the signed file went nowhere else
    assert [s.path for s in hostile.seen] == ["/v2/auth/xades-signature"]


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_presigned_redirects_are_not_followed_either(recorder: RecorderFactory, method: str) -> None:
    stranger = recorder(lambda request: Response("stolen", 200))
    hostile = recorder(lambda request: Response("", 307, headers={"Location": f"{stranger.url}/drop"}))
    api = KsefApi(KsefHttp(f"{hostile.url}/v2", RateLimiter(scale=0), max_attempts=1))
    with pytest.raises(UserError):
        if method == "GET":
            api.download_presigned(f"{hostile.url}/upo")
        else:
            api.upload_part(PartUpload(1, f"{hostile.url}/part"), b"encrypted part")
    assert stranger.seen == []


@pytest.mark.parametrize(
    "url",
    [
        "http://api-test.ksef.mf.gov.pl/upo?sig=x",  # plain http to another computer
        "http://192.168.1.10:8765/_blob/abc",
        "file:///etc/passwd",
        "ftp://127.0.0.1/upo",
        "gopher://127.0.0.1:70/x",
        "https://",
        "https://127.0.0.1:70000/upo",  # not a port
        "//no-scheme.example/upo",
    ],
)
def test_every_request_goes_only_to_https_or_this_computer(url: str) -> None:
    sent: list[str] = []

    class Refusing:  # a session that records whatever would go out
        def __init__(self) -> None:
            self.headers: dict[str, str] = {}
            self.verify: object = True
            self.trust_env = True

        def request(self, method: str, target: str, **kwargs: object) -> object:
            sent.append(target)
            raise AssertionError("must not be sent")

    http = KsefHttp("https://api-test.ksef.mf.gov.pl/v2", RateLimiter(scale=0), session_factory=Refusing)  # type: ignore[arg-type]
    api = KsefApi(http)
    for action in (
        lambda: api.download_presigned(url),
        lambda: api.upload_part(PartUpload(1, url), b"part"),
    ):
        with pytest.raises(UserError) as caught:
            action()
        assert caught.value.code == "ksef.unsafe_address", caught.value.code
        assert caught.value.message("pl") and caught.value.message("en")
        assert "sig=x" not in caught.value.full_text("en")  # the address is shown without its query
    assert sent == []


# --- the environment: trust store, proxies, netrc ---------------------------------------------------------
def _loopback_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-made CA-style certificate for 127.0.0.1: trusted only by whoever is told to trust it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "ca.pem", folder / "ca-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    cert_file, key_file = _loopback_certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    app = Response('{"challenge": "20261201-CR-1", "timestamp": "2026-12-01T10:00:00Z", "timestampMs": 1}')
    app.mimetype = "application/json"
    server = make_server("127.0.0.1", 0, app, ssl_context=context)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.port}/v2", cert_file
    server.shutdown()


def test_requests_ca_bundle_does_not_replace_the_trust_store(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))  # planted by anything that can set the environment
    api = KsefApi(KsefHttp(url, RateLimiter(scale=0), max_attempts=1))
    with pytest.raises(UserError) as caught:
        api.challenge()
    assert caught.value.code == "ksef.unreachable" and "certificate" in caught.value.details.lower()


def test_an_explicit_ca_bundle_is_used_and_logged(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url, ca = tls_server
    monkeypatch.setenv("KSEFDESK_CA_BUNDLE", str(ca))  # e.g. a company's TLS-inspecting proxy
    caplog.set_level(logging.INFO, logger="ksefdesk")
    api = KsefApi(KsefHttp(url, RateLimiter(scale=0), max_attempts=1))
    assert api.challenge().challenge == "20261201-CR-1"
    assert any("KSEFDESK_CA_BUNDLE" in r.getMessage() and str(ca) in r.getMessage() for r in caplog.records)


def test_an_unusable_explicit_ca_bundle_is_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KSEFDESK_CA_BUNDLE", str(tmp_path / "missing.pem"))
    with pytest.raises(UserError) as caught:
        KsefApi(KsefHttp("https://api-test.ksef.mf.gov.pl/v2", RateLimiter(scale=0))).challenge()
    assert caught.value.code == "ksef.ca_bundle_unusable"


def _challenge(request: Request) -> Response:
    body = '{"challenge": "20261201-CR-1", "timestamp": "2026-12-01T10:00:00Z", "timestampMs": 1}'
    return Response(body, mimetype="application/json")


def test_loopback_traffic_never_goes_through_a_proxy(
    recorder: RecorderFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = recorder(lambda request: Response("proxied", 502))
    ksef = recorder(_challenge)
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    api = KsefApi(KsefHttp(f"{ksef.url}/v2", RateLimiter(scale=0), max_attempts=1))
    assert api.challenge().challenge == "20261201-CR-1"
    assert proxy.seen == [] and len(ksef.seen) == 1


def test_a_system_proxy_still_carries_traffic_to_ksef(
    recorder: RecorderFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Users behind a company proxy keep working: for remote hosts the environment's proxy is used (and
    logged without its password)."""
    proxy = recorder(lambda request: Response("no tunnel here", 403))
    proxy_url = proxy.url.replace("http://", "http://jan:tajne-haslo-proxy@")
    monkeypatch.setenv("https_proxy", proxy_url)
    monkeypatch.setenv("HTTPS_PROXY", proxy_url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    caplog.set_level(logging.INFO, logger="ksefdesk")
    api = KsefApi(KsefHttp("https://api-test.ksef.mf.gov.pl/v2", RateLimiter(scale=0), max_attempts=1))
    with pytest.raises(UserError):
        api.challenge()
    assert [s.method for s in proxy.seen] == ["CONNECT"]  # the tunnel was asked of the proxy
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"127.0.0.1:{proxy.port}" in logged and "tajne-haslo-proxy" not in logged


def test_netrc_never_replaces_the_bearer_header(
    recorder: RecorderFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ksef = recorder(lambda request: Response('{"sessions": []}', mimetype="application/json"))
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login intruz password podmienione\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    http = KsefHttp(f"{ksef.url}/v2", RateLimiter(scale=0), max_attempts=1)
    http.json("GET", "/auth/sessions", group="other", token="access-token-123")
    assert ksef.seen[0].headers.get("Authorization") == "Bearer access-token-123"


def test_the_new_messages_are_in_the_catalogue() -> None:
    for code in ("ksef.unsafe_address", "ksef.ca_bundle_unusable"):
        assert code in CATALOG
