"""Invoices as the app keeps them: which way they go and what the lists show."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


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
    net: float
    vat: float
    gross: float
    currency: str
    status: str
    sha256: str
    is_new: bool
    received_at: datetime
