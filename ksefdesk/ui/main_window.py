"""The main window: the companies this app works for and their connection, or a welcome page."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ksefdesk import APP_NAME, __version__
from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Company, Environment
from ksefdesk.services.sandbox_host import DEMO_NIP
from ksefdesk.ui.company_model import CompanyRow, CompanyTableModel
from ksefdesk.ui.settings_dialog import SettingsDialog, close_to_tray
from ksefdesk.ui.tray import Tray
from ksefdesk.ui.wizard import AuthWizard, UiServices

TIME_REFRESH_MS = 30_000


class MainWindow(QMainWindow):
    companies_changed = Signal()

    def __init__(self, services: UiServices) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.resize(1040, 600)
        self.wizard: AuthWizard | None = None
        self.keep_in_tray = False

        self.model = CompanyTableModel(services.lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Companies"))
        self.table.doubleClicked.connect(lambda _: self.reauthorize())

        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAccessibleName(self.tr("Details of the selected company"))
        self.details.setContentsMargins(8, 6, 8, 6)
        self.list_page = QWidget()
        list_layout = QVBoxLayout(self.list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.details)

        self.welcome = self._build_welcome()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.list_page)
        self.setCentralWidget(self.pages)
        self._build_actions()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.statusBar().showMessage(self.tr("Data folder: %1").replace("%1", services.data_dir))

        self._times = QTimer(self)
        self._times.timeout.connect(self.model.refresh_times)
        self._times.start(TIME_REFRESH_MS)
        self.refresh()

    # --- building ----------------------------------------------------------------------------------
    def _build_welcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        title = QLabel(self.tr("Welcome to KSeF Desk"))
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        body = QLabel(
            self.tr(
                "KSeF Desk connects your companies to KSeF, the national e-invoicing system.\n"
                "No company has been added yet. You can try everything without a KSeF account\n"
                "in the local sandbox, which behaves like KSeF on this computer."
            )
        )
        body.setWordWrap(True)
        for label in (title, body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.try_sandbox = QPushButton(self.tr("Try the local sandbox"))
        self.try_sandbox.setAccessibleDescription(self.tr("Adds a demonstration company in the local sandbox"))
        self.try_sandbox.clicked.connect(self.start_demo)
        self.add_first = QPushButton(self.tr("Add a company…"))
        self.add_first.clicked.connect(self.add_company)
        self.try_sandbox.setEnabled(self.services.sandbox is not None)
        for button in (self.try_sandbox, self.add_first):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.welcome_status = QLabel("")
        self.welcome_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.welcome_status)
        layout.addStretch()
        return page

    def _build_actions(self) -> None:
        toolbar = QToolBar(self.tr("Actions"))
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.add_action = QAction(self.tr("Add company…"), self)
        self.add_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_action.triggered.connect(self.add_company)
        self.reauth_action = QAction(self.tr("Authorize again…"), self)
        self.reauth_action.triggered.connect(self.reauthorize)
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self.logout)
        self.switch_action = QAction(self.tr("Switch environment…"), self)
        self.switch_action.triggered.connect(self.switch_environment)
        self.remove_action = QAction(self.tr("Remove company…"), self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.triggered.connect(self.remove_company)
        self.sync_action = QAction(self.tr("Receive invoices"), self)
        self.sync_action.triggered.connect(self.receive_invoices)
        self.check_action = QAction(self.tr("Check connections"), self)
        self.check_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.folder_action = QAction(self.tr("Open data folder"), self)
        self.folder_action.triggered.connect(self.open_data_folder)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        self.settings_action.setEnabled(self.services.settings is not None)
        for action in (
            self.add_action,
            self.reauth_action,
            self.logout_action,
            self.switch_action,
            self.remove_action,
            self.sync_action,
            self.check_action,
            self.folder_action,
            self.settings_action,
        ):
            toolbar.addAction(action)
            self.addAction(action)
        self._update_actions()

    # --- state --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected()
        rows = []
        for company in self.services.companies.list():
            state = self.services.auth.state(company.nip)
            rows.append(CompanyRow(company, state.refresh_valid_until, state.has_ksef_token))
        self.model.set_rows(rows)
        self.pages.setCurrentWidget(self.list_page if rows else self.welcome)
        if selected:
            self.select(selected.nip)
        self._update_actions()
        self.companies_changed.emit()

    def refresh_company(self, nip: str) -> None:
        self.refresh()

    def select(self, nip: str) -> None:
        row = self.model.row_of(nip)
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected(self) -> Company | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row(indexes[0].row()).company if indexes else None

    def _update_actions(self) -> None:
        company = self.selected()
        for action in (self.reauth_action, self.logout_action, self.switch_action, self.remove_action):
            action.setEnabled(company is not None)
        self.sync_action.setEnabled(
            company is not None and company.status.value == "connected" and self.services.receiver is not None
        )
        self._show_details(company)

    def _show_details(self, company: Company | None) -> None:
        if company is None:
            self.details.setText(self.tr("Select a company to see its connection details."))
            return
        row = self.model.row(self.model.row_of(company.nip))
        parts = [
            f"<b>{company.display_name}</b> · NIP {company.nip} · {company.environment.label(self.services.lang)}",
            self.tr("Connection: %1").replace("%1", f"<b>{self.model.status_text(company)}</b>"),
        ]
        why, action = self.model.reason(company)
        if why:
            parts.append(f"<span style='color:#b71c1c'>{why}</span> {action}")
        if row.valid_until and company.status.value == "connected":
            until = row.valid_until.astimezone().strftime("%Y-%m-%d %H:%M")
            parts.append(
                self.tr("Login valid until %1").replace("%1", until)
                + (" · " + self.tr("renews automatically") if row.has_ksef_token else "")
            )
        self.details.setText("<br>".join(parts))

    def _error(self, error: UserError) -> None:
        self.services.dialogs.show_error(self, error)
        self.refresh()

    # --- actions ------------------------------------------------------------------------------------
    def _open_wizard(self, company: Company | None = None, nip: str = "") -> AuthWizard:
        wizard = AuthWizard(self.services, company, self)
        wizard.connected.connect(lambda nip: (self.refresh(), self.select(nip)))
        wizard.finished.connect(lambda _: self.refresh())
        if nip:
            wizard.company_page.nip.setText(nip)
        self.wizard = wizard
        wizard.open()
        return wizard

    def add_company(self) -> AuthWizard:
        return self._open_wizard()

    def reauthorize(self) -> AuthWizard | None:
        company = self.selected()
        return self._open_wizard(company) if company else None

    def logout(self) -> None:
        company = self.selected()
        if company is None:
            return
        nip = company.nip
        self.services.runner.run(
            lambda cancel: self.services.auth.logout(nip, cancel=cancel), lambda _: self.refresh(), self._error
        )

    def remove_company(self) -> None:
        company = self.selected()
        if company is None or not self.services.dialogs.confirm(
            self,
            self.tr("Remove company"),
            self.tr(
                "Remove %1 (NIP %2) from KSeF Desk? Its login here is closed and forgotten. Invoices in KSeF "
                "are not affected."
            )
            .replace("%1", company.display_name)
            .replace("%2", company.nip),
        ):
            return
        self._remove(company, then=None)

    def _remove(self, company: Company, then: object) -> None:
        nip, auth, companies = company.nip, self.services.auth, self.services.companies

        def work(cancel: object) -> None:
            auth.logout(nip, forget_ksef_token=True)
            companies.remove(nip)

        def done(_: object) -> None:
            self.refresh()
            if callable(then):
                then()

        self.services.runner.run(work, done, self._error)

    def switch_environment(self) -> None:
        company = self.selected()
        if company is None or not self.services.dialogs.confirm(
            self,
            self.tr("Switch environment"),
            self.tr(
                "A company works in one KSeF environment at a time. Switching removes %1 here and authorizes "
                "it again in the environment you choose. Remember: on PRODUCTION the first invoice sent "
                "obliges the company to send all later ones there, and sent invoices can only be corrected, "
                "never deleted."
            ).replace("%1", company.display_name),
        ):
            return
        self._remove(company, then=lambda: self._open_wizard(nip=company.nip))

    def receive_invoices(self) -> None:
        """Bring the selected company's new invoices from KSeF (in the background)."""
        company, receiver = self.selected(), self.services.receiver
        if company is None or receiver is None:
            return
        nip, name = company.nip, company.display_name
        self.sync_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Receiving invoices of %1…").replace("%1", name))

        def done(result: object) -> None:
            added = getattr(result, "total_added", 0)
            self.statusBar().showMessage(self.tr("%1: new invoices: %2").replace("%1", name).replace("%2", str(added)))
            self.refresh()

        def failed(error: UserError) -> None:
            self.statusBar().clearMessage()
            self._error(error)

        self.services.runner.run(lambda cancel: receiver.sync(nip, cancel=cancel), done, failed)

    def announce_reauth(self, nip: str) -> None:
        self.statusBar().showMessage(self.tr("Company %1 needs to be authorized again").replace("%1", nip))

    def open_settings(self) -> SettingsDialog | None:
        if self.services.settings is None:
            return None
        dialog = SettingsDialog(self.services.settings, self.services.lang, Tray.available(), self)
        dialog.accepted.connect(
            lambda: setattr(self, "keep_in_tray", close_to_tray(self.services.settings) and Tray.available())
        )
        dialog.open()
        return dialog

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.services.data_dir))

    def start_demo(self) -> None:
        """The welcome page's offer: a demonstration company in the local sandbox, logged in by token."""
        sandbox, companies, auth = self.services.sandbox, self.services.companies, self.services.auth
        if sandbox is None:
            return
        self.try_sandbox.setEnabled(False)
        self.welcome_status.setText(self.tr("Starting the local sandbox…"))

        def work(cancel: object) -> str:
            kit = sandbox.demo_kit(DEMO_NIP)
            if companies.find(DEMO_NIP) is None:
                companies.add(DEMO_NIP, Environment.SANDBOX, name="Firma Demonstracyjna sp. z o.o.")
            auth.login_with_token(DEMO_NIP, kit.ksef_token)
            return DEMO_NIP

        def failed(error: UserError) -> None:
            self.try_sandbox.setEnabled(True)
            self.welcome_status.setText("")
            self._error(error)

        self.services.runner.run(work, lambda nip: (self.refresh(), self.select(str(nip))), failed)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_in_tray:
            event.ignore()
            self.hide()
            return
        super().closeEvent(event)
