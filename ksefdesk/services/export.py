"""Handing invoices to the accountant: a CSV sheet and the original XML files.

The CSV opens in a Polish spreadsheet with a double-click: UTF-8 with a BOM, ``;`` between fields
and, on request, decimal commas. Text cells that a spreadsheet would run as a formula are
neutralised, because party names come from other people's invoices. XML files are the exact bytes
KSeF holds, named by KSeF number in folders per NIP / year / month, written atomically so that an
interrupted export never leaves a half file behind.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.invoices import Direction, StoredInvoice
from ksefdesk.core.models import Company
from ksefdesk.services.store.invoices import InvoiceRepository

_HEADERS: dict[str, tuple[str, str]] = {
    "ksef_number": ("Numer KSeF", "KSeF number"),
    "direction": ("Kierunek", "Direction"),
    "invoice_number": ("Numer faktury", "Invoice number"),
    "invoice_type": ("Rodzaj", "Type"),
    "issue_date": ("Data wystawienia", "Issue date"),
    "seller_nip": ("NIP sprzedawcy", "Seller NIP"),
    "seller_name": ("Sprzedawca", "Seller"),
    "buyer_id": ("Identyfikator nabywcy", "Buyer ID"),
    "buyer_name": ("Nabywca", "Buyer"),
    "net": ("Netto", "Net"),
    "vat": ("VAT", "VAT"),
    "gross": ("Brutto", "Gross"),
    "currency": ("Waluta", "Currency"),
    "status": ("Status", "Status"),
}
_DIRECTIONS: dict[Direction, tuple[str, str]] = {
    Direction.SALES: ("sprzedaż", "sales"),
    Direction.PURCHASE: ("zakup", "purchase"),
    Direction.THIRD_PARTY: ("podmiot trzeci", "third party"),
    Direction.AUTHORIZED: ("podmiot upoważniony", "authorized"),
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportResult:
    csv_rows: int = 0
    xml_written: int = 0
    xml_unchanged: int = 0


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _amount(value: float, polish: bool) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if polish else text


def write_csv(invoices: Iterable[StoredInvoice], path: Path, *, lang: Lang = "pl", polish_numbers: bool = True) -> int:
    """Write the sheet; returns the number of invoice rows."""
    index = 0 if lang == "pl" else 1
    rows = 0
    temporary = path.with_name(path.name + ".part")
    try:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow([names[index] for names in _HEADERS.values()])
            for invoice in invoices:
                writer.writerow(
                    [
                        invoice.ksef_number,
                        _DIRECTIONS[invoice.direction][index],
                        _text(invoice.invoice_number),
                        invoice.invoice_type,
                        invoice.issue_date or "",
                        invoice.seller_nip,
                        _text(invoice.seller_name),
                        _text(invoice.buyer_id),
                        _text(invoice.buyer_name),
                        _amount(invoice.net, polish_numbers),
                        _amount(invoice.vat, polish_numbers),
                        _amount(invoice.gross, polish_numbers),
                        invoice.currency,
                        invoice.status,
                    ]
                )
                rows += 1
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError("export.cannot_write", path=str(path), details=str(exc)) from exc
    return rows


def xml_path(root: Path, nip: str, ksef_number: str, issue_date: str | None) -> Path:
    """root / NIP / year / month / KSeF number.xml (month of the issue date)."""
    year, month = (issue_date or "0000-00")[:7].split("-")
    return root / nip / year / month / f"{ksef_number}.xml"


def write_xml_files(invoices: InvoiceRepository, company: Company, root: Path) -> ExportResult:
    """Every stored invoice of the company as its original XML; files already there and equal are kept."""
    written = unchanged = 0
    try:
        for ksef_number, issue_date, xml in invoices.iter_xml(company.id):
            target = xml_path(root, company.nip, ksef_number, issue_date)
            if target.exists() and target.read_bytes() == xml:
                unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".part")
            temporary.write_bytes(xml)
            os.replace(temporary, target)
            written += 1
    except OSError as exc:
        raise UserError("export.cannot_write", path=str(root), details=str(exc)) from exc
    return ExportResult(xml_written=written, xml_unchanged=unchanged)
