"""gui (invoices): how long the invoice form takes to open and paint (median of 10, after one warm-up;
target < 150 ms), and "Issue and send" of a 50-line invoice from the click until the invoice is numbered
and in the outbox (median of 5; target < 100 ms). No network: issuing only writes the database."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksefdesk.ui.ui_services import UiServices

NIP = "5265877635"
RATES = ("23", "8", "5", "0 KR", "zw")


@contextmanager
def invoicing_desk() -> Iterator[UiServices]:
    from ksefdesk.app import AppContext
    from ksefdesk.core.models import Environment
    from ksefdesk.core.redaction import Redactor
    from ksefdesk.services.invoicing import SellerDefaults
    from ksefdesk.services.secrets import MemorySecretStore
    from ksefdesk.services.store import Database
    from ksefdesk.services.tasks import TaskRunner
    from ksefdesk.ui.dialogs import Dialogs
    from ksefdesk.ui.ui_services import UiServices

    with tempfile.TemporaryDirectory() as name:
        ctx = AppContext(Database(Path(name) / "app.db"), lang="en", secrets=MemorySecretStore(Redactor()))
        try:
            ctx.companies.add(NIP, Environment.SANDBOX, name="Piekarnia Testowa Sp. z o.o.")
            defaults = SellerDefaults("ul. Chlebowa 1", "00-001 Warszawa", "PL61109010140000071219812874", "Warszawa")
            ctx.invoicing.save_defaults(NIP, defaults)
            runner = TaskRunner()
            yield UiServices(ctx, runner, Dialogs("en"))
            runner.wait()
        finally:
            ctx.close()


def _until(app: object, done: object, timeout_s: float = 30.0) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    end = time.monotonic() + timeout_s
    while not done() and time.monotonic() < end:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.0005)


def invoice_form_open_ms() -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ksefdesk.ui.invoice_form import InvoiceForm

    app = QApplication.instance() or QApplication([])
    times = []
    with invoicing_desk() as services:
        for _ in range(11):
            started = time.perf_counter()
            form = InvoiceForm(services, NIP)
            form.show()
            app.processEvents()  # the first paint
            times.append((time.perf_counter() - started) * 1000)
            form.close()
            form.deleteLater()
            app.processEvents()
    return statistics.median(times[1:])


def invoice_issue_ms() -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ksefdesk.core.invoice_draft import Line, Party
    from ksefdesk.ui.invoice_form import InvoiceForm

    app = QApplication.instance() or QApplication([])
    buyer = Party("Hurtownia Odbiorca S.A.", "7251801126", address1="ul. Handlowa 2", address2="90-001 Łódź")
    lines = tuple(
        Line(f"Towar nr {n}", Decimal(n % 7 + 1), Decimal(f"{n * 3}.{n % 100:02d}"), RATES[n % len(RATES)])
        for n in range(1, 51)
    )
    times = []
    with invoicing_desk() as services:
        company_id = services.source.companies.get(NIP).id
        for _ in range(5):
            draft = replace(services.invoicing.new_draft(NIP, date.today()), buyer=buyer, lines=lines)
            draft = replace(draft, exemption_basis="art. 43 ust. 1 pkt 19 ustawy o VAT")
            form = InvoiceForm(services, NIP, draft)
            form.show()
            app.processEvents()
            queued = len(services.source.sender.outbox.items(company_id))
            started = time.perf_counter()
            assert form.issue(), form.problems_now()
            _until(app, lambda form=form: form.issued_number is not None)
            times.append((time.perf_counter() - started) * 1000)
            assert len(services.source.sender.outbox.items(company_id)) == queued + 1
            form.deleteLater()
            app.processEvents()
    return statistics.median(times)


def run() -> list[tuple[str, float, str]]:
    return [("invoice_form_open_ms", invoice_form_open_ms(), "ms"), ("invoice_issue_ms", invoice_issue_ms(), "ms")]
