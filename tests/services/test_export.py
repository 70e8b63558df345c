"""The accountant's CSV: opens in a Polish spreadsheet as it is, and cannot carry formulas."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.invoices import Direction, StoredInvoice
from ksefdesk.services.export import write_csv, xml_path


def _invoice(**changes: object) -> StoredInvoice:
    values: dict[str, object] = {
        "ksef_number": "5265877635-20261124-0100000000AA-01",
        "direction": Direction.PURCHASE,
        "invoice_number": "FV/1/11/2026",
        "invoice_type": "Vat",
        "issue_date": "2026-11-24",
        "acquisition_date": None,
        "permanent_storage_date": None,
        "seller_nip": "7251801126",
        "seller_name": 'Hurtownia; "Żółw" sp. z o.o.',
        "buyer_id": "5265877635",
        "buyer_name": "Nabywca",
        "net": Decimal("1234.50"),
        "vat": Decimal("283.94"),
        "gross": Decimal("1518.44"),
        "currency": "PLN",
        "status": "received",
        "sha256": "x",
        "is_new": True,
        "received_at": datetime(2026, 11, 24, tzinfo=UTC),
    }
    values.update(changes)
    return StoredInvoice(**values)  # type: ignore[arg-type]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_polish_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "f.csv"
    assert write_csv([_invoice()], sheet) == 1
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, row = _rows(sheet)
    assert header[0] == "Numer KSeF" and header[11] == "Brutto"
    assert row[1] == "zakup" and row[6] == 'Hurtownia; "Żółw" sp. z o.o.'  # quoted, not split
    assert row[9:12] == ["1234,50", "283,94", "1518,44"]


def test_english_sheet_with_dot_decimals(tmp_path: Path) -> None:
    sheet = tmp_path / "f.csv"
    write_csv([_invoice(direction=Direction.SALES, gross=Decimal("-10.00"))], sheet, lang="en", polish_numbers=False)
    header, row = _rows(sheet)
    assert header[0] == "KSeF number" and row[1] == "sales" and row[11] == "-10.00"


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_text_cells_never_become_formulas(tmp_path: Path, hostile: str) -> None:
    sheet = tmp_path / "f.csv"
    write_csv([_invoice(seller_name=hostile, buyer_name=hostile, invoice_number=hostile)], sheet)
    row = _rows(sheet)[1]
    assert row[2] == row[6] == row[8] == "'" + hostile


def test_unwritable_target_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        write_csv([_invoice()], tmp_path / "missing" / "f.csv")
    assert caught.value.code == "export.cannot_write"
    assert not (tmp_path / "missing").exists()


def test_xml_files_go_per_nip_year_month(tmp_path: Path) -> None:
    assert xml_path(tmp_path, "5265877635", "K-1", "2026-03-07") == tmp_path / "5265877635/2026/03/K-1.xml"
