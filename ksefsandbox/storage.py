"""The sandbox's own SQLite helper: one connection, one lock, numbered schema steps.

Kept apart from the app's store on purpose (two implementations, no shared blind spot) and simpler
than it: the sandbox is a test server, so every read and every transaction takes the same lock on
one connection instead of a connection per thread. Errors are the catalogue's ``store.*`` ones, so
that ``ksefdesk sandbox`` explains a broken file the way the app does.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ksefdesk.core.errors import UserError

log = logging.getLogger(__name__)

Migrations = tuple[tuple[str, ...], ...]


class Storage:
    def __init__(self, path: Path, migrations: Migrations) -> None:
        self.path = path
        self._lock = threading.RLock()  # re-entrant: a transaction may read through the same helper
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise UserError("store.unreadable", path=str(path), reason=str(exc)) from exc
        self._upgrade(migrations)

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def read_one(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Everything inside commits together or not at all; other threads wait for it."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def schema_version(self) -> int:
        return int(self.read("PRAGMA user_version")[0][0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _upgrade(self, migrations: Migrations) -> None:
        try:
            found = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise UserError("store.unreadable", path=str(self.path), reason=str(exc)) from exc
        if found > len(migrations):
            raise UserError("store.newer_version", path=str(self.path), found=found, known=len(migrations))
        if found == len(migrations):
            return
        backup = self.path.with_name(f"{self.path.name}.v{found}.bak")
        if found:  # a copy of the old state first (the folder is private, so is the copy)
            with self._lock:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                with self.path.open("rb") as source, os.fdopen(_private_file(backup), "wb") as copy:
                    shutil.copyfileobj(source, copy)
        try:
            with self.transaction() as conn:
                for number, statements in enumerate(migrations[found:], start=found + 1):
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number}")  # PRAGMA takes no parameters
        except sqlite3.DatabaseError as exc:
            raise UserError(
                "store.migration_failed", version=len(migrations), reason=str(exc), backup=str(backup if found else "-")
            ) from exc
        log.info("sandbox database migrated from schema %d to %d", found, len(migrations))


def _private_file(path: Path) -> int:
    """Opened for writing, readable by this user only from its first byte."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
