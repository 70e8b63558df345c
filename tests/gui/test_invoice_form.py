"""The invoice form through its widgets, against the sandbox: typed in, issued, sent and accepted; a
foreign-currency invoice; a correction and an advance with its settlement opened from the Invoices list;
drafts; closing with unsaved changes; the keyboard; and the window at 1280×720."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ksefdesk.core.fa3 import check_invoice_bytes
from ksefdesk.core.invoice_draft import InvoiceDraft, Kind, totals
from ksefdesk.core.invoice_xml import draft_to_xml
from ksefdesk.core.models import Environment
from ksefdesk.core.preview import amount
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.invoicing import SellerDefaults
from ksefdesk.ui.invoice_form import InvoiceForm
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.main_window import MainWindow
from ksefsandbox.whitelist import register
from tests.gui.conftest import GuiKit
from tests.invoicing.helpers import BUYER, NIP, TODAY, three_rates

WAIT_MS = 10_000
FA = "{http://crd.gov.pl/wzor/2025/06/25/13775/}"


@pytest.fixture
def window(qtbot: QtBot, kit: GuiKit) -> MainWindow:
    services = kit.services
    services.companies.add(NIP, Environment.SANDBOX, name="Moja Firma Sp. z o.o.")
    person = self_signed(person_subject(nip=NIP))
    services.auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))
    services.invoicing.save_defaults(
        NIP, SellerDefaults("ul. Prosta 1", "00-001 Warszawa", "PL61109010140000071219812874", "Warszawa")
    )
    main = MainWindow(services)
    qtbot.addWidget(main)
    main.select(NIP)
    return main


def _form(qtbot: QtBot, window: MainWindow) -> InvoiceForm:
    form = window.open_invoice_form(NIP, today=TODAY)
    assert form is not None
    qtbot.addWidget(form)
    return form


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Typed key by key; QTest types ASCII only, so Polish letters go in as the widget's own insert."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def _buyer(qtbot: QtBot, form: InvoiceForm) -> None:
    _type(qtbot, form.buyer_id, BUYER.id)
    _type(qtbot, form.buyer_name, BUYER.name)
    _type(qtbot, form.buyer_address1, BUYER.address1)
    _type(qtbot, form.buyer_address2, BUYER.address2)


def _line(qtbot: QtBot, form: InvoiceForm, index: int, name: str, qty: str, price: str, rate: str) -> None:
    while len(form._lines) <= index:
        form.add_line()
    row = form._lines[index]
    _type(qtbot, row.name, name)
    row.quantity.clear()
    _type(qtbot, row.quantity, qty)
    _type(qtbot, row.price, price)
    row.rate.setCurrentIndex(row.rate.findData(rate))


def _sent(kit: GuiKit, number: str) -> bytes:
    state = kit.server.sandbox.state
    row = state.one("SELECT status_code, xml FROM invoices WHERE invoice_number = ?", (number,))
    assert row is not None and row["status_code"] == 200
    return bytes(row["xml"])


def _wait_sent(qtbot: QtBot, kit: GuiKit, number: str) -> bytes:
    state = kit.server.sandbox.state
    qtbot.waitUntil(
        lambda: (
            (r := state.one("SELECT status_code FROM invoices WHERE invoice_number = ?", (number,))) is not None
            and r["status_code"] == 200
        ),
        timeout=WAIT_MS,
    )
    return _sent(kit, number)


def _p15(xml: bytes) -> Decimal:
    root = etree.fromstring(xml)
    return Decimal(root.findtext(f"{FA}Fa/{FA}P_15") or "nan")


def _assert_preview_total(form: InvoiceForm) -> None:
    """The paper-like preview prints the total the form shows (both from the XML the form writes)."""
    preview = form.open_preview()
    assert preview is not None
    assert amount(str(form.shown_total()), "en") in preview.browser.toPlainText()  # type: ignore[attr-defined]
    preview.close()


def test_a_basic_invoice_with_three_rates_is_issued_and_accepted(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    assert form.number.placeholderText() == "will be FV/1/12/2026"
    assert form.seller_address1.text() == "ul. Prosta 1"
    _buyer(qtbot, form)
    _line(qtbot, form, 0, "Usługa programistyczna", "10", "150,00", "23")
    qtbot.keyClick(form._lines[0].discount, Qt.Key.Key_Return)  # Enter in the last line adds one
    assert len(form._lines) == 2
    _line(qtbot, form, 1, "Książka", "3", "49.99", "5")
    _line(qtbot, form, 2, "Catering", "1", "333.33", "8")
    qtbot.keyClicks(form._lines[2].discount, "5")
    draft = form.draft()
    assert [r.rate for r in totals(draft).rows] == ["23", "8", "5"]
    assert form.vat_table.rowCount() == 3
    shown = form.shown_total()
    assert shown == totals(draft).total
    preview = form.open_preview()
    assert preview is not None
    assert amount(str(shown), "en") in preview.browser.toPlainText()  # type: ignore[attr-defined]
    assert "FV/1/12/2026" in preview.browser.toPlainText()  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.issued, timeout=WAIT_MS) as issued:
        assert form.issue()
    assert issued.args == [NIP, "FV/1/12/2026"]
    assert not form.isVisible()
    xml = _wait_sent(qtbot, kit, "FV/1/12/2026")
    _, schema = check_invoice_bytes(xml)
    assert schema == []
    assert _p15(xml) == shown


def test_b_a_euro_invoice_with_its_exchange_rate(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    form.show()
    assert not form.exchange_rate.isVisible()  # only for a foreign currency
    _buyer(qtbot, form)
    _line(qtbot, form, 0, "Consulting", "2", "500", "23")
    form.currency.setCurrentIndex(form.currency.findText("EUR"))
    assert form.exchange_rate.isVisible() and form.exchange_rate_date.isVisible()
    assert form.total_value.text() == "1,230.00 EUR"
    assert not form.issue()  # the rate is missing: said at the field
    assert form._problem_labels["exchange_rate"].isVisible()
    assert form._problem_labels["exchange_rate"].text()
    qtbot.keyClicks(form.exchange_rate, "4,2954")
    form.exchange_rate_date.setDate(QDate(2026, 12, 1))
    _assert_preview_total(form)
    with qtbot.waitSignal(form.issued, timeout=WAIT_MS) as issued:
        assert form.issue()
    xml = _wait_sent(qtbot, kit, issued.args[1])
    root = etree.fromstring(xml)
    assert root.findtext(f"{FA}Fa/{FA}KodWaluty") == "EUR"
    assert Decimal(root.findtext(f"{FA}Fa/{FA}P_14_1W") or "0") == Decimal("987.94")  # 230 EUR × 4.2954
    assert _p15(xml) == Decimal("1230.00")


def _issue_and_send(kit: GuiKit, draft: InvoiceDraft) -> str:
    """Setup: an invoice issued and sent earlier (the form is tested elsewhere)."""
    issued = kit.services.invoicing.issue(NIP, draft)
    kit.desk.sender.send(NIP)
    return issued.number


def _select_in_invoices(qtbot: QtBot, window: MainWindow, number: str) -> None:
    panel = window.invoices_panel
    assert panel is not None
    panel.reload()

    def shown() -> bool:
        return any(panel.model.row(r).invoice_number == number for r in range(panel.model.rowCount()))

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    row = next(r for r in range(panel.model.rowCount()) if panel.model.row(r).invoice_number == number)
    panel.table.selectRow(row)


def _menu_action(window: MainWindow, text: str) -> None:
    panel = window.invoices_panel
    assert panel is not None
    menu = panel.context_menu()
    assert menu is not None
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled()
    action.trigger()


def test_c_a_correction_from_the_invoices_list_is_accepted(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    number = _issue_and_send(kit, three_rates(kit.services.invoicing.new_draft(NIP, TODAY)))
    _select_in_invoices(qtbot, window, number)
    _menu_action(window, "Correct this invoice")
    form = window.invoice_form
    assert form is not None
    qtbot.addWidget(form)
    assert form.kind.currentData() == Kind.KOR.value and form.correction_box.isVisible()
    assert form.kor_number.text() == number and form.kor_ksef.text()
    assert form.before_table.rowCount() == 3 and len(form._lines) == 3
    assert form.shown_total() == 0
    assert not form.issue()  # no reason yet, nothing changed
    assert "reason" in form._problem_labels["correction.reason"].text()
    form._lines[1].price.clear()
    qtbot.keyClicks(form._lines[1].price, "39.99")  # the book was 10 zł cheaper
    qtbot.keyClicks(form.kor_reason, "Wrong price")
    assert form.shown_total() == Decimal("-31.50")  # 3 × 10 zł + 5 %
    assert not form._problem_labels["correction.reason"].isVisible()  # updated live after the first try
    with qtbot.waitSignal(form.issued, timeout=WAIT_MS) as issued:
        assert form.issue()
    xml = _wait_sent(qtbot, kit, issued.args[1])
    assert check_invoice_bytes(xml)[1] == []
    assert etree.fromstring(xml).findtext(f"{FA}Fa/{FA}RodzajFaktury") == "KOR"


def test_c_correcting_a_purchase_invoice_says_why_not(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    xml = draft_to_xml(three_rates(kit.services.invoicing.new_draft(NIP, TODAY)).with_number("X/1"))
    assert window.issue_from("correct", BUYER.id, "ksef", xml) is None
    assert [e.code for e in kit.dialogs.errors] == ["invoice.correct_purchase"]


def test_d_an_advance_and_its_settlement(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    form.show()
    form.kind.setCurrentIndex(form.kind.findData(Kind.ZAL.value))
    assert form.advance_box.isVisible() and not form.settlement_box.isVisible()
    _buyer(qtbot, form)
    _line(qtbot, form, 0, "Kitchen furniture", "1", "10000", "23")
    qtbot.keyClicks(form.advance_amount, "3000")
    assert form.shown_total() == Decimal("3000.00")
    assert form.vat_table.rowCount() == 1
    _assert_preview_total(form)
    with qtbot.waitSignal(form.issued, timeout=WAIT_MS) as issued:
        assert form.issue()
    advance = issued.args[1]
    _wait_sent(qtbot, kit, advance)

    _select_in_invoices(qtbot, window, advance)
    _menu_action(window, "Settle this advance")
    settlement = window.invoice_form
    assert settlement is not None and settlement is not form
    qtbot.addWidget(settlement)
    assert settlement.kind.currentData() == Kind.ROZ.value and settlement.settlement_box.isVisible()
    assert settlement.advances_table.rowCount() == 1
    assert settlement.advances_table.item(0, 0).text() == advance  # type: ignore[union-attr]
    assert settlement.shown_total() == Decimal("9300.00")  # 12 300 gross less the 3 000 received
    _assert_preview_total(settlement)
    with qtbot.waitSignal(settlement.issued, timeout=WAIT_MS) as settled:
        assert settlement.issue()
    xml = _wait_sent(qtbot, kit, settled.args[1])
    assert etree.fromstring(xml).findtext(f"{FA}Fa/{FA}RodzajFaktury") == "ROZ"
    assert _p15(xml) == Decimal("9300.00")


def test_e_a_draft_saved_with_ctrl_s_reopens_the_same(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    _buyer(qtbot, form)
    _line(qtbot, form, 0, "Usługa", "2", "99,50", "8")
    qtbot.keyClicks(form.notes, "Thank you")
    form.gross_prices.setChecked(True)
    form.place.clear()
    _type(qtbot, form.place, "Kraków")
    form.save_defaults_button.click()  # the place, account and terms new invoices start with
    assert kit.services.invoicing.defaults(NIP).place == "Kraków"
    drafted = form.draft()
    form._lines[0].name.setFocus()
    qtbot.keyClick(form._lines[0].name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.draft_id is not None and not form.dirty
    assert form.isVisible()  # saving keeps the form open
    form.close()
    assert not form.isVisible() and kit.dialogs.asked == []  # nothing unsaved: no question
    outbox = window.outbox_panel
    assert outbox is not None
    outbox.drafts_button.click()
    dialog = window.drafts_dialog
    assert dialog is not None and dialog.list.count() == 1
    assert "Klient Testowy" in dialog.list.item(0).text()
    dialog.open_button.click()
    reopened = window.invoice_form
    assert reopened is not None and reopened is not form
    qtbot.addWidget(reopened)
    assert reopened.draft() == drafted and reopened.draft_id == form.draft_id and not reopened.dirty
    assert reopened.notes.toPlainText() == "Thank you" and reopened.gross_prices.isChecked()


def test_f_closing_with_changes_asks_and_cancel_keeps_the_form(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    form.show()
    qtbot.keyClicks(form.buyer_name, "Someone")
    kit.dialogs.choices = ["cancel"]
    form.cancel_button.click()
    assert kit.dialogs.asked == ["Save the draft?"]
    assert form.isVisible() and form.buyer_name.text() == "Someone"
    kit.dialogs.choices = ["discard"]
    form.close()
    assert not form.isVisible() and kit.services.invoicing.drafts(NIP) == []


def _inputs(form: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QComboBox, QDateEdit, QCheckBox, QPlainTextEdit)
    found = []
    for widget in form.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QComboBox | QDateEdit):
            continue  # the edit inside a combo or date field: the field is the stop
        if isinstance(widget, QLineEdit) and widget.isReadOnly():
            continue
        found.append(widget)
    return found


def _owner(widget: QWidget | None) -> QWidget | None:
    while widget is not None and isinstance(widget.parentWidget(), QComboBox | QDateEdit):
        widget = widget.parentWidget()
    return widget


def test_g_tab_reaches_every_input_in_reading_order(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    form.add_line()
    form.currency.setCurrentIndex(form.currency.findText("EUR"))
    form._lines[1].rate.setCurrentIndex(form._lines[1].rate.findData("zw"))  # shows the exemption basis
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.kind.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.kind, timeout=2000)
    reached: list[QWidget] = []
    for _ in range(200):
        widget = _owner(QApplication.focusWidget())
        assert widget is not None
        if widget in reached:
            assert widget is form.kind, f"Tab goes back to {widget.accessibleName()}"  # around once, no trap
            break
        reached.append(widget)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    missing = [w.accessibleName() for w in _inputs(form) if w not in reached]
    assert missing == []
    order = [w for w in form.input_order() if w in reached]
    assert reached[: len(order)] == order  # the order the sections read in


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_h_the_form_fits_1280_by_720(qtbot: QtBot, kit: GuiKit, window: MainWindow, lang: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, lang) if lang == "pl" else []
    kit.desk.lang = "pl" if lang == "pl" else "en"
    try:
        _fits(qtbot, window)
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def _fits(qtbot: QtBot, window: MainWindow) -> None:
    form = _form(qtbot, window)
    for _ in range(4):
        form.add_line()
    form.resize(1280, 720)
    form.show()
    qtbot.waitExposed(form)
    for kind in (Kind.VAT, Kind.KOR, Kind.ROZ):
        form.kind.setCurrentIndex(form.kind.findData(kind.value))
        QApplication.processEvents()
        assert form.width() <= 1280 and form.height() <= 720
        assert form.scroll_area.horizontalScrollBar().maximum() == 0  # nothing runs off to the right
        viewport = form.scroll_area.viewport().width()
        for box in form.sections.findChildren(QGroupBox):
            if box.isVisible():
                assert box.geometry().right() <= viewport, box.title()


def test_every_control_has_an_accessible_name(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    form = _form(qtbot, window)
    book = window.open_contractor_book(NIP)
    assert book is not None
    qtbot.addWidget(book)
    for kind in Kind:
        form.kind.setCurrentIndex(form.kind.findData(kind.value))
        for widget in (form, book):
            for field in widget.findChildren(QLineEdit):
                assert field.accessibleName(), f"a text field has no accessible name: {field.objectName()}"
            for button in widget.findChildren(QAbstractButton):
                assert button.text() or button.accessibleName(), "an unnamed button"
            for combo in widget.findChildren(QComboBox):
                assert combo.accessibleName(), "an unnamed list"


def test_contractor_book_products_and_the_form_s_suggestions(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    book = window.open_contractor_book(NIP)
    assert book is not None
    qtbot.addWidget(book)
    people = book.contractors
    people.new_button.click()
    _type(qtbot, people.ident, "123")
    assert "NIP" in people.problem.text()  # checked while typed
    people.ident.clear()
    _type(qtbot, people.ident, BUYER.id)
    assert people.problem.text() == ""
    _type(qtbot, people.name, BUYER.name)
    _type(qtbot, people.address1, BUYER.address1)
    _type(qtbot, people.address2, BUYER.address2)
    people.save_button.click()
    assert people.table.rowCount() == 1
    people.lookup_button.click()  # the White List, in the background: the window stays usable
    qtbot.waitUntil(lambda: people.lookup_button.isEnabled(), timeout=WAIT_MS)
    assert "White List" in people.status.text()
    qtbot.keyClicks(people.search, "zzz")
    assert people.table.rowCount() == 0
    people.search.clear()
    assert people.table.rowCount() == 1
    goods = book.products
    book.tabs.setCurrentWidget(goods)
    goods.new_button.click()
    _type(qtbot, goods.name, "Konsultacja")
    _type(qtbot, goods.unit, "h")
    goods.unit.setText("godz.")
    _type(qtbot, goods.price, "200,00")
    goods.rate.setCurrentIndex(goods.rate.findData("8"))
    goods.save_button.click()
    assert goods.table.rowCount() == 1 and goods.table.item(0, 2).text() == "200.00"  # type: ignore[union-attr]

    form = _form(qtbot, window)
    form.show()
    qtbot.keyClicks(form.buyer_name, "Klient")  # search as you type: name or NIP
    entries = form.buyer_completer.model().stringList()  # type: ignore[attr-defined]
    assert entries == [f"{BUYER.name} — {BUYER.id}"]
    form.buyer_completer.activated.emit(entries[0])
    assert form.buyer_id.text() == BUYER.id and form.buyer_address2.text() == BUYER.address2
    register(kit.server.sandbox.state, BUYER.id, "", name="KLIENT Z LISTY S.A.", address="UL. BIAŁA 5, 00-950 WARSZAWA")
    form.lookup_button.click()  # asked in the background: the form stays usable meanwhile
    assert not form.lookup_button.isEnabled() and form.lookup_status.isVisibleTo(form)
    qtbot.keyClicks(form.notes, "typed while the White List is asked")
    qtbot.waitUntil(form.lookup_button.isEnabled, timeout=WAIT_MS)
    assert form.lookup_status.text() == "Filled from the VAT White List."
    assert (form.buyer_name.text(), form.buyer_address1.text(), form.buyer_address2.text()) == (
        "KLIENT Z LISTY S.A.",
        "UL. BIAŁA 5",
        "00-950 WARSZAWA",
    )
    row = form._lines[0]
    qtbot.keyClicks(row.name, "Kons")
    assert row.completer.model().stringList() == ["Konsultacja"]  # type: ignore[attr-defined]
    row.completer.activated.emit("Konsultacja")
    assert (row.unit.text(), row.price.text(), row.rate.currentData()) == ("godz.", "200.00", "8")
    form.buyer_id.clear()
    qtbot.keyClicks(form.buyer_id, "1234567890")  # a wrong check digit: said at once, under the field
    label = form._problem_labels["buyer.id"]
    assert label.isVisible() and "NIP" in label.text()
    assert form.buyer_id.styleSheet()  # and the field marked (besides the text)

    kit.dialogs.confirm_answer = True
    book.tabs.setCurrentWidget(people)
    people.table.selectRow(0)
    people.delete_button.click()
    assert people.table.rowCount() == 0 and kit.services.invoicing.contractors(NIP) == []


def test_a_refused_issue_keeps_the_form_and_says_why(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    kit.services.invoicing.issue(NIP, three_rates(kit.services.invoicing.new_draft(NIP, TODAY)).with_number("A/1"))
    form = _form(qtbot, window)
    _buyer(qtbot, form)
    _line(qtbot, form, 0, "Service", "1", "100", "23")
    qtbot.keyClicks(form.number, "A/1")  # typed by hand, and already used
    assert form.issue()
    qtbot.waitUntil(lambda: form.issue_button.isEnabled(), timeout=WAIT_MS)
    assert [e.code for e in kit.dialogs.errors] == ["invoice.number_used"]
    assert form.isVisible()  # still open, with its data
    assert form.buyer_name.text() == BUYER.name and form.issued_number is None


def test_issue_like_this_one_from_the_invoices_list(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    number = _issue_and_send(kit, three_rates(kit.services.invoicing.new_draft(NIP, TODAY)))
    _select_in_invoices(qtbot, window, number)
    _menu_action(window, "Issue like this one")
    form = window.invoice_form
    assert form is not None
    qtbot.addWidget(form)
    assert form.kind.currentData() == Kind.VAT.value and form.number.text() == ""
    assert form.buyer_name.text() == BUYER.name and [r.name.text() for r in form._lines] == [
        "Usługa programistyczna",
        "Książka",
        "Catering",
    ]
    assert form.number.placeholderText() == "will be FV/2/12/2026"
    assert not form.dirty  # nothing typed yet: closing asks nothing


def test_an_invoice_issued_while_ksef_is_down_goes_offline_with_its_deadline(qtbot: QtBot, window: MainWindow) -> None:
    """The outbox says invoices issued now are offline (KSeF unavailable): the form's invoice is queued so,
    with the legal deadline, and the numbering window is one click away from the form."""
    panel = window.outbox_panel
    assert panel is not None
    panel.mode.setCurrentIndex(panel.mode.findData("offline24"))
    form = _form(qtbot, window)
    form._load(three_rates(form.draft()))
    numbering = form.open_numbering()
    assert numbering.isVisible()
    numbering.reject()
    service = window.services.invoicing
    company_id = window.services.companies.get(NIP).id
    assert form.issue()
    qtbot.waitUntil(lambda: form.issued_number is not None, timeout=WAIT_MS)
    (item,) = window.services.sender.outbox.items(company_id)
    assert item.invoice_number == form.issued_number and item.offline_mode is not None
    assert item.offline_mode.value == "offline24" and item.deadline is not None and item.deadline > TODAY
    assert service.next_number(NIP, TODAY) == "FV/2/12/2026"


def test_numbers_as_people_type_them_and_as_polish_shows_them() -> None:
    from ksefdesk.ui.invoice_form import _plain, parse_decimal

    cases = {"1 234,56": "1234.56", "1.234,56": "1234.56", "1,234.56": "1234.56", "12,5": "12.5", "7": "7"}
    for typed, value in cases.items():
        assert parse_decimal(typed) == Decimal(value), typed
    assert parse_decimal("dwa") is None and parse_decimal("") is None
    assert _plain(Decimal("7.50"), "pl") == "7,50" and _plain(Decimal("7.50"), "en") == "7.50"


def test_c_a_correction_of_a_sales_invoice_received_from_ksef(qtbot: QtBot, kit: GuiKit, window: MainWindow) -> None:
    """An invoice the company issued elsewhere (e.g. in the official web app) reaches the app by sync; it is
    corrected from the Invoices list, the correction names its KSeF number, the preview's total is the XML's
    P_15 and the sandbox accepts it."""
    from datetime import UTC, datetime, timedelta

    from ksefsandbox.processing import accept_invoice

    elsewhere = draft_to_xml(three_rates(kit.services.invoicing.new_draft(NIP, TODAY)).with_number("WEB/7/2026"))
    moment = datetime.now(UTC) - timedelta(hours=1)
    result = accept_invoice(
        kit.server.sandbox.state, context=NIP, plain=elsewhere, session_ref=None, ordinal=0, when=moment,
        stored=moment + timedelta(seconds=30),
    )  # fmt: skip
    received = kit.server.sandbox.state.one("SELECT ksef_number FROM invoices WHERE ref = ?", (result.ref,))
    assert received is not None
    kit.desk.receiver.sync(NIP)
    _select_in_invoices(qtbot, window, "WEB/7/2026")
    _menu_action(window, "Correct this invoice")
    form = window.invoice_form
    assert form is not None
    qtbot.addWidget(form)
    assert form.kor_number.text() == "WEB/7/2026" and form.kor_ksef.text() == received["ksef_number"]
    form._lines[0].quantity.clear()
    qtbot.keyClicks(form._lines[0].quantity, "8")  # two hours fewer than invoiced
    qtbot.keyClicks(form.kor_reason, "Fewer hours")
    shown = form.shown_total()
    assert shown == Decimal("-369.00")  # 2 × 150 + 23 %
    preview = form.open_preview()
    assert preview is not None and amount(str(shown), "en") in preview.browser.toPlainText()  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.issued, timeout=WAIT_MS) as issued:
        assert form.issue()
    xml = _wait_sent(qtbot, kit, issued.args[1])
    root = etree.fromstring(xml)
    assert root.findtext(f"{FA}Fa/{FA}DaneFaKorygowanej/{FA}NrKSeFFaKorygowanej") == received["ksef_number"]
    assert check_invoice_bytes(xml)[1] == [] and _p15(xml) == shown
