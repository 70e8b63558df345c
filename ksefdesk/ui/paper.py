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
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)

from ksefdesk.core.errors import UserError
from ksefdesk.core.preview import Page

PAGE_BREAK = "<p style='page-break-before: always'></p>"
# QTextDocument.print_() adds 2 cm of its own around the text (the page number sits in it): the sheet's
# own margins stay at zero, else an invoice gets 34 mm on each side and its tables too little width.
MARGINS_MM = QMarginsF(0, 0, 0, 0)


def words_stay_whole(document: QTextDocument) -> None:
    """Wrap at word boundaries only. Qt's default also breaks inside a word when a column is narrower
    than the word ("Staw|ka", "kW|h"); this way table columns grow to their longest word instead (the
    preview marks where overlong codes may break)."""
    option = document.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(option)


def text_document(pages: Sequence[Page]) -> QTextDocument:
    """One document holding every page, images registered under the names the HTML uses."""
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    words_stay_whole(document)
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
    """A4 (2 cm margins, from print_()); the document is paginated by print_() at the device's resolution."""
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
