"""The invoices and outbox tabs, driven as a user would, against the sandbox."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from ksefdesk.core.invoices import Direction, InvoiceRow
from ksefdesk.core.models import Environment
from ksefdesk.core.qr import InvoiceFacts, kod1_link
from ksefdesk.services.send import OutboxState
from ksefdesk.ui.invoice_model import COLUMNS, NEW_STATUS, InvoiceFilter, InvoiceTableModel
from ksefdesk.ui.invoice_view import parse_amount
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.seed import login_kit
from tests.gui.conftest import GuiKit
from tests.qr_helpers import decoded_qr
from tests.sandbox.kit import Client, invoice_xml

NIP = "5265877635"
OTHER = "7251801126"


def _rows(count: int) -> list[InvoiceRow]:
    rows = []
    for n in range(count):
        rows.append(
            InvoiceRow(
                ksef_number=f"K-{n:05d}",
                company_nip=NIP if n % 2 else OTHER,
                direction=Direction.PURCHASE.value if n % 3 else Direction.SALES.value,
                invoice_number=f"FV/{n}/2026",
                issue_date=f"2026-{1 + n % 12:02d}-15",
                seller_nip=f"{1000000000 + n}",
                seller_name="Żabka Polska" if n % 5 == 0 else f"Dostawca {n}",
                buyer_id=NIP,
                buyer_name="Nabywca",
                net=Decimal(n),
                vat=Decimal(n) * Decimal("0.23"),
                gross=Decimal(n) * Decimal("1.23"),
                currency="PLN",
                status="received",
                is_new=n % 7 == 0,
            )
        )
    return rows


def test_model_filters_and_sorts(qtbot: QtBot) -> None:
    model = InvoiceTableModel("pl")
    model.set_rows(_rows(300))
    assert model.rowCount() == model.total() == 300
    assert model.apply(InvoiceFilter(text="żABKA")) == 60  # case-insensitive, Polish letters
    assert model.apply(InvoiceFilter(text="1000000007")) == 1  # a seller's NIP
    assert model.apply(InvoiceFilter(company=NIP)) == 150
    assert model.apply(InvoiceFilter(direction=Direction.SALES)) == 100
    assert model.apply(InvoiceFilter(status=NEW_STATUS)) == 43
    assert model.apply(InvoiceFilter(date_from="2026-03-01", date_to="2026-04-30")) == 50
    # gross n*1.23 in range, both ends included (123.00 exactly, as a float could not say)
    assert model.apply(InvoiceFilter(amount_min=Decimal("100"), amount_max=Decimal("123.00"))) == 19
    combined = InvoiceFilter(text="dostawca", company=OTHER, direction=Direction.PURCHASE, amount_min=Decimal(50))
    assert model.apply(combined) == sum(
        1
        for r in _rows(300)
        if "Dostawca" in r.seller_name and r.company_nip == OTHER and r.direction == "purchase" and r.gross >= 50
    )
    model.apply(InvoiceFilter())
    model.sort(COLUMNS.index("gross"), Qt.SortOrder.DescendingOrder)
    assert model.row(0).ksef_number == "K-00299"
    assert model.index(0, COLUMNS.index("gross")).data() == "367,77 PLN"
    model.mark_seen(["K-00000"])
    assert not model.is_new("K-00000") and model.is_new("K-00007")


def test_amounts_typed_the_polish_way() -> None:
    assert parse_amount("1 234,50") == Decimal("1234.50")
    assert parse_amount("1234.5") == Decimal("1234.5")
    assert parse_amount("0,10") == Decimal("0.10")  # exactly, not the float nearest to it
    assert parse_amount("") is None and parse_amount("abc") is None and parse_amount("nan") is None


def _connected(kit: GuiKit, qtbot: QtBot) -> MainWindow:
    kit.services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    kit.services.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    window.select(NIP)
    return window


def test_received_invoices_are_listed_marked_and_saved(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    window = _connected(kit, qtbot)
    panel = window.invoices_panel
    assert panel is not None and kit.services.invoices is not None
    window.sync_action.trigger()  # first sync: history, nothing marked new
    qtbot.waitUntil(lambda: "new invoices: " in window.statusBar().currentMessage(), timeout=20_000)
    seller = Client(kit.server.base_url).login_xades(OTHER)
    session = seller.open_session()
    for n in range(4):
        seller.send_ok(session, invoice_xml(OTHER, buyer=NIP, number=f"FV/NEW/{n}"))
    time.sleep(1.1)  # below the high-water mark
    window.statusBar().clearMessage()
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: "new invoices: 4" in window.statusBar().currentMessage(), timeout=20_000)
    qtbot.waitUntil(lambda: panel.model.total() == 4, timeout=5_000)
    window.tabs.setCurrentWidget(panel)
    panel.only_new.setChecked(True)
    assert panel.model.rowCount() == 4 and "4 of 4" in panel.count.text()
    with qtbot.waitSignal(panel.preview_shown, timeout=10_000):
        panel.table.selectRow(0)
    number = panel.selected_ksef()
    shown = panel.details.toPlainText()
    assert number is not None and number in shown and "VAT invoice\nNo. FV/NEW/" in shown and "Total due" in shown
    pdf = tmp_path / "one.pdf"
    kit.dialogs.answers.append(str(pdf))
    assert panel.save_selected_pdf() == str(pdf) and pdf.read_bytes().startswith(b"%PDF")
    assert decoded_qr(pdf) == [kod1_link(Environment.SANDBOX, InvoiceFacts.of(_xml(kit, number)))]
    panel.table.selectAll()
    assert panel.print_selected() and len(kit.dialogs.printed[-1]) == 4  # one page per selected invoice
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: sum(i.is_new for i in kit.services.invoices.list()) == 3)  # opened: no longer new
    target = tmp_path / "saved.xml"
    kit.dialogs.answers.append(str(target))
    assert panel.save_selected_xml() == str(target)
    company_id = kit.services.companies.get(NIP).id
    assert target.read_bytes() == kit.services.invoices.xml(company_id, number)
    panel.mark_all_seen()
    qtbot.waitUntil(lambda: not any(i.is_new for i in kit.services.invoices.list()))
    panel.only_new.setChecked(False)
    panel.search.setText(number[-12:])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)  # after the typing pause
    panel.clear_filters()
    assert panel.model.rowCount() == 4


def _xml(kit: GuiKit, number: str) -> bytes:
    assert kit.services.invoices is not None
    xml = kit.services.invoices.xml(kit.services.companies.get(NIP).id, number)
    assert xml is not None
    return xml


def test_outbox_files_are_queued_sent_and_get_their_upo(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    window = _connected(kit, qtbot)
    panel = window.outbox_panel
    assert panel is not None and kit.services.sender is not None
    good = tmp_path / "FV-1.xml"
    good.write_bytes(invoice_xml(NIP, number="FV/GUI/1"))
    foreign = tmp_path / "obca.xml"
    foreign.write_bytes(invoice_xml(OTHER, number="FV/OBCA/1"))
    kit.dialogs.answers.append(f"{good}\n{foreign}")
    window.add_invoice_files()
    qtbot.waitUntil(lambda: len(kit.dialogs.informed) == 1, timeout=10_000)
    assert "Queued for sending: 1" in kit.dialogs.informed[0] and OTHER in kit.dialogs.informed[0]
    qtbot.waitUntil(
        lambda: panel.model.rowCount() == 1 and panel.model.item(0).state is OutboxState.DONE, timeout=30_000
    )
    assert panel.model.index(0, 3).data() == "accepted, UPO received" and panel.model.index(0, 4).data()
    panel.table.selectRow(0)
    assert panel.upo_button.isEnabled()
    target = tmp_path / "upo.xml"
    kit.dialogs.answers.append(str(target))
    assert window.save_upo(panel.model.item(0).id) == str(target) and b"Potwierdzenie" in target.read_bytes()
    readable = tmp_path / "upo.pdf"
    kit.dialogs.answers.append(str(readable))
    assert window.save_upo(panel.model.item(0).id) == str(readable) and readable.read_bytes().startswith(b"%PDF")
    # dropping a file on the tab queues it the same way
    dropped = tmp_path / "FV-2.xml"
    dropped.write_bytes(invoice_xml(NIP, number="FV/GUI/2"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    panel.dropEvent(event)
    qtbot.waitUntil(lambda: len(kit.dialogs.informed) == 2, timeout=10_000)
    qtbot.waitUntil(
        lambda: panel.model.rowCount() == 2 and panel.model.item(0).state is OutboxState.DONE, timeout=30_000
    )
    assert "with UPO: 2" in panel.summary.text()
