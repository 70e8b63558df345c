"""The invoices tab: filters, the list and the selected invoice's details."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Company, Environment
from ksefdesk.core.preview import Page, invoice_page
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.invoice_model import (
    COMPANY,
    DIRECTION,
    KSEF,
    NEW_STATUS,
    InvoiceFilter,
    InvoiceTableModel,
    Prepared,
    prepare,
)

FILTER_DELAY_MS = 150  # typing pauses this long before the list filters
NO_DATE = QDate(2000, 1, 1)  # shown as "—": no limit


def parse_amount(text: str) -> float | None:
    """ "1 234,50" or "1234.5" -> 1234.5; empty or unreadable -> None (no limit)."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


class InvoicesPanel(QWidget):
    selection_changed = Signal()
    loaded = Signal()
    preview_shown = Signal(str)  # KSeF number

    def __init__(
        self,
        lang: Lang,
        runner: TaskRunner,
        *,
        load_rows: Callable[[], list[tuple[object, ...]]],
        company_of: Callable[[str], Company | None],
        metadata_of: Callable[[str, str], dict[str, object]],
        xml_of: Callable[[str, str], bytes | None],
        mark_seen: Callable[[list[str]], None],
        save_file: Callable[[QWidget, str, str], str | None],
        show_error: Callable[[UserError], None],
        save_pdf: Callable[[QWidget, list[Page], str], str | None] = lambda parent, pages, name: None,
        print_pages: Callable[[QWidget, list[Page]], bool] = lambda parent, pages: False,
    ) -> None:
        super().__init__()
        self._lang, self._runner = lang, runner
        self._load_rows, self._company_of, self._metadata_of = load_rows, company_of, metadata_of
        self._xml_of, self._mark_seen, self._save_file, self._show_error = xml_of, mark_seen, save_file, show_error
        self._save_pdf, self._print_pages = save_pdf, print_pages
        self._shown_ksef: str | None = None  # the invoice whose preview is (being) shown
        self._facts = ""
        self.model = InvoiceTableModel(lang)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: number, KSeF number, party or NIP"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search invoices"))
        self.company = QComboBox()
        self.company.setAccessibleName(self.tr("Company"))
        self.direction = QComboBox()
        self.direction.setAccessibleName(self.tr("Type"))
        self.direction.addItem(self.tr("All types"), None)
        for direction in (Direction.PURCHASE, Direction.SALES, Direction.THIRD_PARTY, Direction.AUTHORIZED):
            self.direction.addItem(self.model.direction_text(direction.value), direction)
        self.only_new = QCheckBox(self.tr("Only new"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit, name in ((self.date_from, self.tr("Issued from")), (self.date_to, self.tr("Issued until"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("—")
            edit.setDate(NO_DATE)
            edit.setAccessibleName(name)
            edit.setToolTip(name)
        self.amount_min, self.amount_max = QLineEdit(), QLineEdit()
        for edit, text in ((self.amount_min, self.tr("from")), (self.amount_max, self.tr("to"))):
            edit.setPlaceholderText(text)
            edit.setAccessibleName(text)
            edit.setMaximumWidth(110)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)

        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.search, 3)
        first.addWidget(self.company, 2)
        first.addWidget(self.direction, 1)
        first.addWidget(self.only_new)
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
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring: 100k rows stay fast
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((24, 90, 150, 80, 240, 220, 120, 270)):
            header.resizeSection(column, width)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(self.tr("Details of the selected invoice"))
        self.save_xml = QPushButton(self.tr("Save XML…"))
        self.save_xml.clicked.connect(self.save_selected_xml)
        self.save_pdf = QPushButton(self.tr("Save PDF…"))
        self.save_pdf.setToolTip(self.tr("The selected invoices as one A4 PDF, with their KSeF QR codes"))
        self.save_pdf.clicked.connect(self.save_selected_pdf)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_selected)
        self.mark_all = QPushButton(self.tr("Mark all as read"))
        self.mark_all.clicked.connect(self.mark_all_seen)
        self.count = QLabel("")
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_xml)
        buttons.addWidget(self.save_pdf)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.mark_all)
        buttons.addStretch()
        details_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)  # the preview reads like the paper invoice: give it room

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        for edit in (self.amount_min, self.amount_max):
            edit.textChanged.connect(lambda _: self._debounce.start())
        for combo in (self.company, self.direction):
            combo.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.only_new.toggled.connect(lambda _: self.apply_filters())
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
            self.company.addItem(f"{company.display_name} ({company.nip})", company.nip)
        position = self.company.findData(current)
        self.company.setCurrentIndex(max(position, 0))
        self.company.blockSignals(False)

    def reload(self) -> None:
        """Read the list again (after a sync), keeping filters, sort and the selected invoice. Reading
        and sorting 100,000 rows takes a few hundred milliseconds: a worker does it, the GUI swaps."""
        load, sort, wanted = self._load_rows, self.model.sort_spec, self.current_filter()
        self._runner.run(lambda cancel: prepare(load(), sort, wanted), self._loaded, self._show_error)

    def _loaded(self, state: object) -> None:
        assert isinstance(state, Prepared)
        selected = self.selected_ksef()
        self.model.set_prepared(state)
        if state.filter != self.current_filter():  # the user changed a filter meanwhile
            self.model.apply(self.current_filter())
        self._update_count()
        if not (selected and self.select(selected)):
            self._show_details(None)  # the selected invoice is filtered out
        self.loaded.emit()

    def current_filter(self) -> InvoiceFilter:
        def day(edit: QDateEdit) -> str | None:
            return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")

        return InvoiceFilter(
            text=self.search.text(),
            company=self.company.currentData(),
            direction=self.direction.currentData(),
            status=NEW_STATUS if self.only_new.isChecked() else None,
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            amount_min=parse_amount(self.amount_min.text()),
            amount_max=parse_amount(self.amount_max.text()),
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
        for widget in (self.company, self.direction, self.only_new, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.company.setCurrentIndex(0)
        self.direction.setCurrentIndex(0)
        self.only_new.setChecked(False)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        for widget in (self.company, self.direction, self.only_new, self.date_from, self.date_to):
            widget.blockSignals(False)
        self.apply_filters()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        text = self.tr("%1 of %2 invoices").replace("%1", str(shown)).replace("%2", str(total))
        self.count.setText(text)
        self.mark_all.setEnabled(shown > 0)

    # --- selection ----------------------------------------------------------------------------------
    def selected_ksef(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.model.row(rows[0].row())[KSEF]) if rows else None

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
        if row is not None and self.model.is_new(str(row[KSEF])):
            self.model.mark_seen([str(row[KSEF])])
            self._mark_seen([str(row[KSEF])])
        self.selection_changed.emit()

    def _show_details(self, row: tuple[object, ...] | None) -> None:
        for button in (self.save_xml, self.save_pdf, self.print_button):
            button.setEnabled(row is not None)
        if row is None:
            self._shown_ksef = None
            self.details.setHtml(f"<p>{html.escape(self.tr('Select an invoice to see its details.'))}</p>")
            return
        nip, number = str(row[COMPANY]), str(row[KSEF])
        self._shown_ksef = number
        company = self._company_of(nip)
        meta = self._metadata_of(nip, number)
        facts = [
            (self.tr("Type"), self.model.direction_text(str(row[DIRECTION]))),
            (self.tr("Received by KSeF"), str(meta.get("acquisitionDate") or "—")),
            (self.tr("Company"), f"{company.display_name if company else ''} ({nip})"),
        ]
        self._facts = "".join(
            f"<span style='color:#555'>{html.escape(k)}:</span> {html.escape(v)} &nbsp; " for k, v in facts
        )
        loading = self.tr("Loading the invoice…")
        self.details.setHtml(f"<p>{self._facts}</p><p>{html.escape(loading)}</p>")
        self._runner.run(
            lambda cancel: self._page(row), lambda page: self._show_page(number, page), self._preview_failed
        )

    def _page(self, row: tuple[object, ...], tag: str = "") -> Page:
        """The invoice as paper (preview, PDF, print); runs on a worker."""
        nip, number = str(row[COMPANY]), str(row[KSEF])
        xml = self._xml_of(nip, number)
        if xml is None:
            raise UserError("invoice.no_document", ksef_number=number)
        company = self._company_of(nip)
        environment = company.environment if company else Environment.TEST
        return invoice_page(xml, environment, self._lang, ksef_number=number, tag=tag)

    def _show_page(self, number: str, page: object) -> None:
        if number != self._shown_ksef or not isinstance(page, Page):
            return  # the user moved on meanwhile
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

    def selected_rows(self) -> list[tuple[object, ...]]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row(r) for r in rows]

    def _pages(self) -> list[Page] | None:
        try:
            return [self._page(row, tag=str(n)) for n, row in enumerate(self.selected_rows())]
        except UserError as error:
            self._show_error(error)
            return None

    # --- actions ------------------------------------------------------------------------------------
    def save_selected_xml(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row(rows[0].row())
        xml = self._xml_of(str(row[COMPANY]), str(row[KSEF]))
        if xml is None:
            return None
        target = self._save_file(self, self.tr("Save the invoice XML"), f"{row[KSEF]}.xml")
        if not target:
            return None
        try:
            Path(target).write_bytes(xml)
        except OSError as exc:
            self._show_error(UserError("export.cannot_write", path=target, details=str(exc)))
            return None
        return target

    def save_selected_pdf(self) -> str | None:
        rows = self.selected_rows()
        pages = self._pages() if rows else None
        if not pages:
            return None
        name = f"{rows[0][KSEF]}.pdf" if len(rows) == 1 else self.tr("invoices-%n.pdf", "", len(rows))
        return self._save_pdf(self, pages, name)

    def print_selected(self) -> bool:
        pages = self._pages() if self.selected_rows() else None
        return bool(pages) and self._print_pages(self, pages or [])

    def mark_all_seen(self) -> None:
        shown = (str(self.model.row(r)[KSEF]) for r in range(self.model.rowCount()))
        fresh = [number for number in shown if self.model.is_new(number)]
        if fresh:
            self.model.mark_seen(fresh)
            self._mark_seen(fresh)
