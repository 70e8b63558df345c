"""``ksefdesk cert setup|renew|backup|import`` and the 30-day warning of ``status``, against the sandbox:
a token company is moved to certificates with one signature, its keys are backed up and imported on
another computer (which then logs in by itself), and a certificate near its end is renewed."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from ksefdesk.cli_output import EXIT_OK, EXIT_USER_ERROR
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.test_cli import cli

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP, given="Anna", surname="Kowalska"))
PASSPHRASE = "kopia kluczy 2027"
Run = Callable[..., tuple[int, str, str]]


def _app(data: Path) -> Run:
    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        return cli("--data-dir", str(data), *args, lang=lang)

    return run


@pytest.fixture(autouse=True)
def _vault(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")


def test_setup_backup_import_and_renewal(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_sandbox()
    app = _app(tmp_path / "one")
    assert app("company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", server.base_url)[0] == EXIT_OK
    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, NIP).ksef_token)
    assert app("auth", "token", "--nip", NIP)[0] == EXIT_OK

    code, out, err = app("cert", "setup", "--nip", NIP)  # a token session cannot request certificates
    assert code == EXIT_USER_ERROR and "signature" in (out + err).lower()
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_bytes(PERSON.certificate_pem())
    key.write_bytes(PERSON.key_pem())
    assert app("auth", "sign", "--nip", NIP, "--cert", str(cert), "--key", str(key))[0] == EXIT_OK
    code, out, err = app("cert", "setup", "--nip", NIP)
    assert code == EXIT_OK, err
    assert out.count("New KSeF certificate") == 2 and f"cert backup --nip {NIP}" in out
    code, out, _ = app("cert", "setup", "--nip", NIP)
    assert code == EXIT_OK and "already holds both" in out
    listed = json.loads(app("cert", "list", "--nip", NIP, "--json")[1])
    assert sorted(c["type"] for c in listed) == ["Authentication", "Offline"]
    assert not any(c["backedUp"] for c in listed)

    folder = tmp_path / "kopie"
    monkeypatch.delenv("KSEFDESK_KEY_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # a script or a pipe, even under `pytest -s`
    code, out, err = app("cert", "backup", "--nip", NIP, "--folder", str(folder))  # no terminal to ask on
    assert code == EXIT_USER_ERROR and "[cert.passphrase_missing]" in err and "KSEFDESK_KEY_PASSWORD" in err
    assert not folder.exists()
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", "krótkie")
    code, out, err = app("cert", "backup", "--nip", NIP, "--folder", str(folder))
    assert code == EXIT_USER_ERROR and "[cert.weak_passphrase]" in err and not folder.exists()
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", PASSPHRASE)
    code, out, err = app("cert", "backup", "--nip", NIP, "--folder", str(folder))
    assert code == EXIT_OK, err
    files = sorted(folder.glob("*.p12"))
    assert len(files) == 2
    for file in files:  # each opens with the passphrase, holds a key and its certificate, and is private
        key_in, certificate_in, _ = pkcs12.load_key_and_certificates(file.read_bytes(), PASSPHRASE.encode())
        assert key_in is not None and certificate_in is not None
        assert file.stat().st_mode & 0o077 == 0
    assert all(c["backedUp"] for c in json.loads(app("cert", "list", "--nip", NIP, "--json")[1]))
    # The token is not needed any more: revoked, and the company still logs in and receives.
    code, out, err = app("token", "revoke", "--nip", NIP)
    assert code == EXIT_OK, err
    revoked = server.sandbox.state.one("SELECT status FROM ksef_tokens WHERE context_value = ?", (NIP,))
    assert revoked is not None and revoked["status"] == "Revoked"
    code, out, err = app("logout", "--nip", NIP)  # the session ends: the next login is the certificate's
    assert code == EXIT_OK, err
    code, out, err = app("sync", "--nip", NIP)
    assert code == EXIT_OK, err
    assert json.loads(app("status", "--json")[1])[0]["authMethod"] == "ksef_certificate"

    # Another computer: the Authentication backup imported, the company logs in by itself.
    other = _app(tmp_path / "two")
    assert other("company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", server.base_url)[0] == EXIT_OK
    authentication = next(f for f in files if "Authentication" in f.name)
    code, out, err = other("cert", "import", "--nip", NIP, "--file", str(authentication))
    assert code == EXIT_OK, err
    status = json.loads(other("status", "--json")[1])[0]
    assert status["status"] == "connected" and status["authMethod"] == "ksef_certificate"

    # Near its end (as if 23 months had passed): status warns, then renews it while it still logs in.
    old = next(c for c in listed if c["type"] == "Authentication")
    soon = (datetime.now(UTC) + timedelta(days=10)).isoformat()
    with sqlite3.connect(tmp_path / "one" / "ksefdesk.db") as db:
        db.execute("UPDATE ksef_certificates SET valid_to = ? WHERE serial = ?", (soon, old["serial"]))
    db.close()
    code, out, _ = app("status", "--offline")
    assert code == EXIT_OK and old["serial"] in out and f"ksefdesk cert renew --nip {NIP}" in out
    code, out, _ = app("cert", "renew", "--nip", NIP, "--serial", "NOPE")
    assert code == EXIT_USER_ERROR
    code, out, err = app("status", "--json")
    assert code == EXIT_OK, err
    row = json.loads(out)[0]
    assert len(row["certificatesRenewed"]) == 1 and row["certificatesEndingSoon"] == []
    code, out, _ = app("cert", "renew", "--nip", NIP)
    assert code == EXIT_OK and "nothing to renew" in out
