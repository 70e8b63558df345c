"""Paying purchase invoices: the to-pay list, marking paid, collective identifiers, the White List check
and a CSV of payments for the accountant.

A payment record is kept per company and KSeF number (migration 10). An invoice counts as unpaid when it
has no record and the invoice itself does not say it was paid; its due date is read from its XML once
and remembered for the session.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.formatting import format_money_plain
from ksefdesk.core.invoices import Direction, StoredInvoice
from ksefdesk.core.models import Company
from ksefdesk.core.payments import TransferData, combine, transfer_for
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.database import Database, to_db_time, utc_now
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.whitelist import CheckFailed, CheckResult, WhiteListClient

log = logging.getLogger(__name__)

METHODS = ("transfer", "other")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Payment:
    ksef_number: str
    paid_at: date
    amount: Decimal
    currency: str
    method: str
    collective_id: str
    note: str


@dataclass(frozen=True)
class ToPay:
    """An unpaid purchase invoice, with its due date (None: the invoice names none)."""

    invoice: StoredInvoice
    due_date: date | None
    amount_due: Decimal
    currency: str

    def overdue(self, today: date) -> bool:
        return self.due_date is not None and self.due_date < today

    def days_left(self, today: date) -> int | None:
        return None if self.due_date is None else (self.due_date - today).days


@dataclass(frozen=True)
class CollectiveTransfer:
    collective_id: str
    transfer: TransferData


class PaymentService:
    def __init__(
        self,
        db: Database,
        companies: CompanyRepository,
        invoices: InvoiceRepository,
        auth: AuthService,
        api_for: Callable[[Company], KsefApi],
        whitelist_for: Callable[[Company], WhiteListClient],
    ) -> None:
        self.db = db
        self.companies = companies
        self.invoices = invoices
        self.auth = auth
        self.api_for = api_for
        self.whitelist_for = whitelist_for
        self._terms: dict[tuple[int, str], TransferData] = {}
        self._lock = threading.Lock()

    # --- transfer data ----------------------------------------------------------------------------
    def transfer(self, nip: str, ksef_number: str) -> TransferData:
        company = self.companies.get(nip)
        return self._transfer(company, ksef_number)

    def _transfer(self, company: Company, ksef_number: str) -> TransferData:
        key = (company.id, ksef_number)
        with self._lock:
            known = self._terms.get(key)
        if known is not None:
            return known
        row = (
            self.db.connection()
            .execute(
                "SELECT direction FROM invoices WHERE company_id = ? AND ksef_number = ?", (company.id, ksef_number)
            )
            .fetchone()
        )
        if row is None:
            raise UserError("payment.invoice_unknown", ksef_number=ksef_number, nip=company.nip)
        if row["direction"] != Direction.PURCHASE.value:
            raise UserError("payment.not_purchase", ksef_number=ksef_number)
        xml = self.invoices.xml(company.id, ksef_number)
        if xml is None:
            raise UserError("payment.invoice_unknown", ksef_number=ksef_number, nip=company.nip)
        data = transfer_for(xml, ksef_number)
        with self._lock:
            self._terms[key] = data
        return data

    # --- what is still to pay ---------------------------------------------------------------------
    def to_pay(self, nip: str, today: date | None = None) -> list[ToPay]:
        """Unpaid purchase invoices: overdue first (the oldest due date first), then by due date, then
        those without one."""
        company = self.companies.get(nip)
        today = today or date.today()
        paid = self.paid_numbers(company.id)
        items: list[ToPay] = []
        for invoice in self.invoices.list(company.id):
            if invoice.direction is not Direction.PURCHASE or invoice.ksef_number in paid:
                continue
            try:
                data = self._transfer(company, invoice.ksef_number)
            except UserError as exc:  # an XML that cannot be read: still listed, with the stored amount
                log.info("no payment terms for %s: %s", invoice.ksef_number, exc.code)
                items.append(ToPay(invoice, None, Decimal(str(invoice.gross)), invoice.currency))
                continue
            if data.paid_in_full or data.amount_due <= 0:
                continue
            items.append(ToPay(invoice, data.due_date, data.amount_due, data.currency))
        items.sort(key=lambda i: (i.due_date is None, i.due_date or today, i.invoice.issue_date or ""))
        return items

    def unpaid_due_dates(self) -> dict[tuple[str, str], str]:
        """For the invoice list's "To pay" filter: (company NIP, KSeF number) of every unpaid purchase
        invoice of the companies in use, with its due date as ISO text ("" when the invoice names none)."""
        result: dict[tuple[str, str], str] = {}
        for company in self.companies.list():
            for item in self.to_pay(company.nip):
                result[(company.nip, item.invoice.ksef_number)] = item.due_date.isoformat() if item.due_date else ""
        return result

    def paid_numbers(self, company_id: int) -> set[str]:
        rows = self.db.connection().execute("SELECT ksef_number FROM payments WHERE company_id = ?", (company_id,))
        return {r["ksef_number"] for r in rows.fetchall()}

    def payments(self, nip: str) -> list[Payment]:
        company = self.companies.get(nip)
        rows = (
            self.db.connection()
            .execute("SELECT * FROM payments WHERE company_id = ? ORDER BY paid_at, ksef_number", (company.id,))
            .fetchall()
        )
        return [
            Payment(
                r["ksef_number"],
                date.fromisoformat(r["paid_at"]),
                Decimal(r["amount"]),
                r["currency"],
                r["method"],
                r["collective_id"] or "",
                r["note"],
            )
            for r in rows
        ]

    # --- marking ----------------------------------------------------------------------------------
    def mark_paid(
        self,
        nip: str,
        ksef_numbers: Sequence[str],
        *,
        paid_at: date | None = None,
        method: str = "transfer",
        collective_id: str = "",
        note: str = "",
        amount: Decimal | None = None,
    ) -> int:
        """Record the invoices as paid (each with its amount due, unless ``amount`` is given for a single
        one); a second call replaces the record. Returns how many were recorded."""
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        company = self.companies.get(nip)
        if amount is not None and len(ksef_numbers) != 1:
            raise ValueError("an explicit amount is for one invoice")
        day = (paid_at or date.today()).isoformat()
        now = to_db_time(utc_now())
        records = []
        for number in ksef_numbers:
            data = self._transfer(company, number)
            records.append((number, amount if amount is not None else data.amount_due, data.currency))
        with self.db.transaction() as conn:
            for number, value, currency in records:
                conn.execute(
                    "INSERT INTO payments (company_id, ksef_number, paid_at, amount, currency, method, collective_id,"
                    " note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id, ksef_number)"
                    " DO UPDATE SET paid_at = excluded.paid_at, amount = excluded.amount, currency = excluded.currency,"
                    " method = excluded.method, collective_id = excluded.collective_id, note = excluded.note,"
                    " recorded_at = excluded.recorded_at",
                    (company.id, number, day, f"{value:.2f}", currency, method, collective_id or None, note, now),
                )
        log.info("%s: %d invoice(s) marked paid (%s)", company.nip, len(records), method)
        return len(records)

    def mark_unpaid(self, nip: str, ksef_numbers: Sequence[str]) -> int:
        company = self.companies.get(nip)
        removed = 0
        with self.db.transaction() as conn:
            for number in ksef_numbers:
                removed += conn.execute(
                    "DELETE FROM payments WHERE company_id = ? AND ksef_number = ?", (company.id, number)
                ).rowcount
        return removed

    # --- several invoices of one seller: a collective identifier ----------------------------------
    def create_collective(
        self, nip: str, ksef_numbers: Sequence[str], *, cancel: CancelToken | None = None
    ) -> CollectiveTransfer:
        """Ask KSeF for a collective identifier (IZ) for unpaid invoices of one seller, with each one's
        amount due, and return the single transfer that pays them all."""
        from ksefdesk.services.ksef.collective import CollectiveApi, CollectiveInvoice

        company = self.companies.get(nip)
        numbers = list(dict.fromkeys(ksef_numbers))
        transfers = [self._transfer(company, n) for n in numbers]
        paid = self.paid_numbers(company.id)
        for number in numbers:
            if number in paid:
                raise UserError("payment.collective_paid", ksef_number=number)
        combine(transfers, "0000000000-IZ000000-000000000000-00")  # one seller, one currency: before asking KSeF
        invoices = [
            CollectiveInvoice(t.ksef_number, t.amount_due, t.currency, (t.invoice_numbers[0] or None))
            for t in transfers
        ]
        api = CollectiveApi(self.api_for(company).http)
        number = api.create(self.auth.access_token(company.nip, cancel=cancel), invoices, cancel=cancel)
        transfer = combine(transfers, number)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO collective_ids (company_id, number, seller_nip, ksef_numbers, amount, currency,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    company.id,
                    number,
                    transfer.seller_nip,
                    json.dumps(list(transfer.ksef_numbers)),
                    f"{transfer.amount_due:.2f}",
                    transfer.currency,
                    to_db_time(utc_now()),
                ),
            )
        log.info("%s: collective identifier %s for %d invoices", company.nip, number, len(numbers))
        return CollectiveTransfer(number, transfer)

    # --- the White List ---------------------------------------------------------------------------
    def check_whitelist(self, nip: str, transfer: TransferData, day: date | None = None) -> CheckResult:
        """Ask the White List about the payee's account (never raises for the network) and keep the answer."""
        company = self.companies.get(nip)
        result = self.whitelist_for(company).check(transfer.payee_nip, transfer.account, day or date.today())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO whitelist_checks (company_id, nip, account, day, verdict, request_id, checked_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    company.id,
                    result.nip,
                    result.account,
                    result.day.isoformat(),
                    result.verdict.value if result.reason is None else f"{result.verdict.value}:{result.reason.value}",
                    result.request_id,
                    to_db_time(utc_now()),
                ),
            )
        return result

    def registered_accounts(self, nip: str, payee_nip: str, day: date | None = None) -> list[str]:
        """The 26-digit accounts the White List holds for ``payee_nip`` ([] when it cannot be asked)."""
        company = self.companies.get(nip)
        try:
            subject = self.whitelist_for(company).subject(payee_nip, day or date.today())
        except CheckFailed as failed:
            log.info("white list search for %s: %s", payee_nip, failed.reason.value)
            return []
        return subject.account_numbers if subject else []

    # --- for the accountant -----------------------------------------------------------------------
    def export_csv(self, nip: str, path: Path, *, lang: Lang = "pl", polish_numbers: bool = True) -> int:
        """The payments as a sheet a Polish spreadsheet opens with a double-click (UTF-8 with BOM, ``;``,
        decimal commas); returns the number of rows."""
        company = self.companies.get(nip)
        by_number = {i.ksef_number: i for i in self.invoices.list(company.id)}
        checks = {
            (r["nip"], r["account"]): r["request_id"]
            for r in self.db.connection()
            .execute(
                "SELECT nip, account, request_id FROM whitelist_checks WHERE company_id = ? AND verdict = 'on_list'"
                " ORDER BY checked_at",
                (company.id,),
            )
            .fetchall()
        }
        headers = (
            Bilingual("Numer KSeF", "KSeF number"),
            Bilingual("Numer faktury", "Invoice number"),
            Bilingual("NIP sprzedawcy", "Seller NIP"),
            Bilingual("Sprzedawca", "Seller"),
            Bilingual("Data zapłaty", "Paid on"),
            Bilingual("Kwota", "Amount"),
            Bilingual("Waluta", "Currency"),
            Bilingual("Sposób", "Method"),
            Bilingual("Identyfikator zbiorczy", "Collective identifier"),
            Bilingual("Biała lista (id zapytania)", "White List (request ID)"),
            Bilingual("Uwagi", "Note"),
        )
        methods = {"transfer": Bilingual("przelew", "transfer"), "other": Bilingual("inny", "other")}
        rows = 0
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            fd = os.open(temporary, flags, 0o666)
            with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
                writer.writerow([h.text(lang) for h in headers])
                for payment in self.payments(nip):
                    invoice = by_number.get(payment.ksef_number)
                    try:
                        data = self._transfer(company, payment.ksef_number)
                        request_id = checks.get((data.payee_nip, data.account), "")
                    except UserError:
                        request_id = ""
                    writer.writerow(
                        [
                            payment.ksef_number,
                            _cell(invoice.invoice_number if invoice else ""),
                            invoice.seller_nip if invoice else "",
                            _cell(invoice.seller_name if invoice else ""),
                            payment.paid_at.isoformat(),
                            format_money_plain(payment.amount, "pl" if polish_numbers else "en"),
                            payment.currency,
                            methods[payment.method].text(lang),
                            payment.collective_id,
                            request_id,
                            _cell(payment.note),
                        ]
                    )
                    rows += 1
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise UserError("export.cannot_write", path=str(path), details=str(exc)) from exc
        return rows


def _cell(value: str) -> str:
    """Party names come from other people's invoices: never let a spreadsheet run one as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def parse_amount(text: str) -> Decimal:
    """An amount as a Polish user types it: ``1 234,50`` or ``1234.50``."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise UserError("payment.bad_amount", value=text[:30]) from exc
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise UserError("payment.bad_amount", value=text[:30])
    return value
