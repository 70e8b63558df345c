"""SQLite database: WAL, one connection per thread, migrations after a backup copy."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.errors import UserError
from ksefdesk.services.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_db_time(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def from_db_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Database:
    """Owns the database file. Each thread gets its own connection (SQLite's rule); writes are
    serialized by SQLite's own lock with a busy timeout, which WAL keeps short."""

    def __init__(
        self,
        path: Path,
        *,
        migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
        target_version: int | None = None,
    ) -> None:
        self.path = path
        self._migrations = migrations
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._migrate(len(migrations) if target_version is None else target_version)

    # --- connections ----------------------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: we open transactions ourselves (see transaction()).
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except sqlite3.DatabaseError as exc:
            raise UserError("store.unreadable", path=str(self.path), reason=str(exc)) from exc
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise UserError("store.busy", details=str(exc)) from exc
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # --- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.connection().execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        is_new = not self.path.exists() or self.path.stat().st_size == 0
        if is_new:
            self.path.touch(mode=0o600)
        try:
            current = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise UserError("store.unreadable", path=str(self.path), reason=str(exc)) from exc
        latest = len(self._migrations)
        if current > latest:
            raise UserError("store.newer_version", path=str(self.path), found=current, known=latest)
        if current >= target:
            return
        backup = None if current == 0 else self._backup(current)
        crashpoint("migration.backed_up")
        # Tables are rebuilt the way SQLite documents it: with foreign keys off (a DROP would cascade
        # otherwise), checked before the commit, on again afterwards. The pragma is a no-op inside a
        # transaction, hence outside.
        conn = self.connection()
        conn.execute("PRAGMA foreign_keys=OFF")
        try:
            with self.transaction() as conn:
                for version in range(current + 1, target + 1):
                    for statement in self._migrations[version - 1]:
                        conn.execute(statement)
                    crashpoint(f"migration.applied_{version}")  # inside the transaction: nothing committed
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise sqlite3.IntegrityError(f"foreign keys broken in {broken[0][0]}")
                # PRAGMA takes no parameters; target is an int we computed.
                conn.execute(f"PRAGMA user_version = {int(target)}")
        except sqlite3.DatabaseError as exc:
            raise UserError(
                "store.migration_failed", version=target, reason=str(exc), backup=str(backup or "-")
            ) from exc
        finally:
            conn.execute("PRAGMA foreign_keys=ON")
        log.info("database %s migrated from schema %d to %d", self.path, current, target)

    def _backup(self, version: int) -> Path:
        """Copy the database (consistently, WAL included) before changing its schema."""
        stamp = utc_now().strftime("%Y%m%dT%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.v{version}-{stamp}.bak")
        os.close(os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # private before the first byte
        target = sqlite3.connect(backup)
        try:
            self.connection().backup(target)
        finally:
            target.close()
        backup.chmod(0o600)
        log.info("database backed up to %s before migration", backup)
        return backup
