"""The sandbox's persistent state: SQLite under its data folder, so a restart keeps everything."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ksefsandbox.files import create_private, private_folder
from ksefsandbox.storage import Storage

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE challenges (
            challenge TEXT PRIMARY KEY, timestamp_ms INTEGER NOT NULL, client_ip TEXT NOT NULL,
            used INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE auth_operations (
            ref TEXT PRIMARY KEY, context_type TEXT NOT NULL, context_value TEXT NOT NULL,
            subject_type TEXT NOT NULL, subject_value TEXT NOT NULL, method TEXT NOT NULL, category TEXT NOT NULL,
            status_code INTEGER NOT NULL, status_description TEXT NOT NULL, status_details TEXT NOT NULL DEFAULT '[]',
            permissions TEXT NOT NULL DEFAULT '[]', ksef_token_ref TEXT, start_date TEXT NOT NULL,
            redeemed INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0,
            refresh_valid_until TEXT, last_refresh TEXT, auth_digest TEXT)""",
        "CREATE INDEX auth_operations_context ON auth_operations (context_value, start_date)",
        """CREATE TABLE ksef_tokens (
            ref TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, context_type TEXT NOT NULL,
            context_value TEXT NOT NULL, author_type TEXT NOT NULL, author_value TEXT NOT NULL,
            description TEXT NOT NULL, permissions TEXT NOT NULL, status TEXT NOT NULL, date_created TEXT NOT NULL,
            last_use TEXT, status_details TEXT NOT NULL DEFAULT '[]')""",
        """CREATE TABLE grants (
            context_value TEXT NOT NULL, subject_type TEXT NOT NULL, subject_value TEXT NOT NULL,
            permission TEXT NOT NULL, PRIMARY KEY (context_value, subject_type, subject_value, permission))""",
        """CREATE TABLE sessions (
            ref TEXT PRIMARY KEY, kind TEXT NOT NULL, context_value TEXT NOT NULL, auth_ref TEXT NOT NULL,
            form_code TEXT NOT NULL, aes_key BLOB, iv BLOB NOT NULL, status_code INTEGER NOT NULL,
            status_description TEXT NOT NULL, status_details TEXT NOT NULL DEFAULT '[]', date_created TEXT NOT NULL,
            date_updated TEXT NOT NULL, valid_until TEXT NOT NULL, offline INTEGER NOT NULL DEFAULT 0,
            batch TEXT, upo_ref TEXT)""",
        """CREATE TABLE invoices (
            id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, session_ref TEXT, ordinal INTEGER NOT NULL DEFAULT 0,
            ksef_number TEXT UNIQUE, seller_nip TEXT NOT NULL, seller_name TEXT NOT NULL DEFAULT '',
            buyer_type TEXT NOT NULL DEFAULT 'None', buyer_value TEXT, buyer_name TEXT,
            third_subjects TEXT NOT NULL DEFAULT '[]', authorized_subject TEXT,
            invoice_number TEXT NOT NULL DEFAULT '', invoice_type TEXT NOT NULL DEFAULT 'Vat',
            form_code TEXT NOT NULL DEFAULT 'FA', issue_date TEXT NOT NULL, invoicing_date TEXT NOT NULL,
            acquisition_date TEXT, permanent_storage_date TEXT, net REAL NOT NULL DEFAULT 0,
            vat REAL NOT NULL DEFAULT 0, gross REAL NOT NULL DEFAULT 0, currency TEXT NOT NULL DEFAULT 'PLN',
            invoice_hash TEXT NOT NULL, corrected_hash TEXT, xml BLOB, file_name TEXT,
            offline INTEGER NOT NULL DEFAULT 0, self_invoicing INTEGER NOT NULL DEFAULT 0,
            has_attachment INTEGER NOT NULL DEFAULT 0, status_code INTEGER NOT NULL,
            status_description TEXT NOT NULL, status_details TEXT NOT NULL DEFAULT '[]',
            status_extensions TEXT)""",
        "CREATE INDEX invoices_session ON invoices (session_ref, ordinal)",
        "CREATE INDEX invoices_buyer ON invoices (buyer_value, permanent_storage_date)",
        "CREATE INDEX invoices_seller ON invoices (seller_nip, permanent_storage_date)",
        "CREATE INDEX invoices_duplicate ON invoices (seller_nip, invoice_type, invoice_number)",
        """CREATE TABLE third_subjects (
            invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE, value TEXT NOT NULL,
            PRIMARY KEY (value, invoice_id))""",
        """CREATE TABLE testdata (
            kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (kind, key))""",
        """CREATE TABLE exports (
            ref TEXT PRIMARY KEY, context_value TEXT NOT NULL, created TEXT NOT NULL, status_code INTEGER NOT NULL,
            status_description TEXT NOT NULL, status_details TEXT NOT NULL DEFAULT '[]', completed TEXT,
            package TEXT)""",
    ),
    (
        # KSeF certificates issued by the sandbox's own CA, and their enrollments.
        "ALTER TABLE auth_operations ADD COLUMN login_certificate TEXT",  # DER, base64
        """CREATE TABLE ksef_certificates (
            serial TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, subject_type TEXT NOT NULL,
            subject_value TEXT NOT NULL, common_name TEXT NOT NULL, status TEXT NOT NULL, valid_from TEXT NOT NULL,
            valid_to TEXT NOT NULL, request_date TEXT NOT NULL, last_use TEXT, der BLOB NOT NULL)""",
        "CREATE INDEX ksef_certificates_subject ON ksef_certificates (subject_type, subject_value)",
        """CREATE TABLE cert_enrollments (
            ref TEXT PRIMARY KEY, subject_type TEXT NOT NULL, subject_value TEXT NOT NULL, request_date TEXT NOT NULL,
            status_code INTEGER NOT NULL, status_description TEXT NOT NULL, status_details TEXT NOT NULL DEFAULT '[]',
            serial TEXT, name TEXT NOT NULL, type TEXT NOT NULL, csr BLOB NOT NULL, valid_from TEXT)""",
    ),
    (
        # Collective identifiers (IZ, API 2.7+) and the invoices each groups (api_collective).
        """CREATE TABLE collective_ids (
            number TEXT PRIMARY KEY, context_value TEXT NOT NULL, seller_nip TEXT NOT NULL,
            date_created TEXT NOT NULL, invoice_count INTEGER NOT NULL)""",
        "CREATE INDEX collective_ids_context ON collective_ids (context_value, date_created)",
        "CREATE INDEX collective_ids_seller ON collective_ids (seller_nip, date_created)",
        """CREATE TABLE collective_invoices (
            number TEXT NOT NULL REFERENCES collective_ids(number) ON DELETE CASCADE, ksef_number TEXT NOT NULL,
            amount REAL, currency TEXT, description TEXT, PRIMARY KEY (number, ksef_number))""",
        "CREATE INDEX collective_invoices_ksef ON collective_invoices (ksef_number)",
    ),
    (
        # X-KSeF-Feature values a session was opened with (API 2.8.0: subject-identifier-validation).
        "ALTER TABLE sessions ADD COLUMN features TEXT NOT NULL DEFAULT '[]'",
    ),
)


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z") if value else None


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass
class Row:
    """A database row with JSON columns decoded lazily by ``json_of``."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def json_of(self, key: str, default: Any = None) -> Any:
        raw = self.values.get(key)
        return json.loads(raw) if raw else default


class SandboxState:
    def __init__(self, folder: Path) -> None:
        private_folder(folder)  # Sandbox has tightened what an older version left readable
        self.folder = folder
        create_private(folder / "sandbox.db")  # SQLite gives its -wal and -shm files the same mode
        self.db = Storage(folder / "sandbox.db", MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    def one(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        row = self.db.read_one(sql, tuple(params))
        return Row(dict(row)) if row else None

    def all(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return [Row(dict(r)) for r in self.db.read(sql, tuple(params))]

    def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        with self.db.transaction() as conn:
            return conn.execute(sql, tuple(params)).rowcount

    def insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.db.transaction() as conn:
            cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values()))
            return int(cursor.lastrowid or 0)

    def update(self, table: str, key: str, key_value: Any, values: dict[str, Any]) -> int:
        assignments = ", ".join(f"{column} = ?" for column in values)
        return self.execute(
            f"UPDATE {table} SET {assignments} WHERE {key} = ?",
            (*values.values(), key_value),
        )
