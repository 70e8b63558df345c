"""Invoices as the app keeps them: which way they go and what the lists show."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation


class Direction(enum.StrEnum):
    SALES = "sales"  # the company is the seller (Subject1)
    PURCHASE = "purchase"  # the company is the buyer (Subject2)
    THIRD_PARTY = "third_party"  # the company is a third party: recipient, payer, ... (Subject3)
    AUTHORIZED = "authorized"  # the company acts as an authorized subject (SubjectAuthorized)


SUBJECT_DIRECTIONS = {
    "Subject1": Direction.SALES,
    "Subject2": Direction.PURCHASE,
    "Subject3": Direction.THIRD_PARTY,
    "SubjectAuthorized": Direction.AUTHORIZED,
}


@dataclass(frozen=True)
class StoredInvoice:
    ksef_number: str
    direction: Direction
    invoice_number: str
    invoice_type: str
    issue_date: str | None
    acquisition_date: str | None
    permanent_storage_date: str | None
    seller_nip: str
    seller_name: str
    buyer_id: str
    buyer_name: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    currency: str
    status: str
    sha256: str
    is_new: bool
    received_at: datetime


def accounting_date(invoice: StoredInvoice) -> str | None:
    """The day that puts an invoice in the accountant's month: a sales invoice its issue date; any other
    its legal receipt date, the day KSeF assigned its number (``acquisitionDate``), so an invoice issued on
    31 October and received on 2 November belongs to November (issue date when KSeF gave none)."""
    if invoice.direction is Direction.SALES:
        return invoice.issue_date
    return invoice.acquisition_date or invoice.issue_date


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    """One invoice as the lists show it (InvoiceRepository.table_rows, and the outbox's sent invoices).
    ``direction`` is a Direction's value; ``company_nip`` the NIP of our company it belongs to."""

    ksef_number: str
    company_nip: str
    direction: str
    invoice_number: str
    issue_date: str | None
    seller_nip: str
    seller_name: str
    buyer_id: str
    buyer_name: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    currency: str
    status: str
    is_new: bool


_GROSZ = Decimal("0.01")


def amount_text(value: Decimal) -> str:
    """An amount as the store keeps it: the exact decimal, at least two places ("12.30", "0.00";
    "1.005" stays "1.005"), never an exponent and never "-0.00"."""
    if not value.is_finite():
        raise ValueError(f"{value} is not an amount")
    if value == 0:
        value = abs(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(_GROSZ)
    return f"{value:f}"


def stored_amount(value: object) -> Decimal:
    """An amount read back from the store: decimal text (a number only in a database written by hand)."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"{value[:40]!r} is not an amount") from exc
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(_GROSZ)
    raise ValueError(f"{value!r} is not an amount")
