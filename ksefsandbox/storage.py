"""The sandbox's own SQLite helper: WAL, one connection per server thread, schema migrations.

Kept apart from the app's store on purpose: the sandbox is a package of its own and its database
(fake KSeF's state) has nothing in common with the user's. Errors are the catalogue's ``store.*``
ones, so that ``ksefdesk sandbox`` explains a broken file the same way the app does.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ksefdesk.core.errors import UserError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
Migrations = tuple[tuple[str, ...], ...]


class Storage:
    """Owns one database file. The server answers each request in its own thread, and SQLite
    connections belong to one thread each: every thread gets its own, all closed together."""

    def __init__(self, path: Path, migrations: Migrations) -> None:
        self.path = path
        self._migrations = migrations
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._migrate()

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
            # isolation_level=None: transactions are opened explicitly (transaction()).
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

    def schema_version(self) -> int:
        return int(self.connection().execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self.path.touch(mode=0o600)
        try:
            current = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise UserError("store.unreadable", path=str(self.path), reason=str(exc)) from exc
        target = len(self._migrations)
        if current > target:
            raise UserError("store.newer_version", path=str(self.path), found=current, known=target)
        if current == target:
            return
        backup = None if current == 0 else self._backup(current)
        # Foreign keys off while the schema changes (a table rebuild would cascade otherwise), checked
        # before the commit; the pragma is a no-op inside a transaction, hence outside.
        conn = self.connection()
        conn.execute("PRAGMA foreign_keys=OFF")
        try:
            with self.transaction() as conn:
                for statements in self._migrations[current:target]:
                    for statement in statements:
                        conn.execute(statement)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise sqlite3.IntegrityError(f"foreign keys broken in {broken[0][0]}")
                conn.execute(f"PRAGMA user_version = {int(target)}")  # PRAGMA takes no parameters
        except sqlite3.DatabaseError as exc:
            raise UserError(
                "store.migration_failed", version=target, reason=str(exc), backup=str(backup or "-")
            ) from exc
        finally:
            conn.execute("PRAGMA foreign_keys=ON")
        log.info("sandbox database migrated from schema %d to %d", current, target)

    def _backup(self, version: int) -> Path:
        """A consistent copy (WAL included) before the schema changes, private before its first byte."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.v{version}-{stamp}.bak")
        os.close(os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        target = sqlite3.connect(backup)
        try:
            self.connection().backup(target)
        finally:
            target.close()
        backup.chmod(0o600)
        return backup
