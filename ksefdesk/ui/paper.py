"""Invoices and UPOs on paper: Qt's rich-text document laid out on A4, written by Qt's own PDF writer
or sent to a printer. Several pages (invoices) go into one document, each starting on a new sheet; long
line tables break across sheets with their header row repeated."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QFont, QImage, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ksefdesk.core.errors import UserError
from ksefdesk.core.preview import Page

PAGE_BREAK = "<p style='page-break-before: always'></p>"
MARGINS_MM = QMarginsF(14, 14, 14, 14)


def text_document(pages: Sequence[Page]) -> QTextDocument:
    """One document holding every page, images registered under the names the HTML uses."""
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    for page in pages:
        for name, png in page.images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(png))
    bodies = [_body(page.html) for page in pages]
    head = pages[0].html.split("<body", 1)[0] if pages else "<html>"
    document.setHtml(f"{head}<body>{PAGE_BREAK.join(bodies)}</body></html>")
    return document


def _body(page_html: str) -> str:
    if "<body" not in page_html:
        return page_html
    inner = page_html.split("<body", 1)[1].split(">", 1)[1]
    return inner.rsplit("</body>", 1)[0]


def lay_out(device: QPagedPaintDevice) -> None:
    """A4 with margins; the document itself is paginated by print_() at the device's resolution."""
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def sheet_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def write_pdf(pages: Sequence[Page], path: Path, title: str = "") -> int:
    """Write the pages as one A4 PDF (atomically: a half-written file never replaces a good one).
    Returns the number of sheets."""
    if not pages:
        raise ValueError("nothing to write")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".pdf-", suffix=".part", dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise UserError("pdf.cannot_write", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        writer = QPdfWriter(temporary)
        writer.setResolution(300)
        writer.setTitle(title or pages[0].title)
        writer.setCreator("KSeF Desk")
        lay_out(writer)
        text_document(pages).print_(writer)
        del writer  # flushes and closes the file
        sheets = sheet_count(Path(temporary).read_bytes())
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError("pdf.cannot_write", path=str(path), reason=exc.strerror or str(exc)) from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return sheets
