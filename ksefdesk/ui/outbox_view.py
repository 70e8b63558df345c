"""The outbox tab: sales invoices on their way to KSeF, their state, KSeF number, UPO or reasons.

Files come in through "Add invoices…", by dragging them onto the tab, or from the watched folder;
each goes to the company that is its seller. A right-click copies the numbers or saves the UPO/PDF;
a double-click shows the invoice large when the window hands in how to build its page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.offline import OfflineMode
from ksefdesk.core.preview import Page
from ksefdesk.services.send import OutboxItem, OutboxState
from ksefdesk.ui.invoice_view import PaperPreview
from ksefdesk.ui.widgets import TransientNotice

Index = QModelIndex | QPersistentModelIndex
REASON = 7
COLOURS = {
    OutboxState.DONE: "#1b5e20",
    OutboxState.ACCEPTED: "#1b5e20",
    OutboxState.REJECTED: "#b71c1c",
}


def translated_language() -> Lang:
    """The language the UI speaks now, for dates, when the window did not say (it should pass ``lang``)."""
    return "pl" if QCoreApplication.translate("OutboxTableModel", "Send by") != "Send by" else "en"


class OutboxTableModel(QAbstractTableModel):
    def __init__(self, lang: Lang | None = None) -> None:
        super().__init__()
        self._lang: Lang = lang or translated_language()
        self._rows: list[tuple[str, OutboxItem]] = []
        self._headers = (
            self.tr("Company"),
            self.tr("File"),
            self.tr("Invoice number"),
            self.tr("State"),
            self.tr("KSeF number"),
            self.tr("Issued offline"),
            self.tr("Send by"),
            self.tr("Reason"),
        )
        self._modes = {
            OfflineMode.OFFLINE24: self.tr("offline24"),
            OfflineMode.UNAVAILABLE: self.tr("KSeF unavailable"),
            OfflineMode.EMERGENCY: self.tr("KSeF failure"),
        }
        self._states = {
            OutboxState.QUEUED: self.tr("waiting to be sent"),
            OutboxState.SENDING: self.tr("sending"),
            OutboxState.SENT: self.tr("sent, KSeF is checking it"),
            OutboxState.ACCEPTED: self.tr("accepted, UPO on its way"),
            OutboxState.DONE: self.tr("accepted, UPO received"),
            OutboxState.REJECTED: self.tr("rejected"),
        }

    def set_rows(self, rows: list[tuple[str, OutboxItem]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def item(self, row: int) -> OutboxItem:
        return self._rows[row][1]

    def mode_text(self, mode: OfflineMode) -> str:
        return self._modes[mode]

    def state_text(self, state: OutboxState) -> str:
        return self._states[state]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        nip, item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            reason = f"KSeF {item.error_code}: {item.error_text}" if item.error_code else item.error_text
            waiting = item.state in (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT)
            deadline = ""
            if item.offline_mode is not None and waiting:
                deadline = format_date(item.deadline, self._lang) if item.deadline else self.tr("after the outage ends")
            values = (
                nip,
                item.file_name,
                item.invoice_number,
                self._states[item.state],
                item.ksef_number or "",
                self._modes[item.offline_mode] if item.offline_mode else "",
                deadline,
                reason,
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and item.state in COLOURS:
            return QBrush(QColor(COLOURS[item.state]))
        urgent = item.deadline is not None and item.deadline <= date.today() + timedelta(days=1)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6 and urgent:
            return QBrush(QColor("#b71c1c"))  # due today or tomorrow
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == REASON and item.error_text:
            return item.error_text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (0, 1, 2, 4):
            return self.data(index)  # a name or number cut short by its column
        return None


class OutboxPanel(QWidget):
    files_dropped = Signal(list)  # list[Path]
    add_requested = Signal()
    send_requested = Signal()
    save_upo_requested = Signal(int)  # outbox item id
    save_pdf_requested = Signal(int)  # outbox item id
    new_invoice_requested = Signal()  # the invoice form, for the selected company
    drafts_requested = Signal()  # the saved drafts, to reopen or delete

    def __init__(
        self,
        load_rows: Callable[[], list[tuple[str, OutboxItem]]],
        *,
        lang: Lang | None = None,
        page_of: Callable[[int], Page] | None = None,
        print_pages: Callable[[QWidget, list[Page]], bool] | None = None,
        show_error: Callable[[UserError], None] | None = None,
    ) -> None:
        """``page_of`` builds an item's paper page (KOD I, KOD II when offline): with it a double-click or
        "Open preview" shows the invoice large; ``print_pages`` adds Print… to that preview."""
        super().__init__()
        self._load_rows = load_rows
        self._page_of, self._print_pages, self._show_error = page_of, print_pages, show_error
        self.preview: PaperPreview | None = None  # the last large preview opened
        self.setAcceptDrops(True)
        self.model = OutboxTableModel(lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Outbox"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (the arrows move in it): no Tab trap
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu_requested)
        self.table.doubleClicked.connect(lambda _: self.open_preview())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 150, 140, 190, 290, 130, 100)):  # the rest: reason
            header.resizeSection(column, width)
        self.add_button = QPushButton(self.tr("Add invoices…"))
        self.add_button.clicked.connect(self.add_requested)
        self.new_invoice_button = QPushButton(self.tr("New invoice…"))
        self.new_invoice_button.setToolTip(self.tr("Fill in a sales invoice here and send it to KSeF"))
        self.new_invoice_button.clicked.connect(self.new_invoice_requested)
        self.drafts_button = QPushButton(self.tr("Drafts…"))
        self.drafts_button.setToolTip(self.tr("Invoices saved to finish later"))
        self.drafts_button.clicked.connect(self.drafts_requested)
        self.send_button = QPushButton(self.tr("Send now"))
        self.send_button.clicked.connect(self.send_requested)
        self.upo_button = QPushButton(self.tr("Save UPO…"))
        self.upo_button.clicked.connect(self._save_upo)
        self.pdf_button = QPushButton(self.tr("Invoice PDF…"))
        self.pdf_button.setToolTip(self.tr("The invoice with KOD I, and KOD II when it was issued offline"))
        self.pdf_button.clicked.connect(self._save_pdf)
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("How new invoices were issued"))
        self.mode.addItem(self.tr("Issued online (KSeF works)"), None)
        for mode in OfflineMode:
            self.mode.addItem(self.tr("Issued offline: %1").replace("%1", self._mode_text(mode)), mode.value)
        self.mode.setToolTip(
            self.tr(
                "Invoices issued while KSeF or the connection was down are sent with KSeF's offline flag "
                "by their legal deadline, which the Send by column shows."
            )
        )
        self.hint = QLabel(
            self.tr(
                "Drop FA(3) XML files here or add them with the button. Each invoice goes to the company that is "
                "its seller; KSeF Desk sends it once and keeps its KSeF number and UPO."
            )
        )
        self.hint.setWordWrap(True)
        self.summary = QLabel("")
        # the long offline-mode names must not widen the window beyond a 1024 px screen
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode.setMinimumContentsLength(22)
        self.notice = TransientNotice()
        buttons = QHBoxLayout()  # the mode on a row of its own: with the buttons it overflowed 1280 px in Polish
        for button in (
            self.new_invoice_button,
            self.drafts_button,
            self.add_button,
            self.send_button,
            self.upo_button,
            self.pdf_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        bottom = QHBoxLayout()  # below the list: next to the buttons the counts pushed them off a small screen
        bottom.addWidget(self.summary)
        bottom.addWidget(self.notice, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.mode)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def reload(self) -> None:
        rows = self._load_rows()
        self.model.set_rows(rows)
        counts: dict[OutboxState, int] = {}
        for _, item in rows:
            counts[item.state] = counts.get(item.state, 0) + 1
        waiting = sum(counts.get(s, 0) for s in (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT))
        self.summary.setText(
            self.tr("Waiting: %1 · with UPO: %2 · UPO pending: %3 · rejected: %4")
            .replace("%1", str(waiting))
            .replace("%2", str(counts.get(OutboxState.DONE, 0)))
            .replace("%3", str(counts.get(OutboxState.ACCEPTED, 0)))
            .replace("%4", str(counts.get(OutboxState.REJECTED, 0)))
        )
        self._update_buttons()

    def selected(self) -> OutboxItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        self.upo_button.setEnabled(item is not None and item.state is OutboxState.DONE)
        self.pdf_button.setEnabled(item is not None)

    def _mode_text(self, mode: OfflineMode) -> str:
        return self.model.mode_text(mode)

    def offline_mode(self) -> OfflineMode | None:
        """How the invoices being added now were issued (the selector above the list)."""
        mode = self.mode.currentData()
        return OfflineMode(mode) if mode else None  # Qt hands back the enum's value as a plain string

    def _save_pdf(self) -> None:
        item = self.selected()
        if item is not None:
            self.save_pdf_requested.emit(item.id)

    def _save_upo(self) -> None:
        item = self.selected()
        if item is not None:
            self.save_upo_requested.emit(item.id)

    def show_notice(self, text: str) -> None:
        """A line under the list saying what just happened (the window calls it after saving a UPO or PDF)."""
        self.notice.show_text(text)

    def copy_number(self, which: str) -> str:
        """The selected item's KSeF number (``which`` = "ksef") or invoice number ("number") to the clipboard."""
        item = self.selected()
        text = "" if item is None else (item.ksef_number or "") if which == "ksef" else item.invoice_number
        if text:
            QGuiApplication.clipboard().setText(text)
            what = self.tr("KSeF number") if which == "ksef" else self.tr("invoice number")
            self.show_notice(self.tr("Copied %1: %2").replace("%1", what).replace("%2", text))
        return text

    def open_preview(self) -> PaperPreview | None:
        item = self.selected()
        if item is None or self._page_of is None:
            return None
        try:
            page = self._page_of(item.id)
        except UserError as error:
            if self._show_error is not None:
                self._show_error(error)
            return None
        printer = self._print_pages
        item_id = item.id
        dialog = PaperPreview(
            page,
            self,
            print_page=(lambda parent: printer(parent, [page])) if printer is not None else None,
            save_pdf=lambda parent: self.save_pdf_requested.emit(item_id),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_preview(dialog))
        self.preview = dialog
        dialog.show()
        return dialog

    def _forget_preview(self, dialog: PaperPreview) -> None:
        if self.preview is dialog:
            self.preview = None

    def context_menu(self) -> QMenu | None:
        """The actions for the selected item (what a right-click shows)."""
        item = self.selected()
        if item is None:
            return None
        menu = QMenu(self)
        copy_ksef = menu.addAction(self.tr("Copy KSeF number"))
        copy_ksef.setEnabled(bool(item.ksef_number))
        copy_ksef.triggered.connect(lambda: self.copy_number("ksef"))
        menu.addAction(self.tr("Copy invoice number")).triggered.connect(lambda: self.copy_number("number"))
        menu.addSeparator()
        if self._page_of is not None:
            menu.addAction(self.tr("Open preview")).triggered.connect(self.open_preview)
        upo = menu.addAction(self.tr("Save UPO…"))
        upo.setEnabled(item.state is OutboxState.DONE)
        upo.triggered.connect(self._save_upo)
        menu.addAction(self.tr("Invoice PDF…")).triggered.connect(self._save_pdf)
        return menu

    def _context_menu_requested(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = self.context_menu()
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.table.viewport().mapToGlobal(position))

    # --- drag and drop ------------------------------------------------------------------------------
    @staticmethod
    def _xml_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile().lower().endswith(".xml")]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._xml_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._xml_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
