"""Issuing invoices in the app: numbering, the seller's defaults, the contractor book, products, drafts.

``issue`` is the one path from a filled-in invoice to the outbox. The number is taken there, not when
the form opens, and in the same database transaction that queues the invoice: a crash before the commit
leaves neither the number nor the invoice, a crash after it leaves both (the outbox sends it on the next
run), so a series has no gap and no duplicate. Everything else here is a company's small lists.
"""

from __future__ import annotations

import enum
import json
import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.fa3 import check_invoice_bytes
from ksefdesk.core.file_names import safe_file_name
from ksefdesk.core.invoice_draft import (
    AdvanceRef,
    BuyerId,
    Correction,
    DraftProblem,
    InvoiceDraft,
    Kind,
    Party,
    Payment,
    draft_from_json,
    draft_to_json,
    problems,
    totals,
)
from ksefdesk.core.invoice_xml import draft_to_xml, stated_totals_problems, xml_to_draft
from ksefdesk.core.models import Company
from ksefdesk.core.offline import OfflineMode
from ksefdesk.services.send import Outbox, OutboxItem
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.database import Database, to_db_time, utc_now
from ksefdesk.services.whitelist import CheckFailed, WhiteListClient

log = logging.getLogger(__name__)
DEFAULT_PATTERN = "FV/{nr}/{MM}/{YYYY}"
_TOKEN = re.compile(r"\{(nr|MM|YYYY|YY|DD)\}")


class Reset(enum.StrEnum):
    MONTHLY = "monthly"
    YEARLY = "yearly"
    NEVER = "never"


@dataclass(frozen=True)
class Series:
    pattern: str = DEFAULT_PATTERN
    reset: Reset = Reset.MONTHLY

    def period(self, day: date) -> str:
        if self.reset is Reset.MONTHLY:
            return f"{day:%Y-%m}"
        return f"{day:%Y}" if self.reset is Reset.YEARLY else ""

    def format(self, counter: int, day: date) -> str:
        values = {"nr": str(counter), "MM": f"{day:%m}", "YYYY": f"{day:%Y}", "YY": f"{day:%y}", "DD": f"{day:%d}"}
        return _TOKEN.sub(lambda m: values[m.group(1)], self.pattern)


def series_problem(pattern: str, reset: Reset) -> Bilingual | None:
    """Why a numbering pattern cannot work (numbers would repeat), or None."""
    if "{nr}" not in pattern:
        return Bilingual("Wzór numeru musi zawierać {nr}.", "The number pattern must contain {nr}.")
    if re.sub(_TOKEN, "", pattern).count("{") or len(pattern) > 200:
        return Bilingual(
            "Wzór może zawierać tylko {nr}, {DD}, {MM}, {YYYY} i {YY}.",
            "The pattern may hold only {nr}, {DD}, {MM}, {YYYY} and {YY}.",
        )
    if reset is Reset.MONTHLY and "{MM}" not in pattern:
        return Bilingual(
            "Numeracja od nowa co miesiąc wymaga {MM} we wzorze (inaczej numery by się powtórzyły).",
            "Numbering restarting every month needs {MM} in the pattern (numbers would repeat otherwise).",
        )
    if reset in (Reset.MONTHLY, Reset.YEARLY) and "{YYYY}" not in pattern and "{YY}" not in pattern:
        return Bilingual(
            "Numeracja od nowa co miesiąc lub rok wymaga roku ({YYYY}) we wzorze.",
            "Numbering that restarts needs the year ({YYYY}) in the pattern.",
        )
    return None


@dataclass(frozen=True)
class SellerDefaults:
    """What a new invoice of this company starts with (editable in the form, kept per company)."""

    address1: str = ""
    address2: str = ""
    account: str = ""
    place: str = ""
    payment_days: int = 14
    payment_method: str = "transfer"


@dataclass(frozen=True)
class Product:
    name: str
    unit_price: Decimal
    rate: str = "23"
    unit: str = "szt."
    id: int = 0


@dataclass(frozen=True)
class Contractor:
    party: Party
    id: int = 0


@dataclass(frozen=True)
class DraftInfo:
    id: int
    title: str  # the buyer and the total, as the list shows it
    updated_at: str


@dataclass(frozen=True)
class Issued:
    number: str
    item: OutboxItem
    xml: bytes


def _problems_text(found: list[DraftProblem]) -> Bilingual:
    return Bilingual("; ".join(p.text("pl") for p in found[:5]), "; ".join(p.text("en") for p in found[:5]))


class InvoicingService:
    def __init__(
        self,
        db: Database,
        companies: CompanyRepository,
        outbox: Outbox,
        whitelist_for: Callable[[Company], WhiteListClient] | None = None,
    ) -> None:
        self.db = db
        self.companies = companies
        self.outbox = outbox
        self._whitelist_for = whitelist_for

    # --- defaults and series ---------------------------------------------------------------------
    def defaults(self, nip: str) -> SellerDefaults:
        company = self.companies.get(nip)
        row = (
            self.db.connection()
            .execute("SELECT value FROM seller_defaults WHERE company_id = ?", (company.id,))
            .fetchone()
        )
        if row is None:
            return SellerDefaults()
        try:
            stored = json.loads(row["value"])
            known = {k: v for k, v in stored.items() if k in SellerDefaults.__dataclass_fields__}
            return SellerDefaults(**known)
        except (ValueError, TypeError, AttributeError):
            return SellerDefaults()

    def save_defaults(self, nip: str, defaults: SellerDefaults) -> None:
        company = self.companies.get(nip)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO seller_defaults (company_id, value) VALUES (?, ?)"
                " ON CONFLICT (company_id) DO UPDATE SET value = excluded.value",
                (company.id, json.dumps(asdict(defaults), ensure_ascii=False)),
            )

    def series(self, nip: str) -> Series:
        company = self.companies.get(nip)
        row = (
            self.db.connection()
            .execute("SELECT pattern, reset FROM invoice_series WHERE company_id = ?", (company.id,))
            .fetchone()
        )
        if row is None:
            return Series()
        try:
            return Series(row["pattern"], Reset(row["reset"]))
        except ValueError:
            return Series(row["pattern"], Reset.NEVER)

    def set_series(self, nip: str, pattern: str, reset: Reset) -> Series:
        problem = series_problem(pattern, reset)
        if problem is not None:
            raise UserError("invoice.bad_series", problem=problem)
        company = self.companies.get(nip)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO invoice_series (company_id, pattern, reset) VALUES (?, ?, ?)"
                " ON CONFLICT (company_id) DO UPDATE SET pattern = excluded.pattern, reset = excluded.reset",
                (company.id, pattern, reset.value),
            )
        return Series(pattern, reset)

    def next_number(self, nip: str, day: date, series: Series | None = None) -> str:
        """The number the next invoice issued on ``day`` will get (nothing is taken); with ``series``: the
        number it would get under that series (the numbering window shows it before saving)."""
        company = self.companies.get(nip)
        number, _ = self._next(self.db.connection(), company.id, series or self.series(nip), day)
        return number

    def _next(self, conn: sqlite3.Connection, company_id: int, series: Series, day: date) -> tuple[str, int]:
        period = series.period(day)
        row = conn.execute(
            "SELECT last FROM invoice_counters WHERE company_id = ? AND period = ?", (company_id, period)
        ).fetchone()
        counter = (int(row["last"]) if row else 0) + 1
        # a number typed by hand earlier may already hold the next one: the series steps over it
        while self._number_used(conn, company_id, series.format(counter, day)):
            counter += 1
        return series.format(counter, day), counter

    @staticmethod
    def _number_used(conn: sqlite3.Connection, company_id: int, number: str) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM issued_numbers WHERE company_id = ? AND number = ?"
                " UNION SELECT 1 FROM outbox WHERE company_id = ? AND invoice_number = ?",
                (company_id, number, company_id, number),
            ).fetchone()
            is not None
        )

    # --- a new invoice ---------------------------------------------------------------------------
    def new_draft(self, nip: str, today: date, kind: Kind = Kind.VAT) -> InvoiceDraft:
        company = self.companies.get(nip)
        defaults = self.defaults(nip)
        return InvoiceDraft(
            seller=Party(company.name, company.nip, BuyerId.NIP, defaults.address1, defaults.address2, "PL"),
            buyer=Party(),
            issue_date=today,
            kind=kind,
            place=defaults.place,
            payment=Payment(
                method=defaults.payment_method,
                due_date=today + timedelta(days=defaults.payment_days) if defaults.payment_days >= 0 else None,
                account=defaults.account,
            ),
        )

    def like(self, nip: str, xml: bytes, today: date) -> InvoiceDraft:
        """ "Issue like this one": an earlier invoice's buyer, lines and terms on a new invoice of today."""
        old = self._read(xml)
        fresh = self.new_draft(nip, today)
        days = (old.payment.due_date - old.issue_date).days if old.payment.due_date else None
        return replace(
            fresh,
            buyer=old.buyer,
            lines=old.lines or old.correction.before if old.correction else old.lines,
            currency=old.currency,
            exchange_rate=old.exchange_rate if old.currency != "PLN" else None,
            prices_gross=old.prices_gross,
            split_payment=old.split_payment,
            exemption_basis=old.exemption_basis,
            notes=old.notes,
            payment=replace(
                fresh.payment,
                method=old.payment.method or fresh.payment.method,
                due_date=today + timedelta(days=days) if days is not None and days >= 0 else fresh.payment.due_date,
                account=old.payment.account or fresh.payment.account,
            ),
        )

    def correction_of(self, nip: str, xml: bytes, ksef_number: str, today: date) -> InvoiceDraft:
        """A correction (KOR) of one of this company's invoices: its lines before, the same lines to edit."""
        old = self._read(xml)
        if old.seller.id != nip:
            raise UserError("invoice.correct_purchase", seller=old.seller.name or old.seller.id)
        fresh = self.new_draft(nip, today, Kind.KOR)
        return replace(
            fresh,
            buyer=old.buyer,
            lines=old.lines,
            currency=old.currency,
            exchange_rate=old.exchange_rate,
            exchange_rate_date=old.exchange_rate_date,
            prices_gross=old.prices_gross,
            exemption_basis=old.exemption_basis,
            payment=replace(fresh.payment, account=old.payment.account or fresh.payment.account),
            correction=Correction(
                invoice_number=old.number,
                invoice_issue_date=old.issue_date,
                ksef_number=ksef_number,
                before=old.lines,
            ),
        )

    def settlement_of(self, nip: str, xml: bytes, ksef_number: str, today: date) -> InvoiceDraft:
        """The settlement (ROZ) of an advance invoice: its order's lines and the advance received."""
        old = self._read(xml)
        if old.kind is not Kind.ZAL or old.seller.id != nip:
            raise UserError("invoice.not_an_advance", number=old.number)
        fresh = self.new_draft(nip, today, Kind.ROZ)
        return replace(
            fresh,
            buyer=old.buyer,
            lines=old.lines,
            currency=old.currency,
            exchange_rate=old.exchange_rate,
            exchange_rate_date=old.exchange_rate_date,
            prices_gross=old.prices_gross,  # the order's prices as the advance stated them (net or gross)
            advances=(AdvanceRef(old.number, ksef_number, old.advance_amount or Decimal(0)),),
        )

    @staticmethod
    def _read(xml: bytes) -> InvoiceDraft:
        try:
            return xml_to_draft(xml)
        except Exception as exc:
            raise UserError("invoice.unreadable", details=type(exc).__name__) from exc

    # --- issuing ---------------------------------------------------------------------------------
    def check(self, nip: str, draft: InvoiceDraft) -> list[DraftProblem]:
        """What stops the invoice from being issued: the form's checks, then FA(3) (the schema)."""
        found = problems(draft)
        if draft.seller.id != nip:
            found.insert(
                0,
                DraftProblem(
                    "seller.id",
                    Bilingual(f"Sprzedawcą musi być firma {nip}.", f"The seller must be the company {nip}."),
                ),
            )
        if found:
            return found
        xml = draft_to_xml(draft.with_number(draft.number or "FV/1"))
        _, schema = check_invoice_bytes(xml)
        found += [DraftProblem(p.field, Bilingual(p.text("pl"), p.text("en"))) for p in schema]
        found += [DraftProblem("", text) for text in stated_totals_problems(xml)]
        return found

    def issue(
        self,
        nip: str,
        draft: InvoiceDraft,
        *,
        offline_mode: OfflineMode | None = None,
        draft_id: int | None = None,
    ) -> Issued:
        """Number the invoice, write its FA(3) XML and queue it for KSeF: all in one transaction. The
        buyer and the products go to the company's lists; a saved draft it came from is removed."""
        company = self.companies.get(nip)
        found = self.check(nip, draft)
        if found:
            raise UserError("invoice.invalid", problems=_problems_text(found))
        series = self.series(nip)
        with self.db.transaction() as conn:
            if draft.number:
                number, counter = draft.number, None
                if self._number_used(conn, company.id, number):
                    raise UserError("invoice.number_used", number=number)
            else:
                number, counter = self._next(conn, company.id, series, draft.issue_date)
            final = draft.with_number(number)
            xml = draft_to_xml(final)
            item = self.outbox.add_in(
                conn,
                company.id,
                _file_name(number),
                number,
                xml,
                offline_mode=offline_mode,
                issue_date=final.issue_date,
            )
            now = to_db_time(utc_now())
            conn.execute(
                "INSERT INTO issued_numbers (company_id, number, outbox_id, issued_at) VALUES (?, ?, ?, ?)",
                (company.id, number, item.id, now),
            )
            if counter is not None:
                conn.execute(
                    "INSERT INTO invoice_counters (company_id, period, last) VALUES (?, ?, ?)"
                    " ON CONFLICT (company_id, period) DO UPDATE SET last = excluded.last",
                    (company.id, series.period(draft.issue_date), counter),
                )
            self._remember(conn, company.id, final, now or "")
            if draft_id is not None:
                conn.execute("DELETE FROM invoice_drafts WHERE id = ? AND company_id = ?", (draft_id, company.id))
            crashpoint("invoice.number_taken")  # inside the transaction: neither the number nor the invoice
        crashpoint("invoice.issued")  # both are stored; the outbox sends it
        log.info("issued invoice %s of %s (outbox item %s)", number, nip, item.id)
        return Issued(number, item, xml)

    def _remember(self, conn: sqlite3.Connection, company_id: int, draft: InvoiceDraft, now: str) -> None:
        buyer = draft.buyer
        if buyer.name.strip():
            self._save_contractor(conn, company_id, buyer, now)
        for line in draft.lines:
            if line.name.strip():
                conn.execute(
                    "INSERT INTO products (company_id, name, unit, unit_price, rate, used_at) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (company_id, name) DO UPDATE SET unit = excluded.unit,"
                    " unit_price = excluded.unit_price, rate = excluded.rate, used_at = excluded.used_at",
                    (company_id, line.name.strip(), line.unit, str(line.unit_price), line.rate, now),
                )

    @staticmethod
    def _save_contractor(conn: sqlite3.Connection, company_id: int, party: Party, now: str) -> int:
        conn.execute(
            "INSERT INTO contractors (company_id, id_type, ident, name, address1, address2, country, used_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id, id_type, ident, name) DO UPDATE SET"
            " address1 = excluded.address1, address2 = excluded.address2, country = excluded.country,"
            " used_at = excluded.used_at",
            (
                company_id,
                party.id_type.value,
                party.id,
                party.name.strip(),
                party.address1,
                party.address2,
                party.country,
                now,
            ),
        )
        row = conn.execute(
            "SELECT id FROM contractors WHERE company_id = ? AND id_type = ? AND ident = ? AND name = ?",
            (company_id, party.id_type.value, party.id, party.name.strip()),
        ).fetchone()
        return int(row["id"])

    # --- the contractor book -------------------------------------------------------------------
    def contractors(self, nip: str, query: str = "", limit: int = 50) -> list[Contractor]:
        """Buyers of this company whose name or NIP contains ``query``, the most recently used first."""
        company = self.companies.get(nip)
        like = f"%{_escape_like(query.strip())}%"
        digits = re.sub(r"[\s-]", "", query.strip())
        rows = (
            self.db.connection()
            .execute(
                "SELECT * FROM contractors WHERE company_id = ?"
                " AND (name LIKE ? ESCAPE '\\' OR ident LIKE ? ESCAPE '\\')"
                " ORDER BY used_at DESC, name LIMIT ?",
                (company.id, like, f"%{_escape_like(digits)}%" if digits else like, limit),
            )
            .fetchall()
        )
        return [
            Contractor(
                Party(r["name"], r["ident"], _buyer_id(r["id_type"]), r["address1"], r["address2"], r["country"]),
                int(r["id"]),
            )
            for r in rows
        ]

    def save_contractor(self, nip: str, party: Party, contractor_id: int = 0) -> int:
        company = self.companies.get(nip)
        now = to_db_time(utc_now()) or ""
        with self.db.transaction() as conn:
            if contractor_id:
                conn.execute(
                    "UPDATE contractors SET id_type = ?, ident = ?, name = ?, address1 = ?, address2 = ?,"
                    " country = ?, used_at = ? WHERE id = ? AND company_id = ?",
                    (
                        party.id_type.value,
                        party.id,
                        party.name.strip(),
                        party.address1,
                        party.address2,
                        party.country,
                        now,
                        contractor_id,
                        company.id,
                    ),
                )
                return contractor_id
            return self._save_contractor(conn, company.id, party, now)

    def delete_contractor(self, nip: str, contractor_id: int) -> None:
        company = self.companies.get(nip)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM contractors WHERE id = ? AND company_id = ?", (contractor_id, company.id))

    def lookup(self, nip: str, buyer_nip: str, day: date) -> Party | None:
        """The buyer as the Ministry's VAT White List shows it (name and address), None when it is not
        there. Raises ``UserError`` (whitelist.lookup_failed) when the list cannot be asked."""
        if self._whitelist_for is None:
            return None
        client = self._whitelist_for(self.companies.get(nip))
        try:
            subject = client.subject(buyer_nip, day)
        except CheckFailed as failed:
            raise UserError("invoice.lookup_failed", reason=failed.text) from failed
        if subject is None:
            return None
        address1, _, address2 = (
            subject.address.rpartition(", ") if ", " in subject.address else (subject.address, "", "")
        )
        return Party(subject.name, buyer_nip, BuyerId.NIP, address1.strip(), address2.strip(), "PL")

    # --- products --------------------------------------------------------------------------------
    def products(self, nip: str, query: str = "", limit: int = 50) -> list[Product]:
        company = self.companies.get(nip)
        rows = (
            self.db.connection()
            .execute(
                "SELECT * FROM products WHERE company_id = ? AND name LIKE ? ESCAPE '\\'"
                " ORDER BY used_at DESC, name LIMIT ?",
                (company.id, f"%{_escape_like(query.strip())}%", limit),
            )
            .fetchall()
        )
        return [Product(r["name"], _decimal(r["unit_price"]), r["rate"], r["unit"], int(r["id"])) for r in rows]

    def save_product(self, nip: str, product: Product) -> None:
        company = self.companies.get(nip)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO products (company_id, name, unit, unit_price, rate, used_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (company_id, name) DO UPDATE SET unit = excluded.unit,"
                " unit_price = excluded.unit_price, rate = excluded.rate, used_at = excluded.used_at",
                (
                    company.id,
                    product.name.strip(),
                    product.unit,
                    str(product.unit_price),
                    product.rate,
                    to_db_time(utc_now()),
                ),
            )

    def delete_product(self, nip: str, product_id: int) -> None:
        company = self.companies.get(nip)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM products WHERE id = ? AND company_id = ?", (product_id, company.id))

    # --- drafts ----------------------------------------------------------------------------------
    def save_draft(self, nip: str, draft: InvoiceDraft, draft_id: int | None = None) -> int:
        company = self.companies.get(nip)
        model = json.dumps(draft_to_json(draft), ensure_ascii=False)
        now = to_db_time(utc_now())
        with self.db.transaction() as conn:
            if draft_id is not None:
                cur = conn.execute(
                    "UPDATE invoice_drafts SET model = ?, updated_at = ? WHERE id = ? AND company_id = ?",
                    (model, now, draft_id, company.id),
                )
                if cur.rowcount == 1:
                    return draft_id
            cur = conn.execute(
                "INSERT INTO invoice_drafts (company_id, model, updated_at) VALUES (?, ?, ?)", (company.id, model, now)
            )
            return int(cur.lastrowid or 0)

    def drafts(self, nip: str) -> list[DraftInfo]:
        company = self.companies.get(nip)
        rows = (
            self.db.connection()
            .execute("SELECT * FROM invoice_drafts WHERE company_id = ? ORDER BY updated_at DESC", (company.id,))
            .fetchall()
        )
        infos = []
        for row in rows:
            try:
                draft = draft_from_json(json.loads(row["model"]))
                title = f"{draft.kind.value} {draft.buyer.name or '—'} {totals(draft).total} {draft.currency}"
            except ValueError:
                title = "?"
            infos.append(DraftInfo(int(row["id"]), title, row["updated_at"]))
        return infos

    def load_draft(self, nip: str, draft_id: int) -> InvoiceDraft:
        company = self.companies.get(nip)
        row = (
            self.db.connection()
            .execute("SELECT model FROM invoice_drafts WHERE id = ? AND company_id = ?", (draft_id, company.id))
            .fetchone()
        )
        if row is None:
            raise UserError("invoice.draft_gone")
        return draft_from_json(json.loads(row["model"]))

    def delete_draft(self, nip: str, draft_id: int) -> None:
        company = self.companies.get(nip)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM invoice_drafts WHERE id = ? AND company_id = ?", (draft_id, company.id))


def _file_name(number: str) -> str:
    """The outbox's name for the invoice: its number, valid as a file name on every system ("CON" too)."""
    return safe_file_name(number, ".xml", fallback="faktura")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _buyer_id(text: str) -> BuyerId:
    try:
        return BuyerId(text)
    except ValueError:
        return BuyerId.NIP


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)
