"""`ksefdesk pdf`: invoices and UPOs as A4 PDFs offline, KOD I readable from the printed page."""

from __future__ import annotations

import io
from pathlib import Path

from benchmarks.bench_pdf import invoice
from ksefdesk.cli import EXIT_OK, EXIT_USER_ERROR, Output, run
from ksefdesk.core.models import Environment
from ksefdesk.core.qr import InvoiceFacts, kod1_link
from ksefdesk.ui.paper import sheet_count
from tests.qr_helpers import decoded_qr

EXAMPLES = Path(__file__).resolve().parent / "data" / "examples"  # copies of the official KSeF examples


def cli(*args: str, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out=Output(lang, out, err))  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_an_invoice_pdf_carries_kod1_with_its_ksef_number(tmp_path: Path) -> None:
    source = EXAMPLES / "fa3" / "invoice-template-fa-3-with-custom-Subject3.xml"
    target = tmp_path / "faktura.pdf"
    code, out, err = cli("pdf", str(source), "--env", "prod", "--out", str(target), "--ksef-number", "K-123")
    assert code == EXIT_OK, err
    assert "page(s)" in out and target.read_bytes().startswith(b"%PDF")
    assert decoded_qr(target) == [kod1_link(Environment.PROD, InvoiceFacts.of(source.read_bytes()))]


def test_long_line_tables_break_across_a4_sheets(tmp_path: Path) -> None:
    source = tmp_path / "dluga.xml"
    source.write_bytes(invoice(150))
    target = tmp_path / "dluga.pdf"
    code, _, err = cli("pdf", str(source), "--out", str(target))
    assert code == EXIT_OK, err
    pdf = target.read_bytes()
    assert sheet_count(pdf) >= 3 and b"/MediaBox [0 0 595.000000 842.000000]" in pdf  # A4, in points
    assert decoded_qr(target) == [kod1_link(Environment.TEST, InvoiceFacts.of(source.read_bytes()))]


def test_invoices_and_upos_together_each_from_a_new_sheet(tmp_path: Path) -> None:
    files = sorted((EXAMPLES / "fa3").glob("*.xml")) + sorted((EXAMPLES / "upo").glob("*.xml"))
    target = tmp_path / "wszystko.pdf"
    code, _, err = cli("pdf", *map(str, files), "--out", str(target), lang="pl")
    assert code == EXIT_OK, err
    assert sheet_count(target.read_bytes()) >= len(files)


def test_bad_files_and_places_get_messages(tmp_path: Path) -> None:
    text = tmp_path / "notatka.txt"
    text.write_text("to nie jest faktura", encoding="utf-8")
    code, _, err = cli("pdf", str(text), "--out", str(tmp_path / "x.pdf"))
    assert code == EXIT_USER_ERROR and "not an XML invoice" in err and not (tmp_path / "x.pdf").exists()
    source = EXAMPLES / "fa3" / "invoice-template-fa-3.xml"
    blocker = tmp_path / "plik"
    blocker.write_text("", encoding="utf-8")
    code, _, err = cli("pdf", str(source), "--out", str(blocker / "x.pdf"))
    assert code == EXIT_USER_ERROR and "could not be saved" in err
    code, _, err = cli("pdf", str(source), str(source), "--ksef-number", "K", "--out", str(tmp_path / "y.pdf"))
    assert code == EXIT_USER_ERROR and "single invoice file" in err
