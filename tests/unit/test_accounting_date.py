"""Which month an invoice belongs to for the accountant: sales by issue date, the rest by the day KSeF
received them (the legal receipt date, REFERENCE.md: acquisitionDate)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from ksefdesk.core.invoices import Direction, StoredInvoice, accounting_date


def _invoice(direction: Direction, issued: str | None, acquired: str | None) -> StoredInvoice:
    zero = Decimal(0)
    return StoredInvoice(
        "5265877635-20261102-ABCDEF123456-01", direction, "FV/1/10/2026", "Vat", issued, acquired, acquired,
        "5265877635", "Sprzedawca", "7251801126", "Nabywca", zero, zero, zero, "PLN", "", "", False,
        datetime(2026, 11, 2, tzinfo=UTC),
    )  # fmt: skip


def test_a_purchase_issued_in_october_and_received_in_november_is_novembers() -> None:
    day = accounting_date(_invoice(Direction.PURCHASE, "2026-10-31", "2026-11-02T08:15:00+01:00"))
    assert day is not None and day[:10] == "2026-11-02"


def test_a_sales_invoice_counts_from_its_issue_date() -> None:
    assert accounting_date(_invoice(Direction.SALES, "2026-10-31", "2026-11-02T08:15:00+01:00")) == "2026-10-31"


def test_without_a_receipt_date_the_issue_date_is_used() -> None:
    assert accounting_date(_invoice(Direction.THIRD_PARTY, "2026-10-31", None)) == "2026-10-31"
    assert accounting_date(_invoice(Direction.PURCHASE, None, None)) is None
