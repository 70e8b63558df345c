"""The invoice form: one sales invoice filled in field by field and issued to KSeF.

Every edit rebuilds the ``InvoiceDraft`` from the widgets and recomputes the totals with the model's own
``totals`` (so the form, the preview and the XML show the same numbers). Problems from ``problems`` are
shown next to their fields once the user has first tried to issue, and follow every edit after that.
Issuing runs in the TaskRunner; the window then emits ``issued`` so the main window sends the outbox.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import date_edit_pattern, format_editable, format_moment, format_money
from ksefdesk.core.invoice_draft import (
    FORM_RATES,
    PAYMENT_METHODS,
    RATES,
    AdvanceRef,
    BuyerId,
    Correction,
    DraftProblem,
    InvoiceDraft,
    Kind,
    Line,
    Party,
    Payment,
    draft_to_json,
    problems,
    totals,
)
from ksefdesk.core.nip import nip_problem
from ksefdesk.core.offline import OfflineMode
from ksefdesk.services.invoicing import Contractor, Issued, Product, SellerDefaults
from ksefdesk.ui.ui_services import UiServices

NO_DATE = QDate(2000, 1, 1)  # an optional date left empty, shown as "—"
CURRENCIES = ("PLN", "EUR", "USD", "GBP", "CHF", "CZK", "SEK", "NOK", "DKK", "HUF")
ERROR_STYLE = "border: 2px solid #b71c1c;"
PROBLEM_STYLE = "color: #b71c1c;"
_LINE_PATH = re.compile(r"lines\[(\d+)\]\.(\w+)")


def parse_decimal(text: str) -> Decimal | None:
    """A number as people type it: "1 234,56", "1234.56", "12"; None when it is not one."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:  # "1,234.56" or "1.234,56": the last sign is the decimal one
        grouping = "," if cleaned.rfind(".") > cleaned.rfind(",") else "."
        cleaned = cleaned.replace(grouping, "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _plain(value: Decimal | None, lang: Lang) -> str:
    """A decimal for an edit field: as typed, without an exponent, with the language's decimal sign."""
    return "" if value is None else format_editable(value, lang)


def _qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day is not None else NO_DATE


def _pydate(value: QDate, *, optional: bool) -> date | None:
    if optional and value == NO_DATE:
        return None
    return date(value.year(), value.month(), value.day())


class DateField(QDateEdit):
    """A date edit that is one Tab stop: Qt's own moves Tab between day, month and year, and does not leave
    at all while it shows "—" (an empty optional date), a trap for a keyboard-first form. Left and Right
    still move between the parts."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)


class _LineRow:
    """The widgets of one invoice line."""

    def __init__(self, form: InvoiceForm) -> None:
        self.lang = form.lang
        self.name = QLineEdit()
        self.quantity = QLineEdit("1")
        self.unit = QLineEdit("szt.")
        self.price = QLineEdit()
        self.rate = QComboBox()
        for code in FORM_RATES:
            self.rate.addItem(RATES[code].label.text(form.lang), code)
        self.discount = QLineEdit()
        self.discount.setPlaceholderText("0")
        self.value = QLabel("")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.remove = QPushButton("×")
        self.remove.setMaximumWidth(32)
        self.problem = QLabel("")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        for edit in (self.quantity, self.price, self.discount):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(110)
        self.unit.setMaximumWidth(70)
        self.discount.setMaximumWidth(70)
        self.rate.setMaximumWidth(190)
        self.value.setMinimumWidth(90)
        self.completer = QCompleter(QStringListModel(form), form)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.name)
        self.products: dict[str, Product] = {}

    def widgets(self) -> list[QWidget]:
        return [self.name, self.quantity, self.unit, self.price, self.rate, self.discount, self.value, self.remove]

    def edits(self) -> list[QLineEdit]:
        return [self.name, self.quantity, self.unit, self.price, self.discount]

    def set_line(self, line: Line) -> None:
        self.name.setText(line.name)
        self.quantity.setText(_plain(line.quantity, self.lang))
        self.unit.setText(line.unit)
        self.price.setText(_plain(line.unit_price, self.lang) if line.unit_price or line.name else "")
        self.discount.setText(_plain(line.discount_percent, self.lang) if line.discount_percent else "")
        self.set_rate(line.rate)

    def set_rate(self, code: str) -> None:
        index = self.rate.findData(code)
        if index < 0:  # a rate the form does not offer (22%, 7%...), from an older invoice
            self.rate.addItem(RATES[code].label.text(self.lang) if code in RATES else code, code)
            index = self.rate.count() - 1
        self.rate.setCurrentIndex(index)


class InvoiceForm(QWidget):
    """A sales invoice of company ``nip``: new (``draft`` None), a saved draft (``draft_id``), or one the
    service prepared ("like this one", a correction, a settlement)."""

    issued = Signal(str, str)  # company NIP, the number taken

    def __init__(
        self,
        services: UiServices,
        nip: str,
        draft: InvoiceDraft | None = None,
        parent: QWidget | None = None,
        *,
        draft_id: int | None = None,
        today: date | None = None,
        offline_mode: Callable[[], OfflineMode | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._offline_mode = offline_mode  # how an invoice issued now counts (the outbox's choice)
        self.setWindowFlag(Qt.WindowType.Window)
        self.services, self.nip, self.draft_id = services, nip, draft_id
        self.lang: Lang = services.lang
        self.invoicing = services.invoicing
        self.today = today or date.today()
        self.tried = False  # problems show at the fields once the user has tried to issue
        self.issued_number: str | None = None
        self.preview: QDialog | None = None
        self._loading = False
        self._issuing = False
        self._lines: list[_LineRow] = []
        self._contractors: dict[str, Party] = {}
        self._problem_labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}  # a field with its problem line: a form row to show or hide
        self._before: tuple[Line, ...] = ()
        self._next_for: date | None = None  # the issue date the number placeholder was read for
        self.setWindowTitle(self.tr("Invoice"))

        sections = QWidget()
        column = QVBoxLayout(sections)
        first = QHBoxLayout()
        first.addWidget(self._build_header(), 1)
        first.addWidget(self._build_seller(), 1)
        column.addLayout(first)
        column.addWidget(self._build_buyer())
        column.addWidget(self._build_correction())
        column.addWidget(self._build_lines())
        column.addWidget(self._build_advance())
        column.addWidget(self._build_settlement())
        second = QHBoxLayout()
        second.addWidget(self._build_payment(), 1)
        second.addWidget(self._build_other(), 1)
        column.addLayout(second)
        column.addStretch()
        # never squeezed below its natural height (the scroll area would rather shrink the fields than scroll)
        sections.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(sections)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop; it follows the focused field
        self.sections = sections

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self._build_totals())
        layout.addLayout(self._build_buttons())

        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_draft)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._load(draft if draft is not None else self.invoicing.new_draft(nip, self.today))
        self._baseline = self._snapshot()
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1180, 860
        if room is not None:
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)

    # --- building -----------------------------------------------------------------------------------
    def _table(self, columns: int, name: str) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setAccessibleName(name)
        corner = table.findChild(QAbstractButton)  # Qt's select-all corner: a button, so it gets a name too
        if corner is not None:
            corner.setAccessibleName(self.tr("Select all"))
        return table

    def _named(self, widget: QWidget, name: str) -> None:
        """An accessible name on the control and on the line edit inside it (date edits, editable combos)."""
        widget.setAccessibleName(name)
        widget.setToolTip(widget.toolTip() or name)
        for inner in widget.findChildren(QLineEdit):
            inner.setAccessibleName(name)

    def _field(self, form: QFormLayout, label: str, widget: QWidget, path: str = "") -> None:
        """A labelled field with its problem line under it (red text: never the colour alone)."""
        self._named(widget, label)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        if path:
            problem = QLabel("")
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.setVisible(False)
            box.addWidget(problem)
            self._problem_labels[path] = problem
            self._fields[path] = widget
        if path:
            self._holders[path] = holder
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)

    def _date_edit(self, *, optional: bool) -> QDateEdit:
        edit = DateField()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_edit_pattern(self.lang))
        if optional:
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("—")
        edit.dateChanged.connect(lambda _: self._changed())
        return edit

    def _edit(self, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _: self._changed())
        return edit

    def _build_header(self) -> QGroupBox:
        box = QGroupBox(self.tr("Invoice"))
        form = QFormLayout(box)
        self.kind = QComboBox()
        for kind, text in (
            (Kind.VAT, self.tr("VAT invoice")),
            (Kind.KOR, self.tr("Correction")),
            (Kind.ZAL, self.tr("Advance invoice")),
            (Kind.ROZ, self.tr("Settlement of an advance")),
        ):
            self.kind.addItem(text, kind.value)
        self.kind.currentIndexChanged.connect(lambda _: self._changed())
        self._field(form, self.tr("Kind"), self.kind, "kind")
        self.number = self._edit()
        self.number.setToolTip(
            self.tr("Leave it empty: the next number of the series is taken when the invoice is issued.")
        )
        self._field(form, self.tr("Number"), self.number, "number")
        self.issue_date = self._date_edit(optional=False)
        self._field(form, self.tr("Issue date"), self.issue_date, "issue_date")
        self.sale_date = self._date_edit(optional=True)
        self._field(form, self.tr("Sale date (if different)"), self.sale_date, "sale_date")
        self.place = self._edit()
        self._field(form, self.tr("Place of issue"), self.place, "place")
        return box

    def _build_seller(self) -> QGroupBox:
        box = QGroupBox(self.tr("Seller"))
        form = QFormLayout(box)
        self.seller_name = self._edit()
        self._field(form, self.tr("Seller name"), self.seller_name, "seller.name")
        self.seller_nip = QLineEdit()
        self.seller_nip.setReadOnly(True)
        self._field(form, self.tr("Seller NIP"), self.seller_nip, "seller.id")
        self.seller_address1 = self._edit(self.tr("street and number"))
        self._field(form, self.tr("Seller address"), self.seller_address1, "seller.address1")
        self.seller_address2 = self._edit(self.tr("postcode and town"))
        self._field(form, self.tr("Seller address, line 2"), self.seller_address2, "seller.address2")
        self.save_defaults_button = QPushButton(self.tr("Save as default for new invoices"))
        self.save_defaults_button.setToolTip(
            self.tr("The address, account, place and payment terms every new invoice starts with")
        )
        self.save_defaults_button.clicked.connect(self.save_defaults)
        self.defaults_notice = QLabel("")
        row = QHBoxLayout()
        row.addWidget(self.save_defaults_button)
        row.addWidget(self.defaults_notice, 1)
        form.addRow(row)
        return box

    def _build_buyer(self) -> QGroupBox:
        box = QGroupBox(self.tr("Buyer"))
        grid = QHBoxLayout(box)
        left, right = QFormLayout(), QFormLayout()
        self.buyer_type = QComboBox()
        for kind, text in (
            (BuyerId.NIP, self.tr("Polish company (NIP)")),
            (BuyerId.EU, self.tr("EU company (VAT-UE number)")),
            (BuyerId.OTHER, self.tr("Foreign company (other tax number)")),
            (BuyerId.NONE, self.tr("Consumer (no tax number)")),
        ):
            self.buyer_type.addItem(text, kind.value)
        self.buyer_type.currentIndexChanged.connect(lambda _: self._changed())
        self._field(left, self.tr("Buyer identified by"), self.buyer_type, "buyer.id_type")
        self.buyer_id = self._edit()
        self.buyer_id.textEdited.connect(lambda text: self._search_contractors(text, self.buyer_id))
        self.lookup_button = QPushButton(self.tr("Fill from the White List"))
        self.lookup_button.setToolTip(self.tr("The buyer's name and address as the Ministry's VAT White List shows"))
        self.lookup_button.clicked.connect(self.lookup_buyer)
        id_row = QWidget()
        id_box = QHBoxLayout(id_row)
        id_box.setContentsMargins(0, 0, 0, 0)
        id_box.addWidget(self.buyer_id, 1)
        id_box.addWidget(self.lookup_button)
        self._field(left, self.tr("Buyer NIP or tax number"), id_row, "buyer.id")
        self._named(self.buyer_id, self.tr("Buyer NIP or tax number"))
        self._named(self.lookup_button, self.tr("Fill from the White List"))
        self._fields["buyer.id"] = self.buyer_id
        self.lookup_status = QLabel("")
        self.lookup_status.setWordWrap(True)
        self.lookup_status.setVisible(False)
        left.addRow(self.lookup_status)
        self.buyer_country = self._edit(self.tr("e.g. DE"))
        self.buyer_country.setMaxLength(2)
        self._field(left, self.tr("Buyer country code"), self.buyer_country, "buyer.country")
        self.buyer_name = self._edit(self.tr("type a name or NIP to pick a known buyer"))
        self.buyer_name.textEdited.connect(lambda text: self._search_contractors(text, self.buyer_name))
        self._field(right, self.tr("Buyer name"), self.buyer_name, "buyer.name")
        self.buyer_address1 = self._edit(self.tr("street and number"))
        self._field(right, self.tr("Buyer address"), self.buyer_address1, "buyer.address1")
        self.buyer_address2 = self._edit(self.tr("postcode and town"))
        self._field(right, self.tr("Buyer address, line 2"), self.buyer_address2, "buyer.address2")
        grid.addLayout(left, 1)
        grid.addLayout(right, 1)
        self.buyer_completer = QCompleter(QStringListModel(self), self)
        self.buyer_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.buyer_completer.setWidget(self.buyer_name)
        self.buyer_completer.activated.connect(self.choose_contractor)
        return box

    def _build_correction(self) -> QGroupBox:
        box = QGroupBox(self.tr("The invoice being corrected"))
        self.correction_box = box
        layout = QVBoxLayout(box)
        top = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        self.kor_number = self._edit()
        self._field(left, self.tr("Its number"), self.kor_number, "correction.invoice_number")
        self.kor_date = self._date_edit(optional=True)
        self._field(left, self.tr("Its issue date"), self.kor_date, "correction.invoice_issue_date")
        self.kor_ksef = self._edit(self.tr("empty if it was issued outside KSeF"))
        self._field(left, self.tr("Its KSeF number"), self.kor_ksef, "correction.ksef_number")
        self.kor_reason = self._edit(self.tr("e.g. a wrong price, a returned item"))
        self._field(right, self.tr("Reason for the correction"), self.kor_reason, "correction.reason")
        self.kor_type = QComboBox()
        for value, text in (
            (1, self.tr("Takes effect on the corrected invoice's date")),
            (2, self.tr("Takes effect on the correction's date")),
            (3, self.tr("Takes effect on another date")),
        ):
            self.kor_type.addItem(text, value)
        self.kor_type.currentIndexChanged.connect(lambda _: self._changed())
        self._field(right, self.tr("Correction type"), self.kor_type, "correction.type")
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("Lines before the correction (as on the corrected invoice):")))
        self.before_table = self._table(7, self.tr("Lines before the correction"))
        self.before_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Quantity"),
                self.tr("Unit"),
                self.tr("Unit price"),
                self.tr("VAT rate"),
                self.tr("Discount %"),
                self.tr("Value"),
            ]
        )
        self.before_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.before_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.before_table.setMaximumHeight(120)
        self.before_table.setAccessibleName(self.tr("Lines before the correction"))
        layout.addWidget(self.before_table)
        self.before_problem = QLabel("")
        self.before_problem.setStyleSheet(PROBLEM_STYLE)
        self.before_problem.setVisible(False)
        layout.addWidget(self.before_problem)
        self._problem_labels["correction.before"] = self.before_problem
        self._fields["correction.before"] = self.before_table
        return box

    def _build_lines(self) -> QGroupBox:
        box = QGroupBox(self.tr("Goods and services"))
        self.lines_box = box
        layout = QVBoxLayout(box)
        self.gross_prices = QCheckBox(self.tr("Prices include VAT (gross)"))
        self.gross_prices.setToolTip(self.tr("Off: you type net prices and VAT is added. On: VAT is inside them."))
        self.gross_prices.toggled.connect(lambda _: self._changed())
        layout.addWidget(self.gross_prices)
        self.after_caption = QLabel(self.tr("Lines after the correction (edit what changes):"))
        layout.addWidget(self.after_caption)
        self.lines_grid = QGridLayout()
        self.lines_grid.setColumnStretch(0, 1)
        self._headers = [
            QLabel(self.tr("Name")),
            QLabel(self.tr("Quantity")),
            QLabel(self.tr("Unit")),
            QLabel(self.tr("Unit price")),
            QLabel(self.tr("VAT rate")),
            QLabel(self.tr("Discount %")),
            QLabel(self.tr("Value")),
        ]
        for column, header in enumerate(self._headers):
            self.lines_grid.addWidget(header, 0, column)
        layout.addLayout(self.lines_grid)
        self.lines_problem = QLabel("")
        self.lines_problem.setStyleSheet(PROBLEM_STYLE)
        self.lines_problem.setVisible(False)
        self._problem_labels["lines"] = self.lines_problem
        layout.addWidget(self.lines_problem)
        self.add_line_button = QPushButton(self.tr("Add line"))
        self.add_line_button.setToolTip(self.tr("Or press Enter in the last line"))
        self.add_line_button.clicked.connect(lambda: self.add_line(focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_line_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        return box

    def _build_advance(self) -> QGroupBox:
        box = QGroupBox(self.tr("Advance payment"))
        self.advance_box = box
        form = QFormLayout(box)
        self.advance_amount = self._edit()
        self.advance_amount.setToolTip(
            self.tr("The gross amount received; the lines above are the whole order it is an advance on")
        )
        self._field(form, self.tr("Advance received (gross)"), self.advance_amount, "advance_amount")
        return box

    def _build_settlement(self) -> QGroupBox:
        box = QGroupBox(self.tr("Advances this invoice settles"))
        self.settlement_box = box
        layout = QVBoxLayout(box)
        self.advances_table = self._table(3, self.tr("Advances this invoice settles"))
        self.advances_table.setHorizontalHeaderLabels(
            [self.tr("Advance invoice number"), self.tr("Its KSeF number"), self.tr("Amount received (gross)")]
        )
        self.advances_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.advances_table.setMaximumHeight(120)
        self.advances_table.setAccessibleName(self.tr("Advances this invoice settles"))
        self.advances_table.itemChanged.connect(lambda _: self._changed())
        self.advances_table.setTabKeyNavigation(False)  # Tab leaves the table: it is one stop in the form
        layout.addWidget(self.advances_table)
        self.advances_problem = QLabel("")
        self.advances_problem.setStyleSheet(PROBLEM_STYLE)
        self.advances_problem.setVisible(False)
        self._problem_labels["advances"] = self.advances_problem
        self._fields["advances"] = self.advances_table
        layout.addWidget(self.advances_problem)
        self.add_advance_button = QPushButton(self.tr("Add an advance"))
        self.add_advance_button.clicked.connect(lambda: self._add_advance(AdvanceRef()))
        self.remove_advance_button = QPushButton(self.tr("Remove the selected advance"))
        self.remove_advance_button.clicked.connect(self._remove_advance)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_advance_button)
        buttons.addWidget(self.remove_advance_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        return box

    def _build_payment(self) -> QGroupBox:
        box = QGroupBox(self.tr("Payment"))
        form = QFormLayout(box)
        self.payment_method = QComboBox()
        self.payment_method.addItem(self.tr("not stated"), "")
        for key, text in (
            ("transfer", self.tr("Bank transfer")),
            ("cash", self.tr("Cash")),
            ("card", self.tr("Card")),
            ("mobile", self.tr("Mobile payment")),
            ("voucher", self.tr("Voucher")),
            ("cheque", self.tr("Cheque")),
            ("credit", self.tr("Credit")),
        ):
            if key in PAYMENT_METHODS:
                self.payment_method.addItem(text, key)
        self.payment_method.currentIndexChanged.connect(lambda _: self._changed())
        self._field(form, self.tr("Payment method"), self.payment_method, "payment.method")
        self.due_date = self._date_edit(optional=True)
        self._field(form, self.tr("Due date"), self.due_date, "payment.due_date")
        self.account = self._edit(self.tr("IBAN, e.g. PL61 1090 1014 0000 0712 1981 2874"))
        self._field(form, self.tr("Bank account"), self.account, "payment.account")
        self.paid = self._edit("0")
        self._field(form, self.tr("Already paid"), self.paid, "payment.paid")
        self.paid_date = self._date_edit(optional=True)
        self._field(form, self.tr("Paid on"), self.paid_date, "payment.paid_date")
        self.split_payment = QCheckBox(self.tr("Split payment (MPP)"))
        self.split_payment.setToolTip(
            self.tr("Required for some goods over 15 000 zł gross: the buyer pays the VAT to a separate account")
        )
        self.split_payment.toggled.connect(lambda _: self._changed())
        form.addRow(self.split_payment)
        return box

    def _build_other(self) -> QGroupBox:
        box = QGroupBox(self.tr("Currency and notes"))
        form = QFormLayout(box)
        self.other_form = form
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(list(CURRENCIES))
        self.currency.currentTextChanged.connect(lambda _: self._changed())
        self._field(form, self.tr("Currency"), self.currency, "currency")
        self.exchange_rate = self._edit(self.tr("złoty for 1 unit, e.g. 4.2954"))
        self._field(form, self.tr("Exchange rate"), self.exchange_rate, "exchange_rate")
        self.exchange_rate_date = self._date_edit(optional=True)
        self._field(form, self.tr("Exchange rate of"), self.exchange_rate_date, "exchange_rate_date")
        self.exemption = self._edit(self.tr("e.g. art. 43 ust. 1 pkt 37 ustawy o VAT"))
        self._field(form, self.tr("Basis of the VAT exemption"), self.exemption, "exemption_basis")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.notes.textChanged.connect(self._changed)
        self._field(form, self.tr("Notes"), self.notes, "notes")
        return box

    def _build_totals(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.vat_table = self._table(4, self.tr("VAT summary"))
        self.vat_table.setHorizontalHeaderLabels(
            [self.tr("VAT rate"), self.tr("Net"), self.tr("VAT"), self.tr("Gross")]
        )
        self.vat_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.vat_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only figures: not a Tab stop
        self.vat_table.verticalHeader().setVisible(False)
        self.vat_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.vat_table.setMaximumHeight(110)
        self.vat_table.setAccessibleName(self.tr("VAT summary"))
        right = QVBoxLayout()
        self.total_caption = QLabel(self.tr("Total"))
        self.total_value = QLabel("")
        self.total_value.setAccessibleName(self.tr("Total"))
        self.total_value.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.total_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        right.addWidget(self.total_caption)
        right.addWidget(self.total_value)
        right.addWidget(self.status, 1)
        layout.addWidget(self.vat_table, 3)
        layout.addLayout(right, 2)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setToolTip(self.tr("The invoice as on paper, with the number it will get"))
        self.preview_button.clicked.connect(self.open_preview)
        self.save_button = QPushButton(self.tr("Save draft"))
        self.save_button.setToolTip(self.tr("Keep it to finish later (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_draft)
        self.issue_button = QPushButton(self.tr("Issue and send"))
        self.issue_button.clicked.connect(self.issue)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.close)
        self.numbering_button = QPushButton(self.tr("Numbering…"))
        self.numbering_button.setToolTip(self.tr("The pattern of this company's invoice numbers"))
        self.numbering_button.clicked.connect(self.open_numbering)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        row.addWidget(self.numbering_button)
        row.addStretch()
        row.addWidget(self.issue_button)
        row.addWidget(self.cancel_button)
        return row

    # --- lines --------------------------------------------------------------------------------------
    def add_line(self, line: Line | None = None, *, focus: bool = False) -> _LineRow:
        row = _LineRow(self)
        number = len(self._lines) + 1
        names = (
            self.tr("Line %1: name"),
            self.tr("Line %1: quantity"),
            self.tr("Line %1: unit"),
            self.tr("Line %1: unit price"),
            self.tr("Line %1: VAT rate"),
            self.tr("Line %1: discount %"),
            self.tr("Line %1: value"),
            self.tr("Remove line %1"),
        )
        for widget, name in zip(row.widgets(), names, strict=True):
            self._named(widget, name.replace("%1", str(number)))
        row.set_line(line or Line(rate=self._default_rate()))
        for edit in row.edits():
            edit.textChanged.connect(lambda _: self._changed())
            edit.returnPressed.connect(lambda r=row: self._enter_in_line(r))
        row.rate.currentIndexChanged.connect(lambda _: self._changed())
        row.name.textEdited.connect(lambda text, r=row: self._search_products(r, text))
        row.completer.activated.connect(lambda text, r=row: self.choose_product(r, text))
        row.remove.clicked.connect(lambda _=False, r=row: self.remove_line(r))
        self._lines.append(row)
        self._lay_out_lines()
        self._changed()
        if focus:
            row.name.setFocus()
        return row

    def _default_rate(self) -> str:
        return self._lines[-1].rate.currentData() if self._lines else "23"

    def remove_line(self, row: _LineRow) -> None:
        if row not in self._lines:
            return
        self._lines.remove(row)
        for widget in [*row.widgets(), row.problem]:
            self.lines_grid.removeWidget(widget)
            widget.deleteLater()
        for number, other in enumerate(self._lines, 1):
            for widget in other.widgets():
                widget.setAccessibleName(re.sub(r"\d+", str(number), widget.accessibleName(), count=1))
        self._lay_out_lines()
        self._changed()

    def _lay_out_lines(self) -> None:
        for index, row in enumerate(self._lines):
            for column, widget in enumerate(row.widgets()):
                self.lines_grid.addWidget(widget, 1 + 2 * index, column)
                widget.show()  # added to a window already built: Qt leaves a new child hidden
            self.lines_grid.addWidget(row.problem, 2 + 2 * index, 0, 1, len(row.widgets()))
        self._update_tab_order()

    def _enter_in_line(self, row: _LineRow) -> None:
        """Enter in the last line adds one; in another line it goes to the next line."""
        popup = row.completer.popup()
        if popup is not None and popup.isVisible():
            return
        index = self._lines.index(row)
        if index == len(self._lines) - 1:
            self.add_line(focus=True)
        else:
            self._lines[index + 1].name.setFocus()

    def _search_products(self, row: _LineRow, text: str) -> None:
        if len(text.strip()) < 2:
            return
        found = self.invoicing.products(self.nip, text, limit=10)
        row.products = {p.name: p for p in found}
        model = row.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(row.products))
        if found:
            row.completer.complete()

    def choose_product(self, row: _LineRow, text: str) -> None:
        """A product picked from the list: its name, unit, price and rate."""
        product = row.products.get(text)
        if product is None or row not in self._lines:
            return
        row.name.setText(product.name)
        row.unit.setText(product.unit)
        row.price.setText(_plain(product.unit_price, self.lang))
        row.set_rate(product.rate)
        row.quantity.setFocus()

    # --- buyer --------------------------------------------------------------------------------------
    def _search_contractors(self, text: str, edit: QLineEdit) -> None:
        if len(text.strip()) < 2:
            return
        found = self.invoicing.contractors(self.nip, text, limit=10)
        self._contractors = {self._contractor_text(c): c.party for c in found}
        model = self.buyer_completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(self._contractors))
        self.buyer_completer.setWidget(edit)
        if found:
            self.buyer_completer.complete()

    @staticmethod
    def _contractor_text(contractor: Contractor) -> str:
        party = contractor.party
        return f"{party.name} — {party.id}" if party.id else party.name

    def choose_contractor(self, text: str) -> None:
        party = self._contractors.get(text)
        if party is not None:
            self._set_buyer(party)
            self.buyer_address1.setFocus()

    def _set_buyer(self, party: Party) -> None:
        self.buyer_type.setCurrentIndex(max(self.buyer_type.findData(party.id_type.value), 0))
        self.buyer_id.setText(party.id)
        self.buyer_name.setText(party.name)
        self.buyer_address1.setText(party.address1)
        self.buyer_address2.setText(party.address2)
        self.buyer_country.setText(party.country)

    def _lookup_note(self, text: str) -> None:
        self.lookup_status.setText(text)
        self.lookup_status.setVisible(bool(text))

    def lookup_buyer(self) -> None:
        """The buyer's name and address from the VAT White List, asked in the background."""
        buyer_nip = re.sub(r"[\s-]", "", self.buyer_id.text())
        if nip_problem(buyer_nip) is not None:
            self._lookup_note(self.tr("Type a valid NIP first."))
            return
        self.lookup_button.setEnabled(False)
        self._lookup_note(self.tr("Asking the VAT White List…"))
        invoicing, nip, day = self.invoicing, self.nip, self.today
        self.services.runner.run(
            lambda cancel: invoicing.lookup(nip, buyer_nip, day),
            self._looked_up,
            self._lookup_failed,
            owner=self,
        )

    def _looked_up(self, party: object) -> None:
        self.lookup_button.setEnabled(True)
        if not isinstance(party, Party):
            self._lookup_note(self.tr("This NIP is not on the VAT White List: type the buyer's data."))
            return
        self.buyer_name.setText(party.name)
        self.buyer_address1.setText(party.address1)
        self.buyer_address2.setText(party.address2)
        self._lookup_note(self.tr("Filled from the VAT White List."))

    def _lookup_failed(self, error: UserError) -> None:
        self.lookup_button.setEnabled(True)
        self._lookup_note(error.message(self.lang) + " " + error.action(self.lang))

    # --- settlement ---------------------------------------------------------------------------------
    def _add_advance(self, advance: AdvanceRef) -> None:
        table = self.advances_table
        table.blockSignals(True)
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate((advance.number, advance.ksef_number, _plain(advance.amount or None, self.lang))):
            table.setItem(row, column, QTableWidgetItem(text))
        table.blockSignals(False)
        self._changed()

    def _remove_advance(self) -> None:
        row = self.advances_table.currentRow()
        if row >= 0:
            self.advances_table.removeRow(row)
            self._changed()

    def _advances(self) -> tuple[AdvanceRef, ...]:
        table, found = self.advances_table, []
        for row in range(table.rowCount()):
            items = [table.item(row, column) for column in range(3)]
            texts = [item.text() if item is not None else "" for item in items]
            found.append(AdvanceRef(texts[0].strip(), texts[1].strip(), parse_decimal(texts[2]) or Decimal(0)))
        return tuple(found)

    # --- the draft ------------------------------------------------------------------------------------
    def _kind(self) -> Kind:
        return Kind(self.kind.currentData())

    def _line(self, row: _LineRow) -> Line:
        return Line(
            name=row.name.text().strip(),
            quantity=parse_decimal(row.quantity.text()) or Decimal(0),
            unit_price=parse_decimal(row.price.text()) or Decimal(0),
            rate=str(row.rate.currentData()),
            unit=row.unit.text().strip(),
            discount_percent=parse_decimal(row.discount.text()) or Decimal(0),
        )

    def _lines_of_form(self) -> tuple[Line, ...]:
        lines = [self._line(row) for row in self._lines]
        # an untouched empty line at the end (Enter added it) is not part of the invoice
        while len(lines) > 1 and not lines[-1].name and not lines[-1].unit_price:
            lines.pop()
        if len(lines) == 1 and not lines[0].name and not lines[0].unit_price:
            return ()
        return tuple(lines)

    def draft(self) -> InvoiceDraft:
        """The invoice as the fields hold it now."""
        kind = self._kind()
        currency = self.currency.currentText().strip().upper() or "PLN"
        foreign = currency != "PLN"
        correction = None
        if kind is Kind.KOR:
            correction = Correction(
                invoice_number=self.kor_number.text().strip(),
                invoice_issue_date=_pydate(self.kor_date.date(), optional=True),
                ksef_number=self.kor_ksef.text().strip(),
                reason=self.kor_reason.text().strip(),
                type=int(self.kor_type.currentData()),
                before=self._before,
            )
        lines = self._lines_of_form()
        return InvoiceDraft(
            seller=Party(
                self.seller_name.text().strip(),
                self.seller_nip.text().strip(),
                BuyerId.NIP,
                self.seller_address1.text().strip(),
                self.seller_address2.text().strip(),
                "PL",
            ),
            buyer=self._buyer(),
            issue_date=_pydate(self.issue_date.date(), optional=False) or self.today,
            lines=lines,
            kind=kind,
            number=self.number.text().strip(),
            sale_date=_pydate(self.sale_date.date(), optional=True),
            place=self.place.text().strip(),
            currency=currency,
            exchange_rate=parse_decimal(self.exchange_rate.text()) if foreign else None,
            exchange_rate_date=_pydate(self.exchange_rate_date.date(), optional=True) if foreign else None,
            prices_gross=self.gross_prices.isChecked(),
            split_payment=self.split_payment.isChecked(),
            exemption_basis=self.exemption.text().strip() if any(line.rate == "zw" for line in lines) else "",
            payment=Payment(
                method=str(self.payment_method.currentData() or ""),
                due_date=_pydate(self.due_date.date(), optional=True),
                account=self.account.text().replace(" ", "").upper(),
                paid=parse_decimal(self.paid.text()) or Decimal(0),
                paid_date=_pydate(self.paid_date.date(), optional=True),
            ),
            notes=self.notes.toPlainText().strip(),
            correction=correction,
            advance_amount=parse_decimal(self.advance_amount.text()) if kind is Kind.ZAL else None,
            advances=self._advances() if kind is Kind.ROZ else (),
        )

    def _buyer(self) -> Party:
        kind = self._buyer_type()
        text = self.buyer_id.text()
        ident = {BuyerId.NIP: re.sub(r"[\s-]", "", text), BuyerId.NONE: ""}.get(kind, text.strip())
        foreign = kind in (BuyerId.EU, BuyerId.OTHER)
        country = (self.buyer_country.text().strip().upper() or Party().country) if foreign else Party().country
        return Party(
            self.buyer_name.text().strip(),
            ident,
            kind,
            self.buyer_address1.text().strip(),
            self.buyer_address2.text().strip(),
            country,
        )

    def _buyer_type(self) -> BuyerId:
        return BuyerId(self.buyer_type.currentData())

    def _load(self, draft: InvoiceDraft) -> None:
        self._loading = True
        try:
            self.kind.setCurrentIndex(max(self.kind.findData(draft.kind.value), 0))
            self.number.setText(draft.number)
            self.issue_date.setDate(_qdate(draft.issue_date))
            self.sale_date.setDate(_qdate(draft.sale_date))
            self.place.setText(draft.place)
            self.seller_name.setText(draft.seller.name)
            self.seller_nip.setText(draft.seller.id or self.nip)
            self.seller_address1.setText(draft.seller.address1)
            self.seller_address2.setText(draft.seller.address2)
            self._set_buyer(draft.buyer)
            correction = draft.correction or Correction()
            self.kor_number.setText(correction.invoice_number)
            self.kor_date.setDate(_qdate(correction.invoice_issue_date))
            self.kor_ksef.setText(correction.ksef_number)
            self.kor_reason.setText(correction.reason)
            self.kor_type.setCurrentIndex(max(self.kor_type.findData(correction.type), 0))
            self._before = correction.before
            self._show_before()
            self.gross_prices.setChecked(draft.prices_gross)
            for row in list(self._lines):
                self.remove_line(row)
            for line in draft.lines or (Line(),):
                self.add_line(line)
            self.advance_amount.setText(_plain(draft.advance_amount, self.lang))
            self.advances_table.setRowCount(0)
            for advance in draft.advances:
                self._add_advance(advance)
            index = self.currency.findText(draft.currency)
            if index >= 0:
                self.currency.setCurrentIndex(index)
            else:
                self.currency.setEditText(draft.currency)
            self.exchange_rate.setText(_plain(draft.exchange_rate, self.lang))
            self.exchange_rate_date.setDate(_qdate(draft.exchange_rate_date))
            self.exemption.setText(draft.exemption_basis)
            self.payment_method.setCurrentIndex(max(self.payment_method.findData(draft.payment.method), 0))
            self.due_date.setDate(_qdate(draft.payment.due_date))
            self.account.setText(draft.payment.account)
            self.paid.setText(_plain(draft.payment.paid, self.lang) if draft.payment.paid else "")
            self.paid_date.setDate(_qdate(draft.payment.paid_date))
            self.split_payment.setChecked(draft.split_payment)
            self.notes.setPlainText(draft.notes)
        finally:
            self._loading = False
        self._changed()

    def _show_before(self) -> None:
        table = self.before_table
        table.setRowCount(len(self._before))
        for row, line in enumerate(self._before):
            label = RATES[line.rate].label.text(self.lang) if line.rate in RATES else line.rate
            values = (
                line.name,
                _plain(line.quantity, self.lang),
                line.unit,
                _plain(line.unit_price, self.lang),
                label,
                _plain(line.discount_percent, self.lang),
                format_money(line.value, self.lang),
            )
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))

    def _snapshot(self) -> str:
        return json.dumps(draft_to_json(self.draft()), sort_keys=True)

    @property
    def dirty(self) -> bool:
        return self._snapshot() != self._baseline

    # --- live state ---------------------------------------------------------------------------------
    def _changed(self) -> None:
        if self._loading or not hasattr(self, "issue_button"):
            return
        draft = self.draft()
        kind = draft.kind
        self.correction_box.setVisible(kind is Kind.KOR)
        self.after_caption.setVisible(kind is Kind.KOR)
        self.advance_box.setVisible(kind is Kind.ZAL)
        self.settlement_box.setVisible(kind is Kind.ROZ)
        self.setWindowTitle(f"{self.kind.currentText()} — {draft.seller.name or self.nip}")
        foreign = draft.currency != "PLN"
        for path in ("exchange_rate", "exchange_rate_date"):
            self.other_form.setRowVisible(self._holders[path], foreign)
        exempt = any(row.rate.currentData() == "zw" for row in self._lines)
        self.other_form.setRowVisible(self._holders["exemption_basis"], exempt)
        buyer_type = draft.buyer.id_type
        self.buyer_id.setEnabled(buyer_type is not BuyerId.NONE)
        self.lookup_button.setVisible(buyer_type is BuyerId.NIP)
        self.buyer_country.setEnabled(buyer_type in (BuyerId.EU, BuyerId.OTHER))
        price = self.tr("Unit price (gross)") if draft.prices_gross else self.tr("Unit price (net)")
        self._headers[3].setText(price)
        self._show_next_number(draft.issue_date)
        for row in self._lines:
            row.value.setText(format_money(self._line(row).value, self.lang))
        self._show_totals(draft)
        found = self.problems_now(draft)
        self._show_problems(found if self.tried else self._live_only(found))
        if found:
            first = found[0][1]
            more = len(found) - 1
            why = self.tr("Not ready to issue yet: %1").replace("%1", first)
            if more:
                why += " " + self.tr("(and %1 more)").replace("%1", str(more))
            self.status.setText(why)
            self.status.setStyleSheet(PROBLEM_STYLE)
            self.issue_button.setToolTip("\n".join(text for _, text in found[:10]))
        elif not self._issuing:
            self.status.setText(self.tr("Ready to issue."))
            self.status.setStyleSheet("color: #1b5e20;")
            self.issue_button.setToolTip(self.tr("Take the number, queue the invoice and send it to KSeF"))

    def open_numbering(self) -> QDialog:
        from ksefdesk.ui.numbering_dialog import NumberingDialog

        dialog = NumberingDialog(self.services, self.nip, self, today=self.today)
        dialog.accepted.connect(lambda: self._show_next_number(self.draft().issue_date, again=True))
        dialog.open()
        self.numbering = dialog
        return dialog

    def _show_next_number(self, day: date, *, again: bool = False) -> None:
        """ "will be FV/3/12/2026": read when the issue date changes or the window comes forward (another
        form may have issued meanwhile), not on every key."""
        if self._next_for == day and not again:
            return
        self._next_for = day
        try:
            self.number.setPlaceholderText(
                self.tr("will be %1").replace("%1", self.invoicing.next_number(self.nip, day))
            )
        except UserError:
            self.number.setPlaceholderText("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and hasattr(self, "issue_button"):
            self._show_next_number(self.draft().issue_date, again=True)
        super().changeEvent(event)

    def _show_totals(self, draft: InvoiceDraft) -> None:
        summary = totals(draft)
        table = self.vat_table
        table.setRowCount(len(summary.rows))
        for row, rate_total in enumerate(summary.rows):
            label = RATES[rate_total.rate].label.text(self.lang) if rate_total.rate in RATES else rate_total.rate
            for column, text in enumerate(
                (
                    label,
                    format_money(rate_total.net, self.lang),
                    format_money(rate_total.vat, self.lang),
                    format_money(rate_total.gross, self.lang),
                )
            ):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        caption = {
            Kind.KOR: self.tr("Difference (to pay, or to return if negative)"),
            Kind.ZAL: self.tr("Advance received"),
            Kind.ROZ: self.tr("Left to pay after the advances"),
        }.get(draft.kind, self.tr("Total"))
        self.total_caption.setText(caption)
        # "1 234,56 zł" in Polish (the translation of PLN), "1,234.56 PLN" in English
        suffix = self.tr("PLN") if draft.currency == "PLN" else draft.currency
        self.total_value.setText(f"{format_money(summary.total, self.lang)} {suffix}")
        self.total_value.setAccessibleName(caption)

    def problems_now(self, draft: InvoiceDraft | None = None) -> list[tuple[str, str]]:
        """(path, text) of everything that stops the invoice: numbers that are not numbers, then the model's."""
        shown = draft or self.draft()
        found: list[tuple[str, str]] = []
        not_number = self.tr("“%1” is not a number.")
        for index, row in enumerate(self._lines[: len(shown.lines)]):
            for edit, key in (
                (row.quantity, "quantity"),
                (row.price, "unit_price"),
                (row.discount, "discount_percent"),
            ):
                if edit.text().strip() and parse_decimal(edit.text()) is None:
                    found.append((f"lines[{index}].{key}", not_number.replace("%1", edit.text())))
        for edit, path in (
            (self.paid, "payment.paid"),
            (self.exchange_rate, "exchange_rate"),
            (self.advance_amount, "advance_amount"),
        ):
            if edit.isVisibleTo(self) and edit.text().strip() and parse_decimal(edit.text()) is None:
                found.append((path, not_number.replace("%1", edit.text())))
        model: list[DraftProblem] = problems(shown)
        found += [(p.path, p.text(self.lang)) for p in model]
        return found

    def _live_only(self, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Before the first try to issue only what is wrong as typed (a NIP with a wrong check digit), not
        what is still missing."""
        buyer_id = self.buyer_id.text().strip()
        return [(path, text) for path, text in found if path == "buyer.id" and len(re.sub(r"\D", "", buyer_id)) >= 10]

    def _target(self, path: str) -> tuple[str, QWidget | None]:
        """The problem line and the field a problem's path belongs to."""
        match = _LINE_PATH.fullmatch(path)
        if match:
            index, key = int(match.group(1)), match.group(2)
            if index < len(self._lines):
                row = self._lines[index]
                widget = {
                    "name": row.name,
                    "quantity": row.quantity,
                    "unit_price": row.price,
                    "discount_percent": row.discount,
                    "rate": row.rate,
                    "unit": row.unit,
                }.get(key, row.name)
                return f"line{index}", widget
            return "lines", None
        if path.startswith("correction.before"):
            return "correction.before", self.before_table
        if path.startswith("advances"):
            return "advances", self.advances_table
        if path in self._problem_labels:
            return path, self._fields.get(path)
        return "", None

    def _show_problems(self, found: list[tuple[str, str]]) -> None:
        texts: dict[str, list[str]] = {}
        marked: dict[int, tuple[QWidget, str]] = {}
        for path, text in found:
            key, widget = self._target(path)
            texts.setdefault(key, []).append(text)
            if widget is not None and id(widget) not in marked:
                marked[id(widget)] = (widget, text)
        for key, label in self._problem_labels.items():
            label.setText("\n".join(texts.get(key, [])))
            label.setVisible(key in texts)
        for index, row in enumerate(self._lines):
            row.problem.setText("\n".join(texts.get(f"line{index}", [])))
            row.problem.setVisible(f"line{index}" in texts)
        general = texts.get("", [])
        if general and self.tried:
            self.status.setText("\n".join(general))
        for widget in self._highlightable():
            problem = marked.get(id(widget))
            widget.setStyleSheet(ERROR_STYLE if problem else "")
            widget.setAccessibleDescription(problem[1] if problem else "")

    def _highlightable(self) -> list[QWidget]:
        widgets = list(self._fields.values())
        for row in self._lines:
            widgets += [row.name, row.quantity, row.unit, row.price, row.rate, row.discount]
        return widgets

    # --- keyboard -----------------------------------------------------------------------------------
    def input_order(self) -> list[QWidget]:
        """Every control in reading order: the Tab order."""
        order: list[QWidget] = [
            self.kind,
            self.number,
            self.issue_date,
            self.sale_date,
            self.place,
            self.seller_name,
            self.seller_nip,
            self.seller_address1,
            self.seller_address2,
            self.save_defaults_button,
            self.buyer_type,
            self.buyer_id,
            self.lookup_button,
            self.buyer_country,
            self.buyer_name,
            self.buyer_address1,
            self.buyer_address2,
            self.kor_number,
            self.kor_date,
            self.kor_ksef,
            self.kor_reason,
            self.kor_type,
            self.before_table,
            self.gross_prices,
        ]
        for row in self._lines:
            order += [row.name, row.quantity, row.unit, row.price, row.rate, row.discount, row.remove]
        order += [
            self.add_line_button,
            self.advance_amount,
            self.advances_table,
            self.add_advance_button,
            self.remove_advance_button,
            self.payment_method,
            self.due_date,
            self.account,
            self.paid,
            self.paid_date,
            self.split_payment,
            self.currency,
            self.exchange_rate,
            self.exchange_rate_date,
            self.exemption,
            self.notes,
            self.preview_button,
            self.save_button,
            self.issue_button,
            self.cancel_button,
        ]
        return order

    def _update_tab_order(self) -> None:
        if not hasattr(self, "cancel_button"):
            return
        order = self.input_order()
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    # --- actions ------------------------------------------------------------------------------------
    def save_defaults(self) -> None:
        draft = self.draft()
        due = draft.payment.due_date
        old = self.invoicing.defaults(self.nip)
        self.invoicing.save_defaults(
            self.nip,
            SellerDefaults(
                address1=draft.seller.address1,
                address2=draft.seller.address2,
                account=draft.payment.account,
                place=draft.place,
                payment_days=(due - draft.issue_date).days if due else old.payment_days,
                payment_method=draft.payment.method or old.payment_method,
            ),
        )
        self.defaults_notice.setText(self.tr("Saved: new invoices start with these."))

    def save_draft(self) -> int:
        """Keep the invoice as it is (the window stays open); returns the draft's id."""
        self.draft_id = self.invoicing.save_draft(self.nip, self.draft(), self.draft_id)
        self._baseline = self._snapshot()
        self.status.setText(self.tr("Draft saved. Find it later under Outbox ▸ Drafts…"))
        self.status.setStyleSheet("")
        return self.draft_id

    def preview_draft(self) -> InvoiceDraft:
        """The draft as the preview shows it: with the number it will get."""
        draft = self.draft()
        if not draft.number:
            with contextlib.suppress(UserError):
                draft = draft.with_number(self.invoicing.next_number(self.nip, draft.issue_date))
        return draft

    def open_preview(self) -> QDialog | None:
        from ksefdesk.core.invoice_xml import draft_to_xml
        from ksefdesk.core.preview import invoice_page
        from ksefdesk.ui.invoice_view import PaperPreview

        company = self.services.companies.get(self.nip)
        try:
            xml = draft_to_xml(self.preview_draft())
            page = invoice_page(xml, company.environment, self.lang)
        except UserError as error:
            self.services.dialogs.show_error(self, error)
            return None
        except (ValueError, KeyError, ArithmeticError) as error:  # a half-filled invoice the XML writer refuses
            self.services.dialogs.show_error(self, UserError("invoice.invalid", problems=str(error)))
            return None
        dialog = PaperPreview(page, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_preview(dialog))
        self.preview = dialog
        dialog.show()
        return dialog

    def _forget_preview(self, dialog: QDialog) -> None:
        if self.preview is dialog:
            self.preview = None

    def issue(self) -> bool:
        """Check, then issue in the background; False when the form still has problems."""
        self.tried = True
        draft = self.draft()
        found = self.problems_now(draft)
        self._show_problems(found)
        self._changed()
        if found:
            widget = self._target(found[0][0])[1]
            if widget is not None:
                self.scroll_area.ensureWidgetVisible(widget)
                widget.setFocus()
            return False
        self._issuing = True
        self.issue_button.setEnabled(False)
        self.status.setText(self.tr("Issuing the invoice…"))
        self.status.setStyleSheet("")
        invoicing, nip, draft_id = self.invoicing, self.nip, self.draft_id
        offline = self._offline_mode() if self._offline_mode is not None else None  # KSeF down: KOD II, deadline
        self.services.runner.run(
            lambda cancel: invoicing.issue(nip, draft, offline_mode=offline, draft_id=draft_id),
            self._issued,
            self._issue_failed,
            owner=self,
        )
        return True

    def _issued(self, result: object) -> None:
        assert isinstance(result, Issued)
        self._issuing = False
        self.issued_number = result.number
        self.draft_id = None
        self._baseline = self._snapshot()  # nothing left unsaved: closing asks nothing
        self.issued.emit(self.nip, result.number)
        self.close()

    def _issue_failed(self, error: UserError) -> None:
        self._issuing = False
        self.issue_button.setEnabled(True)
        self.status.setText(error.message(self.lang))
        self.status.setStyleSheet(PROBLEM_STYLE)
        self.services.dialogs.show_error(self, error)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+S and Escape when no shortcut took them (the window not active yet, as in a test)."""
        if event.matches(QKeySequence.StandardKey.Save):
            self.save_draft()
            event.accept()
        elif event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.close()
            event.accept()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._issuing:
            event.ignore()  # the number is being taken: the outcome must reach the window
            return
        if self.issued_number is None and self.dirty:
            answer = self.services.dialogs.choose(
                self,
                self.tr("Unsaved invoice"),
                self.tr("Save the draft?"),
                [("save", self.tr("Save")), ("discard", self.tr("Discard")), ("cancel", self.tr("Cancel"))],
            )
            if answer == "cancel":
                event.ignore()
                return
            if answer == "save":
                self.save_draft()
        if self.preview is not None:
            self.preview.close()
        event.accept()

    def shown_total(self) -> Decimal:
        """The total the form shows, read back from its label (tests compare it with the XML)."""
        value = parse_decimal(self.total_value.text().rsplit(" ", 1)[0])
        return value if value is not None else Decimal(0)


class DraftsDialog(QDialog):
    """The company's saved drafts: open one in the form, or delete it."""

    open_requested = Signal(int)  # draft id

    def __init__(self, services: UiServices, nip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.nip = services, nip
        self.setWindowTitle(self.tr("Drafts"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Saved drafts"))
        self.list.itemActivated.connect(lambda _: self.open_selected())
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        self.empty = QLabel(self.tr("No saved drafts."))
        buttons = QHBoxLayout()
        for button in (self.open_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(560, 360)
        self.reload()

    def _title(self, draft_id: int, fallback: str) -> str:
        """ "Korekta · Klient S.A. · 1 234,56 PLN": what the draft is, for whom, how much."""
        try:
            draft = self.services.invoicing.load_draft(self.nip, draft_id)
        except (UserError, ValueError):
            return fallback
        kinds = {
            Kind.VAT: self.tr("VAT invoice"),
            Kind.KOR: self.tr("Correction"),
            Kind.ZAL: self.tr("Advance invoice"),
            Kind.ROZ: self.tr("Settlement of an advance"),
        }
        buyer = draft.buyer.name or self.tr("no buyer yet")
        return (
            f"{kinds[draft.kind]} · {buyer} · {format_money(totals(draft).total, self.services.lang)} {draft.currency}"
        )

    def reload(self) -> None:
        self.list.clear()
        for info in self.services.invoicing.drafts(self.nip):
            try:
                saved = format_moment(datetime.fromisoformat(info.updated_at), self.services.lang)
            except ValueError:
                saved = info.updated_at
            item = QListWidgetItem(
                self.tr("%1 (saved %2)").replace("%1", self._title(info.id, info.title)).replace("%2", saved)
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(self.list.count() == 0)
        for button in (self.open_button, self.delete_button):
            button.setEnabled(self.list.count() > 0)

    def _selected(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def open_selected(self) -> None:
        draft_id = self._selected()
        if draft_id is not None:
            self.open_requested.emit(draft_id)
            self.accept()

    def delete_selected(self) -> None:
        draft_id = self._selected()
        if draft_id is None:
            return
        if self.services.dialogs.confirm(self, self.tr("Delete draft"), self.tr("Delete the selected draft?")):
            self.services.invoicing.delete_draft(self.nip, draft_id)
            self.reload()
