"""``ksefdesk readiness``: JSON shape, Polish text, the rules with their sources, exit code 0."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ksefdesk.cli import EXIT_OK
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.test_cli import cli

SIGNED, TOKEN, NEW = "5265877635", "1111111111", "9999999999"
PERSON = self_signed(person_subject(nip=SIGNED, given="Anna", surname="Kowalska"))
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch) -> Run:
    server = start_sandbox()
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")
    data = str(tmp_path / "data")

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        return cli("--data-dir", data, *args, lang=lang)

    for nip, name in ((SIGNED, "Piekarnia"), (TOKEN, "Sklep"), (NEW, "Nowa")):
        assert (
            run("company", "add", "--nip", nip, "--name", name, "--env", "sandbox", "--base-url", server.base_url)[0]
            == EXIT_OK
        )
    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, TOKEN).ksef_token)
    assert run("auth", "token", "--nip", TOKEN)[0] == EXIT_OK
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_bytes(PERSON.certificate_pem())
    key.write_bytes(PERSON.key_pem())
    assert run("auth", "sign", "--nip", SIGNED, "--cert", str(cert), "--key", str(key))[0] == EXIT_OK
    for kind in ("authentication", "offline"):
        assert run("cert", "enroll", "--nip", SIGNED, "--type", kind)[0] == EXIT_OK
    return run


def test_json_shape(desk: Run) -> None:
    code, out, err = desk("readiness", "--json")
    assert code == EXIT_OK, err
    shape = json.loads(out)
    assert set(shape) == {"today", "ready", "total", "companies", "rules"}
    date.fromisoformat(shape["today"])
    assert (shape["ready"], shape["total"]) == (1, 3)
    by_nip = {c["nip"]: c for c in shape["companies"]}
    signed, token, new = by_nip[SIGNED], by_nip[TOKEN], by_nip[NEW]
    assert signed["ready"] and signed["today"] == "ksef_certificate" and signed["missing"] == ["key_backup"]
    assert signed["nextStep"] == "back_up_key" and signed["command"].startswith(f"ksefdesk cert export --nip {SIGNED}")
    assert {c["role"] for c in signed["certificates"]} == {"authentication", "offline"}
    assert all(not c["backedUp"] and date.fromisoformat(c["validTo"]) > date.today() for c in signed["certificates"])
    assert date.fromisoformat(signed["renewBy"]) < date.fromisoformat(signed["certificates"][0]["validTo"])
    assert token["checkpoints"] == [
        {"day": "2027-01-01", "way": "token_uncertain"},
        {"day": "2027-12-01", "way": "signature"},
    ]
    assert token["today"] == "ksef_token" and token["missing"] == ["auth_certificate", "offline_certificate"]
    assert token["nextStep"] == "set_up_certificates" and token["command"] == f"ksefdesk cert setup --nip {TOKEN}"
    assert new["today"] == "none" and new["nextStep"] == "connect" and new["renewBy"] is None
    assert new["officeNip"] is None and new["officeGranted"] is None
    assert [r["status"] for r in shape["rules"]] == ["law", "announced"]
    assert all(r["source"] and r["lastDay"] for r in shape["rules"])

    code, out, _ = desk("readiness", "--nip", TOKEN, "--json")
    assert code == EXIT_OK and [c["nip"] for c in json.loads(out)["companies"]] == [TOKEN]


def test_polish_text(desk: Run) -> None:
    code, out, _ = desk("readiness", lang="pl")
    assert code == EXIT_OK
    assert "Sklep (1111111111) — NIEGOTOWA" in out and "Piekarnia (5265877635) — gotowa" in out
    assert "dziś loguje się: tokenem KSeF" in out
    assert "dnia 01.01.2027: tokenem KSeF – tylko jeśli zapowiedź MF stanie się prawem" in out
    assert "dnia 01.12.2027: tylko nowym podpisem (karta)" in out
    assert "następny krok: Przygotuj na 2027 (jeden podpis)… → ksefdesk cert setup --nip 1111111111" in out
    assert "certyfikat Authentication" in out and "bez kopii klucza" in out
    assert out.rstrip().endswith("Gotowe na 2027: 1 z 3 firm")
    code, out, _ = desk("readiness", "--nip", NEW)
    assert code == EXIT_OK and "next step: Connect the company to KSeF…" in out and "Ready for 2027: 0 of 1" in out


def test_rules_with_sources(desk: Run) -> None:
    code, out, _ = desk("readiness", "--rules", lang="pl")
    assert code == EXIT_OK
    assert "do 31.12.2026 [prawo]" in out and "Dz.U. 2025 poz. 1815" in out
    assert "do 30.11.2027 [zapowiedź]" in out and "#834" in out


def test_an_unknown_company_is_an_error_message(desk: Run) -> None:
    code, _, err = desk("readiness", "--nip", "1234563218")
    assert code != EXIT_OK and "Traceback" not in err and err.strip()
