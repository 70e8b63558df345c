"""``ksefdesk office``: the client grants in its own copy of the app, the office sets its clients up and
checks them; a client without a grant is named with the reason and what to grant (exit 1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ksefdesk.cli import EXIT_OK
from ksefdesk.cli_output import EXIT_USER_ERROR
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.test_cli import cli

OFFICE, CLIENT, STRANGER = "7251801126", "5265877635", "1234563218"
OWNER = self_signed(person_subject(nip=OFFICE, given="Ewa", surname="Księgowa"))
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox()


@pytest.fixture(autouse=True)
def _vault(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")


def _app(data: Path) -> Run:
    """One copy of the app: its own data folder."""

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        return cli("--data-dir", str(data), *args, lang=lang)

    return run


def test_office_commands_against_the_sandbox(
    tmp_path: Path, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ("--base-url", server.base_url)
    # The client, in its own app, logs in with its token and grants the office InvoiceRead.
    client = _app(tmp_path / "client")
    assert client("company", "add", "--nip", CLIENT, "--env", "sandbox", *base)[0] == EXIT_OK
    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, CLIENT).ksef_token)
    assert client("auth", "token", "--nip", CLIENT)[0] == EXIT_OK
    code, out, err = client("office", "grant", "--nip", CLIENT, "--office", OFFICE, "--read", "--name", "Bilans")
    assert code == EXIT_OK, err
    assert "InvoiceRead" in out
    code, out, _ = client("office", "grants", "--nip", CLIENT, "--office", OFFICE, "--json")
    assert [g["permission"] for g in json.loads(out)] == ["InvoiceRead"]
    code, out, err = client("office", "grant", "--nip", CLIENT, "--office", OFFICE)
    assert code == EXIT_USER_ERROR and "--read" in out + err

    # The office: its own certificate, then two clients (one granted, one not).
    office = _app(tmp_path / "office")
    for nip in (OFFICE, CLIENT, STRANGER):
        assert office("company", "add", "--nip", nip, "--env", "sandbox", *base)[0] == EXIT_OK
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_bytes(OWNER.certificate_pem())
    key.write_bytes(OWNER.key_pem())
    assert office("auth", "sign", "--nip", OFFICE, "--cert", str(cert), "--key", str(key))[0] == EXIT_OK
    assert office("cert", "enroll", "--nip", OFFICE, "--type", "authentication")[0] == EXIT_OK
    code, out, err = office("office", "use", "--office", OFFICE, "--client", CLIENT, STRANGER)
    assert code == EXIT_OK, err
    assert f"office check --office {OFFICE}" in out

    code, out, err = office("office", "check", "--office", OFFICE, "--json")
    assert code == EXIT_USER_ERROR  # one client refused
    found = {row["nip"]: row for row in json.loads(out)}
    assert found[CLIENT]["granted"] and found[CLIENT]["held"] == ["InvoiceRead"]
    assert not found[STRANGER]["granted"] and "415" in found[STRANGER]["error"]

    code, out, _ = office("office", "check", "--client", STRANGER, lang="pl")
    assert code == EXIT_USER_ERROR
    assert "415" in out and OFFICE in out and "InvoiceRead" in out and "Klient nadaje" in out
    assert office("sync", "--nip", CLIENT)[0] == EXIT_OK  # the office receives the client's invoices
    code, out, _ = office("readiness", "--nip", STRANGER, "--json")
    assert json.loads(out)["companies"][0]["command"] == f"ksefdesk office check --client {STRANGER}"

    assert office("office", "own", "--client", STRANGER)[0] == EXIT_OK
    code, out, err = office("office", "check", "--client", STRANGER)
    assert code == EXIT_USER_ERROR and "office use" in out + err

    # The client takes it back; the office's next check there is refused.
    assert client("office", "revoke", "--nip", CLIENT, "--office", OFFICE)[0] == EXIT_OK
    code, out, _ = office("office", "check", "--client", CLIENT)
    assert code == EXIT_USER_ERROR and "415" in out
