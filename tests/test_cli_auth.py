"""The authorization commands, used as a person would, against the sandbox."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from ksefdesk.cli import EXIT_OK, EXIT_USER_ERROR
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.xades_sign import sign_xml
from ksefsandbox.server import SandboxServer
from tests.test_cli import cli

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP), kind="ec")


@pytest.fixture
def desk(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str, str]]:
    server = start_sandbox()
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")
    data = str(tmp_path / "data")

    def run(*args: str) -> tuple[int, str, str]:
        return cli("--data-dir", data, *args)

    assert run("company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", server.base_url)[0] == EXIT_OK
    return run


def _status(desk: Callable[..., tuple[int, str, str]]) -> dict[str, object]:
    code, out, _ = desk("status", "--json")
    assert code == EXIT_OK
    return dict(json.loads(out)[0])


def test_signature_then_token_then_logout(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_file, signed_file = tmp_path / "do-podpisu.xml", tmp_path / "podpisany.xml"
    code, out, _ = desk("auth", "request", "--nip", NIP, "--out", str(request_file))
    assert code == EXIT_OK and "deadline:" in out
    signed_file.write_bytes(sign_xml(request_file.read_bytes(), PERSON.key, [PERSON.certificate]))
    assert desk("verify-signature", str(signed_file), "--nip", NIP)[0] == EXIT_OK
    code, out, err = desk("auth", "submit", "--nip", NIP, str(signed_file))
    assert code == EXIT_OK and "Connected" in out, err
    state = _status(desk)
    assert state["status"] == "connected" and state["authMethod"] == "signature" and state["refreshValidUntil"]

    code, out, _ = desk("token", "create", "--nip", NIP)
    token = out.splitlines()[1]
    assert code == EXIT_OK and "|nip-" + NIP + "|" in token
    code, out, _ = desk("token", "list", "--nip", NIP, "--json")
    assert any(t["status"] == "Active" for t in json.loads(out))

    assert desk("logout", "--nip", NIP)[0] == EXIT_OK
    assert _status(desk)["status"] == "not_authorized"
    monkeypatch.setenv("KSEF_TOKEN", token)
    code, out, _ = desk("auth", "token", "--nip", NIP)
    assert code == EXIT_OK and _status(desk)["authMethod"] == "token"
    code, out, _ = desk("token", "revoke", "--nip", NIP)
    assert code == EXIT_OK and "Revoked" in out


def test_certificate_file_with_password(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p12 = tmp_path / "podpis.p12"
    p12.write_bytes(PERSON.pkcs12(b"tajne"))
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", "zle")
    code, _, err = desk("auth", "sign", "--nip", NIP, "--cert", str(p12))
    assert code == EXIT_USER_ERROR and "[cert.wrong_password]" in err
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", "tajne")
    assert desk("auth", "sign", "--nip", NIP, "--cert", str(p12))[0] == EXIT_OK
    pem_cert, pem_key = tmp_path / "c.pem", tmp_path / "k.pem"
    pem_cert.write_bytes(PERSON.certificate_pem())
    pem_key.write_bytes(PERSON.key_pem())
    monkeypatch.delenv("KSEFDESK_KEY_PASSWORD")
    assert desk("auth", "sign", "--nip", NIP, "--cert", str(pem_cert), "--key", str(pem_key))[0] == EXIT_OK
    assert _status(desk)["authMethod"] == "certificate"


def test_clear_errors(desk: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    code, _, err = desk("auth", "submit", "--nip", NIP, str(tmp_path / "nie-ma.xml"))
    assert code == EXIT_USER_ERROR and "[file.unreadable]" in err
    (tmp_path / "x.xml").write_bytes(b"<a/>")
    code, _, err = desk("auth", "submit", "--nip", NIP, str(tmp_path / "x.xml"))
    assert code == EXIT_USER_ERROR and "[auth.no_pending_request]" in err
    code, _, err = desk("verify-signature", str(tmp_path / "x.xml"))
    assert code == EXIT_USER_ERROR and "[signed.not_auth_request]" in err
    code, _, err = desk("token", "list", "--nip", NIP)
    assert code == EXIT_USER_ERROR and "[auth.not_authorized]" in err


def test_sync_and_invoices_commands(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ksefsandbox.seed import login_kit, seed_invoices

    server = start_sandbox()
    seed_invoices(server.sandbox, NIP, 12, months=1)
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")
    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, NIP).ksef_token)
    data = str(tmp_path / "data")
    assert (
        cli("--data-dir", data, "company", "add", "--nip", NIP, "--env", "sandbox", "--base-url", server.base_url)[0]
        == EXIT_OK
    )
    assert cli("--data-dir", data, "auth", "token", "--nip", NIP)[0] == EXIT_OK
    import time

    time.sleep(1.1)  # the seeded invoices are below the high-water mark
    code, out, _ = cli("--data-dir", data, "sync", "--json")
    result = json.loads(out)[0]
    assert code == EXIT_OK and result["added"] >= 12
    code, out, _ = cli("--data-dir", data, "invoices", "--nip", NIP, "--json")
    invoices = json.loads(out)
    assert len(invoices) == result["added"]
    assert {"ksefNumber", "direction", "invoiceNumber", "sellerNip", "grossAmount", "status"} <= set(invoices[0])
    assert cli("--data-dir", data, "sync", "--json")[1].count('"added": 0') == 1
    # export: the original bytes per NIP / year / month, and a sheet with one row per invoice
    out_dir, sheet = tmp_path / "export", tmp_path / "faktury.csv"
    code, out, _ = cli("--data-dir", data, "export", "--nip", NIP, "--out", str(out_dir), "--csv", str(sheet))
    assert code == EXIT_OK, out
    files = sorted(out_dir.rglob("*.xml"))
    assert len(files) == len(invoices)
    first = next(i for i in invoices if files[0].stem == i["ksefNumber"])
    assert files[0].parent == out_dir / NIP / first["issueDate"][:4] / first["issueDate"][5:7]
    original = server.sandbox.state.one("SELECT xml FROM invoices WHERE ksef_number = ?", (first["ksefNumber"],))
    assert original is not None and files[0].read_bytes() == bytes(original["xml"])
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf") and len(sheet.read_text("utf-8-sig").splitlines()) == 1 + len(
        files
    )
    code, out, _ = cli("--data-dir", data, "--lang", "en", "export", "--nip", NIP, "--out", str(out_dir))
    assert code == EXIT_OK and f"0 written, {len(files)} unchanged" in out


def _sign_in_with_a_certificate_file(desk: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    pem_cert, pem_key = tmp_path / "c.pem", tmp_path / "k.pem"
    pem_cert.write_bytes(PERSON.certificate_pem())
    pem_key.write_bytes(PERSON.key_pem())
    assert desk("auth", "sign", "--nip", NIP, "--cert", str(pem_cert), "--key", str(pem_key))[0] == EXIT_OK


def test_cert_enroll_list_revoke(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sign_in_with_a_certificate_file(desk, tmp_path)
    code, out, err = desk("cert", "enroll", "--nip", NIP, "--type", "offline", "--name", "Kasa 1")
    assert code == EXIT_OK and "Offline" in out, err
    assert desk("cert", "enroll", "--nip", NIP)[0] == EXIT_OK
    code, out, _ = desk("cert", "list", "--nip", NIP, "--json")
    listed = json.loads(out)
    assert {c["type"] for c in listed} == {"Authentication", "Offline"} and all(c["status"] == "Active" for c in listed)
    serial = next(c["serial"] for c in listed if c["type"] == "Offline")
    backup = tmp_path / "kopia.p12"
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", "krotkie")
    code, _, err = desk("cert", "export", "--nip", NIP, "--serial", serial, "--out", str(backup))
    assert code == EXIT_USER_ERROR and "[cert.weak_passphrase]" in err
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", "dlugie haslo kopii")
    assert desk("cert", "export", "--nip", NIP, "--serial", serial, "--out", str(backup))[0] == EXIT_OK
    key, certificate, _ = pkcs12.load_key_and_certificates(backup.read_bytes(), b"dlugie haslo kopii")
    assert certificate is not None and key is not None and f"{certificate.serial_number:016X}" == serial
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert desk("cert", "revoke", "--nip", NIP, "--serial", serial.lower())[0] == EXIT_OK
    code, out, _ = desk("cert", "list", "--nip", NIP)
    assert f"{serial}  Offline        Revoked" in out
    code, _, err = desk("cert", "revoke", "--nip", NIP, "--serial", "0000000000000000")
    assert code == EXIT_USER_ERROR and "[cert.unknown]" in err


def test_sign_file_on_an_offline_workstation(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = tmp_path / "do-podpisu.xml"
    assert desk("auth", "request", "--nip", NIP, "--out", str(request))[0] == EXIT_OK
    pem_cert, pem_key = tmp_path / "c.pem", tmp_path / "k.pem"
    pem_cert.write_bytes(PERSON.certificate_pem())
    pem_key.write_bytes(PERSON.key_pem())
    signed = tmp_path / "podpisany.xml"
    # the signing workstation needs no data folder and never talks to KSeF
    code, out, err = cli(
        "sign-file", str(request), "--out", str(signed), "--cert", str(pem_cert), "--key", str(pem_key)
    )
    assert code == EXIT_OK and "Upload this file" in out, err
    code, _, err = cli(
        "sign-file", str(signed), "--out", str(tmp_path / "x.xml"), "--cert", str(pem_cert), "--key", str(pem_key)
    )
    assert code == EXIT_USER_ERROR and "already signed" in err
    assert desk("auth", "submit", "--nip", NIP, str(signed))[0] == EXIT_OK
    assert _status(desk)["status"] == "connected"


def test_sign_file_with_a_card(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.softhsm import add_identity, make_token

    token = make_token(tmp_path / "hsm", monkeypatch)
    add_identity(token, "ec", b"\x07", NIP)
    request = tmp_path / "do-podpisu.xml"
    assert desk("auth", "request", "--nip", NIP, "--out", str(request))[0] == EXIT_OK
    signed = tmp_path / "podpisany.xml"
    monkeypatch.setenv("KSEFDESK_CARD_PIN", "0000")
    code, _, err = cli("sign-file", str(request), "--out", str(signed), "--pkcs11-module", token.module)
    assert code == EXIT_USER_ERROR and "refused the PIN" in err and not signed.exists()
    monkeypatch.setenv("KSEFDESK_CARD_PIN", token.pin)
    code, _, err = cli("sign-file", str(request), "--out", str(signed), "--pkcs11-module", token.module)
    assert code == EXIT_OK, err
    assert desk("auth", "submit", "--nip", NIP, str(signed))[0] == EXIT_OK


def test_verify_signature_exit_codes_and_forced_submit(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    from ksefdesk.cli_auth import EXIT_UNCERTAIN
    from tests.unit.xades_layouts import EXC, Layout, sign, transform, xpath_transform

    request_file, odd_file = tmp_path / "do-podpisu.xml", tmp_path / "nietypowy.xml"
    assert desk("auth", "request", "--nip", NIP, "--out", str(request_file))[0] == EXIT_OK
    odd = xpath_transform("not(ancestor-or-self::ds:Signature) and not(self::comment())")
    odd_file.write_bytes(sign(request_file.read_bytes(), PERSON, Layout(content_transforms=[odd, transform(EXC)])))
    code, out, err = desk("--lang", "en", "verify-signature", str(odd_file), "--nip", NIP)
    assert code == EXIT_UNCERTAIN == 3 and "[signed.uncertain_transform]" in err and "--force" in out + err
    code, _, err = desk("verify-signature", str(odd_file), "--nip", "7251801126")
    assert code == EXIT_USER_ERROR and "[signed.wrong_nip]" in err  # definitive beats uncertain
    code, _, err = desk("--lang", "en", "auth", "submit", "--nip", NIP, str(odd_file))
    assert code == EXIT_USER_ERROR and "[signed.uncertain_transform]" in err and "--force" in err
    code, out, err = desk("--lang", "en", "auth", "submit", "--nip", NIP, "--force", str(odd_file))
    assert "KSeF will decide" in out
    assert (code == EXIT_OK and "Connected" in out) or (code == EXIT_USER_ERROR and "[signed.ksef_9105" in err)
    good = tmp_path / "podpisany.xml"
    good.write_bytes(sign_xml(request_file.read_bytes(), PERSON.key, [PERSON.certificate]))
    code, out, _ = desk("--lang", "en", "verify-signature", str(good))
    assert code == EXIT_OK and "Signed by: test certificate (self-signed): Jan Testowy, NIP " + NIP in out


def test_verify_signature_help_documents_the_exit_codes() -> None:
    from ksefdesk.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    text = subparsers.choices["verify-signature"].format_help()  # type: ignore[attr-defined]
    assert "0 = the signature verifies" in text and "3 = uncertain" in text


def test_company_remove_never_drops_a_key_without_the_backup_offer(
    desk: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sign_in_with_a_certificate_file(desk, tmp_path)
    assert desk("cert", "enroll", "--nip", NIP)[0] == EXIT_OK
    code, _, err = desk("company", "remove", "--nip", NIP)
    assert code == EXIT_USER_ERROR and "[company.keys_not_backed_up]" in err and "--discard-keys" in err
    assert NIP in desk("company", "list")[1]  # nothing removed
    monkeypatch.setenv("KSEFDESK_KEY_PASSWORD", "dlugie haslo kopii")
    code, _, err = desk("company", "remove", "--nip", NIP, "--backup-keys", str(tmp_path / "kopie"))
    assert code == EXIT_OK, err
    (backup,) = sorted((tmp_path / "kopie").glob("*.p12"))
    key, certificate, _ = pkcs12.load_key_and_certificates(backup.read_bytes(), b"dlugie haslo kopii")
    assert key is not None and certificate is not None
    assert NIP not in desk("company", "list")[1]
