"""Paying purchase invoices in the window: the "To pay" filter with due dates, the payment dialog (copy
buttons, QR code read back, the White List verdict from the background), marking paid, and an IZ."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from ksefdesk.core.invoices import InvoiceRow
from ksefdesk.core.models import Environment
from ksefdesk.core.payments import qr_text
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.whitelist import Verdict
from ksefdesk.ui.invoice_model import COLUMNS
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.payment_dialog import PaymentDialog
from ksefsandbox.whitelist import account_for
from tests.gui.conftest import GuiKit
from tests.qr_helpers import decoded_qr
from tests.services.test_payments import BUYER, OTHER, SELLER, TODAY, _put

PERSON = self_signed(person_subject(nip=BUYER.nip))


def _window(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    server = kit.server
    _put(server, SELLER, "FV/1/2026", "100.00", TODAY - timedelta(days=3), account_for(SELLER.nip))
    _put(server, SELLER, "FV/2/2026", "20.00", TODAY + timedelta(days=9), account_for(SELLER.nip))
    _put(server, OTHER, "D/5", "30.00", TODAY + timedelta(days=2), None)
    services = kit.services
    services.companies.add(BUYER.nip, Environment.SANDBOX, name=BUYER.name)
    services.auth.sign_in(BUYER.nip, SigningMaterial(PERSON.key, PERSON.certificate))
    import time

    time.sleep(1.1)  # below the high-water mark
    kit.desk.receiver.sync(BUYER.nip)  # the app's services: the White List is the sandbox's stand-in
    window = MainWindow(services)
    qtbot.addWidget(window)
    panel = window.invoices_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.total() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: len(panel.model.due) == 3, timeout=10_000)  # read apart from the list
    return window


def test_to_pay_filter_dialog_and_mark_paid(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    window = _window(qtbot, kit)
    panel = window.invoices_panel
    assert panel is not None
    window.to_pay_action.trigger()  # Invoices ▸ Invoices to pay
    assert panel.to_pay.isChecked() and window.tabs.currentWidget() is panel
    model = panel.model
    assert [model.row(r).invoice_number for r in range(model.rowCount())] == ["FV/1/2026", "D/5", "FV/2/2026"]
    due = model.index(0, COLUMNS.index("due"))
    assert due.data() == (TODAY - timedelta(days=3)).strftime("%-d %b %Y")
    assert due.data(Qt.ItemDataRole.ForegroundRole) is not None  # overdue: in red
    assert model.index(1, COLUMNS.index("due")).data(Qt.ItemDataRole.ForegroundRole) is None

    panel.table.selectRow(0)
    menu = panel.context_menu()
    assert menu is not None
    pay = next(a for a in menu.actions() if a.text() == "Pay…")
    assert pay.isEnabled()
    ksef = model.row(0).ksef_number
    dialog = window.open_payment(BUYER.nip, [ksef])
    assert isinstance(dialog, PaymentDialog)
    qtbot.waitUntil(lambda: dialog.verdict is not None, timeout=10_000)  # checked in the background
    assert dialog.verdict is not None and dialog.verdict.verdict is Verdict.ON_LIST
    assert "is on the VAT White List" in dialog.white_list.text()
    assert dialog.fields["title"].text() == f"{ksef} FV/1/2026"
    assert dialog.fields["amount"].text() == "1,230.00 PLN"
    assert "overdue by 3 days" in dialog.fields["due"].text()
    assert dialog.copy("account") == account_for(SELLER.nip)
    assert QGuiApplication.clipboard().text() == account_for(SELLER.nip)
    assert dialog.copy("title") == f"{ksef} FV/1/2026"
    pixmap = dialog.qr.pixmap()
    assert not pixmap.isNull()
    image = tmp_path / "dialog-qr.png"
    assert pixmap.save(str(image))
    assert dialog.transfer is not None
    assert decoded_qr(image) == [qr_text(dialog.transfer)]  # what the banking app will read

    with qtbot.waitSignal(dialog.paid, timeout=10_000):
        dialog.mark_paid_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    assert [model.row(r).invoice_number for r in range(model.rowCount())] == ["D/5", "FV/2/2026"]


def test_several_invoices_of_one_seller_get_a_collective_identifier(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    panel = window.invoices_panel
    assert panel is not None
    panel.to_pay.setChecked(True)
    model = panel.model
    numbers = {model.row(r).invoice_number: model.row(r).ksef_number for r in range(model.rowCount())}
    panel.table.selectAll()
    assert panel.payable() is None  # two sellers: one transfer cannot pay them
    assert not panel.pay_selected()
    dialog = window.open_payment(BUYER.nip, [numbers["FV/1/2026"], numbers["FV/2/2026"]])
    assert isinstance(dialog, PaymentDialog)
    qtbot.waitUntil(lambda: bool(dialog.fields["collective"].text()), timeout=10_000)
    iz = dialog.fields["collective"].text()
    assert iz.startswith(SELLER.nip + "-IZ") and dialog.fields["collective"].isVisible() is dialog.isVisible()
    assert dialog.fields["title"].text() == f"{iz} FV/1/2026, FV/2/2026"
    assert dialog.fields["amount"].text() == "1,476.00 PLN"
    qtbot.waitUntil(lambda: dialog.verdict is not None, timeout=10_000)
    assert dialog.transfer is not None and qr_text(dialog.transfer).split("|")[5] == iz.replace("-", "")


def test_an_invoice_without_an_account_says_so(qtbot: QtBot, kit: GuiKit) -> None:
    window = _window(qtbot, kit)
    panel = window.invoices_panel
    assert panel is not None
    panel.to_pay.setChecked(True)
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.row(r).invoice_number == "D/5")
    dialog = window.open_payment(BUYER.nip, [model.row(row).ksef_number])
    assert isinstance(dialog, PaymentDialog)
    qtbot.waitUntil(lambda: dialog.verdict is not None, timeout=10_000)
    assert dialog.verdict is not None and dialog.verdict.verdict is Verdict.NOT_CHECKED
    assert "could not be checked" in dialog.white_list.text()
    assert "No QR code" in dialog.qr.text() and not dialog.copy_buttons["account"].isEnabled()
    assert "White List" in dialog.notes.text()
    qtbot.waitUntil(lambda: bool(dialog.registered), timeout=10_000)  # the seller's accounts from the list
    assert dialog.registered == [account_for(OTHER.nip)]
    assert "Accounts on the White List for this NIP" in dialog.white_list.text()


def test_to_pay_filter_in_the_model(qtbot: QtBot) -> None:
    from ksefdesk.ui.invoice_model import InvoiceFilter, InvoiceTableModel

    def row(ksef: str, direction: str, number: str) -> InvoiceRow:
        return InvoiceRow(ksef, BUYER.nip, direction, number, "2026-11-01", SELLER.nip, "S", BUYER.nip, "B",
                          Decimal("1.00"), Decimal("0.23"), Decimal("1.23"), "PLN", "received", False)  # fmt: skip

    model = InvoiceTableModel("pl")
    model.set_rows([row("K1", "purchase", "A"), row("K2", "purchase", "B"), row("K3", "sales", "C"),
                    row("K4", "purchase", "D")])  # fmt: skip
    model.set_due({(BUYER.nip, "K1"): "2026-12-20", (BUYER.nip, "K2"): "", (BUYER.nip, "K4"): "2020-01-31"})
    assert model.apply(InvoiceFilter(to_pay=True)) == 3
    assert [model.row(r).invoice_number for r in range(3)] == ["D", "A", "B"]  # overdue first, no due date last
    due = COLUMNS.index("due")
    assert [model.index(r, due).data() for r in range(3)] == ["31.01.2020", "20.12.2026", "no due date"]
    assert model.index(0, due).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, due).data(Qt.ItemDataRole.ToolTipRole)
    assert model.apply(InvoiceFilter()) == 4 and model.due_of(BUYER.nip, "K3") is None
