"""pdf: an invoice with 500 lines from XML to an A4 PDF (preview, KOD I, layout, Qt's PDF writer), and
the details-pane preview of a typical invoice."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path


def invoice(lines: int) -> bytes:
    from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice

    spec = InvoiceSpec(
        Entity("5265877635", "Piekarnia Żółć sp. z o.o.", "ul. Chlebowa 1", "00-001 Warszawa"),
        Entity("7251801126", "Hurtownia Łąka S.A.", "ul. Handlowa 2", "90-001 Łódź"),
        "FV/500/2026",
        date(2026, 11, 20),
        [
            Line(f"Pozycja {n} – pieczywo żytnie krojone", Decimal(n % 9 + 1), Decimal("3.45"), "5")
            for n in range(lines)
        ],
    )
    return build_invoice(spec)


def run() -> list[tuple[str, float, str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from ksefdesk.core.models import Environment
    from ksefdesk.core.preview import invoice_page
    from ksefdesk.ui.paper import write_pdf

    app = QGuiApplication.instance() or QGuiApplication([])
    big, small = invoice(500), invoice(5)
    pdf_samples, preview_samples = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(5):
            started = time.perf_counter()
            write_pdf([invoice_page(big, Environment.TEST, "pl", ksef_number="K")], Path(folder) / f"{n}.pdf")
            pdf_samples.append(time.perf_counter() - started)
    for _ in range(20):
        started = time.perf_counter()
        invoice_page(small, Environment.TEST, "pl", ksef_number="K")
        preview_samples.append((time.perf_counter() - started) * 1000)
    del app
    return [
        ("pdf_500_lines_s", statistics.median(pdf_samples), "s"),
        ("preview_ms", statistics.median(preview_samples), "ms"),
    ]
