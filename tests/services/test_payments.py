"""Paying purchase invoices against the sandbox: the White List stand-in, the to-pay list, marking paid,
a collective identifier (IZ) for three invoices of one seller end to end, and the CSV for the accountant."""

from __future__ import annotations

import csv
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from ksefdesk.core.errors import UserError
from ksefdesk.core.fa3_build import Entity, Line
from ksefdesk.core.models import Environment
from ksefdesk.core.payments import TransferData
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.payments import parse_amount
from ksefdesk.services.whitelist import Reason, Verdict, WhiteListClient, whitelist_url
from ksefsandbox.processing import accept_invoice
from ksefsandbox.server import SandboxServer
from ksefsandbox.whitelist import account_for, register
from tests import harness
from tests.payment_helpers import nrb, purchase_invoice

BUYER = Entity("5265877635", "Piekarnia Kowalski")
SELLER = Entity("7251801126", "Hurtownia Żółć sp. z o.o.")
OTHER = Entity("5260250274", "Drukarnia Nowak")
PERSON = self_signed(person_subject(nip=BUYER.nip))
TODAY = date.today()


def _origin(server: SandboxServer) -> str:
    parts = urlsplit(server.base_url)
    return f"{parts.scheme}://{parts.netloc}"


def _put(server: SandboxServer, seller: Entity, number: str, price: str, due: date, account: str | None) -> None:
    xml = purchase_invoice(
        seller,
        BUYER,
        number,
        [Line("Mąka żytnia", Decimal(10), Decimal(price))],
        issue_date=TODAY - timedelta(days=20),
        account=account,
        due=[due],
    )
    moment = datetime.now(UTC) - timedelta(minutes=10)
    result = accept_invoice(
        server.sandbox.state,
        context=seller.nip,
        plain=xml,
        session_ref=None,
        ordinal=0,
        when=moment,
        stored=moment + timedelta(seconds=30),
    )
    assert result.status == 200


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url, since_days=30)  # the White List: the sandbox's stand-in
        self.companies.add(BUYER.nip, Environment.SANDBOX, name=BUYER.name)
        self.auth.sign_in(BUYER.nip, SigningMaterial(PERSON.key, PERSON.certificate))
        import time

        time.sleep(1.1)  # past the sandbox's high-water-mark lag
        self.receiver.sync(BUYER.nip)


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    server = start_sandbox()
    good = account_for(SELLER.nip)
    _put(server, SELLER, "FV/1/2026", "100.00", TODAY - timedelta(days=3), good)  # overdue
    _put(server, SELLER, "FV/2/2026", "200.00", TODAY + timedelta(days=10), good)
    _put(server, SELLER, "FV/3/2026", "300.00", TODAY + timedelta(days=4), good)
    _put(server, OTHER, "D/77", "2000.00", TODAY + timedelta(days=1), nrb("114000000000000000009999"))  # off list
    return server


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


def _by_number(desk: Desk) -> dict[str, str]:
    return {i.invoice_number: i.ksef_number for i in desk.invoices.list(desk.companies.get(BUYER.nip).id)}


# --- the White List stand-in ------------------------------------------------------------------------
def test_white_list_on_list_and_not_on_list(server: SandboxServer) -> None:
    client = WhiteListClient(_origin(server))
    on = client.check(SELLER.nip, "PL" + account_for(SELLER.nip), TODAY)
    assert on.verdict is Verdict.ON_LIST and on.request_id
    assert "jest na Białej liście" in on.text("pl")
    off = client.check(OTHER.nip, "PL" + nrb("114000000000000000009999"), TODAY)
    assert off.verdict is Verdict.NOT_ON_LIST and off.request_id
    assert "NIE MA" in off.text("pl") and "15 000" in off.text("pl")
    assert "15 000 PLN" in off.text("en") and "tax deduction" in off.text("en")
    assert "15 000" not in off.text("pl", relevant=False)
    unknown = client.check("1111111111", "PL" + account_for("1111111111"), TODAY)
    assert unknown.verdict is Verdict.NOT_ON_LIST  # not a registered taxpayer at all
    subject = client.subject(SELLER.nip, TODAY)
    assert subject is not None and subject.account_numbers == [account_for(SELLER.nip)]
    assert subject.status_vat == "Czynny" and subject.name == SELLER.name
    assert client.subject("1111111111", TODAY) is None
    register(server.sandbox.state, SELLER.nip, nrb("124000010000000000001234"))
    second = client.check(SELLER.nip, "PL" + nrb("124000010000000000001234"), TODAY)
    assert second.verdict is Verdict.ON_LIST


def test_white_list_refusals_are_reported_not_raised(server: SandboxServer) -> None:
    client = WhiteListClient(_origin(server))
    wrong_nip = client.check("1234567890", "PL" + account_for(SELLER.nip), TODAY)
    assert wrong_nip.verdict is Verdict.NOT_CHECKED and wrong_nip.reason is Reason.REFUSED
    assert "WL-115" in wrong_nip.detail and "Nie udało się sprawdzić" in wrong_nip.text("pl")
    future = client.check(SELLER.nip, "PL" + account_for(SELLER.nip), TODAY + timedelta(days=2))
    assert future.reason is Reason.REFUSED and "WL-103" in future.detail
    foreign = client.check(SELLER.nip, "DE89370400440532013000", TODAY)
    assert foreign.reason is Reason.NOT_POLISH
    assert client.check(SELLER.nip, "", TODAY).reason is Reason.NO_ACCOUNT
    raw = requests.get(f"{_origin(server)}/api/search/nip/{SELLER.nip}", timeout=5)
    assert raw.status_code == 400 and raw.json()["code"] == "WL-101"  # the date is required, as on the real list


def test_white_list_unreachable_and_timeout() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline = WhiteListClient(f"http://127.0.0.1:{port}").check(SELLER.nip, "PL" + account_for(SELLER.nip), TODAY)
    assert offline.verdict is Verdict.NOT_CHECKED and offline.reason is Reason.OFFLINE
    assert "brak połączenia" in offline.text("pl") and "15 000" in offline.text("pl")
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        client = WhiteListClient(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=(2.0, 0.3))
        slow = client.check(SELLER.nip, "PL" + account_for(SELLER.nip), TODAY)
    assert slow.reason is Reason.TIMEOUT and "na czas" in slow.text("pl")


def test_white_list_address_follows_the_apps_rules() -> None:
    assert whitelist_url(None) == "https://wl-api.mf.gov.pl"
    assert whitelist_url("https://wl-test.mf.gov.pl/") == "https://wl-test.mf.gov.pl"
    for bad in ("http://wl-api.mf.gov.pl", "ftp://x", "https://", "https://wl-api.mf.gov.pl?x=1"):
        with pytest.raises(UserError) as caught:
            whitelist_url(bad)
        assert caught.value.code == "whitelist.bad_address"


# --- the service against the sandbox --------------------------------------------------------------
def test_to_pay_lists_unpaid_purchases_overdue_first(desk: Desk) -> None:
    items = desk.payments.to_pay(BUYER.nip)
    assert [i.invoice.invoice_number for i in items] == ["FV/1/2026", "D/77", "FV/3/2026", "FV/2/2026"]
    assert items[0].overdue(TODAY) and items[0].days_left(TODAY) == -3
    assert items[0].amount_due == Decimal("1230.00")  # 10 x 100.00 + 23% VAT
    numbers = _by_number(desk)
    desk.payments.mark_paid(BUYER.nip, [numbers["FV/1/2026"]], note="zapłacono w kasie", method="other")
    assert desk.payments.to_pay(BUYER.nip)[0].invoice.invoice_number == "D/77"
    assert desk.payments.mark_unpaid(BUYER.nip, [numbers["FV/1/2026"]]) == 1
    assert len(desk.payments.to_pay(BUYER.nip)) == 4


def test_collective_identifier_for_three_invoices_of_one_seller(desk: Desk, server: SandboxServer) -> None:
    numbers = _by_number(desk)
    chosen = [numbers["FV/1/2026"], numbers["FV/2/2026"], numbers["FV/3/2026"]]
    result = desk.payments.create_collective(BUYER.nip, chosen)
    iz = result.collective_id
    assert iz.startswith(f"{SELLER.nip}-IZ") and len(iz) == 35
    transfer: TransferData = result.transfer
    assert transfer.amount_due == Decimal("7380.00")  # (1000 + 2000 + 3000) x 1.23
    assert transfer.title.startswith(iz) and "FV/1/2026" in transfer.title and len(transfer.title) <= 140
    assert transfer.due_date == TODAY - timedelta(days=3)
    assert transfer.account == "PL" + account_for(SELLER.nip)
    # KSeF holds the IZ with the three invoices and the amounts we sent
    from ksefdesk.services.ksef.collective import CollectiveApi

    entries = CollectiveApi(desk.api.http).invoices(desk.auth.access_token(BUYER.nip), [iz])
    assert {e.ksef_number: e.amount for e in entries} == {
        chosen[0]: Decimal("1230.00"),
        chosen[1]: Decimal("2460.00"),
        chosen[2]: Decimal("3690.00"),
    }
    verdict = desk.payments.check_whitelist(BUYER.nip, transfer)
    assert verdict.verdict is Verdict.ON_LIST
    desk.payments.mark_paid(BUYER.nip, transfer.ksef_numbers, collective_id=iz)
    assert [i.invoice.invoice_number for i in desk.payments.to_pay(BUYER.nip)] == ["D/77"]
    with pytest.raises(UserError) as caught:  # already paid: no second identifier
        desk.payments.create_collective(BUYER.nip, chosen[:2])
    assert caught.value.code == "payment.collective_paid"


def test_collective_identifier_refuses_two_sellers_before_asking_ksef(desk: Desk) -> None:
    numbers = _by_number(desk)
    with pytest.raises(UserError) as caught:
        desk.payments.create_collective(BUYER.nip, [numbers["FV/1/2026"], numbers["D/77"]])
    assert caught.value.code == "payment.collective_one_seller"


def test_account_off_the_list_is_warned(desk: Desk) -> None:
    transfer = desk.payments.transfer(BUYER.nip, _by_number(desk)["D/77"])
    assert transfer.amount_due == Decimal("24600.00") and transfer.white_list_relevant
    verdict = desk.payments.check_whitelist(BUYER.nip, transfer)
    assert verdict.verdict is Verdict.NOT_ON_LIST and "15 000" in verdict.text("pl", relevant=True)


def test_csv_for_the_accountant(desk: Desk, tmp_path: Path) -> None:
    numbers = _by_number(desk)
    transfer = desk.payments.transfer(BUYER.nip, numbers["FV/2/2026"])
    desk.payments.check_whitelist(BUYER.nip, transfer)
    desk.payments.mark_paid(BUYER.nip, [numbers["FV/2/2026"]], paid_at=date(2026, 12, 1), note="=SUM(A1)")
    desk.payments.mark_paid(BUYER.nip, [numbers["D/77"]], paid_at=date(2026, 12, 2), amount=parse_amount("1 000,50"))
    path = tmp_path / "platnosci.csv"
    assert desk.payments.export_csv(BUYER.nip, path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:6] == ["Numer KSeF", "Numer faktury", "NIP sprzedawcy", "Sprzedawca", "Data zapłaty", "Kwota"]
    assert rows[1][:9] == [
        numbers["FV/2/2026"],
        "FV/2/2026",
        SELLER.nip,
        SELLER.name,
        "2026-12-01",
        "2460,00",
        "PLN",
        "przelew",
        "",
    ]
    assert rows[1][9] and rows[1][10] == "'=SUM(A1)"  # the White List's request ID; a formula neutralised
    assert rows[2][5] == "1000,50" and rows[2][9] == ""  # no check made for that account


def test_parse_amount() -> None:
    assert parse_amount("1 234,50") == Decimal("1234.50") and parse_amount("7.1") == Decimal("7.1")
    for bad in ("abc", "-1", "1,234", "NaN"):
        with pytest.raises(UserError):
            parse_amount(bad)


def test_the_app_points_the_white_list_at_the_setting_or_the_sandbox(tmp_path: Path) -> None:
    from ksefdesk.app import build_context
    from ksefdesk.services.whitelist import SETTING_KEY

    ctx = build_context(str(tmp_path / "data"), lang="en")
    try:
        test = ctx.companies.add(BUYER.nip, Environment.TEST)
        assert ctx.whitelist_for(test).base_url == "https://wl-api.mf.gov.pl"  # the Ministry's by default
        ctx.settings.set(SETTING_KEY, "https://wl-proxy.firma.example/")
        assert ctx.whitelist_for(test).base_url == "https://wl-proxy.firma.example"
        ctx.settings.set(SETTING_KEY, "http://wl-proxy.firma.example")  # plain http off this computer
        with pytest.raises(UserError) as caught:
            ctx.whitelist_for(test)
        assert caught.value.code == "whitelist.bad_address"
        sandbox = ctx.companies.add(SELLER.nip, Environment.SANDBOX, base_url="http://127.0.0.1:8799/s3cret/v2")
        assert ctx.whitelist_for(sandbox).base_url == "http://127.0.0.1:8799"  # the stand-in at the root
    finally:
        ctx.close()
