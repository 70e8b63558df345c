"""Exporting for the accountant writes only inside the chosen folder: names built from server data
(issueDate, ksefNumber) are confined and valid on Windows, and planted symbolic links are never followed."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Company, Environment
from ksefdesk.services.export import write_csv, write_xml_files, xml_path
from ksefdesk.services.ksef.answers import InvoiceMetadata
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.services.store.invoices import InvoiceRepository, ReceivedInvoice

NIP = "5265877635"
GOOD = "5265877635-20261124-0100000000AA-01"
WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
HOSTILE_NUMBERS = [
    "../../../../outside",
    "..",
    "/tmp/absolute",
    "C:\\Windows\\evil",
    "CON",
    "nul",
    "COM1",
    'a:b*c?d"e<f>g|h',
    "trailing. . .",
    "tab\there\x01",
    "x" * 300,
]
HOSTILE_DATES = ["../../../../outside-date", "2026-11/../../x", "..-..-01", "2026-13-01", "", None, "2026/11/24"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[InvoiceRepository, Company]]:
    db = Database(tmp_path / "data" / "app.db")
    company = CompanyRepository(db).add(NIP, Environment.SANDBOX)
    yield InvoiceRepository(db), company
    db.close()


def _add(invoices: InvoiceRepository, company: Company, number: str, issue: str | None, xml: bytes = b"<F/>") -> None:
    metadata = InvoiceMetadata(number, "", issue_date=issue, invoice_number="FV/1")
    invoices.store(company.id, Direction.PURCHASE, [ReceivedInvoice(metadata, xml + number.encode("utf-8"))])


def _outside(tmp_path: Path, out: Path) -> list[Path]:
    """Everything under tmp_path that is neither the export folder nor the data folder."""
    return [p for p in tmp_path.rglob("*") if out not in (p, *p.parents) and (tmp_path / "data") not in (p, *p.parents)]


def test_hostile_numbers_and_dates_stay_inside_with_windows_safe_names(
    store: tuple[InvoiceRepository, Company], tmp_path: Path
) -> None:
    invoices, company = store
    for n, number in enumerate(HOSTILE_NUMBERS):
        _add(invoices, company, number, HOSTILE_DATES[n % len(HOSTILE_DATES)])
    _add(invoices, company, GOOD, "2026-11-24")
    out = tmp_path / "export"
    result = write_xml_files(invoices, company, out)
    assert result.xml_written == len(HOSTILE_NUMBERS) + 1  # none lost, none overwriting another
    assert _outside(tmp_path, out) == [], "written outside --out"
    assert not Path("/tmp/absolute.xml").exists()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == len(HOSTILE_NUMBERS) + 1
    for path in files:
        for part in path.relative_to(out).parts:
            assert not WINDOWS_BAD.search(part), part
            assert part.split(".")[0].upper() not in RESERVED, part
            assert part == part.rstrip(" .") and len(part) <= 160 and part not in (".", "..")
    assert (out / NIP / "2026" / "11" / f"{GOOD}.xml").exists()  # real KSeF numbers keep their names
    assert xml_path(out, NIP, GOOD, "2026-11-24") == out / NIP / "2026" / "11" / f"{GOOD}.xml"


def test_planted_links_are_never_followed(store: tuple[InvoiceRepository, Company], tmp_path: Path) -> None:
    invoices, company = store
    _add(invoices, company, GOOD, "2026-11-24")
    _add(invoices, company, "5265877635-20261124-0100000000BB-02", "2026-12-01")
    victim = tmp_path / "victim.txt"
    victim.write_text("user's own file", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "export"
    (out / NIP / "2026" / "11").mkdir(parents=True)
    target = out / NIP / "2026" / "11" / f"{GOOD}.xml"
    target.symlink_to(victim)  # the final name is a link to the user's file
    (target.parent / f"{GOOD}.xml.part").symlink_to(victim)  # and so is the old temporary name
    (out / NIP / "2026" / "12").symlink_to(elsewhere)  # a whole month folder points elsewhere
    with pytest.raises(Exception) as caught:
        write_xml_files(invoices, company, out)
    assert getattr(caught.value, "code", "") == "export.unsafe_path"
    assert victim.read_text(encoding="utf-8") == "user's own file"
    assert list(elsewhere.iterdir()) == []
    assert not target.is_symlink() and target.read_bytes().startswith(b"<F/>")  # the link itself was replaced


def test_the_sheet_is_not_written_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("user's own file", encoding="utf-8")
    sheet = tmp_path / "faktury.csv"
    (tmp_path / "faktury.csv.part").symlink_to(victim)
    write_csv([], sheet)
    assert victim.read_text(encoding="utf-8") == "user's own file"
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf") and not sheet.is_symlink()


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="POSIX")
def test_no_temporary_files_are_left(store: tuple[InvoiceRepository, Company], tmp_path: Path) -> None:
    invoices, company = store
    _add(invoices, company, GOOD, "2026-11-24")
    out = tmp_path / "export"
    write_xml_files(invoices, company, out)
    second = write_xml_files(invoices, company, out)
    assert second.xml_unchanged == 1 and second.xml_written == 0
    assert [p.name for p in out.rglob("*") if p.is_file()] == [f"{GOOD}.xml"]
