"""Invoices and sync cursors. A package of invoices and the cursor that follows it are written in
one transaction: a crash leaves either both or neither, so a sync resumes exactly where it stopped."""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ksefdesk.core.crypto import sha256_b64
from ksefdesk.core.invoices import Direction, InvoiceRow, StoredInvoice, amount_text, stored_amount
from ksefdesk.services.ksef.answers import InvoiceMetadata
from ksefdesk.services.store.database import Database, from_db_time, to_db_time, utc_now


@dataclass(frozen=True)
class ReceivedInvoice:
    """One invoice as KSeF delivers it: its metadata (parsed InvoiceMetadata) and the original XML."""

    metadata: InvoiceMetadata
    xml: bytes

    @property
    def ksef_number(self) -> str:
        return self.metadata.ksef_number


def _json_number(value: object) -> object:
    """The stored copy of KSeF's metadata keeps its amounts as JSON numbers, as KSeF wrote them (the
    amounts the app works with are the exact decimal columns)."""
    if isinstance(value, Decimal):
        return float(value)  # the shortest repr: the same digits for every amount of up to 15 of them
    raise TypeError(f"{type(value).__name__} is not JSON")


def _row(row: sqlite3.Row) -> StoredInvoice:
    received = from_db_time(row["received_at"])
    assert received
    return StoredInvoice(
        ksef_number=row["ksef_number"],
        direction=Direction(row["direction"]),
        invoice_number=row["invoice_number"],
        invoice_type=row["invoice_type"],
        issue_date=row["issue_date"],
        acquisition_date=row["acquisition_date"],
        permanent_storage_date=row["permanent_storage_date"],
        seller_nip=row["seller_nip"],
        seller_name=row["seller_name"],
        buyer_id=row["buyer_id"],
        buyer_name=row["buyer_name"],
        net=stored_amount(row["net"]),
        vat=stored_amount(row["vat"]),
        gross=stored_amount(row["gross"]),
        currency=row["currency"],
        status=row["status"],
        sha256=row["sha256"],
        is_new=bool(row["is_new"]),
        received_at=received,
    )


_LIST_COLUMNS = (
    "ksef_number, direction, invoice_number, invoice_type, issue_date, acquisition_date,"
    " permanent_storage_date, seller_nip, seller_name, buyer_id, buyer_name, net, vat, gross, currency,"
    " status, sha256, is_new, received_at"
)


class InvoiceRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def store(
        self,
        company_id: int,
        direction: Direction,
        invoices: Iterable[ReceivedInvoice],
        cursor: tuple[str, datetime] | None = None,
        *,
        new: bool = True,
    ) -> int:
        """Add the invoices not stored yet and move the cursor, atomically; returns how many were new.
        ``new`` marks them for the user's attention (not on a company's first sync)."""
        now = to_db_time(utc_now())
        added = 0
        with self.db.transaction() as conn:
            for invoice in invoices:
                meta = invoice.metadata
                result = conn.execute(
                    "INSERT OR IGNORE INTO invoices (company_id, ksef_number, direction, invoice_number, invoice_type,"
                    " issue_date, acquisition_date, permanent_storage_date, seller_nip, seller_name, buyer_id,"
                    " buyer_name, net, vat, gross, currency, sha256, is_new, received_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        company_id,
                        invoice.ksef_number,
                        direction.value,
                        meta.invoice_number,
                        meta.invoice_type,
                        meta.issue_date,
                        meta.acquisition_date,
                        meta.permanent_storage_date,
                        meta.seller_nip,
                        meta.seller_name,
                        meta.buyer_id,
                        meta.buyer_name,
                        amount_text(meta.net_amount),
                        amount_text(meta.vat_amount),
                        amount_text(meta.gross_amount),
                        meta.currency,
                        sha256_b64(invoice.xml),
                        int(new),
                        now,
                    ),
                )
                if result.rowcount:
                    conn.execute(
                        "INSERT INTO invoice_documents (invoice_id, xml, metadata) VALUES (?, ?, ?)",
                        (
                            result.lastrowid,
                            invoice.xml,
                            json.dumps(meta.document, ensure_ascii=False, default=_json_number),
                        ),
                    )
                    added += 1
            if cursor is not None:
                subject, value = cursor
                conn.execute(
                    "INSERT INTO sync_cursors (company_id, subject_type, cursor, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (company_id, subject_type) DO UPDATE SET cursor = excluded.cursor,"
                    " updated_at = excluded.updated_at",
                    (company_id, subject, value.isoformat(), now),
                )
        return added

    def cursor(self, company_id: int, subject: str) -> datetime | None:
        row = (
            self.db.connection()
            .execute("SELECT cursor FROM sync_cursors WHERE company_id = ? AND subject_type = ?", (company_id, subject))
            .fetchone()
        )
        return datetime.fromisoformat(row["cursor"]) if row else None

    def known(self, company_id: int, ksef_numbers: list[str]) -> set[str]:
        if not ksef_numbers:
            return set()
        marks = ",".join("?" * len(ksef_numbers))
        rows = (
            self.db.connection()
            .execute(
                f"SELECT ksef_number FROM invoices WHERE company_id = ? AND ksef_number IN ({marks})",  # noqa: S608
                (company_id, *ksef_numbers),
            )
            .fetchall()
        )
        return {r["ksef_number"] for r in rows}

    def count(self, company_id: int | None = None) -> int:
        if company_id is None:
            return int(self.db.connection().execute("SELECT COUNT(*) FROM invoices").fetchone()[0])
        return int(
            self.db.connection()
            .execute("SELECT COUNT(*) FROM invoices WHERE company_id = ?", (company_id,))
            .fetchone()[0]
        )

    def list(self, company_id: int | None = None, *, limit: int = 1_000_000, offset: int = 0) -> list[StoredInvoice]:
        where, params = ("WHERE company_id = ?", [company_id]) if company_id is not None else ("", [])
        rows = (
            self.db.connection()
            .execute(
                f"SELECT {_LIST_COLUMNS} FROM invoices {where} ORDER BY issue_date DESC, id DESC LIMIT ? OFFSET ?",  # noqa: S608
                (*params, limit, offset),
            )
            .fetchall()
        )
        return [_row(r) for r in rows]

    def xml(self, company_id: int, ksef_number: str) -> bytes | None:
        row = (
            self.db.connection()
            .execute(
                "SELECT d.xml FROM invoices i JOIN invoice_documents d ON d.invoice_id = i.id"
                " WHERE i.company_id = ? AND i.ksef_number = ?",
                (company_id, ksef_number),
            )
            .fetchone()
        )
        return bytes(row["xml"]) if row else None

    def mark_seen(self, company_id: int | None = None, ksef_numbers: Sequence[str] | None = None) -> int:
        """Clear the "new" marker of these invoices (all of the company's, or all, when not given)."""
        sql = "UPDATE invoices SET is_new = 0 WHERE is_new = 1"
        params: tuple[object, ...] = ()
        if company_id is not None:
            sql += " AND company_id = ?"
            params += (company_id,)
        if ksef_numbers is None:
            with self.db.transaction() as conn:
                return int(conn.execute(sql, params).rowcount)
        changed = 0
        with self.db.transaction() as conn:
            for start in range(0, len(ksef_numbers), 500):  # SQLite limits the number of parameters
                chunk = tuple(ksef_numbers[start : start + 500])
                changed += conn.execute(
                    sql + f" AND ksef_number IN ({','.join('?' * len(chunk))})", params + chunk
                ).rowcount
        return changed

    def iter_xml(self, company_id: int, batch: int = 500) -> Iterator[tuple[str, str | None, bytes]]:
        """(KSeF number, issue date, XML) of every invoice, a batch at a time so memory stays flat."""
        last = 0
        while True:
            rows = (
                self.db.connection()
                .execute(
                    "SELECT i.id, i.ksef_number, i.issue_date, d.xml FROM invoices i"
                    " JOIN invoice_documents d ON d.invoice_id = i.id WHERE i.company_id = ? AND i.id > ?"
                    " ORDER BY i.id LIMIT ?",
                    (company_id, last, batch),
                )
                .fetchall()
            )
            if not rows:
                return
            for row in rows:
                yield row["ksef_number"], row["issue_date"], bytes(row["xml"])
            last = rows[-1]["id"]

    def table_rows(self) -> builtins.list[InvoiceRow]:
        """Every invoice as a named row for the list views, newest issue date first. The amounts are decimal
        text (a TEXT column converts anything else to text), read with Decimal directly: 100,000 rows."""
        amount = Decimal
        return [
            InvoiceRow(  # in the order of the columns selected below
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                row[7],
                row[8],
                amount(row[9]),
                amount(row[10]),
                amount(row[11]),
                row[12],
                row[13],
                bool(row[14]),
            )
            for row in self.db.connection()
            .execute(
                "SELECT i.ksef_number, c.nip, i.direction, i.invoice_number, i.issue_date, i.seller_nip,"
                " i.seller_name, i.buyer_id, i.buyer_name, i.net, i.vat, i.gross, i.currency, i.status, i.is_new"
                " FROM invoices i JOIN companies c ON c.id = i.company_id WHERE c.archived_at IS NULL"
                " ORDER BY i.issue_date DESC, i.id DESC"
            )
            .fetchall()
        ]

    def metadata(self, company_id: int, ksef_number: str) -> dict[str, Any]:
        row = (
            self.db.connection()
            .execute(
                "SELECT d.metadata FROM invoices i JOIN invoice_documents d ON d.invoice_id = i.id"
                " WHERE i.company_id = ? AND i.ksef_number = ?",
                (company_id, ksef_number),
            )
            .fetchone()
        )
        return dict(json.loads(row["metadata"])) if row else {}
