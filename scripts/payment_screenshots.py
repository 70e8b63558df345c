"""Screenshots of what issue 16 added (Polish): the "To pay" list, the payment dialog for one invoice and
for several invoices of one seller with a collective identifier, and a message from KSeF (X-System-Warning).

    QT_QPA_PLATFORM=offscreen python scripts/payment_screenshots.py

The real app services against the built-in sandbox (and its White List stand-in) in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KSEFDESK_SECRETS"] = "memory"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from ksefdesk.app import build_context
from ksefdesk.core.fa3_build import Entity, Line
from ksefdesk.core.models import Environment
from ksefdesk.core.signing_material import load_pem
from ksefdesk.services.sandbox_host import InProcessSandboxHost
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.ui_services import UiServices
from ksefsandbox.processing import accept_invoice
from ksefsandbox.whitelist import account_for
from tests.payment_helpers import nrb, purchase_invoice

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NIP = "5265877635"
BUYER = Entity(NIP, "Piekarnia Kowalski sp. z o.o.")
MILL = Entity("7251801126", "Młyn Zbożowy Wiśniewski sp. z o.o.")
PRINTER = Entity("5260250274", "Drukarnia Żółć S.A.")


def wait(app: QApplication, condition: object, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()


def shot(app: QApplication, widget: QWidget, name: str) -> None:
    for _ in range(5):
        app.processEvents()
    path = OUT / f"{name}_pl.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_translations(app, "pl")
    OUT.mkdir(parents=True, exist_ok=True)
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        ctx = build_context(str(Path(folder) / "data"), lang="pl")
        # In this process, not the app's child: the invoices to pay go straight into the sandbox's state.
        host = InProcessSandboxHost(ctx.paths.data / "sandbox", redactor=ctx.redactor)
        ctx.sandbox = host
        try:
            kit = host.demo_kit(NIP, invoices=6)
            state = host.server().sandbox.state
            invoices = (
                (MILL, "FV/118/11/2026", "41.25", today - timedelta(days=4), account_for(MILL.nip)),
                (MILL, "FV/131/11/2026", "9.60", today + timedelta(days=6), account_for(MILL.nip)),
                (MILL, "FV/140/11/2026", "25.00", today + timedelta(days=12), account_for(MILL.nip)),
                (PRINTER, "D/2026/077", "850.00", today + timedelta(days=2), nrb("114000000000000000009999")),
            )
            for seller, number, price, due, account in invoices:
                xml = purchase_invoice(
                    seller,
                    BUYER,
                    number,
                    [Line("Mąka żytnia typ 720", Decimal(20), Decimal(price))],
                    issue_date=today - timedelta(days=10),
                    account=account,
                    due=[due],
                )
                moment = datetime.now(UTC) - timedelta(minutes=10)
                accept_invoice(
                    state, context=seller.nip, plain=xml, session_ref=None, ordinal=0, when=moment, stored=moment
                )
            ctx.companies.add(NIP, Environment.SANDBOX, name=BUYER.name)
            ctx.auth.sign_in(NIP, load_pem(kit.certificate_file.read_bytes(), kit.key_file.read_bytes(), None, "kit"))
            time.sleep(1.1)  # below KSeF's high-water mark
            ctx.receiver.since = datetime.now(UTC) - timedelta(days=200)
            ctx.receiver.sync(NIP)
            services = UiServices(ctx, TaskRunner(), Dialogs("pl"))
            window = MainWindow(services)
            window.resize(1280, 720)
            window.show()
            panel = window.invoices_panel
            assert panel is not None
            wait(app, lambda: panel.model.total() > 0)
            window.to_pay_action.trigger()
            wait(app, lambda: len(panel.model.due) >= 4)
            panel.table.selectRow(0)
            shot(app, window, "invoices_to_pay")
            rows = [panel.model.row(r) for r in range(panel.model.rowCount())]
            numbers = {row.invoice_number: row.ksef_number for row in rows}
            one = window.open_payment(NIP, [numbers["FV/118/11/2026"]])
            assert one is not None
            wait(app, lambda: one.verdict is not None)
            shot(app, one, "payment_dialog")
            one.close()
            off = window.open_payment(NIP, [numbers["D/2026/077"]])
            assert off is not None
            wait(app, lambda: off.verdict is not None)
            shot(app, off, "payment_dialog_not_on_white_list")
            off.close()
            several = window.open_payment(
                NIP, [numbers["FV/118/11/2026"], numbers["FV/131/11/2026"], numbers["FV/140/11/2026"]]
            )
            assert several is not None
            wait(app, lambda: several.verdict is not None)
            shot(app, several, "payment_dialog_collective")
            several.close()
            ctx.notices.report("[W1]: Planowana przerwa techniczna KSeF 12.12.2026 22:00-23:00")
            wait(app, lambda: window.system_notice.isVisible())
            shot(app, window, "system_notice")
            window.close()
        finally:
            ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
