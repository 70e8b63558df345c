"""Secrets never reach the disk or the logs: after a full scripted run (all three login methods, a KSeF
certificate, a sync, a send, a failing command that logs an error), every token, refresh token,
password, PIN and private key used is searched for in every file of the data folder (database, its
WAL, logs, crash reports, vault): zero hits. Files holding anything sensitive are private (0600), TLS is
always verified, and plain http goes only to this computer."""

from __future__ import annotations

import base64
import json
import ssl
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from ksefdesk.cli import EXIT_OK
from ksefdesk.core.errors import UserError
from ksefdesk.core.models import validate_base_url
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefsandbox.seed import login_kit, seed_invoices
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import invoice_xml
from tests.test_cli import cli

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP), kind="ec")
VAULT_PASSPHRASE = "haslo sejfu 7f3a9c"
P12_PASSWORD = "haslo p12 5d1e8b"


def test_a_full_run_leaves_no_secret_in_the_data_folder(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_sandbox()
    seed_invoices(server.sandbox, NIP, 30, months=1)
    kit_token = login_kit(server.sandbox, NIP).ksef_token
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", VAULT_PASSPHRASE)
    data = tmp_path / "data"

    def run(*args: str) -> tuple[int, str, str]:
        return cli("--data-dir", str(data), "--verbose", *args)  # verbose: the most is logged

    assert run("company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", server.base_url)[0] == EXIT_OK
    # 1. the qualified signature (file signed elsewhere)
    request_file, signed_file = tmp_path / "r.xml", tmp_path / "s.xml"
    assert run("auth", "request", "--nip", NIP, "--out", str(request_file))[0] == EXIT_OK
    signed_file.write_bytes(sign_xml(request_file.read_bytes(), PERSON.key, [PERSON.certificate]))
    assert run("auth", "submit", "--nip", NIP, str(signed_file))[0] == EXIT_OK
    code, out, _ = run("token", "create", "--nip", NIP)
    app_token = out.splitlines()[1]
    assert code == EXIT_OK and run("cert", "enroll", "--nip", NIP)[0] == EXIT_OK
    # 2. a certificate file with a password
    p12 = tmp_path / "podpis.p12"
    p12.write_bytes(PERSON.pkcs12(P12_PASSWORD.encode()))
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", P12_PASSWORD)
    assert run("auth", "sign", "--nip", NIP, "--cert", str(p12))[0] == EXIT_OK
    # 3. a KSeF token
    monkeypatch.setenv("KSEF_TOKEN", kit_token)
    assert run("auth", "token", "--nip", NIP)[0] == EXIT_OK
    assert run("sync", "--nip", NIP)[0] == EXIT_OK
    invoice = tmp_path / "FV.xml"
    invoice.write_bytes(invoice_xml(NIP, number="FV/SEKRET/1"))
    assert run("send", "--nip", NIP, str(invoice))[0] == EXIT_OK
    assert run("status", "--json")[0] == EXIT_OK
    monkeypatch.setenv("KSEF_TOKEN", kit_token[:-4] + "0000")  # a wrong token: an error is logged
    assert run("auth", "token", "--nip", NIP)[0] != EXIT_OK

    from ksefdesk.app import build_context

    ctx = build_context(str(data), lang="en")
    store = ctx.secrets()
    tokens = [store.get(f"sandbox/{NIP}/{kind}") for kind in ("access_token", "refresh_token", "ksef_token")]
    key_refs = [c.key_ref for c in ctx.certificates.stored(NIP)]
    key_pems = [store.get(ref) or "" for ref in key_refs]
    ctx.close()
    assert all(tokens) and key_pems and all(key_pems)
    person_key = PERSON.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    secrets = [*tokens, kit_token, app_token, VAULT_PASSPHRASE, P12_PASSWORD]
    secrets += [pem.split("-----")[2].strip().splitlines()[0] for pem in key_pems]  # a line of each key's body
    secrets += [base64.b64encode(person_key).decode()[:60], kit_token.split("|")[-1]]  # key, token secret part
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files) and any(p.name == "ksefdesk.db" for p in files)
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, f"a secret is readable in {path}"
    for name in ("ksefdesk.db", "secrets.vault"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    log = next(p for p in files if p.suffix == ".log")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) & 0o077 == 0  # the folder itself is private


@pytest.mark.parametrize(
    "url",
    ["http://api-test.ksef.mf.gov.pl/v2", "http://192.168.1.10:8765/v2", "ftp://127.0.0.1/v2", "https://"],
)
def test_plain_http_only_to_this_computer(url: str) -> None:
    with pytest.raises(UserError):
        validate_base_url(url)
    assert validate_base_url("http://127.0.0.1:8765/v2") and validate_base_url("http://localhost:8765/v2")


def test_tls_is_always_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server with a certificate nobody vouches for is refused, even when the environment tries to
    switch checking off (CURL_CA_BUNDLE="", a classic requests pitfall)."""
    identity = self_signed(person_subject(nip=NIP))
    (tmp_path / "c.pem").write_bytes(identity.certificate_pem())
    (tmp_path / "k.pem").write_bytes(identity.key_pem())
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "c.pem", tmp_path / "k.pem")
    app = Response(json.dumps({"challenge": "x"}), mimetype="application/json")
    server = make_server("127.0.0.1", 0, app, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    monkeypatch.setenv("PYTHONHTTPSVERIFY", "0")
    try:
        api = KsefApi(KsefHttp(f"https://127.0.0.1:{server.port}/v2", RateLimiter(scale=0), max_attempts=1))
        with pytest.raises(UserError) as caught:
            api.challenge()
        assert caught.value.code == "ksef.unreachable" and "certificate" in caught.value.details.lower()
    finally:
        server.shutdown()
