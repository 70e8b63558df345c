"""Invoice amounts are exact decimals end to end: KSeF's JSON number -> the store (decimal text, migration 12
for what older versions kept as REAL) -> the list -> the sheet, without a grosz lost on the way."""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from ksefdesk.core.fa3_build import Line
from ksefdesk.core.invoices import amount_text, stored_amount
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.export import write_csv
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.store.migrations import MIGRATIONS
from ksefdesk.services.sync import utc_text
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.sandbox.kit import Client, invoice_xml

NIP = "5265877635"
SELLER = "7251801126"
PERSON = self_signed(person_subject(nip=NIP))
MONEY_VERSION = 12  # the migration that made the amounts exact


# --- the canonical text ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.3", "0.30"),
        ("12", "12.00"),
        ("1234567.89", "1234567.89"),
        ("-0.00", "0.00"),
        ("-10.5", "-10.50"),
        ("1.005", "1.005"),  # more places than two are kept, never rounded away
        ("1E+3", "1000.00"),
    ],
)
def test_amount_text_is_exact_with_at_least_two_places(value: str, text: str) -> None:
    assert amount_text(Decimal(value)) == text
    assert stored_amount(text) == Decimal(value)


def test_what_is_not_an_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_text(Decimal("NaN"))
    with pytest.raises(ValueError):
        stored_amount("abc")


# --- migration 12 ------------------------------------------------------------------------------------
def test_version_11_real_amounts_become_exact_text(tmp_path: Path) -> None:
    path = tmp_path / "ksefdesk.db"
    old = Database(path, target_version=MONEY_VERSION - 1)
    company = CompanyRepository(old).add(NIP, Environment.TEST)
    reals = [
        (0.1 + 0.2, 0.1, 0.30000000000000004),  # what float arithmetic leaves behind
        (1003713.73, 230854.16, 1234567.89),
        (-0.0, 0.0, 0.1),
        (-10.0, -2.3, -12.3),
        (99999999999.99, 0.01, 100000000000.0),
    ]
    with old.transaction() as conn:
        for n, (net, vat, gross) in enumerate(reals):
            cursor = conn.execute(
                "INSERT INTO invoices (company_id, ksef_number, direction, net, vat, gross, sha256, received_at)"
                " VALUES (?, ?, 'purchase', ?, ?, ?, 'h', '2026-11-24T00:00:00+00:00')",
                (company.id, f"K-{n}", net, vat, gross),
            )
            conn.execute(
                "INSERT INTO invoice_documents (invoice_id, xml, metadata) VALUES (?, ?, '{}')",
                (cursor.lastrowid, b"<Faktura/>"),
            )
    assert conn.execute("SELECT typeof(gross) FROM invoices LIMIT 1").fetchone()[0] == "real"
    old.close()

    db = Database(path)
    assert db.schema_version() == len(MIGRATIONS) >= MONEY_VERSION
    stored = db.connection().execute("SELECT typeof(net), net, vat, gross FROM invoices ORDER BY id").fetchall()
    assert [tuple(r) for r in stored] == [
        ("text", "0.30", "0.10", "0.30"),
        ("text", "1003713.73", "230854.16", "1234567.89"),
        ("text", "0.00", "0.00", "0.10"),
        ("text", "-10.00", "-2.30", "-12.30"),
        ("text", "99999999999.99", "0.01", "100000000000.00"),
    ]
    columns = {r["name"]: r["type"] for r in db.connection().execute("PRAGMA table_info(invoices)")}
    assert columns["net"] == columns["vat"] == columns["gross"] == "TEXT"
    invoices = InvoiceRepository(db)
    listed = {i.ksef_number: i for i in invoices.list(company.id)}
    assert listed["K-0"].gross == Decimal("0.30") and listed["K-1"].net + listed["K-1"].vat == listed["K-1"].gross
    assert invoices.xml(company.id, "K-1") == b"<Faktura/>"  # the documents survive the column swap
    assert sum(r.gross for r in invoices.table_rows()) == Decimal("100001234555.99")
    assert sqlite3.connect(path).execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


# --- KSeF -> store -> list -> sheet ------------------------------------------------------------------
@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[tuple[harness.Desk, Client]]:
    server = start_sandbox()
    app = harness.Desk(tmp_path, server.base_url, since_days=30)
    app.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    app.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    yield app, Client(server.base_url).login_xades(SELLER)
    app.db.close()


# net + 23 % VAT, as the invoices say: 1003713.73 + 230854.16, 0.08 + 0.02, 0.16 + 0.04
PRICES = {"FV/BIG": "1003713.73", "FV/TEN": "0.08", "FV/TWENTY": "0.16"}
GROSS = {"FV/BIG": Decimal("1234567.89"), "FV/TEN": Decimal("0.10"), "FV/TWENTY": Decimal("0.20")}


def test_every_grosz_survives_from_ksef_to_the_sheet(desk: tuple[harness.Desk, Client], tmp_path: Path) -> None:
    app, seller = desk
    session = seller.open_session()
    for number, price in PRICES.items():
        seller.send_ok(
            session, invoice_xml(SELLER, buyer=NIP, number=number, lines=[Line("Mąka", Decimal(1), Decimal(price))])
        )
    time.sleep(1.1)  # below KSeF's high-water mark
    app.receiver.sync(NIP, subjects=("Subject2",))
    company = app.companies.get(NIP)

    listed = {i.invoice_number: i for i in app.invoices.list(company.id)}
    assert {n: i.gross for n, i in listed.items()} == GROSS
    assert all(i.net + i.vat == i.gross for i in listed.values())
    rows = {r.invoice_number: r for r in app.invoices.table_rows()}
    assert {n: r.gross for n, r in rows.items()} == GROSS
    assert sum(r.gross for r in rows.values()) == Decimal("1234568.19")  # a float sum gives 1234568.1900000002
    text = app.db.connection().execute("SELECT gross FROM invoices WHERE invoice_number = 'FV/TEN'").fetchone()[0]
    assert text == "0.10"

    sheet = tmp_path / "sheet.csv"
    write_csv(listed.values(), sheet, lang="en", polish_numbers=False)
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle, delimiter=";"))
    number_at, gross_at = header.index("Invoice number"), header.index("Gross")
    assert {line[number_at]: line[gross_at] for line in lines} == {
        "FV/BIG": "1234567.89",
        "FV/TEN": "0.10",
        "FV/TWENTY": "0.20",
    }

    # the metadata query (the sync's fallback) gives the same exact decimals
    since = datetime.now(UTC) - timedelta(days=2)
    page = app.api.query_metadata(
        app.auth.access_token(NIP),
        {"subjectType": "Subject2", "dateRange": {"dateType": "PermanentStorage", "from": utc_text(since)}},
    )
    assert {m.invoice_number: m.gross_amount for m in page.invoices} == GROSS
