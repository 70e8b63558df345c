"""The invoices tab: filters, the list and the selected invoice's details; a large paper-like preview on
double-click, a context menu (copy the numbers, preview, save, print) and file names worth keeping."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtCore import QDate, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.fa3 import summarize
from ksefdesk.core.formatting import date_edit_pattern
from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Company, Environment
from ksefdesk.core.preview import Page, invoice_page, when
from ksefdesk.core.xml_safety import UnsafeXml, parse_untrusted
from ksefdesk.services.send import Outbox, OutboxItem
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.invoice_model import (
    NEW_STATUS,
    InvoiceFilter,
    InvoiceTableModel,
    Prepared,
    Row,
    prepare,
)
from ksefdesk.ui.paper import words_stay_whole
from ksefdesk.ui.widgets import OneStopDateEdit, TransientNotice

FILTER_DELAY_MS = 150  # typing pauses this long before the list filters
NO_DATE = QDate(2000, 1, 1)  # shown as "—": no limit
SENT_STATUS = "sent"  # a row made from the outbox: sent from here, not received back from KSeF yet


def parse_amount(text: str) -> Decimal | None:
    """ "1 234,50" or "1234.5" -> Decimal("1234.5"); empty or unreadable -> None (no limit)."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None
    return amount if amount is None or amount.is_finite() else None


# --- file names and folders ------------------------------------------------------------------------
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def safe_file_name(text: str, limit: int = 80) -> str:
    """A piece of a file name every system accepts (Windows is the strictest): no \\ / : * ? " < > |
    or control characters, no trailing dot or space, no device name such as CON."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "-", text)
    cleaned = " ".join(cleaned.split())[:limit].strip(" .-")
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned or "_"


def invoice_file_name(prefix: str, number: str, seller: str, extension: str) -> str:
    """Faktura_FV-12-2026_Piekarnia Kowalski.pdf: what the file holds, readable in any folder."""
    parts = [safe_file_name(prefix), safe_file_name(number, 60) if number else ""]
    if seller:
        parts.append(safe_file_name(seller, 40))
    return "_".join(p for p in parts if p) + f".{extension}"


def upo_file_name(ksef_number: str | None, invoice_number: str, extension: str = "pdf") -> str:
    """UPO_<KSeF number>.pdf (the number KSeF confirms), else UPO_<invoice number>.pdf."""
    return f"UPO_{safe_file_name(ksef_number or invoice_number)}.{extension}"


class SettingsStore(Protocol):
    def get(self, key: str, default: str | None = None) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


class FilePlaces:
    """Where file dialogs open: the folder the user last saved into for the same purpose ("invoice_pdf",
    "invoice_xml", "upo"), else the last folder of any save, else the home folder. Kept in the settings
    when a store is given (so it survives a restart), else for this session."""

    KEY = "last_folder"

    def __init__(self, store: SettingsStore | None = None, home: Path | None = None) -> None:
        self._store = store
        self._memory: dict[str, str] = {}
        self._home = home or Path.home()

    def _get(self, key: str) -> str | None:
        return self._store.get(key) if self._store is not None else self._memory.get(key)

    def folder(self, purpose: str) -> Path:
        for key in (f"{self.KEY}.{purpose}", self.KEY):
            known = self._get(key)
            if known and Path(known).is_dir():
                return Path(known)
        return self._home

    def suggest(self, purpose: str, name: str) -> str:
        """The full path to offer in the save dialog."""
        return str(self.folder(purpose) / name)

    def remember(self, purpose: str, saved: str) -> None:
        folder = str(Path(saved).resolve().parent)
        for key in (f"{self.KEY}.{purpose}", self.KEY):
            if self._store is not None:
                self._store.set(key, folder)
            else:
                self._memory[key] = folder


# --- invoices sent from here -------------------------------------------------------------------------
def outbox_row(item: OutboxItem, xml: bytes) -> Row | None:
    """A list row for an invoice sent from here, from its own XML (KSeF's copy comes with a later sync)."""
    if not item.ksef_number:
        return None
    try:
        facts = summarize(parse_untrusted(xml))
    except (UnsafeXml, ValueError):
        return None
    issued = facts.issue_date or item.issue_date
    return Row(
        ksef_number=item.ksef_number,
        company_nip=facts.seller_nip,  # the outbox gives every invoice to the company that is its seller
        direction=Direction.SALES.value,
        invoice_number=facts.invoice_number or item.invoice_number,
        issue_date=issued.isoformat() if issued else "",
        seller_nip=facts.seller_nip,
        seller_name=facts.seller_name,
        buyer_id=facts.buyer.identifier,
        buyer_name=facts.buyer.name,
        net=facts.net,
        vat=facts.vat,
        gross=facts.gross,
        currency=facts.currency,
        status=SENT_STATUS,
        is_new=False,
    )


def sent_invoices(outbox: Outbox, known: set[str], cache: dict[int, Row | None]) -> tuple[list[Row], dict[str, int]]:
    """Rows for the numbered outbox invoices not in ``known`` (received rows), and KSeF number -> outbox
    item of every numbered one. ``cache`` keeps parsed rows between reloads (an outbox XML never changes)."""
    rows: list[Row] = []
    sent: dict[str, int] = {}
    for _, item in outbox.listing():
        if not item.ksef_number:
            continue
        sent[item.ksef_number] = item.id
        if item.ksef_number in known:
            continue
        if item.id not in cache:
            cache[item.id] = outbox_row(item, outbox.xml(item.id))
        row = cache[item.id]
        if row is not None:
            rows.append(row)
    return rows, sent


# --- the large preview --------------------------------------------------------------------------------
class PaperPreview(QDialog):
    """One invoice large, as on paper, in a window of its own (resizable, not modal)."""

    def __init__(
        self,
        page: Page,
        parent: QWidget | None = None,
        *,
        print_page: Callable[[QWidget], object] | None = None,
        save_pdf: Callable[[QWidget], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(page.title or self.tr("Invoice preview"))
        self.setSizeGripEnabled(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Invoice preview"))
        self.browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.browser.setStyleSheet("QTextBrowser{background:white;color:black;border:1px solid #b8b8b8;}")
        self.browser.setMaximumWidth(980)  # a sheet, not a banner, on a wide screen
        document = self.browser.document()
        words_stay_whole(document)
        document.setDocumentMargin(28)
        for name, png in page.images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(png))
        self.browser.setHtml(page.html)
        sheet = QHBoxLayout()
        sheet.addWidget(self.browser, 1)
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        for button, action in ((self.print_button, print_page), (self.save_button, save_pdf)):
            button.setVisible(action is not None)
            if action is not None:
                button.clicked.connect(lambda _=False, act=action: act(self))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(sheet, 1)
        layout.addLayout(buttons)
        self.setStyleSheet("PaperPreview{background:#e4e4e4;}")
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 900, 1000
        if room is not None:
            width, height = min(width, int(room.width() * 0.9)), min(height, int(room.height() * 0.92))
        self.resize(width, height)


# --- the tab ----------------------------------------------------------------------------------------
class InvoicesPanel(QWidget):
    selection_changed = Signal()
    loaded = Signal()
    preview_shown = Signal(str)  # KSeF number
    saved = Signal(str)  # a file written (XML or PDF); the window may repeat it in its status bar
    preview_opened = Signal(object)  # the PaperPreview dialog
    due_loaded = Signal()  # the unpaid purchase invoices and their due dates are in the list

    def __init__(
        self,
        lang: Lang,
        runner: TaskRunner,
        *,
        load_rows: Callable[[], list[Row]],
        company_of: Callable[[str], Company | None],
        metadata_of: Callable[[str, str], dict[str, object]],
        xml_of: Callable[[str, str], bytes | None],
        mark_seen: Callable[[list[str]], None],
        save_file: Callable[[QWidget, str, str], str | None],
        show_error: Callable[[UserError], None],
        save_pdf: Callable[[QWidget, list[Page], str], str | None] = lambda parent, pages, name: None,
        print_pages: Callable[[QWidget, list[Page]], bool] = lambda parent, pages: False,
        places: FilePlaces | None = None,
        outbox: Outbox | None = None,
        load_due: Callable[[], dict[tuple[str, str], str]] | None = None,
        pay: Callable[[str, list[str]], object] | None = None,
        issue_from: Callable[[str, str, str, bytes], object] | None = None,
    ) -> None:
        super().__init__()
        self._lang, self._runner = lang, runner
        self._load_rows, self._company_of, self._metadata_of = load_rows, company_of, metadata_of
        self._xml_of, self._mark_seen, self._save_file, self._show_error = xml_of, mark_seen, save_file, show_error
        self._save_pdf, self._print_pages = save_pdf, print_pages
        self.places = places or FilePlaces()
        self._outbox = outbox
        self._load_due, self._pay = load_due, pay  # unpaid purchase invoices and their due dates; the pay dialog
        self._issue_from = issue_from  # (action: like/correct/settle, company NIP, KSeF number, XML)
        self._sent_cache: dict[int, Row | None] = {}
        self._shown_ksef: str | None = None  # the invoice whose preview is (being) shown
        self._shown_page: tuple[str, Page] | None = None  # and its page, once built
        self._facts = ""
        self.preview: PaperPreview | None = None  # the last large preview opened
        self.model = InvoiceTableModel(lang)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: number, KSeF number, party or NIP"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search invoices"))
        self.company = QComboBox()
        self.company.setAccessibleName(self.tr("Company"))
        self.direction = QComboBox()
        self.direction.setAccessibleName(self.tr("Type"))
        for combo in (self.company, self.direction):
            # Long company names must not widen the window beyond a small screen.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.direction.addItem(self.tr("All types"), None)
        for direction in (Direction.PURCHASE, Direction.SALES, Direction.THIRD_PARTY, Direction.AUTHORIZED):
            self.direction.addItem(self.model.direction_text(direction.value), direction)
        self.only_new = QCheckBox(self.tr("Only new"))
        self.to_pay = QCheckBox(self.tr("To pay"))
        self.to_pay.setToolTip(self.tr("Unpaid purchase invoices, the earliest due date first"))
        self.to_pay.setVisible(load_due is not None)
        self.date_from, self.date_to = OneStopDateEdit(), OneStopDateEdit()  # one Tab stop each, no trap
        for edit, name in ((self.date_from, self.tr("Issued from")), (self.date_to, self.tr("Issued until"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_edit_pattern(lang))
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("—")
            edit.setDate(NO_DATE)
            edit.setAccessibleName(name)
            edit.setToolTip(name)
        self.amount_min, self.amount_max = QLineEdit(), QLineEdit()
        for bound, text in ((self.amount_min, self.tr("from")), (self.amount_max, self.tr("to"))):
            bound.setPlaceholderText(text)
            bound.setAccessibleName(text)
            bound.setMaximumWidth(110)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)

        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.search, 3)
        first.addWidget(self.company, 2)
        first.addWidget(self.direction, 1)
        first.addWidget(self.only_new)
        first.addWidget(self.to_pay)
        second.addWidget(QLabel(self.tr("Issued")))
        second.addWidget(self.date_from)
        second.addWidget(QLabel("–"))
        second.addWidget(self.date_to)
        second.addSpacing(16)
        second.addWidget(QLabel(self.tr("Gross")))
        second.addWidget(self.amount_min)
        second.addWidget(QLabel("–"))
        second.addWidget(self.amount_max)
        second.addStretch()
        second.addWidget(self.clear_button)
        filters = QVBoxLayout()
        filters.addLayout(first)
        filters.addLayout(second)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)  # PDF/print of many
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Invoices"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (the arrows move in it): no Tab trap
        self.table.setToolTip(self.tr("Double-click an invoice to see it large; right-click for more"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu_requested)
        self.table.doubleClicked.connect(lambda _: self.open_preview())
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring: 100k rows stay fast
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((24, 100, 172, 64, 210, 190, 124, 104, 290)):  # the rest: company
            header.resizeSection(column, width)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setWordWrapMode(QTextOption.WrapMode.WordWrap)  # as on paper: never inside a word
        self.details.setAccessibleName(self.tr("Details of the selected invoice"))
        self.save_xml = QPushButton(self.tr("Save XML…"))
        self.save_xml.clicked.connect(self.save_selected_xml)
        self.save_pdf = QPushButton(self.tr("Save PDF…"))
        self.save_pdf.setToolTip(self.tr("The selected invoices as one A4 PDF, with their KSeF QR codes"))
        self.save_pdf.clicked.connect(self.save_selected_pdf)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_selected)
        self.preview_button = QPushButton(self.tr("Preview…"))
        self.preview_button.setToolTip(self.tr("The invoice large, as on paper (or double-click it in the list)"))
        self.preview_button.clicked.connect(self.open_preview)
        self.mark_all = QPushButton(self.tr("Mark all as read"))
        self.mark_all.clicked.connect(self.mark_all_seen)
        self.count = QLabel("")
        self.notice = TransientNotice(self.tr("Last action"))
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.save_xml, self.save_pdf, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch()
        details_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)  # the preview reads like the paper invoice: give it room
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.notice, 1)
        # beside the count it acts on, not in the row of the selected invoice's buttons (which a longer
        # translation would otherwise push past a 1024 px screen)
        bottom.addWidget(self.mark_all)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        for bound in (self.amount_min, self.amount_max):
            bound.textChanged.connect(lambda _: self._debounce.start())
        for combo in (self.company, self.direction):
            combo.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.only_new.toggled.connect(lambda _: self.apply_filters())
        self.to_pay.toggled.connect(lambda _: self.apply_filters())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _: self.apply_filters())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected_changed())
        self._show_details(None)

    # --- data ---------------------------------------------------------------------------------------
    def set_companies(self, companies: list[Company]) -> None:
        current = self.company.currentData()
        self.company.blockSignals(True)
        self.company.clear()
        self.company.addItem(self.tr("All companies"), None)
        for company in companies:
            self.company.addItem(company.display_name, company.nip)
            self.company.setItemData(self.company.count() - 1, f"NIP {company.nip}", Qt.ItemDataRole.ToolTipRole)
        position = self.company.findData(current)
        self.company.setCurrentIndex(max(position, 0))
        self.company.blockSignals(False)
        self.model.set_company_names({c.nip: c.display_name for c in companies})

    def reload(self) -> None:
        """Read the list again (after a sync or a send), keeping filters, sort and the selected invoice.
        Reading and sorting 100,000 rows takes a few hundred milliseconds: a worker does it, the GUI swaps.
        Invoices sent from here show at once, before KSeF's copy comes back with a sync."""
        load, sort, wanted, names = (
            self._load_rows,
            self.model.sort_spec,
            self.current_filter(),
            self.model.company_names,
        )
        outbox, cache, due = self._outbox, self._sent_cache, self.model.due

        def work(cancel: object) -> Prepared:
            rows = load()
            sent: dict[str, int] = {}
            if outbox is not None:
                extra, sent = sent_invoices(outbox, {row.ksef_number for row in rows}, cache)
                rows = rows + extra
            return prepare(rows, sort, wanted, names, sent, due)

        self._runner.run(work, self._loaded, self._show_error)

    def _alive(self) -> bool:
        """False once Qt deleted the panel (another environment, a closed window) while a load still ran."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.table)

    def _loaded(self, state: object) -> None:
        assert isinstance(state, Prepared)
        if not self._alive():
            return
        selected = self.selected_ksef()
        state.names = self.model.company_names  # the companies may have changed meanwhile
        self.model.set_prepared(state)
        if state.filter != self.current_filter():  # the user changed a filter meanwhile
            self.model.apply(self.current_filter())
        self._update_count()
        if state.seen_by_sending:
            self._mark_seen(list(state.seen_by_sending))  # KSeF's copy of our own invoice: nothing new
        if not (selected and self.select(selected)):
            self._show_details(None)  # the selected invoice is filtered out
        self.loaded.emit()
        self.reload_due()  # due dates read every unpaid invoice's XML: apart, so the list never waits for them

    def current_filter(self) -> InvoiceFilter:
        def day(edit: QDateEdit) -> str | None:
            return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")

        return InvoiceFilter(
            text=self.search.text(),
            company=self.company.currentData(),
            # Qt hands an enum back as its plain value: the filter takes the enum again
            direction=Direction(self.direction.currentData()) if self.direction.currentData() else None,
            status=NEW_STATUS if self.only_new.isChecked() else None,
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            amount_min=parse_amount(self.amount_min.text()),
            amount_max=parse_amount(self.amount_max.text()),
            to_pay=self.to_pay.isChecked(),
        )

    def apply_filters(self) -> None:
        selected = self.selected_ksef()
        self.model.apply(self.current_filter())
        self._update_count()
        if not (selected and self.select(selected)):
            self._show_details(None)  # the selected invoice is filtered out

    def clear_filters(self) -> None:
        for edit in (self.search, self.amount_min, self.amount_max):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        for widget in (self.company, self.direction, self.only_new, self.to_pay, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.company.setCurrentIndex(0)
        self.direction.setCurrentIndex(0)
        self.only_new.setChecked(False)
        self.to_pay.setChecked(False)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        for widget in (self.company, self.direction, self.only_new, self.to_pay, self.date_from, self.date_to):
            widget.blockSignals(False)
        self.apply_filters()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        text = self.tr("%1 of %2 invoices").replace("%1", str(shown)).replace("%2", str(total))
        self.count.setText(text)
        self.mark_all.setEnabled(shown > 0)

    def show_notice(self, text: str) -> None:
        """A line under the list saying what just happened (no dialog to click away)."""
        self.notice.show_text(text)

    # --- selection ----------------------------------------------------------------------------------
    def selected_ksef(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()).ksef_number if rows else None

    def select(self, ksef_number: str) -> bool:
        position = self.model.view_row_of(ksef_number)
        if position < 0:
            return False
        self.table.selectRow(position)
        self.table.scrollTo(self.model.index(position, 0))
        return True

    def _selected_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row(rows[0].row()) if rows else None
        self._show_details(row)
        if row is not None and self.model.is_new(row.ksef_number):
            self.model.mark_seen([row.ksef_number])
            self._mark_seen([row.ksef_number])
        self.selection_changed.emit()

    def _show_details(self, row: Row | None) -> None:
        for button in (self.save_xml, self.save_pdf, self.print_button, self.preview_button):
            button.setEnabled(row is not None)
        if row is None:
            self._shown_ksef, self._shown_page = None, None
            hint = self.tr("Select an invoice to see its details.")
            self.details.setHtml(f"<p>{html.escape(hint)}</p>")
            return
        nip, number = row.company_nip, row.ksef_number
        self._shown_ksef = number
        company = self._company_of(nip)
        sent = self.model.sent_item(number)
        meta = self._metadata_of(nip, number)
        received = str(meta.get("acquisitionDate") or "")
        facts = [(self.tr("Type"), self.model.direction_text(row.direction))]
        if received or sent is None:
            facts.append((self.tr("Received by KSeF"), when(received, self._lang) if received else "—"))
        if sent is not None:
            facts.append((self.tr("Sent"), self.tr("from KSeF Desk")))
        facts.append((self.tr("Company"), f"{company.display_name if company else ''} (NIP {nip})"))
        self._facts = "".join(
            f"<span style='color:#555'>{html.escape(k)}:</span> {html.escape(v)} &nbsp; " for k, v in facts
        )
        loading = self.tr("Loading the invoice…")
        self.details.setHtml(f"<p>{self._facts}</p><p>{html.escape(loading)}</p>")
        self._runner.run(
            lambda cancel: self._page(row, sent=sent),
            lambda page: self._show_page(number, page),
            self._preview_failed,
        )

    def _page(self, row: Row, tag: str = "", sent: int | None = None) -> Page:
        """The invoice as paper (preview, PDF, print); runs on a worker. ``sent``: its outbox item, for an
        invoice sent from here whose copy from KSeF has not come yet."""
        nip, number = row.company_nip, row.ksef_number
        xml = self._xml_of(nip, number)
        if xml is None and sent is not None and self._outbox is not None:
            xml = self._outbox.xml(sent)
        if xml is None:
            raise UserError("invoice.no_document", ksef_number=number)
        company = self._company_of(nip)
        environment = company.environment if company else Environment.TEST
        return invoice_page(xml, environment, self._lang, ksef_number=number, tag=tag)

    def _show_page(self, number: str, page: object) -> None:
        if number != self._shown_ksef or not isinstance(page, Page):
            return  # the user moved on meanwhile
        self._shown_page = (number, page)
        document = self.details.document()
        for name, png in page.images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(png))
        body = page.html.split("<body>", 1)[-1]
        self.details.setHtml(page.html.split("<body>", 1)[0] + f"<body><p>{self._facts}</p><hr>" + body)
        self.preview_shown.emit(number)

    def _preview_failed(self, error: UserError) -> None:
        self.details.setHtml(
            f"<p>{self._facts}</p><p style='color:#9a3b00'>{html.escape(error.message(self._lang))}</p>"
        )

    def selected_rows(self) -> list[Row]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row(r) for r in rows]

    def _pages(self, rows: list[Row] | None = None) -> list[Page] | None:
        chosen = self.selected_rows() if rows is None else rows
        try:
            return [
                self._page(row, tag=str(n), sent=self.model.sent_item(row.ksef_number)) for n, row in enumerate(chosen)
            ]
        except UserError as error:
            self._show_error(error)
            return None

    # --- actions ------------------------------------------------------------------------------------
    def _file_name(self, row: Row, extension: str) -> str:
        return invoice_file_name(self.tr("Invoice"), row.invoice_number or row.ksef_number, row.seller_name, extension)

    def _saved(self, purpose: str, target: str) -> None:
        self.places.remember(purpose, target)
        path = Path(target)
        self.show_notice(self.tr("Saved %1 in %2").replace("%1", path.name).replace("%2", str(path.parent)))
        self.saved.emit(target)

    def save_selected_xml(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row(rows[0].row())
        number = row.ksef_number
        xml = self._xml_of(row.company_nip, number)
        sent = self.model.sent_item(number)
        if xml is None and sent is not None and self._outbox is not None:
            xml = self._outbox.xml(sent)
        if xml is None:
            self._show_error(UserError("invoice.no_document", ksef_number=number))
            return None
        suggested = self.places.suggest("invoice_xml", self._file_name(row, "xml"))
        target = self._save_file(self, self.tr("Save the invoice XML"), suggested)
        if not target:
            return None
        try:
            Path(target).write_bytes(xml)
        except OSError as exc:
            self._show_error(UserError("export.cannot_write", path=target, details=str(exc)))
            return None
        self._saved("invoice_xml", target)
        return target

    def save_selected_pdf(self) -> str | None:
        rows = self.selected_rows()
        pages = self._pages(rows) if rows else None
        return self._write_pdf(rows, pages or [])

    def _write_pdf(self, rows: list[Row], pages: list[Page], parent: QWidget | None = None) -> str | None:
        if not pages:
            return None
        if len(rows) == 1:
            name = self._file_name(rows[0], "pdf")
        else:
            several = safe_file_name(self.tr("Invoices"))
            name = f"{several}_{len(rows)}_{date.today().isoformat()}.pdf"
        target = self._save_pdf(parent or self, pages, self.places.suggest("invoice_pdf", name))
        if target:
            self._saved("invoice_pdf", target)
        return target

    def print_selected(self) -> bool:
        pages = self._pages() if self.selected_rows() else None
        return bool(pages) and self._print_pages(self, pages or [])

    def mark_all_seen(self) -> None:
        shown = (self.model.row(r).ksef_number for r in range(self.model.rowCount()))
        fresh = [number for number in shown if self.model.is_new(number)]
        if fresh:
            self.model.mark_seen(fresh)
            self._mark_seen(fresh)

    def copy_numbers(self, which: str) -> str:
        """Put the selected invoices' KSeF numbers (``which`` = "ksef") or invoice numbers ("number") on
        the clipboard, one a line; returns what was copied."""
        numbers = (row.ksef_number if which == "ksef" else row.invoice_number for row in self.selected_rows())
        text = "\n".join(number for number in numbers if number)
        if text:
            QGuiApplication.clipboard().setText(text)
            what = self.tr("KSeF number") if which == "ksef" else self.tr("invoice number")
            self.show_notice(self.tr("Copied %1: %2").replace("%1", what).replace("%2", text.replace("\n", ", ")))
        return text

    # --- the large preview ----------------------------------------------------------------------------
    def open_preview(self) -> None:
        """The selected invoice large, in a window of its own (the page is built on a worker)."""
        rows = self.selected_rows()
        if not rows:
            return
        row = rows[0]
        number = row.ksef_number
        if self._shown_page is not None and self._shown_page[0] == number:
            self._open_preview(row, self._shown_page[1])
            return
        sent = self.model.sent_item(number)
        self._runner.run(lambda cancel: self._page(row, sent=sent), lambda page: self._open_preview(row, page))

    def _open_preview(self, row: Row, page: object) -> None:
        if not isinstance(page, Page):
            return
        dialog = PaperPreview(
            page,
            self,
            print_page=lambda parent: self._print_pages(parent, [page]),
            save_pdf=lambda parent: self._write_pdf([row], [page], parent),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_preview(dialog))
        self.preview = dialog
        dialog.show()
        self.preview_opened.emit(dialog)

    def _forget_preview(self, dialog: PaperPreview) -> None:
        if self.preview is dialog:
            self.preview = None

    # --- context menu -----------------------------------------------------------------------------------
    def context_menu(self) -> QMenu | None:
        """The actions for the selected invoices (what a right-click shows)."""
        rows = self.selected_rows()
        if not rows:
            return None
        menu = QMenu(self)
        many = len(rows) > 1
        menu.addAction(self.tr("Copy KSeF numbers") if many else self.tr("Copy KSeF number")).triggered.connect(
            lambda: self.copy_numbers("ksef")
        )
        menu.addAction(self.tr("Copy invoice numbers") if many else self.tr("Copy invoice number")).triggered.connect(
            lambda: self.copy_numbers("number")
        )
        menu.addSeparator()
        preview = menu.addAction(self.tr("Open preview"))
        preview.setEnabled(not many)
        preview.triggered.connect(self.open_preview)
        xml = menu.addAction(self.tr("Save XML…"))
        xml.setEnabled(not many)
        xml.triggered.connect(self.save_selected_xml)
        menu.addAction(self.tr("Save PDF…")).triggered.connect(self.save_selected_pdf)
        menu.addAction(self.tr("Print…")).triggered.connect(self.print_selected)
        if self._pay is not None:
            menu.addSeparator()
            pay = menu.addAction(self.tr("Pay…"))
            pay.setToolTip(self.tr("Transfer data with the KSeF number, the payment QR code and the White List check"))
            pay.setEnabled(self.payable() is not None)
            pay.triggered.connect(self.pay_selected)
        if self._issue_from is not None:
            menu.addSeparator()
            sales = not many and rows[0].direction == Direction.SALES.value
            for action, text in (
                ("like", self.tr("Issue like this one")),
                ("correct", self.tr("Correct this invoice")),
                ("settle", self.tr("Settle this advance")),
            ):
                item = menu.addAction(text)
                # a correction of a purchase invoice is offered so the service can say why it is not possible
                item.setEnabled(sales or (action == "correct" and not many))
                item.triggered.connect(lambda _=False, act=action: self.issue_from_selected(act))
        return menu

    def issue_from_selected(self, action: str) -> object:
        """A new invoice from the selected one: "like" it, "correct" it or "settle" it (an advance)."""
        rows = self.selected_rows()
        if len(rows) != 1 or self._issue_from is None:
            return None
        row = rows[0]
        xml = self._xml_of(row.company_nip, row.ksef_number)
        sent = self.model.sent_item(row.ksef_number)
        if xml is None and sent is not None and self._outbox is not None:
            xml = self._outbox.xml(sent)
        if xml is None:
            self._show_error(UserError("invoice.no_document", ksef_number=row.ksef_number))
            return None
        return self._issue_from(action, row.company_nip, row.ksef_number, xml)

    # --- paying purchase invoices -------------------------------------------------------------------------
    def payable(self) -> tuple[str, list[str]] | None:
        """(company NIP, KSeF numbers) when the selection can be paid with one transfer: purchase invoices of
        one company and one seller (several get a collective identifier); None otherwise."""
        rows = self.selected_rows()
        if not rows or any(row.direction != Direction.PURCHASE.value for row in rows):
            return None
        if len({row.company_nip for row in rows}) != 1 or len({row.seller_nip for row in rows}) != 1:
            return None
        return rows[0].company_nip, [row.ksef_number for row in rows]

    def pay_selected(self) -> bool:
        target = self.payable()
        if target is None or self._pay is None:
            self.show_notice(self.tr("Select purchase invoices of one seller to pay them."))
            return False
        self._pay(*target)
        return True

    def show_to_pay(self) -> None:
        """The "To pay" filter on, as the Invoices menu asks."""
        self.to_pay.setChecked(True)

    def reload_due(self) -> None:
        """Read the unpaid invoices again (after one was marked paid), in the background."""
        if self._load_due is None:
            return
        load_due = self._load_due
        self._runner.run(lambda cancel: load_due(), self._due_loaded, self._show_error)

    def _due_loaded(self, due: object) -> None:
        assert isinstance(due, dict)
        if not self._alive():
            return
        selected = self.selected_ksef()
        self.model.set_due(due)
        self._update_count()
        if selected:
            self.select(selected)
        self.due_loaded.emit()

    def _context_menu_requested(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())  # right-click on another invoice: that one
        menu = self.context_menu()
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.table.viewport().mapToGlobal(position))
