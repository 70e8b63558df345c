"""The sandbox's own storage helper (not the app's): upgrades with a private copy, refuses a newer
file, rolls back, and keeps many server threads' writes apart."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from ksefdesk.core.errors import UserError
from ksefsandbox.storage import Storage

V1 = (("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",),)
V2 = (*V1, ("ALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'plain'",))


def test_an_upgrade_keeps_the_rows_and_a_private_copy_of_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    old = Storage(path, V1)
    with old.transaction() as conn:
        conn.execute("INSERT INTO notes (text) VALUES ('kept')")
    old.close()
    new = Storage(path, V2)
    assert new.schema_version() == 2
    assert [tuple(r) for r in new.read("SELECT text, kind FROM notes")] == [("kept", "plain")]
    backup = tmp_path / "s.db.v1.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert Storage(backup, V1).read_one("SELECT text FROM notes")["text"] == "kept"


def test_a_file_from_a_newer_sandbox_is_refused_untouched(tmp_path: Path) -> None:
    Storage(tmp_path / "s.db", V2).close()
    with pytest.raises(UserError) as caught:
        Storage(tmp_path / "s.db", V1)
    assert caught.value.code == "store.newer_version"


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "s.db", V1)
    with pytest.raises(RuntimeError), storage.transaction() as conn:
        conn.execute("INSERT INTO notes (text) VALUES ('half')")
        raise RuntimeError("cut short")
    assert storage.read("SELECT COUNT(*) FROM notes")[0][0] == 0


def test_threads_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "s.db", V1)

    def write(who: int) -> None:
        for n in range(50):
            with storage.transaction() as conn:
                conn.execute("INSERT INTO notes (text) VALUES (?)", (f"{who}-{n}",))
                assert storage.read_one("SELECT COUNT(*) FROM notes") is not None  # a read inside its own transaction

    threads = [threading.Thread(target=write, args=(who,)) for who in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert storage.read("SELECT COUNT(DISTINCT text) FROM notes")[0][0] == 400
