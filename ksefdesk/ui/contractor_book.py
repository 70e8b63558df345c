"""The company's contractor book and products list: what the invoice form suggests while typing.

Both fill themselves as invoices are issued; here the user adds, corrects and deletes entries, and fills a
buyer's name and address from the VAT White List (asked in the background).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import format_money
from ksefdesk.core.invoice_draft import FORM_RATES, RATES, BuyerId, Line, Party
from ksefdesk.core.nip import nip_problem
from ksefdesk.services.invoicing import Contractor, Product
from ksefdesk.ui.invoice_form import PROBLEM_STYLE, parse_decimal
from ksefdesk.ui.ui_services import UiServices


def _table(headers: list[str], name: str, corner_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    corner = table.findChild(QAbstractButton)  # Qt's select-all corner: a button, so it gets a name too
    if corner is not None:
        corner.setAccessibleName(corner_name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)
    return table


def _named(form: QFormLayout, label: str, widget: QWidget) -> None:
    widget.setAccessibleName(label)
    caption = QLabel(label)
    caption.setBuddy(widget)
    form.addRow(caption, widget)


class ContractorsTab(QWidget):
    def __init__(self, services: UiServices, nip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.nip = services, nip
        self.lang: Lang = services.lang
        self.rows: list[Contractor] = []
        self.current_id = 0
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: name or NIP"))
        self.search.setAccessibleName(self.tr("Search contractors"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QAbstractButton):  # the clear button Qt adds: named too
            clear.setAccessibleName(self.tr("Clear the search"))
        self.search.textChanged.connect(lambda _: self.reload())
        self.table = _table(
            [self.tr("Name"), self.tr("NIP / tax no."), self.tr("Address")],
            self.tr("Contractors"),
            self.tr("Select all"),
        )
        self.table.itemSelectionChanged.connect(self._selected)
        form = QFormLayout()
        self.id_type = QComboBox()
        for kind, text in (
            (BuyerId.NIP, self.tr("Polish company (NIP)")),
            (BuyerId.EU, self.tr("EU company (VAT-UE number)")),
            (BuyerId.OTHER, self.tr("Foreign company (other tax number)")),
            (BuyerId.NONE, self.tr("Consumer (no tax number)")),
        ):
            self.id_type.addItem(text, kind.value)
        _named(form, self.tr("Identified by"), self.id_type)
        self.ident = QLineEdit()
        self.ident.textChanged.connect(lambda _: self._check())
        _named(form, self.tr("NIP or tax number"), self.ident)
        self.problem = QLabel("")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        form.addRow(self.problem)
        self.name = QLineEdit()
        _named(form, self.tr("Name"), self.name)
        self.address1 = QLineEdit()
        _named(form, self.tr("Address"), self.address1)
        self.address2 = QLineEdit()
        _named(form, self.tr("Address, line 2"), self.address2)
        self.country = QLineEdit(Party().country)
        self.country.setMaxLength(2)
        _named(form, self.tr("Country code"), self.country)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.new)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete)
        self.lookup_button = QPushButton(self.tr("Fill from the White List"))
        self.lookup_button.clicked.connect(self.lookup)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button, self.lookup_button):
            buttons.addWidget(button)
        buttons.addStretch()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.status)
        right.addStretch()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.reload()

    def reload(self) -> None:
        self.rows = self.services.invoicing.contractors(self.nip, self.search.text(), limit=500)
        self.table.setRowCount(len(self.rows))
        for row, contractor in enumerate(self.rows):
            party = contractor.party
            address = ", ".join(part for part in (party.address1, party.address2) if part)
            for column, text in enumerate((party.name, party.id, address)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.delete_button.setEnabled(bool(self.current_id))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        contractor = self.rows[rows[0].row()]
        party = contractor.party
        self.current_id = contractor.id
        self.id_type.setCurrentIndex(max(self.id_type.findData(party.id_type.value), 0))
        self.ident.setText(party.id)
        self.name.setText(party.name)
        self.address1.setText(party.address1)
        self.address2.setText(party.address2)
        self.country.setText(party.country)
        self.delete_button.setEnabled(True)

    def _check(self) -> bool:
        problem = None
        if BuyerId(self.id_type.currentData()) is BuyerId.NIP and self.ident.text().strip():
            error = nip_problem(self.ident.text())
            problem = error.message(self.lang) if error else None
        self.problem.setText(self.tr("NIP: %1").replace("%1", problem) if problem else "")
        return problem is None

    def party(self) -> Party:
        kind = BuyerId(self.id_type.currentData())
        ident = re.sub(r"[\s-]", "", self.ident.text()) if kind is BuyerId.NIP else self.ident.text().strip()
        return Party(
            self.name.text().strip(),
            ident,
            kind,
            self.address1.text().strip(),
            self.address2.text().strip(),
            self.country.text().strip().upper() or "PL",
        )

    def new(self) -> None:
        self.current_id = 0
        self.table.clearSelection()
        for edit in (self.ident, self.name, self.address1, self.address2):
            edit.clear()
        self.country.setText(Party().country)
        self.delete_button.setEnabled(False)
        self.name.setFocus()

    def save(self) -> bool:
        if not self.name.text().strip():
            self.status.setText(self.tr("Enter the name."))
            return False
        if not self._check():
            return False
        self.current_id = self.services.invoicing.save_contractor(self.nip, self.party(), self.current_id)
        self.status.setText(self.tr("Saved."))
        self.reload()
        return True

    def delete(self) -> bool:
        if not self.current_id:
            return False
        if not self.services.dialogs.confirm(
            self, self.tr("Delete contractor"), self.tr("Delete %1 from the book?").replace("%1", self.name.text())
        ):
            return False
        self.services.invoicing.delete_contractor(self.nip, self.current_id)
        self.new()
        self.reload()
        return True

    def lookup(self) -> None:
        buyer_nip = re.sub(r"[\s-]", "", self.ident.text())
        if nip_problem(buyer_nip) is not None:
            self.status.setText(self.tr("Type a valid NIP first."))
            return
        self.lookup_button.setEnabled(False)
        self.status.setText(self.tr("Asking the VAT White List…"))
        invoicing, nip = self.services.invoicing, self.nip
        self.services.runner.run(
            lambda cancel: invoicing.lookup(nip, buyer_nip, date.today()), self._found, self._failed, owner=self
        )

    def _found(self, party: object) -> None:
        self.lookup_button.setEnabled(True)
        if not isinstance(party, Party):
            self.status.setText(self.tr("This NIP is not on the VAT White List: type the buyer's data."))
            return
        self.name.setText(party.name)
        self.address1.setText(party.address1)
        self.address2.setText(party.address2)
        self.status.setText(self.tr("Filled from the VAT White List."))

    def _failed(self, error: UserError) -> None:
        self.lookup_button.setEnabled(True)
        self.status.setText(error.message(self.lang) + " " + error.action(self.lang))


class ProductsTab(QWidget):
    def __init__(self, services: UiServices, nip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.nip = services, nip
        self.lang: Lang = services.lang
        self.rows: list[Product] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: name"))
        self.search.setAccessibleName(self.tr("Search products"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QAbstractButton):  # the clear button Qt adds: named too
            clear.setAccessibleName(self.tr("Clear the search"))
        self.search.textChanged.connect(lambda _: self.reload())
        self.table = _table(
            [self.tr("Name"), self.tr("Unit"), self.tr("Unit price"), self.tr("VAT rate")],
            self.tr("Products"),
            self.tr("Select all"),
        )
        self.table.itemSelectionChanged.connect(self._selected)
        form = QFormLayout()
        self.name = QLineEdit()
        _named(form, self.tr("Name"), self.name)
        self.unit = QLineEdit(Line().unit)
        _named(form, self.tr("Unit"), self.unit)
        self.price = QLineEdit()
        _named(form, self.tr("Unit price"), self.price)
        self.rate = QComboBox()
        for code in FORM_RATES:
            self.rate.addItem(RATES[code].label.text(self.lang), code)
        _named(form, self.tr("VAT rate"), self.rate)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.new)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete)
        self.status = QLabel("")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.status)
        right.addStretch()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.current_id = 0
        self.reload()

    def reload(self) -> None:
        self.rows = self.services.invoicing.products(self.nip, self.search.text(), limit=500)
        self.table.setRowCount(len(self.rows))
        for row, product in enumerate(self.rows):
            rate = RATES[product.rate].label.text(self.lang) if product.rate in RATES else product.rate
            values = (product.name, product.unit, format_money(product.unit_price, self.lang), rate)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.delete_button.setEnabled(bool(self.current_id))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        product = self.rows[rows[0].row()]
        self.current_id = product.id
        self.name.setText(product.name)
        self.unit.setText(product.unit)
        self.price.setText(format(product.unit_price, "f"))
        index = self.rate.findData(product.rate)
        if index >= 0:
            self.rate.setCurrentIndex(index)
        self.delete_button.setEnabled(True)

    def new(self) -> None:
        self.current_id = 0
        self.table.clearSelection()
        self.name.clear()
        self.unit.setText(Line().unit)
        self.price.clear()
        self.delete_button.setEnabled(False)
        self.name.setFocus()

    def save(self) -> bool:
        price = parse_decimal(self.price.text() or "0")
        if not self.name.text().strip():
            self.status.setText(self.tr("Enter the name."))
            return False
        if price is None or price < 0:
            self.status.setText(self.tr("The price must be a number, e.g. 12,50."))
            return False
        old = next((p for p in self.rows if p.id == self.current_id), None)
        if old is not None and old.name != self.name.text().strip():
            self.services.invoicing.delete_product(self.nip, old.id)  # renamed: products are kept by name
        product = Product(self.name.text().strip(), price, str(self.rate.currentData()), self.unit.text().strip())
        self.services.invoicing.save_product(self.nip, product)
        self.status.setText(self.tr("Saved."))
        self.reload()
        self.current_id = next((p.id for p in self.rows if p.name == product.name), 0)
        return True

    def delete(self) -> bool:
        if not self.current_id:
            return False
        if not self.services.dialogs.confirm(
            self, self.tr("Delete product"), self.tr("Delete %1 from the list?").replace("%1", self.name.text())
        ):
            return False
        self.services.invoicing.delete_product(self.nip, self.current_id)
        self.new()
        self.reload()
        return True


class ContractorBook(QWidget):
    """Contractors and products of one company, in two tabs (a window of its own)."""

    def __init__(self, services: UiServices, nip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Contractors and products"))
        self.contractors = ContractorsTab(services, nip)
        self.products = ProductsTab(services, nip)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.contractors, self.tr("Contractors"))
        self.tabs.addTab(self.products, self.tr("Products and services"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(960, 560)
