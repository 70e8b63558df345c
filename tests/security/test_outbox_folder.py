"""The watched outbox folder: links are refused (never sent), refusal notes are private and quote nothing
from the file, a file dated in the future is still imported, and a file still being written is not read."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ksefdesk.core.models import Environment
from ksefdesk.services import outbox_folder
from ksefdesk.services.outbox_folder import IMPORTED, REFUSED, scan_folder
from ksefdesk.services.send import Outbox, Sender
from ksefdesk.services.store import CompanyRepository, Database
from tests.sandbox.kit import invoice_xml

BAKERY = "5265877635"


@pytest.fixture
def sender(tmp_path: Path) -> Iterator[Sender]:
    db = Database(tmp_path / "app.db")
    CompanyRepository(db).add(BAKERY, Environment.SANDBOX)
    yield Sender(CompanyRepository(db), Outbox(db), None, lambda company: None)  # type: ignore[arg-type]
    db.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "wysylka"
    path.mkdir()
    return path


def _age(path: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp), follow_symlinks=False)


def _queued(sender: Sender) -> list[str]:
    return [i.invoice_number for i in sender.outbox.items(sender.companies.get(BAKERY).id)]


def test_a_link_to_a_readable_invoice_is_refused_and_never_sent(sender: Sender, folder: Path, tmp_path: Path) -> None:
    private = tmp_path / "ksiegowosc" / "FV-poufna.xml"
    private.parent.mkdir()
    private.write_bytes(invoice_xml(BAKERY, number="FV/POUFNA/1"))
    _age(private, 60)
    (folder / "podrzucona.xml").symlink_to(private)
    _age(folder / "podrzucona.xml", 60)
    scan = scan_folder(sender, folder)
    assert scan.queued == [] and [(name, e.code) for name, e in scan.refused] == [
        ("podrzucona.xml", "send.link_refused")
    ]
    assert _queued(sender) == []
    assert private.read_bytes().startswith(b"<?xml")  # the target is left alone
    moved = folder / REFUSED / "podrzucona.xml"
    assert moved.is_symlink()  # the link itself was moved out of the way, not the file it points at


def test_refusal_notes_are_private_and_quote_nothing_from_the_file(sender: Sender, folder: Path) -> None:
    secret = "TAJNA-WARTOSC-Z-PLIKU"
    bad = invoice_xml(BAKERY, number="FV/ZLA/1").replace(b"<P_1>", f"<P_1>{secret}".encode())
    (folder / "zla.xml").write_bytes(bad)
    _age(folder / "zla.xml", 60)
    scan = scan_folder(sender, folder)
    assert [name for name, _ in scan.refused] == ["zla.xml"]
    note = folder / REFUSED / "zla.xml.txt"
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    text = note.read_text(encoding="utf-8")
    assert secret not in text, "the note quotes the file"
    assert "P_1" in text and "zla.xml" in text  # it still says what is wrong, in both languages
    assert "data wystawienia" in text and "issue date" in text


def test_a_file_dated_in_the_future_is_imported(sender: Sender, folder: Path) -> None:
    (folder / "jutro.xml").write_bytes(invoice_xml(BAKERY, number="FV/JUTRO/1"))
    _age(folder / "jutro.xml", -86_400)  # a wrong clock on the other computer: tomorrow
    seen: dict[str, tuple[int, int, int]] = {}
    first = scan_folder(sender, folder, state=seen)
    second = scan_folder(sender, folder, state=seen)
    assert first.queued == [] and second.queued == [("jutro.xml", BAKERY)]
    assert _queued(sender) == ["FV/JUTRO/1"] and (folder / IMPORTED / "jutro.xml").exists()


def test_a_file_still_being_written_is_never_read(sender: Sender, folder: Path) -> None:
    """A slow writer (a network drive) that keeps an old time stamp: not read until it has stopped changing."""
    whole = invoice_xml(BAKERY, number="FV/WOLNO/1")
    path = folder / "wolno.xml"
    seen: dict[str, tuple[int, int, int]] = {}
    written = 0
    for step in range(4):
        written = min(len(whole), written + len(whole) // 3 + 1)
        path.write_bytes(whole[:written])
        _age(path, 3600)  # the writer sets an old time stamp after each piece
        scan = scan_folder(sender, folder, state=seen)
        assert scan.refused == [], f"a half-written file was read and refused (step {step})"
        if written == len(whole) and scan.queued:
            break
    else:
        scan = scan_folder(sender, folder, state=seen)
    assert _queued(sender) == ["FV/WOLNO/1"]


def test_a_file_changing_while_it_is_read_is_left_for_the_next_scan(
    sender: Sender, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "w-trakcie.xml"
    path.write_bytes(invoice_xml(BAKERY, number="FV/TRAKCIE/1")[:200])
    _age(path, 60)
    real_read = os.read

    def read_while_the_writer_appends(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        with path.open("ab") as handle:  # the other program writes on as we read
            handle.write(b"<!-- more -->")
        return data

    monkeypatch.setattr(outbox_folder.os, "read", read_while_the_writer_appends)
    scan = scan_folder(sender, folder)
    assert scan.queued == [] and scan.refused == [] and path.exists()  # untouched, tried again later
