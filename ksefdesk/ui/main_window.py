"""The main window: the companies this app works for, or a welcome page on first start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ksefdesk import APP_NAME, __version__
from ksefdesk.core.errors import Lang
from ksefdesk.services.store import CompanyRepository
from ksefdesk.ui.company_model import CompanyTableModel


class MainWindow(QMainWindow):
    def __init__(self, companies: CompanyRepository, lang: Lang, data_dir: str) -> None:
        super().__init__()
        self._companies = companies
        self._lang = lang
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.resize(900, 560)

        self.model = CompanyTableModel(lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self._t("Lista firm", "Company list"))

        self.welcome = QWidget()
        layout = QVBoxLayout(self.welcome)
        layout.addStretch()
        title = QLabel(self._t("Witaj w KSeF Desk", "Welcome to KSeF Desk"))
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        body = QLabel(
            self._t(
                "KSeF Desk łączy Twoje firmy z Krajowym Systemem e-Faktur.\n"
                "Nie dodano jeszcze żadnej firmy. Możesz wypróbować wszystko bez konta KSeF\n"
                "w lokalnej piaskownicy, która działa jak KSeF na tym komputerze.",
                "KSeF Desk connects your companies to KSeF, the national e-invoicing system.\n"
                "No company has been added yet. You can try everything without a KSeF account\n"
                "in the local sandbox, which behaves like KSeF on this computer.",
            )
        )
        body.setWordWrap(True)
        for label in (title, body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch()

        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.table)
        self.setCentralWidget(self.pages)
        self.statusBar().showMessage(self._t(f"Dane: {data_dir}", f"Data: {data_dir}"))
        self.refresh()

    def _t(self, pl: str, en: str) -> str:
        return pl if self._lang == "pl" else en

    def refresh(self) -> None:
        companies = self._companies.list()
        self.model.set_companies(companies)
        self.pages.setCurrentWidget(self.table if companies else self.welcome)
