"""The watched outbox folder: files go to their seller's outbox once and leave the folder."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ksefdesk.core.models import Environment
from ksefdesk.services.outbox_folder import IMPORTED, REFUSED, scan_folder
from ksefdesk.services.send import Outbox, Sender
from ksefdesk.services.store import CompanyRepository, Database
from tests.sandbox.kit import invoice_xml

BAKERY, SHOP, STRANGER = "5265877635", "7251801126", "1111111111"


@pytest.fixture
def sender(tmp_path: Path) -> Iterator[Sender]:
    db = Database(tmp_path / "app.db")
    companies = CompanyRepository(db)
    companies.add(BAKERY, Environment.SANDBOX)
    companies.add(SHOP, Environment.SANDBOX)
    yield Sender(companies, Outbox(db), None, lambda company: None)  # type: ignore[arg-type]
    db.close()


def _old(path: Path) -> None:
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))


def test_files_go_to_their_sellers_and_leave_the_folder(sender: Sender, tmp_path: Path) -> None:
    folder = tmp_path / "wysylka"
    folder.mkdir()
    files = {
        "a.xml": invoice_xml(BAKERY, number="FV/1"),
        "b.XML": invoice_xml(SHOP, number="FV/2"),
        "c.xml": invoice_xml(STRANGER, number="FV/3"),
        "d.xml": b"<nie-faktura/>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
        _old(folder / name)
    (folder / "notatka.txt").write_text("not an invoice file")
    scan = scan_folder(sender, folder)
    assert sorted(scan.queued) == [("a.xml", BAKERY), ("b.XML", SHOP)]
    assert sorted(name for name, _ in scan.refused) == ["c.xml", "d.xml"]
    assert sorted(p.name for p in (folder / IMPORTED).iterdir()) == ["a.xml", "b.XML"]
    reason = (folder / REFUSED / "c.xml.txt").read_text(encoding="utf-8")
    assert STRANGER in reason and "nie ma w KSeF Desk" in reason and "not one of your companies" in reason
    assert (folder / REFUSED / "d.xml").read_bytes() == b"<nie-faktura/>"  # kept, never lost
    assert (folder / "notatka.txt").exists()
    bakery = sender.companies.get(BAKERY)
    assert [i.invoice_number for i in sender.outbox.items(bakery.id)] == ["FV/1"]


def test_a_file_still_being_written_waits_and_the_same_file_twice_is_one_invoice(
    sender: Sender, tmp_path: Path
) -> None:
    folder = tmp_path / "wysylka"
    folder.mkdir()
    (folder / "a.xml").write_bytes(invoice_xml(BAKERY, number="FV/9"))
    assert scan_folder(sender, folder).queued == []  # just written: maybe not finished
    _old(folder / "a.xml")
    assert len(scan_folder(sender, folder).queued) == 1
    (folder / "a.xml").write_bytes((folder / IMPORTED / "a.xml").read_bytes())  # dropped again
    _old(folder / "a.xml")
    assert len(scan_folder(sender, folder).queued) == 1
    assert (folder / IMPORTED / "a (1).xml").exists()
    assert len(sender.outbox.items(sender.companies.get(BAKERY).id)) == 1
