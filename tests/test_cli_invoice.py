"""``ksefdesk invoice``: a JSON invoice issued, numbered and sent; the template round-trips; a wrong file
names every problem and takes no number."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ksefdesk.cli import EXIT_OK
from ksefdesk.cli_output import EXIT_USER_ERROR
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.test_cli import cli

NIP = "5265877635"


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox()


@pytest.fixture(autouse=True)
def _vault(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")


def test_invoice_new_from_json_is_numbered_and_sent(
    tmp_path: Path, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        return cli("--data-dir", str(tmp_path / "data"), *args, lang=lang)

    assert (
        run("company", "add", "--nip", NIP, "--name", "Moja Firma", "--env", "sandbox", "--base-url", server.base_url)[
            0
        ]
        == EXIT_OK
    )
    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, NIP).ksef_token)
    assert run("auth", "token", "--nip", NIP)[0] == EXIT_OK
    code, out, err = run("invoice", "series", "--nip", NIP, "--pattern", "S/{nr}/{YYYY}", "--reset", "yearly")
    assert code == EXIT_OK, err
    code, out, _ = run("invoice", "template", "--nip", NIP)
    model = json.loads(out)
    assert model["seller"]["nip"] == NIP and model["kind"] == "VAT"
    model["seller"].update(address1="ul. Prosta 1", address2="00-001 Warszawa")
    model["buyer"] = {"idType": "NIP", "id": "7251801126", "name": "Klient", "address1": "ul. Długa 2"}
    model["lines"] = [
        {"name": "Usługa", "quantity": "2", "unitPrice": "100.00", "rate": "23"},
        {"name": "Książka", "quantity": "1", "unitPrice": "39.90", "rate": "5"},
    ]
    source = tmp_path / "invoice.json"
    source.write_text(json.dumps(model), encoding="utf-8")
    code, out, _ = run("invoice", "number", "--nip", NIP, "--json")
    expected = json.loads(out)["next"]
    code, out, err = run("invoice", "new", "--nip", NIP, "--from", str(source), "--json")
    assert code == EXIT_OK, err
    result = json.loads(out)
    assert result["number"] == expected and result["state"] == "done" and result["ksefNumber"]
    row = server.sandbox.state.one("SELECT gross, status_code FROM invoices WHERE invoice_number = ?", (expected,))
    assert (
        row is not None and row["status_code"] == 200 and round(row["gross"], 2) == 287.90
    )  # 200 + 46.00 + 39.90 + 2.00 (1.995)
    assert run("invoice", "number", "--nip", NIP)[1].strip() != expected

    # a wrong file: every problem named, nothing numbered
    model["lines"][0]["quantity"] = "dwa"
    model["buyer"]["id"] = "7251801127"
    source.write_text(json.dumps(model), encoding="utf-8")
    code, out, err = run("invoice", "new", "--nip", NIP, "--from", str(source), lang="pl")
    assert code == EXIT_USER_ERROR and "lines[0].quantity" in err and "dwa" in err, err
    model["lines"][0]["quantity"] = "2"
    source.write_text(json.dumps(model), encoding="utf-8")
    code, out, err = run("invoice", "new", "--nip", NIP, "--from", str(source), lang="pl")
    assert code == EXIT_USER_ERROR and "NIP nabywcy" in err, err
    source.write_text("{not json", encoding="utf-8")
    code, out, err = run("invoice", "new", "--nip", NIP, "--from", str(source))
    assert code == EXIT_USER_ERROR and "not JSON" in err
    after = run("invoice", "number", "--nip", NIP)[1].strip()
    assert after.startswith("S/2/"), after
