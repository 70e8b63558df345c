"""The invoice list: all invoices in memory as named rows, filtered and sorted in one pass.

A QSortFilterProxyModel would call back into Python once per row for every filter change and
once per comparison when sorting (about a second at 100,000 invoices); here a filter is a list
comprehension over precomputed search keys and a sort is one ``sorted`` over a key column, so
both stay well under 100 ms. The view asks only for the rows on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ksefdesk.core.errors import Lang
from ksefdesk.core.formatting import format_amount
from ksefdesk.core.invoices import Direction, InvoiceRow
from ksefdesk.core.preview import when

Index = QModelIndex | QPersistentModelIndex
Row = InvoiceRow
COLUMNS = ("new", "issued", "number", "direction", "seller", "buyer", "gross", "due", "ksef", "company")
# the row field each column sorts by as text ("new", "due", "gross" and "company" sort their own way)
_TEXT_SORT_FIELDS = {
    "issued": "issue_date",
    "number": "invoice_number",
    "direction": "direction",
    "seller": "seller_name",
    "buyer": "buyer_name",
    "ksef": "ksef_number",
}
NEW_STATUS = "new"


@dataclass(frozen=True)
class InvoiceFilter:
    text: str = ""  # in the invoice number, KSeF number, party names and NIPs
    company: str | None = None  # NIP of one of our companies
    direction: Direction | None = None
    status: str | None = None  # NEW_STATUS or a stored status
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    amount_min: Decimal | None = None  # gross
    amount_max: Decimal | None = None
    to_pay: bool = False  # only unpaid purchase invoices, the earliest due date first


def _search_key(row: Row) -> str:
    return "\x1f".join(
        (row.ksef_number, row.invoice_number, row.seller_nip, row.seller_name, row.buyer_id, row.buyer_name)
    ).casefold()


@dataclass
class Columns:
    """The fields the filters test, one list per field in row order: a filter over 100,000 rows then
    indexes a list instead of reading an attribute of each row (twice as fast, measured)."""

    ksef: list[str] = field(default_factory=list)
    company: list[str] = field(default_factory=list)
    direction: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)  # "" when unknown
    gross: list[Decimal] = field(default_factory=list)

    @classmethod
    def of(cls, rows: Sequence[Row]) -> Columns:
        return cls(
            [r.ksef_number for r in rows],
            [r.company_nip for r in rows],
            [r.direction for r in rows],
            [r.status for r in rows],
            [r.issue_date or "" for r in rows],
            [r.gross for r in rows],
        )


@dataclass
class Prepared:
    """The model's whole state, computable away from the GUI thread (pure Python, no Qt)."""

    rows: list[Row] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    columns: Columns = field(default_factory=Columns)
    new: set[str] = field(default_factory=set)
    order: list[int] = field(default_factory=list)  # all rows in the current sort order
    visible: list[int] = field(default_factory=list)  # the filtered part of order
    sort: tuple[int, bool] = (-1, False)  # column, descending
    filter: InvoiceFilter = field(default_factory=InvoiceFilter)
    names: dict[str, str] = field(default_factory=dict)  # our companies: NIP -> name
    sent: dict[str, int] = field(default_factory=dict)  # KSeF number -> outbox item, for invoices we sent
    seen_by_sending: list[str] = field(default_factory=list)  # stored as new, but sent from here: not new
    due: dict[tuple[str, str], str] = field(default_factory=dict)  # unpaid purchases: (NIP, KSeF) -> due ISO or ""


def prepare(
    rows: Sequence[Row],
    sort: tuple[int, bool],
    invoice_filter: InvoiceFilter,
    names: dict[str, str] | None = None,
    sent: dict[str, int] | None = None,
    due: dict[tuple[str, str], str] | None = None,
) -> Prepared:
    """Rows as InvoiceRepository.table_rows gives them, sorted and filtered. An invoice sent from this
    app (``sent``) is never new: the user knows it already."""
    sent = sent or {}
    flagged = {row.ksef_number for row in rows if row.is_new}
    state = Prepared(
        rows=list(rows),
        new=flagged - sent.keys(),
        sort=sort,
        filter=invoice_filter,
        names=dict(names or {}),
        sent=sent,
        seen_by_sending=sorted(flagged & sent.keys()),
        due=dict(due or {}),
    )
    state.keys = [_search_key(row) for row in state.rows]
    state.columns = Columns.of(state.rows)
    state.order = sorted_order(state)
    state.visible = filtered(state)
    return state


def sorted_order(state: Prepared) -> list[int]:
    column, descending = state.sort
    rows, new, order = state.rows, state.new, list(range(len(state.rows)))
    name = COLUMNS[column] if 0 <= column < len(COLUMNS) else ""
    if name == "new":
        order.sort(key=lambda i: rows[i].ksef_number in new, reverse=descending)
    elif name == "due":
        due = state.due
        order.sort(key=lambda i: due.get((rows[i].company_nip, rows[i].ksef_number)) or "", reverse=descending)
    elif name == "gross":
        order.sort(key=lambda i: rows[i].gross, reverse=descending)
    elif name == "company":
        names = state.names
        order.sort(key=lambda i: (names.get(rows[i].company_nip) or rows[i].company_nip).casefold(), reverse=descending)
    elif name in _TEXT_SORT_FIELDS:
        value = attrgetter(_TEXT_SORT_FIELDS[name])
        order.sort(key=lambda i: str(value(rows[i]) or "").casefold(), reverse=descending)
    return order


def filtered(state: Prepared) -> list[int]:
    f, c = state.filter, state.columns
    picked = state.order
    if f.text.strip():
        needle, keys = f.text.strip().casefold(), state.keys
        picked = [i for i in picked if needle in keys[i]]
    if f.company:
        company, companies = f.company, c.company
        picked = [i for i in picked if companies[i] == company]
    if f.direction:
        wanted, directions = f.direction.value, c.direction
        picked = [i for i in picked if directions[i] == wanted]
    if f.status == NEW_STATUS:
        new, numbers = state.new, c.ksef
        picked = [i for i in picked if numbers[i] in new]
    elif f.status:
        status, statuses = f.status, c.status
        picked = [i for i in picked if statuses[i] == status]
    if f.date_from:
        start, issued = f.date_from, c.issued
        picked = [i for i in picked if issued[i] >= start]
    if f.date_to:
        end, issued = f.date_to, c.issued
        picked = [i for i in picked if (issued[i] or "9999") <= end]
    if f.amount_min is not None:
        low, gross = f.amount_min, c.gross
        picked = [i for i in picked if gross[i] >= low]
    if f.amount_max is not None:
        high, gross = f.amount_max, c.gross
        picked = [i for i in picked if gross[i] <= high]
    if f.to_pay:
        due, companies, numbers = state.due, c.company, c.ksef
        picked = [i for i in picked if (companies[i], numbers[i]) in due]
        # overdue first: the earliest due date on top, invoices without one at the end
        picked.sort(key=lambda i: (due[(companies[i], numbers[i])] == "", due[(companies[i], numbers[i])]))
    return list(picked) if picked is state.order else picked


class InvoiceTableModel(QAbstractTableModel):
    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._lang = lang
        self._state = Prepared()
        self._headers = (
            "",
            self.tr("Issued"),
            self.tr("Invoice number"),
            self.tr("Type"),
            self.tr("Seller"),
            self.tr("Buyer"),
            self.tr("Gross"),
            self.tr("Due"),
            self.tr("KSeF number"),
            self.tr("Company"),
        )
        self._directions = {
            Direction.PURCHASE.value: self.tr("purchase"),
            Direction.SALES.value: self.tr("sales"),
            Direction.THIRD_PARTY.value: self.tr("third party"),
            Direction.AUTHORIZED.value: self.tr("authorized"),
        }
        self._new_tip = self.tr("New: not opened yet")
        self._overdue_tip = self.tr("Overdue: the due date has passed")
        self._no_due = self.tr("no due date")

    # --- data in ---------------------------------------------------------------------------------
    @property
    def sort_spec(self) -> tuple[int, bool]:
        return self._state.sort

    @property
    def filter(self) -> InvoiceFilter:
        return self._state.filter

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace the data (rows as InvoiceRepository.table_rows gives them), keeping filter and sort."""
        state = self._state
        self.set_prepared(prepare(rows, state.sort, state.filter, state.names, state.sent, state.due))

    def set_prepared(self, state: Prepared) -> None:
        """Swap in a state prepared by a worker: on the GUI thread this costs next to nothing."""
        self.beginResetModel()
        self._state = state
        self.endResetModel()

    def apply(self, invoice_filter: InvoiceFilter) -> int:
        """Show only the matching invoices; returns how many."""
        self.beginResetModel()
        self._state.filter = invoice_filter
        self._state.visible = filtered(self._state)
        self.endResetModel()
        return len(self._state.visible)

    def set_company_names(self, names: dict[str, str]) -> None:
        """Our companies' names for the company column (the rows carry only NIPs)."""
        self.layoutAboutToBeChanged.emit()
        self._state.names = dict(names)
        column = self._state.sort[0]
        if 0 <= column < len(COLUMNS) and COLUMNS[column] == "company":
            self._state.order = sorted_order(self._state)
            self._state.visible = filtered(self._state)
        self.layoutChanged.emit()

    @property
    def company_names(self) -> dict[str, str]:
        return dict(self._state.names)

    def set_due(self, due: dict[tuple[str, str], str]) -> None:
        """The unpaid purchase invoices and their due dates (after marking an invoice paid). Only the "to pay"
        filter depends on them: otherwise the due column changes in place, and the rows shown (an invoice
        just opened in "only new" among them) and the selection stay."""
        if not self._state.filter.to_pay:
            self._state.due = dict(due)
            if self._state.visible:
                column = COLUMNS.index("due")
                self.dataChanged.emit(self.index(0, column), self.index(len(self._state.visible) - 1, column))
            return
        self.beginResetModel()
        self._state.due = dict(due)
        self._state.visible = filtered(self._state)
        self.endResetModel()

    @property
    def due(self) -> dict[tuple[str, str], str]:
        return dict(self._state.due)

    def due_of(self, nip: str, ksef_number: str) -> str | None:
        """The due date (ISO, "" when none) of an unpaid purchase invoice; None when nothing is due."""
        return self._state.due.get((nip, ksef_number))

    def sent_item(self, ksef_number: str) -> int | None:
        """The outbox item of an invoice sent from here that KSeF has numbered (None: received)."""
        return self._state.sent.get(ksef_number)

    def mark_seen(self, ksef_numbers: Sequence[str]) -> None:
        self._state.new.difference_update(ksef_numbers)
        if self._state.visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._state.visible) - 1, len(COLUMNS) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._state.sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._state.order = sorted_order(self._state)
        self._state.visible = filtered(self._state)
        self.layoutChanged.emit()

    # --- what the view asks --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._state.visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def total(self) -> int:
        return len(self._state.rows)

    def row(self, view_row: int) -> Row:
        return self._state.rows[self._state.visible[view_row]]

    def is_new(self, ksef_number: str) -> bool:
        return ksef_number in self._state.new

    def view_row_of(self, ksef_number: str) -> int:
        rows = self._state.rows
        for position, index in enumerate(self._state.visible):
            if rows[index].ksef_number == ksef_number:
                return position
        return -1

    def direction_text(self, direction: str) -> str:
        return self._directions.get(direction, direction)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._state.rows[self._state.visible[index.row()]]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "gross":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == "due" and self._overdue(row):
            return QBrush(QColor("#b71c1c"))
        if role == Qt.ItemDataRole.FontRole and row.ksef_number in self._state.new:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "new" and row.ksef_number in self._state.new:
                return self._new_tip
            if column in ("seller", "buyer"):
                return self._display(row, column)
            if column == "company":
                return f"NIP {row.company_nip}"
            if column == "due" and self._overdue(row):
                return self._overdue_tip
        if role == Qt.ItemDataRole.UserRole:
            return row.ksef_number
        return None

    def _display(self, row: Row, column: str) -> str:
        if column == "new":
            return "●" if row.ksef_number in self._state.new else ""
        if column == "issued":
            return when(row.issue_date or "", self._lang)
        if column == "number":
            return row.invoice_number
        if column == "direction":
            return self.direction_text(row.direction)
        if column == "seller":
            return f"{row.seller_name} ({row.seller_nip})" if row.seller_nip else row.seller_name
        if column == "buyer":
            return f"{row.buyer_name} ({row.buyer_id})" if row.buyer_id else row.buyer_name
        if column == "gross":
            return f"{format_amount(row.gross, self._lang)} {row.currency}"
        if column == "ksef":
            return row.ksef_number
        if column == "due":
            due = self._state.due.get((row.company_nip, row.ksef_number))
            return "" if due is None else (when(due, self._lang) if due else self._no_due)
        return self._state.names.get(row.company_nip) or row.company_nip

    def _overdue(self, row: Row) -> bool:
        due = self._state.due.get((row.company_nip, row.ksef_number))
        return bool(due) and str(due) < date.today().isoformat()
