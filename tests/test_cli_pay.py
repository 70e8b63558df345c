"""``ksefdesk pay`` against the sandbox: transfer data, an IZ for several invoices, the to-pay list, the CSV."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from ksefdesk.cli import EXIT_OK, EXIT_USER_ERROR
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from ksefsandbox.whitelist import account_for
from tests.services.test_payments import BUYER, OTHER, SELLER, _put
from tests.test_cli import cli

TODAY = date.today()


@pytest.fixture
def desk(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str, str]]:
    server = start_sandbox()
    _put(server, SELLER, "FV/1/2026", "100.00", TODAY - timedelta(days=2), account_for(SELLER.nip))
    _put(server, SELLER, "FV/2/2026", "50.00", TODAY + timedelta(days=7), account_for(SELLER.nip))
    _put(server, OTHER, "D/9", "10.00", TODAY + timedelta(days=1), None)
    monkeypatch.setenv("KSEFDESK_SECRETS", "vault")
    monkeypatch.setenv("KSEFDESK_VAULT_PASSPHRASE", "haslo sejfu do testow")
    monkeypatch.setenv("KSEF_TOKEN", login_kit(server.sandbox, BUYER.nip).ksef_token)
    data = str(tmp_path / "data")

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        return cli("--data-dir", data, *args, lang=lang)

    add = ("company", "add", "--nip", BUYER.nip, "--env", "sandbox", "--base-url", server.base_url)
    assert run(*add)[0] == EXIT_OK
    assert run("auth", "token", "--nip", BUYER.nip)[0] == EXIT_OK
    time.sleep(1.1)  # below the high-water mark
    assert run("sync", "--nip", BUYER.nip, "--json")[0] == EXIT_OK
    return run


def _numbers(desk: Callable[..., tuple[int, str, str]]) -> dict[str, str]:
    code, out, _ = desk("pay", "--nip", BUYER.nip, "--to-pay", "--json")
    assert code == EXIT_OK
    return {i["invoiceNumber"]: i["ksefNumber"] for i in json.loads(out)}


def test_to_pay_then_one_invoice_then_an_iz(desk: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    code, out, _ = desk("pay", "--nip", BUYER.nip, "--to-pay", "--json")
    listed = json.loads(out)
    assert [i["invoiceNumber"] for i in listed] == ["FV/1/2026", "D/9", "FV/2/2026"]
    assert listed[0]["overdue"] and listed[0]["amountDue"] == "1230.00"
    numbers = {i["invoiceNumber"]: i["ksefNumber"] for i in listed}

    code, out, _ = desk("pay", "--nip", BUYER.nip, "--ksef-number", numbers["FV/1/2026"], "--json")
    one = json.loads(out)
    assert code == EXIT_OK and one["title"] == f"{numbers['FV/1/2026']} FV/1/2026"
    assert one["account"] == "PL" + account_for(SELLER.nip) and one["amountDue"] == "1230.00"
    assert one["qr"].split("|")[:4] == [SELLER.nip, "PL", account_for(SELLER.nip), "123000"]
    assert one["whiteList"]["verdict"] == "on_list" and one["whiteList"]["requestId"]
    assert not one["markedPaid"] and one["alreadyPaid"] == []

    code, out, _ = desk(
        "pay", "--nip", BUYER.nip, "--ksef-number", numbers["FV/1/2026"], "--ksef-number", numbers["FV/2/2026"],
        "--mark-paid", "--paid-on", "2026-12-01", "--json",
    )  # fmt: skip
    both = json.loads(out)
    assert code == EXIT_OK and both["collectiveIdentifier"].startswith(SELLER.nip + "-IZ")
    assert both["title"].startswith(both["collectiveIdentifier"]) and both["amountDue"] == "1845.00"
    assert both["markedPaid"] and both["ksefNumbers"] == [numbers["FV/1/2026"], numbers["FV/2/2026"]]
    assert list(_numbers(desk)) == ["D/9"]
    code, out, _ = desk("pay", "--nip", BUYER.nip, "--ksef-number", numbers["FV/2/2026"], "--no-white-list")
    assert code == EXIT_OK and "already marked as paid" in out and "White List" not in out

    sheet = tmp_path / "platnosci.csv"
    code, out, _ = desk("pay", "--nip", BUYER.nip, "--export-csv", str(sheet), lang="pl")
    assert code == EXIT_OK and "2 płatności" in out
    text = sheet.read_text(encoding="utf-8-sig")
    assert text.count(both["collectiveIdentifier"]) == 2 and "2026-12-01" in text


def test_text_output_in_polish_and_no_account(desk: Callable[..., tuple[int, str, str]]) -> None:
    number = _numbers(desk)["D/9"]
    code, out, _ = desk("pay", "--nip", BUYER.nip, "--ksef-number", number, lang="pl")
    assert code == EXIT_OK
    assert "Tytuł" in out and f"{number} D/9" in out and "123,00 PLN" in out
    assert "Kod QR: brak (brak polskiego numeru rachunku)" in out
    assert "Nie udało się sprawdzić rachunku" in out  # nothing to check: said, not hidden


def test_errors_are_messages(desk: Callable[..., tuple[int, str, str]]) -> None:
    numbers = _numbers(desk)
    code, _, err = desk(
        "pay", "--nip", BUYER.nip, "--ksef-number", numbers["FV/1/2026"], "--ksef-number", numbers["D/9"]
    )
    assert code == EXIT_USER_ERROR and "[payment.collective_one_seller]" in err
    code, _, err = desk("pay", "--nip", BUYER.nip, "--ksef-number", "5265877635-20261201-000000000000-00")
    assert code == EXIT_USER_ERROR and "[payment.invoice_unknown]" in err
