"""The invoice and outbox lists as a user works with them: names instead of NIPs, Polish dates, a large
preview on double-click, a context menu that copies the numbers, a word after every save, file dialogs
that open where the user last saved with names worth keeping, and a sent invoice listed at once."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import UserError
from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice
from ksefdesk.core.invoices import Direction, InvoiceRow
from ksefdesk.core.models import Company, ConnectionStatus, Environment
from ksefdesk.core.offline import OfflineMode
from ksefdesk.core.preview import Page, invoice_page
from ksefdesk.services.send import OutboxState
from ksefdesk.services.store import SettingsRepository
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.invoice_model import COLUMNS, InvoiceTableModel
from ksefdesk.ui.invoice_view import (
    FilePlaces,
    InvoicesPanel,
    PaperPreview,
    invoice_file_name,
    safe_file_name,
    upo_file_name,
)
from ksefdesk.ui.outbox_view import OutboxPanel, translated_language
from ksefsandbox.seed import login_kit
from tests.gui.conftest import GuiKit
from tests.sandbox.kit import invoice_xml

ROOT = Path(__file__).resolve().parents[2]
NIP, OTHER = "5265877635", "7251801126"
KSEF = "7251801126-20261124-0A1B2C3D4E5F-6A"


def _company(nip: str, name: str) -> Company:
    now = datetime.now(UTC)
    return Company(
        1 if nip == NIP else 2, nip, name, Environment.SANDBOX, "", None, ConnectionStatus.CONNECTED, "", now, now
    )


COMPANIES = {NIP: _company(NIP, "Piekarnia Kowalski sp. z o.o."), OTHER: _company(OTHER, "Hurtownia Nowak S.A.")}


def _xml() -> bytes:
    spec = InvoiceSpec(
        Entity(OTHER, "Hurtownia Nowak S.A."),
        Entity(NIP, "Piekarnia Kowalski sp. z o.o."),
        "FV/7/11/2026",
        date(2026, 11, 24),
        [Line("Mąka żytnia typ 720", Decimal(40), Decimal("3.20"), "5", "kg")],
    )
    return build_invoice(spec)


def _row(ksef: str, company: str, number: str, issued: str, new: bool) -> InvoiceRow:
    return InvoiceRow(ksef, company, Direction.PURCHASE.value, number, issued, OTHER, "Hurtownia Nowak S.A.", NIP,
            "Piekarnia Kowalski sp. z o.o.", Decimal("128.00"), Decimal("6.40"), Decimal("134.40"), "PLN",
            "received", new)  # fmt: skip


class Recorder:
    """What the panel asked the window for: save dialogs (their suggested paths), PDFs, marks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.suggested: list[str] = []
        self.answers: list[str | None] = []
        self.seen: list[str] = []
        self.errors: list[UserError] = []
        self.printed: list[list[Page]] = []

    def save_file(self, parent: QWidget, title: str, suggested: str) -> str | None:
        self.suggested.append(suggested)
        return self.answers.pop(0) if self.answers else None

    def save_pdf(self, parent: QWidget, pages: list[Page], suggested: str) -> str | None:
        self.suggested.append(suggested)
        target = self.answers.pop(0) if self.answers else None
        if target:
            Path(target).write_bytes(b"%PDF-1.4 test")
        return target

    def print_pages(self, parent: QWidget, pages: list[Page]) -> bool:
        self.printed.append(pages)
        return True


def _panel(
    qtbot: QtBot, tmp_path: Path, lang: str = "en", places: FilePlaces | None = None
) -> tuple[InvoicesPanel, Recorder]:
    recorder = Recorder(tmp_path)
    xml = _xml()
    rows = [
        _row(KSEF, NIP, "FV/7/11/2026", "2026-11-24", True),
        _row("K-2", OTHER, "FV/8/11/2026", "2026-11-02", False),
    ]
    panel = InvoicesPanel(
        lang,  # type: ignore[arg-type]
        TaskRunner(),
        load_rows=lambda: rows,
        company_of=COMPANIES.get,
        metadata_of=lambda nip, number: {"acquisitionDate": "2026-11-24T08:23:45.123456+00:00"},
        xml_of=lambda nip, number: xml,
        mark_seen=recorder.seen.extend,
        save_file=recorder.save_file,
        show_error=recorder.errors.append,
        save_pdf=recorder.save_pdf,
        print_pages=recorder.print_pages,
        places=places or FilePlaces(home=tmp_path),
    )
    qtbot.addWidget(panel)
    panel.set_companies(list(COMPANIES.values()))
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()
    panel.resize(1000, 560)
    panel.show()
    return panel, recorder


def _select(qtbot: QtBot, panel: InvoicesPanel, ksef: str) -> None:
    with qtbot.waitSignal(panel.preview_shown, timeout=10_000):
        assert panel.select(ksef)


def test_company_column_shows_names_and_dates_are_polish(qtbot: QtBot, tmp_path: Path) -> None:
    panel, _ = _panel(qtbot, tmp_path, "pl")
    model = panel.model
    row = model.view_row_of(KSEF)
    company = model.index(row, COLUMNS.index("company"))
    assert company.data() == "Piekarnia Kowalski sp. z o.o."
    assert company.data(Qt.ItemDataRole.ToolTipRole) == f"NIP {NIP}"
    assert model.index(row, COLUMNS.index("issued")).data() == "24.11.2026"
    assert panel.company.itemText(1) == "Piekarnia Kowalski sp. z o.o."  # the filter too: names, NIP as a tip
    english = InvoiceTableModel("en")
    english.set_rows([_row(KSEF, NIP, "FV/7", "2026-11-24", False)])
    assert english.index(0, COLUMNS.index("issued")).data() == "24 Nov 2026"
    # sorting by company sorts by name: Hurtownia before Piekarnia
    model.sort(COLUMNS.index("company"), Qt.SortOrder.AscendingOrder)
    assert model.row(0).company_nip == OTHER
    _select(qtbot, panel, KSEF)
    details = panel.details.toPlainText()
    assert "24.11.2026, " in details and "2026-11-24T" not in details and ".123456" not in details


def test_double_click_opens_a_large_preview_with_print_and_save(qtbot: QtBot, tmp_path: Path) -> None:
    panel, recorder = _panel(qtbot, tmp_path)
    row = panel.model.view_row_of(KSEF)
    rect = panel.table.visualRect(panel.model.index(row, COLUMNS.index("number")))
    with qtbot.waitSignal(panel.preview_opened, timeout=10_000) as opened:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = opened.args[0]
    assert isinstance(dialog, PaperPreview) and dialog is panel.preview
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.isModal() and dialog.isSizeGripEnabled()
    assert dialog.width() >= 700 and dialog.height() >= 500  # large, within the screen
    text = dialog.browser.toPlainText()
    assert "FV/7/11/2026" in text and "Mąka żytnia typ 720" in text and "5%" in text
    assert dialog.print_button.isVisible() and dialog.save_button.isVisible()
    dialog.print_button.click()
    assert len(recorder.printed) == 1
    recorder.answers.append(str(tmp_path / "podglad.pdf"))
    dialog.save_button.click()
    assert Path(recorder.suggested[-1]).name == "Invoice_FV-7-11-2026_Hurtownia Nowak S.A.pdf"
    assert "podglad.pdf" in panel.notice.text()
    dialog.close()
    qtbot.waitUntil(lambda: panel.preview is None)


def test_context_menu_copies_numbers_and_offers_the_actions(qtbot: QtBot, tmp_path: Path) -> None:
    panel, _ = _panel(qtbot, tmp_path)
    row = panel.model.view_row_of(KSEF)
    rect = panel.table.visualRect(panel.model.index(row, 2))
    panel.table.customContextMenuRequested.emit(rect.center())  # what a right-click on the row sends
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Copy KSeF number", "Copy invoice number", "Open preview", "Save XML…", "Save PDF…", "Print…"]
    QGuiApplication.clipboard().clear()
    next(a for a in menu.actions() if a.text() == "Copy KSeF number").trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == KSEF
    assert KSEF in panel.notice.text()
    assert panel.selected_ksef() == KSEF  # the right-clicked invoice is the one acted on
    panel.context_menu().actions()[1].trigger()  # type: ignore[union-attr]
    assert QGuiApplication.clipboard().text() == "FV/7/11/2026"
    panel.table.selectAll()
    many = panel.context_menu()
    assert many is not None and many.actions()[0].text() == "Copy KSeF numbers"
    many.actions()[0].trigger()
    assert sorted(QGuiApplication.clipboard().text().split("\n")) == sorted([KSEF, "K-2"])


def test_every_save_is_confirmed_and_the_next_dialog_opens_where_the_last_one_saved(
    qtbot: QtBot, tmp_path: Path, db: object
) -> None:
    store = SettingsRepository(db)  # type: ignore[arg-type]
    panel, recorder = _panel(qtbot, tmp_path, places=FilePlaces(store, home=tmp_path))
    _select(qtbot, panel, KSEF)
    assert recorder.suggested == []
    folder = tmp_path / "Księgowość" / "2026-11"
    folder.mkdir(parents=True)
    recorder.answers.append(str(folder / "f.xml"))
    with qtbot.waitSignal(panel.saved) as saved:
        assert panel.save_selected_xml() == str(folder / "f.xml")
    assert saved.args == [str(folder / "f.xml")]
    assert recorder.suggested[0] == str(tmp_path / "Invoice_FV-7-11-2026_Hurtownia Nowak S.A.xml")
    assert "f.xml" in panel.notice.text() and str(folder) in panel.notice.text()
    recorder.answers.append(str(folder / "f.pdf"))
    assert panel.save_selected_pdf() == str(folder / "f.pdf")
    assert recorder.suggested[1] == str(folder / "Invoice_FV-7-11-2026_Hurtownia Nowak S.A.pdf")  # where the XML went
    assert "f.pdf" in panel.notice.text()
    # After a restart (a new panel on the same settings) the dialogs still open there.
    again = FilePlaces(store, home=tmp_path)
    assert again.suggest("invoice_xml", "x.xml") == str(folder / "x.xml")
    assert again.suggest("upo", "UPO.pdf") == str(folder / "UPO.pdf")  # nothing saved as UPO yet: the last folder
    panel.table.selectAll()
    recorder.answers.append(None)  # cancelled: nothing said, nothing written
    notice = panel.notice.text()
    assert panel.save_selected_pdf() is None and panel.notice.text() == notice
    assert Path(recorder.suggested[-1]).name == f"Invoices_2_{date.today().isoformat()}.pdf"


def test_file_names_are_meaningful_and_safe_on_windows() -> None:
    assert invoice_file_name("Faktura", "FV/12/2026", "Piekarnia Kowalski sp. z o.o.", "pdf") == (
        "Faktura_FV-12-2026_Piekarnia Kowalski sp. z o.o.pdf"
    )
    name = invoice_file_name("Faktura", 'A:1*2?"3"<4>|5\\6', 'Firma "Ala"  <Nowa>.', "xml")
    assert not set('<>:"/\\|?*') & set(name.removesuffix(".xml")) and name.endswith("Firma -Ala- -Nowa.xml")
    assert safe_file_name("CON") == "_CON" and safe_file_name("lpt1.txt") == "_lpt1.txt"
    assert safe_file_name("   ...  ") == "_" and len(safe_file_name("x" * 500)) == 80
    assert upo_file_name(KSEF, "FV/1") == f"UPO_{KSEF}.pdf" and upo_file_name(None, "FV/1/2026") == "UPO_FV-1-2026.pdf"


def test_a_sent_invoice_is_listed_at_once_and_never_counted_as_new(qtbot: QtBot, kit: GuiKit) -> None:
    services = kit.services
    assert services.invoices is not None and services.sender is not None and services.scheduler is not None
    services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    services.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    receiver = services.scheduler.receiver
    receiver.sync(NIP)  # the first sync: history, nothing new
    invoices, sender = services.invoices, services.sender
    company_id = services.companies.get(NIP).id
    seen: list[str] = []

    def mark_seen(numbers: list[str]) -> None:
        seen.extend(numbers)
        invoices.mark_seen(None, numbers)

    panel = InvoicesPanel(
        "en",
        services.runner,
        load_rows=invoices.table_rows,
        company_of=services.companies.find,
        metadata_of=lambda nip, number: invoices.metadata(company_id, number),
        xml_of=lambda nip, number: invoices.xml(company_id, number),
        mark_seen=mark_seen,
        save_file=lambda parent, title, name: None,
        show_error=kit.dialogs.errors.append,
        outbox=sender.outbox,
    )
    qtbot.addWidget(panel)
    panel.set_companies(services.companies.list())
    sender.enqueue(NIP, "FV-S-1.xml", invoice_xml(NIP, buyer=OTHER, number="FV/S/1"))
    sender.send(NIP)
    item = sender.outbox.listing()[0][1]
    assert item.state in (OutboxState.ACCEPTED, OutboxState.DONE) and item.ksef_number
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()  # what the window does when a send finishes
    assert panel.model.total() == 1 and not panel.model.is_new(item.ksef_number)
    row = panel.model.row(0)
    assert row.ksef_number == item.ksef_number and row.invoice_number == "FV/S/1"
    assert row.direction == Direction.SALES.value
    assert panel.model.index(0, COLUMNS.index("company")).data() == "Piekarnia"
    with qtbot.waitSignal(panel.preview_shown, timeout=10_000):
        panel.select(item.ksef_number)
    assert "FV/S/1" in panel.details.toPlainText()  # from the outbox copy
    # KSeF's own copy comes with the next sync, stored as new: the list still knows it is ours.
    time.sleep(1.1)  # below KSeF's high-water mark
    receiver.sync(NIP)
    assert any(i.is_new for i in invoices.list())
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()
    assert panel.model.total() == 1 and not panel.model.is_new(item.ksef_number)
    assert seen == [item.ksef_number] and not any(i.is_new for i in invoices.list())
    panel.only_new.setChecked(True)
    assert panel.model.rowCount() == 0


def test_outbox_menu_copies_numbers_shows_polish_deadlines_and_previews(qtbot: QtBot, kit: GuiKit) -> None:
    services = kit.services
    assert services.sender is not None
    services.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
    services.auth.login_with_token(NIP, login_kit(kit.server.sandbox, NIP).ksef_token)
    sender = services.sender
    sender.enqueue(NIP, "FV-O-1.xml", invoice_xml(NIP, buyer=OTHER, number="FV/O/1"))
    sender.send(NIP)
    _, waiting = sender.enqueue(  # issued offline today: to be sent by its legal deadline
        NIP, "FV-O-2.xml", invoice_xml(NIP, buyer=OTHER, number="FV/O/2"), offline_mode=OfflineMode.OFFLINE24
    )
    assert waiting.deadline is not None
    pages: list[int] = []

    def page_of(item_id: int) -> Page:
        pages.append(item_id)
        return invoice_page(sender.outbox.xml(item_id), Environment.SANDBOX, "pl")

    panel = OutboxPanel(sender.outbox.listing, lang="pl", page_of=page_of, print_pages=lambda parent, p: True)
    qtbot.addWidget(panel)
    panel.reload()
    assert panel.model.index(0, 6).data() == f"{waiting.deadline:%d.%m.%Y}"  # newest first: the offline one
    panel.table.selectRow(1)
    item = panel.selected()
    assert item is not None and item.ksef_number
    menu = panel.context_menu()
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.text()][:3] == [
        "Copy KSeF number",
        "Copy invoice number",
        "Open preview",
    ]
    menu.actions()[0].trigger()
    assert QGuiApplication.clipboard().text() == item.ksef_number and item.ksef_number in panel.notice.text()
    with qtbot.waitSignal(panel.save_pdf_requested) as wanted:
        dialog = panel.open_preview()
        assert dialog is not None and "FV/O/1" in dialog.browser.toPlainText()
        dialog.save_button.click()
    assert wanted.args == [item.id] and pages == [item.id]
    dialog.close()
    panel.table.selectRow(0)
    waiting_menu = panel.context_menu()
    assert waiting_menu is not None and not waiting_menu.actions()[0].isEnabled()  # no KSeF number yet


def test_untranslated_strings_are_gone_from_the_polish_lists(qtbot: QtBot, tmp_path: Path) -> None:
    qm = tmp_path / "pl.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    ts = ROOT / "ksefdesk" / "resources" / "translations" / "ksefdesk_pl.ts"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        panel, _ = _panel(qtbot, tmp_path, "pl")
        panel.table.clearSelection()
        text = panel.details.toPlainText()
        assert text == "Zaznacz fakturę, aby zobaczyć jej szczegóły."
        menu = panel.context_menu()
        assert menu is None
        panel.select(KSEF)
        menu = panel.context_menu()
        assert menu is not None and menu.actions()[0].text() == "Kopiuj numer KSeF"
        # Small screens: neither list asks for more width than a 1024 px screen has.
        assert panel.minimumSizeHint().width() <= 1000
        assert translated_language() == "pl"  # a window that forgets to pass lang still gets Polish dates
        outbox = OutboxPanel(lambda: [])
        qtbot.addWidget(outbox)
        assert outbox.minimumSizeHint().width() <= 1000
    finally:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture(autouse=True)
def _no_stray_windows(qtbot: QtBot) -> None:
    """Previews are top-level windows: close them so one test's dialog never answers another's query."""
    yield  # type: ignore[misc]
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (PaperPreview, QMenu)):
            widget.close()


def test_the_type_filter_picks_one_direction(qtbot: QtBot, tmp_path: Path) -> None:
    """Qt hands the combo's enum back as a plain string; choosing a type filters instead of failing."""
    from ksefdesk.core.invoices import Direction

    panel, _ = _panel(qtbot, tmp_path)
    panel.direction.setCurrentIndex(panel.direction.findData(Direction.PURCHASE))
    assert panel.current_filter().direction is Direction.PURCHASE
    panel.direction.setCurrentIndex(0)
    assert panel.current_filter().direction is None
