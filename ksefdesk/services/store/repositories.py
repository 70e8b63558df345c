"""Repositories: the only code that writes SQL for companies, authorizations and settings."""

from __future__ import annotations

import builtins
import sqlite3
from datetime import datetime

from ksefdesk.core.auth_flow import PendingRequest
from ksefdesk.core.errors import UserError
from ksefdesk.core.models import (
    COMPANY_NAME_LIMIT,
    AuthMethod,
    Authorization,
    AuthorizationKind,
    Company,
    ConnectionStatus,
    Environment,
    validate_base_url,
)
from ksefdesk.core.nip import normalize_nip
from ksefdesk.core.status import StatusReason, parse_reason, parse_status
from ksefdesk.services.store.database import Database, from_db_time, to_db_time, utc_now


def _company(row: sqlite3.Row) -> Company:
    created = from_db_time(row["created_at"])
    updated = from_db_time(row["updated_at"])
    assert created and updated
    status = parse_status(row["status"])  # stored by value; an unknown one never stops the list from loading
    return Company(
        id=row["id"],
        nip=row["nip"],
        name=row["name"],
        environment=Environment(row["environment"]),
        base_url=row["base_url"],
        auth_method=AuthMethod(row["auth_method"]) if row["auth_method"] else None,
        status=status,
        status_reason=parse_reason(status, row["status_reason"]),
        created_at=created,
        updated_at=updated,
        last_sync_at=from_db_time(row["last_sync_at"]),
        archived_at=from_db_time(row["archived_at"]),
        switch_from=row["switch_from"],
        # migration tests read older schemas; ``in row`` would search a Row's values, not its columns
        login_via=row["login_via"] if "login_via" in row.keys() else None,  # noqa: SIM118
    )


class CompanyRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, nip: str, environment: Environment, *, name: str = "", base_url: str | None = None) -> Company:
        nip = normalize_nip(nip)
        name = " ".join(name.split())
        if len(name) > COMPANY_NAME_LIMIT:
            raise UserError("company.name_too_long", length=len(name), limit=COMPANY_NAME_LIMIT)
        url = validate_base_url(base_url or environment.default_base_url)
        now = to_db_time(utc_now())
        with self.db.transaction() as conn:
            existing = conn.execute(
                "SELECT environment FROM companies WHERE nip = ? AND archived_at IS NULL", (nip,)
            ).fetchone()
            if existing:
                raise UserError("company.duplicate", nip=nip, environment=existing["environment"])
            conn.execute(
                "INSERT INTO companies (nip, name, environment, base_url, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (nip, name, environment.value, url, now, now),
            )
        return self.get(nip)

    def find(self, nip: str) -> Company | None:
        """The company in use with this NIP (archives of environments it left are not "in use")."""
        row = (
            self.db.connection()
            .execute("SELECT * FROM companies WHERE nip = ? AND archived_at IS NULL", (nip,))
            .fetchone()
        )
        return _company(row) if row else None

    def get(self, nip: str) -> Company:
        """The company with this NIP (typed by a user: validated first) or a clear error."""
        nip = normalize_nip(nip)
        company = self.find(nip)
        if company is None:
            raise UserError("company.not_found", nip=nip)
        return company

    def by_id(self, company_id: int) -> Company | None:
        row = self.db.connection().execute("SELECT * FROM companies WHERE id = ?", (company_id,)).fetchone()
        return _company(row) if row else None

    def list(self) -> list[Company]:
        rows = (
            self.db.connection()
            .execute("SELECT * FROM companies WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, nip")
            .fetchall()
        )
        return [_company(r) for r in rows]

    def archives(self, nip: str | None = None) -> builtins.list[Company]:
        """Archives of environments companies left, newest first (the data stays until deleted)."""
        sql = "SELECT * FROM companies WHERE archived_at IS NOT NULL"
        params: tuple[str, ...] = ()
        if nip is not None:
            sql, params = sql + " AND nip = ?", (nip,)
        rows = self.db.connection().execute(sql + " ORDER BY archived_at DESC", params).fetchall()
        return [_company(r) for r in rows]

    def remove(self, nip: str) -> Company:
        company = self.get(nip)
        self.delete(company.id)
        return company

    def delete(self, company_id: int) -> None:
        """Deletes a company (or an archive) with everything stored for it."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE companies SET login_via = NULL WHERE login_via = ?", (company_id,))
            conn.execute("DELETE FROM companies WHERE id = ?", (company_id,))

    # --- switching environment -------------------------------------------------------------------
    def begin_switch(self, nip: str, environment: Environment, *, base_url: str | None = None) -> Company:
        """Puts the company in use aside (kept whole, as an archive) and adds it in ``environment``,
        waiting for its login there. Undone by ``cancel_switch``; made final by ``finish_switch``."""
        old = self.get(nip)
        url = validate_base_url(base_url or environment.default_base_url)
        now = to_db_time(utc_now())
        with self.db.transaction() as conn:
            conn.execute("UPDATE companies SET archived_at = ?, updated_at = ? WHERE id = ?", (now, now, old.id))
            conn.execute(
                "INSERT INTO companies (nip, name, environment, base_url, created_at, updated_at, switch_from)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (old.nip, old.name, environment.value, url, now, now, old.id),
            )
        return self.get(nip)

    def finish_switch(self, nip: str) -> Company:
        """The login in the new environment succeeded: the old one stays as an archive."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE companies SET switch_from = NULL WHERE nip = ? AND archived_at IS NULL", (nip,))
        return self.get(nip)

    def cancel_switch(self, nip: str) -> Company | None:
        """Back to exactly where the switch started: the new entry goes, the old company is in use again."""
        current = self.find(nip)
        if current is None or current.switch_from is None:
            return current
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM companies WHERE id = ?", (current.id,))
            conn.execute("UPDATE companies SET archived_at = NULL WHERE id = ?", (current.switch_from,))
        return self.find(nip)

    def unfinished_switches(self) -> builtins.list[Company]:
        rows = (
            self.db.connection()
            .execute("SELECT * FROM companies WHERE switch_from IS NOT NULL AND archived_at IS NULL")
            .fetchall()
        )
        return [_company(r) for r in rows]

    def rename(self, nip: str, name: str) -> Company:
        return self._update(nip, name=" ".join(name.split()))

    def set_status(self, nip: str, status: ConnectionStatus, reason: StatusReason | None = None) -> Company:
        """The company's state, with the reason for REAUTH_NEEDED and UNAVAILABLE (stored as the enum's value)."""
        return self._update(nip, status=status.value, status_reason=reason.value if reason else "")

    def set_auth_method(self, nip: str, method: AuthMethod | None) -> Company:
        return self._update(nip, auth_method=method.value if method else None)

    def set_login_via(self, nip: str, office_id: int | None) -> Company:
        """Log the company in with the KSeF certificate of company ``office_id`` (None: its own)."""
        return self._update(nip, login_via=office_id)

    def clients_of(self, office_id: int) -> builtins.list[Company]:
        """The companies (not archives) that log in with the certificate of company ``office_id``."""
        rows = (
            self.db.connection()
            .execute(
                "SELECT * FROM companies WHERE login_via = ? AND archived_at IS NULL ORDER BY name COLLATE NOCASE, nip",
                (office_id,),
            )
            .fetchall()
        )
        return [_company(row) for row in rows]

    def mark_synced(self, nip: str, when: datetime) -> Company:
        return self._update(nip, last_sync_at=to_db_time(when))

    _COLUMNS = frozenset({"name", "status", "status_reason", "auth_method", "last_sync_at", "login_via"})

    def _update(self, nip: str, **values: object) -> Company:
        assert values and set(values) <= self._COLUMNS  # column names never come from users
        company = self.get(nip)
        assignments = ", ".join(f"{column} = ?" for column in values)
        with self.db.transaction() as conn:
            conn.execute(
                f"UPDATE companies SET {assignments}, updated_at = ? WHERE id = ?",  # noqa: S608
                (*values.values(), to_db_time(utc_now()), company.id),
            )
        return self.get(nip)


def _authorization(row: sqlite3.Row) -> Authorization:
    created = from_db_time(row["created_at"])
    assert created
    return Authorization(
        company_id=row["company_id"],
        kind=AuthorizationKind(row["kind"]),
        secret_ref=row["secret_ref"],
        expires_at=from_db_time(row["expires_at"]),
        created_at=created,
        reference=row["reference"],
    )


class AuthorizationRepository:
    """Which credentials a company has and when they expire: references only, never secrets."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(
        self,
        company_id: int,
        kind: AuthorizationKind,
        secret_ref: str,
        expires_at: datetime | None,
        reference: str | None = None,
    ) -> Authorization:
        with self.db.transaction() as conn:
            self.save_in(conn, company_id, kind, secret_ref, expires_at, reference)
        found = self.get(company_id, kind)
        assert found
        return found

    @staticmethod
    def save_in(
        conn: sqlite3.Connection,
        company_id: int,
        kind: AuthorizationKind,
        secret_ref: str,
        expires_at: datetime | None,
        reference: str | None = None,
    ) -> None:
        """The same inside a caller's transaction (several credentials stored atomically)."""
        conn.execute(
            "INSERT INTO authorizations (company_id, kind, secret_ref, expires_at, created_at, reference)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (company_id, kind) DO UPDATE SET"
            " secret_ref = excluded.secret_ref, expires_at = excluded.expires_at,"
            " created_at = excluded.created_at, reference = excluded.reference",
            (company_id, kind.value, secret_ref, to_db_time(expires_at), to_db_time(utc_now()), reference),
        )

    def get(self, company_id: int, kind: AuthorizationKind) -> Authorization | None:
        row = (
            self.db.connection()
            .execute("SELECT * FROM authorizations WHERE company_id = ? AND kind = ?", (company_id, kind.value))
            .fetchone()
        )
        return _authorization(row) if row else None

    def for_company(self, company_id: int) -> list[Authorization]:
        rows = (
            self.db.connection()
            .execute("SELECT * FROM authorizations WHERE company_id = ? ORDER BY kind", (company_id,))
            .fetchall()
        )
        return [_authorization(r) for r in rows]

    def delete(self, company_id: int, kind: AuthorizationKind | None = None) -> int:
        with self.db.transaction() as conn:
            if kind is None:
                cur = conn.execute("DELETE FROM authorizations WHERE company_id = ?", (company_id,))
            else:
                cur = conn.execute(
                    "DELETE FROM authorizations WHERE company_id = ? AND kind = ?", (company_id, kind.value)
                )
        return cur.rowcount


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.connection().execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else default

    def set(self, key: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


class PendingRequestRepository:
    """The file to sign a user downloaded, kept until the signed copy comes back (or a new one)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, company_id: int, request: PendingRequest) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO pending_authorizations (company_id, challenge, challenge_time, document, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (company_id) DO UPDATE SET challenge = excluded.challenge,"
                " challenge_time = excluded.challenge_time, document = excluded.document,"
                " created_at = excluded.created_at",
                (
                    company_id,
                    request.challenge,
                    request.challenge_time.isoformat(),
                    request.document,
                    to_db_time(utc_now()),
                ),
            )

    def get(self, company: Company) -> PendingRequest | None:
        row = (
            self.db.connection()
            .execute("SELECT * FROM pending_authorizations WHERE company_id = ?", (company.id,))
            .fetchone()
        )
        if row is None:
            return None
        return PendingRequest(
            company.nip, row["challenge"], datetime.fromisoformat(row["challenge_time"]), bytes(row["document"])
        )

    def delete(self, company_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM pending_authorizations WHERE company_id = ?", (company_id,))
