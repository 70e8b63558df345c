"""Issue 21, sandbox: another local account, a web page in the user's browser and a DNS-rebinding
name must not reach the local KSeF sandbox (its API, its admin switches, its test hooks).

Each test first does what the audit did (knowing only what an attacker knows: the port) and checks
that it fails; then it checks that the owner, who knows the secret address, still gets through."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from ksefdesk.services.sandbox_host import SandboxHost
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import seed_invoices
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client, admin, invoice_xml

NIP = "5265877635"
ServerFactory = Callable[..., SandboxServer]


def _origin(server: SandboxServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def _guessable_urls(server: SandboxServer) -> list[str]:
    """Addresses another account can build from `ss -ltn` alone."""
    return [f"http://127.0.0.1:{server.port}/v2", f"http://localhost:{server.port}/v2"]


def _exception_code(response: requests.Response) -> int:
    return int(response.json()["exception"]["exceptionDetailList"][0]["exceptionCode"])


# --- the API of another account's sandbox --------------------------------------------------------
def test_another_account_knowing_the_port_cannot_log_in_as_the_user(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    seed_invoices(server.sandbox, NIP, 3, months=1)
    for guessed in _guessable_urls(server):
        # The audit's path: challenge, a self-made certificate for the user's NIP, then the invoices.
        assert requests.post(guessed + "/auth/challenge", timeout=10).status_code == 404
        assert requests.get(guessed + "/security/public-key-certificates", timeout=10).status_code == 404
        metadata = requests.post(guessed + "/invoices/query/metadata", json={}, timeout=10)
        assert metadata.status_code == 404
    secret = urlsplit(server.base_url).path.strip("/").split("/")[0]
    assert len(secret) >= 22  # >= 128 random bits in URL-safe base64
    wrong = server.base_url.replace(secret, secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert requests.post(wrong + "/auth/challenge", timeout=10).status_code == 404
    # The owner (and any third-party KSeF client given the printed address) works as before.
    owner = Client(server.base_url).login_xades(NIP)
    found = owner.post(
        "/invoices/query/metadata?pageSize=10",
        json={
            "subjectType": "Subject2",
            "dateRange": {"dateType": "PermanentStorage", "from": (datetime.now(UTC) - timedelta(days=60)).isoformat()},
        },
    )
    assert found.status_code == 200 and len(found.json()["invoices"]) == 3


def test_pre_signed_links_live_under_the_secret_address(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    owner = Client(server.base_url).login_xades(NIP)
    session = owner.open_session()
    status = owner.send_ok(session, invoice_xml(NIP))
    link = status["upoDownloadUrl"]
    root = server.root_url
    assert link.startswith(root + "/_blob/")
    assert requests.get(link, timeout=10).status_code == 200
    assert requests.get(link.replace(root, _origin(server)), timeout=10).status_code == 404


def test_the_embedded_sandbox_serves_its_api_only_under_its_secret_address(tmp_path: Path, keys_template: Path) -> None:
    shutil.copytree(keys_template, tmp_path / "hosted" / "keys")
    host = SandboxHost(tmp_path / "hosted", SandboxConfig(rate_scale=0), port=0)
    try:
        url = host.base_url()
        port = urlsplit(url).port
        assert requests.post(f"http://127.0.0.1:{port}/v2/auth/challenge", timeout=10).status_code == 404
        kit = host.demo_kit(NIP, invoices=2)
        assert Client(url).login_token(NIP, kit.ksef_token).access
    finally:
        host.stop()


# --- admin switches -------------------------------------------------------------------------------
def test_a_cross_site_text_plain_post_cannot_turn_on_maintenance(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    faults = f"{_origin(server)}/_sandbox/faults"
    # What a web page can send without a CORS preflight: a "simple" text/plain POST.
    page = requests.post(
        faults,
        data='{"maintenance": true}',
        headers={"Content-Type": "text/plain", "Origin": "http://evil.example"},
        timeout=10,
    )
    assert page.status_code in (400, 403)
    assert server.sandbox.faults.maintenance is False
    # Another local account: proper JSON, but no per-run key (or a wrong one).
    assert requests.post(faults, json={"maintenance": True}, timeout=10).status_code == 403
    wrong = {"X-Sandbox-Admin-Key": "x" * 32}
    assert requests.post(faults, json={"maintenance": True}, headers=wrong, timeout=10).status_code == 403
    assert server.sandbox.faults.maintenance is False
    # The key alone is not enough for a browser-style body or a foreign page.
    key = server.admin_headers
    plain = requests.post(
        faults, data='{"maintenance": true}', headers={**key, "Content-Type": "text/plain"}, timeout=10
    )
    assert plain.status_code == 400 and _exception_code(plain) == 21405
    foreign = requests.post(
        faults, json={"maintenance": True}, headers={**key, "Origin": "http://evil.example"}, timeout=10
    )
    assert foreign.status_code == 403
    assert server.sandbox.faults.maintenance is False
    # The owner with the key.
    assert admin(server, "faults", {"maintenance": True}).status_code == 200
    assert server.sandbox.faults.maintenance is True


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("faults", {"error_rate": 1.0}),
        ("rate-scale", {"scale": 1000}),
        ("revoke-session", {"referenceNumber": "x"}),
        ("revoke-token", {"referenceNumber": "x"}),
        ("grant", {"contextNip": NIP, "subjectType": "Pesel", "subjectValue": "44051401359", "permissions": []}),
    ],
)
def test_every_admin_switch_needs_the_per_run_key(
    start_sandbox: ServerFactory, name: str, body: dict[str, object]
) -> None:
    server = start_sandbox()
    url = f"{_origin(server)}/_sandbox/{name}"
    assert requests.post(url, json=body, timeout=10).status_code == 403
    under_the_secret = requests.post(server.root_url + f"/_sandbox/{name}", json=body, timeout=10)
    assert under_the_secret.status_code == 404  # the switches are only at the root, and only with the key
    assert server.sandbox.faults.error_rate == 0.0 and server.sandbox.limiter.scale == 0
    assert admin(server, name, body).status_code < 500


def test_the_admin_key_changes_with_every_run(start_sandbox: ServerFactory, tmp_path: Path) -> None:
    first = start_sandbox(folder=tmp_path / "same")
    key, url = first.admin_key, first.base_url
    first.stop()
    second = start_sandbox(folder=tmp_path / "same")
    assert second.admin_key != key and len(second.admin_key) >= 22
    assert second.base_url.split("/")[3] == url.split("/")[3]  # the API address stays: clients keep working


def test_test_hooks_need_the_admin_key(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    challenge = server.base_url + "/auth/challenge"
    hooked = requests.post(challenge, headers={"X-Test-System-Warning": "Podaj haslo na evil.example"}, timeout=10)
    assert "X-System-Warning" not in hooked.headers
    assert admin(server, "faults", {"system_warning": "Planowana przerwa o 22:00"}).status_code == 200
    warned = requests.post(challenge, timeout=10)
    assert warned.status_code == 200 and warned.headers["X-System-Warning"] == "Planowana przerwa o 22:00"
    assert admin(server, "faults", {"system_warning": "a\r\nSet-Cookie: x=1"}).status_code == 400


# --- DNS rebinding and web pages --------------------------------------------------------------------
@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "evil.example", "127.0.0.1.nip.io:{port}", "localhost.evil:{port}"]
)
def test_a_dns_rebinding_name_is_refused_everywhere(start_sandbox: ServerFactory, host: str) -> None:
    server = start_sandbox()
    header = {"Host": host.format(port=server.port)}
    for method, url, key in (
        ("GET", server.base_url + "/security/public-key-certificates", False),
        ("POST", server.base_url + "/auth/challenge", False),
        ("GET", f"{_origin(server)}/latarnia/status", False),
        ("GET", f"{_origin(server)}/_sandbox/faults", True),  # even with the right key
    ):
        sent = {**header, **(server.admin_headers if key else {})}
        response = requests.request(method, url, headers=sent, timeout=10)
        assert response.status_code == 403, (method, url, response.text)
        body = response.json()
        assert body["reasonCode"] == "security-service-blocked" and body["status"] == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "127.0.0.1"])
def test_loopback_names_are_accepted(start_sandbox: ServerFactory, host: str) -> None:
    server = start_sandbox()
    response = requests.post(
        server.base_url + "/auth/challenge", headers={"Host": host.format(port=server.port)}, timeout=10
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},  # another program's page on this computer
        {"Origin": "https://127.0.0.1:{port}"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_web_page_cannot_call_the_api(start_sandbox: ServerFactory, headers: dict[str, str]) -> None:
    server = start_sandbox()
    sent = {name: value.format(port=server.port) for name, value in headers.items()}
    response = requests.post(server.base_url + "/auth/challenge", headers=sent, timeout=10)
    assert response.status_code == 403 and response.json()["reasonCode"] == "security-service-blocked"
    same = requests.post(server.base_url + "/auth/challenge", headers={"Origin": _origin(server)}, timeout=10)
    assert same.status_code == 200


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
def test_json_endpoints_refuse_other_bodies(start_sandbox: ServerFactory, content_type: str) -> None:
    server = start_sandbox()
    body = json.dumps({"nip": NIP, "pesel": "44051401359", "isBailiff": False, "description": "CSRF"})
    headers = {"Content-Type": content_type} if content_type else {}
    response = requests.post(server.base_url + "/testdata/person", data=body.encode(), headers=headers, timeout=10)
    assert response.status_code == 400 and _exception_code(response) == 21405
    assert server.sandbox.state.one("SELECT * FROM testdata WHERE kind = 'person'") is None
    proper = requests.post(
        server.base_url + "/testdata/person", data=body, headers={"Content-Type": "application/json"}, timeout=10
    )
    assert proper.status_code == 200


def test_the_signed_login_file_must_be_xml(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    client = Client(server.base_url)
    signed = client.signed_request(NIP)
    posted = requests.post(
        server.base_url + "/auth/xades-signature", data=signed, headers={"Content-Type": "text/plain"}, timeout=10
    )
    assert posted.status_code == 400 and _exception_code(posted) == 21405
    assert client.submit_xades(client.signed_request(NIP)).status_code == 202
