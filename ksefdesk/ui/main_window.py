"""The main window: the companies this app works for and their connection, or a welcome page."""

from __future__ import annotations

import html
import importlib
import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ksefdesk import APP_NAME, __version__
from ksefdesk.core.errors import UserError
from ksefdesk.core.formatting import format_date, format_moment
from ksefdesk.core.models import Company, Environment
from ksefdesk.core.sync_eta import OfficeEta
from ksefdesk.services.desk_rules import deadline_warnings
from ksefdesk.services.settings import TRAY_NOTICE_SHOWN, close_to_tray, sync_interval
from ksefdesk.ui.company_model import CompanyRow, CompanyTableModel, format_wait
from ksefdesk.ui.system_notice import SystemNoticeBar
from ksefdesk.ui.tray import Tray

# Dialogs, the wizard, the invoice and outbox tabs (with XML, PDF and preview code and the services behind
# them) are imported where they are opened or built: the first window does not need them, and start-up time
# is the user's (tests/test_startup_imports.py).
if TYPE_CHECKING:
    from ksefdesk.core.invoice_draft import InvoiceDraft
    from ksefdesk.core.offline import OfflineMode
    from ksefdesk.core.preview import Page
    from ksefdesk.services.availability import Availability
    from ksefdesk.services.company_admin import KeyDecision, StoredData
    from ksefdesk.services.credentials import Warning as CredentialWarning
    from ksefdesk.services.outbox_folder import FolderScan
    from ksefdesk.services.scheduler import SyncScheduler
    from ksefdesk.ui.about_dialog import AboutDialog
    from ksefdesk.ui.archives_dialog import ArchivesDialog
    from ksefdesk.ui.bulk_dialog import BulkDialog
    from ksefdesk.ui.contractor_book import ContractorBook
    from ksefdesk.ui.credentials_dialog import CredentialsDialog
    from ksefdesk.ui.glossary import GlossaryDialog
    from ksefdesk.ui.grant_office_dialog import GrantOfficeDialog
    from ksefdesk.ui.invoice_form import DraftsDialog, InvoiceForm
    from ksefdesk.ui.invoice_view import FilePlaces, InvoicesPanel
    from ksefdesk.ui.office_dialog import OfficeDialog
    from ksefdesk.ui.outbox_view import OutboxPanel
    from ksefdesk.ui.payment_dialog import PaymentDialog
    from ksefdesk.ui.settings_dialog import SettingsDialog
    from ksefdesk.ui.shortcuts_dialog import ShortcutsDialog
    from ksefdesk.ui.sign_file_dialog import SignFileDialog
    from ksefdesk.ui.today_view import TodayPanel
    from ksefdesk.ui.ui_services import UiServices
    from ksefdesk.ui.update_dialog import UpdateDialog
    from ksefdesk.ui.wizard import AuthWizard

TIME_REFRESH_MS = 30_000
# Imported by a worker after the first paint, so that building the invoice tabs (and asking whether a sandbox
# can be hosted) on the GUI thread then takes milliseconds, not what their XML, PDF and KSeF code take to import.
PANEL_MODULES = (
    "ksefdesk.ui.invoice_view",
    "ksefdesk.ui.outbox_view",
    "ksefdesk.services.payments",
    "ksefdesk.services.sandbox_host",
)


def _import_modules(names: tuple[str, ...], done: threading.Event) -> None:
    """On a worker thread: imports only, no widget. A failed import is left for the GUI thread to meet (and
    report) when it builds the tabs."""
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        done.set()


class MainWindow(QMainWindow):
    companies_changed = Signal()
    settings_saved = Signal()
    hidden_to_tray = Signal()  # the first close to the tray: say once that the program keeps running

    def __init__(self, services: UiServices) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.resize(1040, 640)
        self.wizard: AuthWizard | None = None
        self.keep_in_tray = False
        self.quitting = False
        self._tray_notice_shown = False
        self._places: FilePlaces | None = None
        self._panels_built = False
        self._modules_loaded: threading.Event | None = None  # set by the preloading thread
        self._preload_poll = QTimer(self)  # the GUI thread looks; no Qt call crosses threads
        self._preload_poll.setInterval(20)
        self._preload_poll.timeout.connect(self._poll_preload)
        self._invoices_panel: InvoicesPanel | None = None
        self._outbox_panel: OutboxPanel | None = None
        self.today_panel: TodayPanel | None = None  # the Today tab, next to Companies
        self.invoice_form: InvoiceForm | None = None  # the last invoice form opened (several may be open)
        self.drafts_dialog: DraftsDialog | None = None
        self.contractor_book: ContractorBook | None = None

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

        self.tabs = QTabWidget()
        self.tabs.addTab(self.list_page, self.tr("Companies"))  # the invoice tabs follow the first paint
        self.welcome = self._build_welcome()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        # KSeF down or no internet: said plainly above everything, with what to do about invoices
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff3e0;color:#7a3e00;padding:8px;border-bottom:1px solid #e0b080")
        self.banner.setAccessibleName(self.tr("KSeF availability"))
        self.banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        # KSeF's X-System-Warning, once per message
        self.system_notice = SystemNoticeBar(services.notices, self.statusBar())
        central_layout.addWidget(self.system_notice)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self._build_activity()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.statusBar().showMessage(self.tr("Data folder: %1").replace("%1", services.data_dir))
        self.eta_line = QLabel("")  # "All companies up to date by about 14:20" (SyncScheduler.eta)
        self.eta_line.setAccessibleName(self.tr("When all companies are up to date"))
        self.eta_line.hide()
        self.statusBar().addPermanentWidget(self.eta_line)
        if services.scheduler is not None:
            self.attach_scheduler(services.scheduler)

        self._times = QTimer(self)
        self._times.timeout.connect(self.model.refresh_times)
        self._times.timeout.connect(lambda: self._show_details(self.selected()))
        self._times.timeout.connect(self._refresh_eta)
        self._times.start(TIME_REFRESH_MS)
        self.refresh()

    # --- building ----------------------------------------------------------------------------------
    def attach_scheduler(self, scheduler: SyncScheduler) -> None:
        """The sync scheduler; the app attaches it after the first paint (it loads the KSeF client)."""
        self.services.scheduler = scheduler
        scheduler.changed.connect(self._schedule_changed)
        scheduler.run_finished.connect(self._run_finished)
        scheduler.run_failed.connect(self._run_failed)
        scheduler.eta_changed.connect(self._eta_changed)
        if self.today_panel is not None:
            scheduler.changed.connect(self.today_panel.sync_changed)
        scheduler.refresh_eta()
        self._update_actions()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._panels_built and self._modules_loaded is None:  # on screen: now what it did not show
            self._modules_loaded = threading.Event()
            threading.Thread(
                target=_import_modules, args=(PANEL_MODULES, self._modules_loaded), name="ui-preload", daemon=True
            ).start()
            self._preload_poll.start()

    def _poll_preload(self) -> None:
        if self._modules_loaded is not None and self._modules_loaded.is_set():
            self._build_panels()

    def _build_panels(self) -> None:
        """The Invoices and Outbox tabs, built once: after the first paint, or when first asked for."""
        if self._panels_built:
            return
        self._panels_built = True
        self._preload_poll.stop()
        services = self.services
        if services.sandbox is None:  # offered until now (start_demo checks too); a demo started stays off
            self.try_sandbox.setEnabled(False)
        if services.invoices is not None:
            self._invoices_panel = self._build_invoices()
            self.tabs.addTab(self._invoices_panel, self.tr("Invoices"))
            self._invoices_panel.set_companies([self.model.row(i).company for i in range(self.model.rowCount())])
        if services.sender is not None:
            self._outbox_panel = self._build_outbox()
            self.tabs.addTab(self._outbox_panel, self.tr("Outbox"))
        readiness = getattr(services, "readiness", None)  # helper A's ReadinessService, when the context has one
        if readiness is not None:
            from ksefdesk.ui.readiness_view import ReadinessPanel

            self.readiness_panel = ReadinessPanel(
                services,
                lambda cancel: readiness.all(),
                lambda nip: self._readiness_wizard(nip),
                getattr(self, "open_office", None),
                self,
            )
            self.tabs.addTab(self.readiness_panel, self.tr("Ready for 2027"))
            self.companies_changed.connect(self.readiness_panel.request_refresh)  # coalesced, and not while hidden
            self.readiness_panel.changed.connect(lambda _: self._refresh_all())
            self.readiness_panel.request_refresh()
        self.today_panel = self._build_today()
        self.tabs.insertTab(1, self.today_panel, self.tr("Today"))  # next to Companies: the shown tab does not move
        if self._invoices_panel is not None and services.payments is not None:
            panel = self._invoices_panel
            self.invoices_menu.addSeparator()
            self.to_pay_action = self._action(self.tr("Invoices to pay"), lambda: self._show_to_pay(panel))
            self.pay_action = self._action(self.tr("Pay selected invoices…"), panel.pay_selected)
            self.invoices_menu.addAction(self.to_pay_action)
            self.invoices_menu.addAction(self.pay_action)
        self.reload_lists()
        from ksefdesk.ui.update_dialog import check_at_start  # after the first paint; nothing unless allowed

        self.startup_update = check_at_start(self.services, self)

    @property
    def invoices_panel(self) -> InvoicesPanel | None:
        self._build_panels()
        return self._invoices_panel

    @property
    def outbox_panel(self) -> OutboxPanel | None:
        self._build_panels()
        return self._outbox_panel

    @property
    def places(self) -> FilePlaces:
        """Where file dialogs open: the folder the user last saved into."""
        if self._places is None:
            from ksefdesk.ui.invoice_view import FilePlaces

            self._places = FilePlaces(self.services.settings)
        return self._places

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
        for button in (self.try_sandbox, self.add_first):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.welcome_status = QLabel("")
        self.welcome_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.welcome_status)
        secrets = self.services.secret_store() if self.services.secret_store else ""
        where = self.tr(
            "Invoices, settings and logs are kept in: %1 (back up this folder).\n"
            "Passwords, tokens and keys never go there in plain text: %2"
        )
        self.welcome_facts = QLabel(
            where.replace("%1", self.services.data_dir or "—").replace(
                "%2",
                secrets
                or self.tr(
                    "they go to your system's keyring, or, where there is none, to an encrypted vault "
                    "protected by a passphrase you choose."
                ),
            )
        )
        self.welcome_facts.setWordWrap(True)
        self.welcome_facts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_facts.setStyleSheet("color:#555")
        layout.addWidget(self.welcome_facts)
        layout.addStretch()
        return page

    def _build_invoices(self) -> InvoicesPanel:
        from ksefdesk.ui.invoice_view import InvoicesPanel

        invoices, companies = self.services.invoices, self.services.companies
        assert invoices is not None

        def company_id(nip: str) -> int:
            return companies.get(nip).id

        def mark_seen(numbers: list[str]) -> None:  # off the GUI thread: a write to the database
            self.services.runner.run(lambda _: invoices.mark_seen(None, numbers))

        panel = InvoicesPanel(
            self.services.lang,
            self.services.runner,
            load_rows=invoices.table_rows,
            company_of=companies.find,
            metadata_of=lambda nip, number: invoices.metadata(company_id(nip), number),
            xml_of=lambda nip, number: invoices.xml(company_id(nip), number),
            mark_seen=mark_seen,
            save_file=lambda parent, title, name: self.services.dialogs.save_file(
                parent, title, str(Path.home() / name), "XML (*.xml)"
            ),
            show_error=lambda error: self.services.dialogs.show_error(self, error),
            save_pdf=self.save_pdf,
            print_pages=self.services.dialogs.print_pages,
            places=self.places,
            outbox=self.services.sender.outbox if self.services.sender is not None else None,
            load_due=self.services.payments.unpaid_due_dates if self.services.payments is not None else None,
            pay=self.open_payment if self.services.payments is not None else None,
            issue_from=self.issue_from,
        )
        panel.saved.connect(lambda text: self.statusBar().showMessage(text, 15000))
        return panel

    def _show_to_pay(self, panel: InvoicesPanel) -> None:
        self.tabs.setCurrentWidget(panel)
        panel.show_to_pay()

    def open_payment(self, nip: str, ksef_numbers: list[str]) -> PaymentDialog | None:
        """Transfer data, QR code and White List verdict for purchase invoices of one seller."""
        if self.services.payments is None:
            return None
        from ksefdesk.ui.payment_dialog import PaymentDialog

        dialog = PaymentDialog(
            self.services.lang, self.services.runner, self.services.payments, nip, ksef_numbers, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.invoices_panel is not None:
            dialog.paid.connect(lambda _: self.invoices_panel.reload_due() if self.invoices_panel else None)
        dialog.show()
        return dialog

    def save_pdf(self, parent: QWidget, pages: list[Page], name: str, purpose: str = "invoice_pdf") -> str | None:
        """Ask where (the folder last used for this purpose), then write the pages as one A4 PDF."""
        suggested = name if Path(name).is_absolute() else self.places.suggest(purpose, name)
        target = self.services.dialogs.save_file(parent, self.tr("Save as PDF"), suggested, "PDF (*.pdf)")
        if not target:
            return None
        from ksefdesk.ui.paper import write_pdf

        try:
            write_pdf(pages, Path(target))
        except UserError as error:
            self.services.dialogs.show_error(self, error)
            return None
        self.places.remember(purpose, target)
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", target), 15000)
        return target

    def _build_outbox(self) -> OutboxPanel:
        from ksefdesk.ui.outbox_view import OutboxPanel

        sender = self.services.sender
        assert sender is not None
        panel = OutboxPanel(
            sender.outbox.listing,
            lang=self.services.lang,
            page_of=self._outbox_page,
            print_pages=self.services.dialogs.print_pages,
            show_error=self._error,
        )
        panel.add_requested.connect(self.add_invoice_files)
        panel.files_dropped.connect(self.import_invoice_files)
        panel.send_requested.connect(self.send_now)
        panel.save_upo_requested.connect(self.save_upo)
        panel.save_pdf_requested.connect(self.save_outbox_pdf)
        panel.new_invoice_requested.connect(lambda: self.open_invoice_form())
        panel.drafts_requested.connect(lambda: self.open_drafts())
        return panel

    def _build_today(self) -> TodayPanel:
        """The Today tab: its facts gathered by a worker (the readiness reads the secret store), the
        scheduler's part read here; each item's button leads to the window's own action."""
        from ksefdesk.services.today import TodayService, sync_facts
        from ksefdesk.ui.today_view import TodayPanel

        services = self.services
        gatherer = TodayService(
            services.companies,
            services.auth,
            invoices=services.invoices,
            sender=services.sender,
            certificates=services.certificates,
            readiness=getattr(services, "readiness", None),
        )
        panel = TodayPanel(
            services,
            lambda cancel: gatherer.gather(cancel=cancel),
            lambda facts: sync_facts(self.services.scheduler, facts),
            self,
        )
        panel.action_requested.connect(self._today_action)
        self.companies_changed.connect(panel.refresh)  # every refresh: runs ended, logins, dialogs closed
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: panel.set_company(company.nip if (company := self.selected()) else None)
        )
        if services.scheduler is not None:
            services.scheduler.changed.connect(panel.sync_changed)
        company = self.selected()
        panel.set_company(company.nip if company else None)
        panel.refresh()
        return panel

    def _today_action(self, action: str, nip: str) -> None:
        """A Today item's button: the company selected, then the action the menus already have."""
        if nip:
            self.select(nip)
        if action == "show_invoices":
            self.show_new_invoices(nip)
        elif action == "send":
            if self.outbox_panel is not None:
                self.tabs.setCurrentWidget(self.outbox_panel)
            self.send_now()
        elif action == "reauthorize":
            self.reauthorize()
        elif action == "credentials":
            self.open_credentials()
        elif action == "readiness":
            self.show_readiness()
        elif action == "sync" and nip:
            self.receive_invoices()
        elif action == "sync" and self.services.scheduler is not None:  # every logged-in company
            for company in self.services.companies.list():
                if company.status.value == "connected":
                    self.services.scheduler.run_now(company.nip)

    def show_new_invoices(self, nip: str) -> None:
        """The Invoices tab with only this company's new invoices (the new ones are its purchases: KSeF's copies
        of its own sales are marked seen). The type filter stays on "All types": QComboBox hands its Direction
        data back as a plain str, which InvoiceFilter does not take."""
        panel = self.invoices_panel
        if panel is None:
            return
        self.tabs.setCurrentWidget(panel)
        panel.clear_filters()
        panel.company.setCurrentIndex(max(panel.company.findData(nip), 0))
        panel.only_new.setChecked(True)

    def _build_activity(self) -> None:
        """Background work in the status bar: what runs, how far, and a way to stop it."""
        self.activity = QLabel("")
        self.activity_bar = QProgressBar()
        self.activity_bar.setRange(0, 0)  # busy: the total is not known in advance
        self.activity_bar.setMaximumWidth(120)
        self.activity_cancel = QPushButton(self.tr("Stop"))
        self.activity_cancel.clicked.connect(self.cancel_runs)
        for widget in (self.activity, self.activity_bar, self.activity_cancel):
            self.statusBar().addPermanentWidget(widget)
        self._update_activity()

    def _build_actions(self) -> None:
        """Everything is in the menus, grouped by what it acts on (a company, invoices, all companies, tools,
        help); the tool bar holds only the daily actions, so that nothing ends up behind an overflow arrow at
        1280×720 in Polish (tests/gui/test_accessibility.py); a company's own actions are also on the
        companies table's context menu. Shortcuts are listed in Help ▸ Keyboard shortcuts, read from here."""
        keys = QKeySequence.StandardKey
        self.add_action = self._action(self.tr("Add company…"), self.add_company, "Ctrl+Shift+N")
        self.reauth_action = self._action(self.tr("Authorize again…"), self.reauthorize)
        self.logout_action = self._action(self.tr("Log out"), self.logout)
        self.switch_action = self._action(self.tr("Switch environment…"), self.switch_environment)
        self.remove_action = self._action(self.tr("Remove company…"), self.remove_company)
        self.archives_action = self._action(self.tr("Archives…"), self.open_archives)
        self.archives_action.setToolTip(self.tr("What is kept of environments the companies left"))
        self.sync_action = self._action(self.tr("Receive invoices"), self.receive_invoices, keys.Refresh)
        self.send_action = self._action(self.tr("Send invoices"), self.send_now, "Ctrl+Shift+S")
        self.send_action.setToolTip(self.tr("Send the invoices waiting in the outbox now"))
        self.find_action = self._action(self.tr("Find invoices"), self.find_invoices, keys.Find)
        self.check_action = self._action(self.tr("Check connections"), None, "Shift+F5")
        self.folder_action = self._action(self.tr("Open data folder"), self.open_data_folder)
        self.credentials_action = self._action(self.tr("Credentials…"), self.open_credentials)
        self.credentials_action.setToolTip(
            self.tr("KSeF certificates, token and signature of the company, with their expiry dates")
        )
        self.sign_file_action = self._action(self.tr("Sign a file…"), self.open_sign_file)
        self.sign_file_action.setToolTip(
            self.tr("Sign a KSeF request file here, with your signature card or a certificate file")
        )
        self.readiness_action = self._action(self.tr("Ready for 2027…"), self.show_readiness)
        self.issue_invoice_action = self._action(self.tr("Issue invoice…"), lambda: self.open_invoice_form(), keys.New)
        self.drafts_action = self._action(self.tr("Invoice drafts…"), lambda: self.open_drafts())
        self.contractors_action = self._action(
            self.tr("Contractors and products…"), lambda: self.open_contractor_book()
        )
        self.about_action = self._action(self.tr("About…"), self.open_about)
        self.update_action = self._action(self.tr("Check for updates…"), self.check_for_updates)
        self.glossary_action = self._action(self.tr("What do these words mean?"), self.open_glossary)
        self.shortcuts_action = self._action(self.tr("Keyboard shortcuts"), self.open_shortcuts, keys.HelpContents)
        # Ctrl+, is the Preferences key on macOS (Cmd+,); Windows and Linux have no standard one, so the same
        self.settings_action = self._action(self.tr("Settings…"), self.open_settings, "Ctrl+,")
        self.settings_action.setEnabled(self.services.settings is not None)
        self.quit_action = self._action(self.tr("Quit"), self.quit_app, keys.Quit, fallback="Ctrl+Q")

        menus = self.menuBar()
        company = menus.addMenu(self.tr("&Company"))
        for action in (self.add_action, self.reauth_action, self.logout_action, self.credentials_action):
            company.addAction(action)
        company.addAction(self.readiness_action)
        company.addSeparator()
        for action in (self.issue_invoice_action, self.drafts_action, self.contractors_action):
            company.addAction(action)  # issued in the company's name, from its drafts, to its contractors
        company.addSeparator()
        for action in (self.switch_action, self.archives_action, self.remove_action):
            company.addAction(action)
        company.addSeparator()
        company.addAction(self.quit_action)
        self.invoices_menu = menus.addMenu(self.tr("&Invoices"))
        for action in (self.sync_action, self.send_action, self.find_action):
            self.invoices_menu.addAction(action)  # the payment actions come with the Invoices tab
        everyone = menus.addMenu(self.tr("&All companies"))
        self.check_all_action = self._action(self.tr("Check all logins"), lambda: self.run_for_all("check"))
        self.sync_all_action = self._action(self.tr("Receive invoices for all"), lambda: self.run_for_all("sync"))
        self.export_all_action = self._action(
            self.tr("Export last month for all…"), lambda: self.run_for_all("export_last_month")
        )
        for action in (self.check_all_action, self.sync_all_action, self.export_all_action):
            everyone.addAction(action)
        everyone.addSeparator()
        self.office_action = self._action(self.tr("Accounting office…"), lambda: self.open_office())
        self.office_action.setToolTip(self.tr("One certificate of the office for all its clients"))
        self.grant_office_action = self._action(self.tr("Grant to an accounting office…"), self.open_grant_office)
        self.grant_office_action.setToolTip(self.tr("The selected company lets its accounting office work in KSeF"))
        everyone.addAction(self.office_action)
        everyone.addAction(self.grant_office_action)
        tools = menus.addMenu(self.tr("&Tools"))
        for action in (self.check_action, self.sign_file_action, self.folder_action, self.settings_action):
            tools.addAction(action)
        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.glossary_action)
        help_menu.addAction(self.update_action)
        help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self.tr("Actions"))
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        for action in (
            self.add_action,
            self.issue_invoice_action,
            self.sync_action,
            self.send_action,
            self.settings_action,
        ):
            self.toolbar.addAction(action)
            if not action.shortcut().isEmpty():  # the button's hint teaches its key
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{action.toolTip()} ({key})")
        # A company's own actions where the company is: right click (or the menu key) on its row
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._company_context_menu)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (the arrows move in it): no Tab trap
        self._update_actions()

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence.StandardKey | str | None = None, *, fallback: str = ""
    ) -> QAction:
        """``fallback``: the key where the platform has none for that standard key (Quit on Windows)."""
        action = QAction(text, self)
        if callable(slot):
            action.triggered.connect(slot)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding the platform has for it
            if not action.shortcuts() and fallback:
                action.setShortcut(QKeySequence(fallback))
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)
        return action

    def company_menu(self) -> QMenu:
        """The selected company's actions, grouped as in the Company menu; only Add company without one."""
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Company actions"))
        groups: list[tuple[QAction, ...]] = [(self.add_action,)]
        if self.selected() is not None:
            groups = [
                (self.reauth_action, self.logout_action, self.credentials_action, self.readiness_action),
                (self.issue_invoice_action, self.drafts_action, self.contractors_action, self.sync_action),
                (self.grant_office_action, self.switch_action, self.archives_action),
                (self.remove_action,),
            ]
        for group in groups:
            if menu.actions():
                menu.addSeparator()
            menu.addActions(list(group))
        return menu

    def _company_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():  # right click acts on the row clicked, not on the one selected before
            self.select(self.model.row(index.row()).company.nip)
        menu = self.company_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def find_invoices(self) -> None:
        """Ctrl+F: the Invoices tab, with its search field ready to type in."""
        panel = self.invoices_panel
        if panel is None or self.pages.currentWidget() is self.welcome:
            return
        self.tabs.setCurrentWidget(panel)
        panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        panel.search.selectAll()

    def open_shortcuts(self) -> ShortcutsDialog:
        from ksefdesk.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self, self)
        dialog.open()
        self.shortcuts_dialog = dialog
        return dialog

    # --- state --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected()
        rows = []
        for company in self.services.companies.list():
            state = self.services.auth.state(company.nip)
            rows.append(CompanyRow(company, state.refresh_valid_until, state.has_ksef_token))
        self.model.set_rows(rows)
        self._refresh_eta()
        self.pages.setCurrentWidget(self.tabs if rows else self.welcome)
        if self._invoices_panel is not None:
            self._invoices_panel.set_companies([row.company for row in rows])
        if selected and self.model.row_of(selected.nip) >= 0:
            self.select(selected.nip)
        elif len(rows) == 1:
            self.select(rows[0].company.nip)  # the only company: nothing to choose
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
        self.credentials_action.setEnabled(company is not None and self.services.certificates is not None)
        self.grant_office_action.setEnabled(company is not None)
        self.issue_invoice_action.setEnabled(company is not None)
        self.drafts_action.setEnabled(company is not None)
        self.contractors_action.setEnabled(company is not None)
        self.sync_action.setEnabled(
            company is not None and company.status.value == "connected" and self.services.scheduler is not None
        )
        has_companies = self.model.rowCount() > 0
        self.send_action.setEnabled(
            has_companies and self.services.sender is not None and self.services.scheduler is not None
        )
        self.find_action.setEnabled(has_companies and self.services.invoices is not None)
        # The welcome page has its own big buttons: no bar of actions that would nearly all be disabled there
        self.toolbar.setVisible(has_companies)
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
            until = format_moment(row.valid_until, self.services.lang)
            parts.append(self.tr("Login valid until %1").replace("%1", until))
        parts.append(self._renewal_line(company, row.has_ksef_token))
        parts += self._schedule_lines(company)
        parts += [
            f"<span style='color:#b71c1c'>{html.escape(w.text(self.services.lang))}</span>"
            for w in self.credential_warnings(company) + self.deadline_warnings(company)
        ]
        self.details.setText("<br>".join(parts))

    def show_availability(self, availability: Availability) -> None:
        """The banner, and the outbox's suggestion of how invoices issued now count."""
        from ksefdesk.core.offline import OfflineMode
        from ksefdesk.services.availability import Verdict

        verdict = availability.verdict
        lang = self.services.lang
        suggestion = {
            Verdict.FAILURE: OfflineMode.EMERGENCY,
            Verdict.MAINTENANCE: OfflineMode.UNAVAILABLE,
            Verdict.KSEF_SILENT: OfflineMode.OFFLINE24,
            Verdict.NO_INTERNET: OfflineMode.OFFLINE24,
        }.get(verdict)
        if verdict is Verdict.AVAILABLE:
            self.banner.hide()
        else:
            text = verdict.text(lang)
            if suggestion is not None:
                text += " " + self.tr(
                    "Invoices you add now are marked as issued offline (%1) and sent with the offline flag "
                    "by their deadline once KSeF answers again."
                ).replace("%1", suggestion.label(lang))
            self.banner.setText(text)
            self.banner.show()
        if self.outbox_panel is not None:
            combo = self.outbox_panel.mode
            combo.setCurrentIndex(max(0, combo.findData(suggestion.value if suggestion else None)))

    def _renewal_line(self, company: Company, has_token: bool) -> str:
        """What logs the company in again when the login ends, in the order the app tries them:
        a KSeF certificate, then a KSeF token, else only the refresh token (then the user's signature)."""
        certificates = self.services.certificates
        held = certificates.shown(company, "Authentication") if certificates is not None else None  # no secret store
        if held is not None:
            how = self.tr("its KSeF certificate (valid until %1)").replace(
                "%1", format_date(held.valid_to, self.services.lang)
            )
        elif has_token:
            how = self.tr("its KSeF token (usable until 31 Dec 2026)")
        else:
            how = self.tr("nothing: when the login ends, sign again (Credentials… offers a KSeF certificate)")
        return self.tr("Logs in again by itself with: %1").replace("%1", how)

    def deadline_warnings(self, company: Company) -> list[CredentialWarning]:
        """Offline invoices that must reach KSeF by tomorrow (or are late)."""
        sender = self.services.sender
        if sender is None:
            return []
        return deadline_warnings(company, sender)

    def credential_warnings(self, company: Company) -> list[CredentialWarning]:
        if self.services.certificates is None:
            return []
        from ksefdesk.services.credentials import warnings as credential_warnings

        return credential_warnings(company, self.services.auth, self.services.certificates)

    def open_glossary(self) -> GlossaryDialog:
        from ksefdesk.ui.glossary import GlossaryDialog

        dialog = GlossaryDialog(self)
        dialog.open()
        self.glossary = dialog
        return dialog

    def open_about(self) -> AboutDialog:
        from ksefdesk.ui.about_dialog import AboutDialog

        secrets = self.services.secret_store() if self.services.secret_store else ""
        dialog = AboutDialog(self.services.data_dir, secrets, self)
        dialog.open()
        return dialog

    def check_for_updates(self) -> UpdateDialog:
        from ksefdesk.ui.update_dialog import open_update_dialog

        return open_update_dialog(self.services, self)

    def open_sign_file(self) -> SignFileDialog:
        from ksefdesk.ui.sign_file_dialog import SignFileDialog

        dialog = SignFileDialog(self.services.dialogs, self.services.runner, self.services.lang, self)
        dialog.open()
        return dialog

    def open_credentials(self) -> CredentialsDialog | None:
        company = self.selected()
        if company is None or self.services.certificates is None:
            return None
        from ksefdesk.ui.credentials_dialog import CredentialsDialog

        dialog = CredentialsDialog(
            company,
            self.services.auth,
            self.services.certificates,
            self.services.runner,
            self.services.lang,
            lambda error: self.services.dialogs.show_error(self, error),
            self,
            self.services.dialogs,
        )
        dialog.changed.connect(self.refresh)
        dialog.open()
        return dialog

    def run_for_all(self, action_name: str) -> BulkDialog | None:
        """One action for every company, in a dialog with progress and Cancel (Export asks the folder)."""
        from ksefdesk.services.bulk import BulkAction
        from ksefdesk.ui.bulk_dialog import BulkDialog

        if not self.services.companies.list():
            return None
        action = BulkAction(action_name)
        folder = None
        if action is BulkAction.EXPORT_LAST_MONTH:
            chosen = self.services.dialogs.choose_folder(self, self.tr("Where to export last month's invoices?"))
            if not chosen:
                return None
            folder = Path(chosen)
        dialog = BulkDialog(self.services, action, folder, self)
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()
        dialog.start()
        self.bulk_dialog = dialog
        return dialog

    def open_office(self, client_nip: str | None = None) -> OfficeDialog:
        """The accounting office's window (from the readiness page: with that client selected)."""
        from ksefdesk.ui.office_dialog import OfficeDialog

        dialog = OfficeDialog(self.services, client_nip, self)
        dialog.finished.connect(lambda _: self._refresh_all())
        dialog.open()
        self.office_dialog = dialog
        return dialog

    def open_grant_office(self) -> GrantOfficeDialog | None:
        """The selected company grants (or revokes) its accounting office's permissions in KSeF."""
        from ksefdesk.ui.grant_office_dialog import GrantOfficeDialog

        company = self.selected()
        if company is None:
            return None
        dialog = GrantOfficeDialog(self.services, company, self)
        dialog.open()
        self.grant_office_dialog = dialog
        return dialog

    def _schedule_lines(self, company: Company) -> list[str]:
        scheduler = self.services.scheduler
        if scheduler is None or company.status.value != "connected":
            return []
        state = scheduler.snapshot(company.nip)
        if state.running:
            line = (
                self.tr("Sending invoices…")
                if state.phase == "sending"
                else self.tr("Receiving invoices… %1 new so far").replace("%1", str(state.received))
            )
        else:
            wait = scheduler.next_run_in(company.nip)
            line = (
                self.tr("Automatic sync is off")
                if wait is None
                else self.tr("Next sync in %1").replace("%1", format_wait(wait.total_seconds(), self.services.lang))
            )
        left, limit = scheduler.export_budget(company.nip)
        line += " · " + self.tr("KSeF downloads left this hour: %1 of %2").replace("%1", str(left)).replace(
            "%2", str(limit)
        )
        lines = [line]
        if state.last_error is not None:
            lines.append(
                "<span style='color:#b71c1c'>"
                + self.tr("Last attempt failed: %1").replace(
                    "%1", html.escape(state.last_error.message(self.services.lang))
                )
                + "</span>"
            )
        return lines

    def _error(self, error: UserError) -> None:
        self.services.dialogs.show_error(self, error)
        self.refresh()

    # --- actions ------------------------------------------------------------------------------------
    def _open_wizard(
        self, company: Company | None = None, nip: str = "", *, switch_from: Company | None = None
    ) -> AuthWizard:
        from ksefdesk.ui.wizard import AuthWizard

        wizard = AuthWizard(self.services, company, self, switch_from=switch_from)
        wizard.connected.connect(self._connected)
        wizard.finished.connect(self._refresh_all)
        if nip:
            wizard.company_page.nip.setText(nip)
        self.wizard = wizard
        wizard.open()
        return wizard

    def show_readiness(self) -> None:
        self._build_panels()
        panel = getattr(self, "readiness_panel", None)
        if panel is not None:
            self.tabs.setCurrentWidget(panel)
            panel.refresh()

    def _readiness_wizard(self, nip: str) -> None:
        company = self.services.companies.find(nip)
        wizard = self._open_wizard(company)
        wizard.finished.connect(lambda _: self.show_readiness())

    def _connected(self, nip: str) -> None:
        self.refresh()
        self.select(nip)
        self.reload_lists()

    def _refresh_all(self) -> None:
        """A dialog that may have changed companies or their data closed."""
        self.refresh()
        self.reload_lists()

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
        """Says exactly what goes, warns loudly about unsent invoices and keys, offers an export first
        and defaults to Cancel."""
        company, admin = self.selected(), self.services.admin
        if company is None or admin is None:
            return
        stored = admin.stored_data(company)
        lines = [
            self.tr("Remove %1 (NIP %2) from KSeF Desk?")
            .replace("%1", company.display_name)
            .replace("%2", company.nip),
            "",
        ]
        lines += [self.tr("This deletes from this computer:"), *self._stored_lines(stored)]
        lines.append("• " + self.tr("its login here (and the KSeF token, if one is kept)"))
        if stored.unsent:
            lines += ["", self.tr("WARNING: invoices not yet sent have legal deadlines. Send them first (Outbox tab).")]
        if stored.certificates:
            lines += ["", self.tr("Back up the KSeF certificates first if you need them (Credentials… ▸ Back up).")]
        if stored.archives:
            lines += ["", self.tr("Archives of the company's other environments stay (Company ▸ Archives…).")]
        if stored.office_clients:
            lines += [
                "",
                self.tr(
                    "%1 client companies log in with this office's KSeF certificate: afterwards each needs a login "
                    "of its own."
                ).replace("%1", str(stored.office_clients)),
            ]
        lines += [
            "",
            self.tr("Invoices already in KSeF are not affected: they can be downloaded again after logging in."),
        ]
        unsaved = admin.keys_without_backup(company)  # the database only: no secret store on this thread
        choices = [("remove", self.tr("Remove")), ("cancel", self.tr("Cancel"))]
        if not stored.empty:
            choices.insert(0, ("export", self.tr("Export first, then remove…")))
        if unsaved:
            choices.insert(0, ("backup", self.tr("Back up the keys first…")))
        answer = self.services.dialogs.choose(
            self,
            self.tr("Remove company"),
            "\n".join(lines),
            choices,
            warning=bool(stored.unsent or stored.certificates),
        )
        if answer == "cancel":
            return
        from ksefdesk.services.company_admin import KeyDecision

        if answer == "backup":
            from ksefdesk.ui.key_backup import back_up_keys

            # Cancel in the backup's questions writes nothing and removes nothing
            back_up_keys(
                self, self.services, company, lambda _files: self._remove(company, None, KeyDecision.BACKED_UP)
            )
            return
        decision = None
        if unsaved:
            sure = self.services.dialogs.confirm(
                self,
                self.tr("Remove without a backup"),
                self.tr(
                    "The private keys of %1 KSeF certificates exist only on this computer. Without a backup they "
                    "cannot be recovered: the company will need a new signature to get new certificates.\n\n"
                    "Remove the company and its keys anyway?"
                ).replace("%1", str(len(unsaved))),
            )
            if not sure:
                return
            decision = KeyDecision.DISCARD
        folder = self._export_folder(company) if answer == "export" else None
        if answer == "export" and folder is None:
            return  # no folder chosen: nothing is removed
        self._remove(company, folder, decision)

    def _remove(self, company: Company, folder: Path | None, decision: KeyDecision | None) -> None:
        admin, nip = self.services.admin, company.nip
        assert admin is not None

        def work(cancel: object) -> None:
            if folder is not None:
                admin.export(company, folder)
            admin.remove(nip, keys=decision)

        def done(_: object) -> None:
            self.refresh()
            self.reload_lists()
            message = self.tr("%1 was removed.").replace("%1", company.display_name)
            if folder is not None:
                message += " " + self.tr("Its data was exported to %1.").replace("%1", str(folder))
            self.statusBar().showMessage(message, 15000)

        self.services.runner.run(work, done, self._error)

    def _stored_lines(self, stored: StoredData) -> list[str]:
        """One bullet per kind of data a company (or an archive) holds here."""
        lines = []
        if stored.received:
            lines.append("• " + self.tr("%1 received invoices").replace("%1", str(stored.received)))
        if stored.issued:
            lines.append("• " + self.tr("%1 sales invoices downloaded from KSeF").replace("%1", str(stored.issued)))
        if stored.sent:
            lines.append(
                "• "
                + self.tr("%1 invoices sent by KSeF Desk, %2 of them with their UPO")
                .replace("%1", str(stored.sent))
                .replace("%2", str(stored.upos))
            )
        if stored.unsent:
            text = self.tr("%1 invoices NOT YET SENT to KSeF").replace("%1", str(stored.unsent))
            if stored.nearest_deadline:
                text += " " + self.tr("(the first must be sent by %1)").replace(
                    "%1", format_date(stored.nearest_deadline, self.services.lang)
                )
            lines.append("• " + text)
        if stored.certificates:
            lines.append(
                "• "
                + self.tr("%1 KSeF certificates with their private keys (they cannot be recovered)").replace(
                    "%1", str(stored.certificates)
                )
            )
        return lines

    def _export_folder(self, company: Company) -> Path | None:
        chosen = self.services.dialogs.choose_folder(self, self.tr("Where to export the company's data?"))
        if not chosen:
            return None
        stamp = datetime.now().strftime("%Y-%m-%d")
        return Path(chosen) / f"KSeF Desk {company.nip} {company.environment.value.upper()} {stamp}"

    def switch_environment(self) -> None:
        """Log the company in to another environment; nothing changes until that login succeeds."""
        company, admin = self.selected(), self.services.admin
        if company is None or admin is None:
            return
        stored = admin.stored_data(company)
        environment = company.environment.label(self.services.lang)
        lines = [
            self.tr(
                "%1 will be logged in to another KSeF environment. Nothing changes until that login succeeds: "
                "Cancel in the wizard leaves everything as it is now."
            ).replace("%1", company.display_name),
            "",
            self.tr(
                "What is stored for %1 stays on this computer as an archive you can open, export or delete later "
                "(Company ▸ Archives…):"
            ).replace("%1", environment),
        ]
        lines += self._stored_lines(stored) or ["• " + self.tr("nothing yet")]
        if stored.unsent:
            lines += [
                "",
                self.tr("WARNING: invoices not yet sent will not be sent from the archive. Send them first."),
            ]
        lines += [
            "",
            self.tr(
                "Remember: on PRODUCTION the first invoice sent obliges the company to send all later ones there, "
                "and sent invoices can only be corrected, never deleted."
            ),
        ]
        answer = self.services.dialogs.choose(
            self,
            self.tr("Switch environment"),
            "\n".join(lines),
            [("switch", self.tr("Choose the environment…")), ("cancel", self.tr("Cancel"))],
            warning=bool(stored.unsent),
        )
        if answer == "switch":
            self._open_wizard(switch_from=company)

    def open_archives(self) -> ArchivesDialog | None:
        if self.services.admin is None:
            return None
        from ksefdesk.ui.archives_dialog import ArchivesDialog

        dialog = ArchivesDialog(self.services, self._stored_lines, self._export_folder, self)
        dialog.finished.connect(self._refresh_all)
        dialog.open()
        self.archives_dialog = dialog
        return dialog

    def receive_invoices(self) -> None:
        """Send what waits and bring the selected company's new invoices now (in the background)."""
        company, scheduler = self.selected(), self.services.scheduler
        if company is None or scheduler is None:
            return
        scheduler.run_now(company.nip)

    # --- background runs ----------------------------------------------------------------------------
    def _running_now(self, nip: str) -> bool:
        return self.services.scheduler is not None and self.services.scheduler.snapshot(nip).running

    def _running(self) -> list[str]:
        scheduler = self.services.scheduler
        if scheduler is None:
            return []
        return [c.nip for c in self.services.companies.list() if scheduler.snapshot(c.nip).running]

    def _update_activity(self) -> None:
        running = self._running()
        for widget in (self.activity, self.activity_bar, self.activity_cancel):
            widget.setVisible(bool(running))
        if running and self.services.scheduler is not None:
            received = sum(self.services.scheduler.snapshot(nip).received for nip in running)
            self.activity.setText(
                self.tr("Syncing %1 companies · %2 new invoices")
                .replace("%1", str(len(running)))
                .replace("%2", str(received))
            )

    def _refresh_eta(self) -> None:
        if self.services.scheduler is not None:
            self.services.scheduler.refresh_eta()  # in the background: it reads the limiter's budget files

    def _eta_changed(self, office: object) -> None:
        if isinstance(office, OfficeEta):
            self.model.set_eta(office)
        self.eta_line.setText(self.model.office_text())
        self.eta_line.setVisible(bool(self.eta_line.text()))

    def _schedule_changed(self, nip: str) -> None:
        self._update_activity()
        eta = self.model.eta(nip)
        if self.services.scheduler is not None and (eta is not None and eta.running) != self._running_now(nip):
            self._refresh_eta()  # a run started or ended: the estimate moves
        selected = self.selected()
        if selected is not None and selected.nip == nip:
            self._show_details(selected)
            self.sync_action.setEnabled(
                not self.services.scheduler.snapshot(nip).running if self.services.scheduler else False
            )

    def _run_finished(self, nip: str, result: object) -> None:
        received = getattr(result, "received", None)
        added = received.total_added if received is not None else 0
        company = self.services.companies.find(nip)
        name = company.display_name if company else nip
        self.statusBar().showMessage(self.tr("%1: new invoices: %2").replace("%1", name).replace("%2", str(added)))
        self.refresh()
        self.reload_lists()

    def _run_failed(self, nip: str, error: UserError) -> None:
        self.statusBar().showMessage(f"{nip}: {error.message(self.services.lang)}")
        self.refresh()
        self.reload_lists()

    def cancel_runs(self) -> None:
        if self.services.scheduler is not None:
            for nip in self._running():
                self.services.scheduler.cancel(nip)

    def reload_lists(self) -> None:
        """The invoice tabs read their lists again (tabs not built yet read theirs when they are)."""
        if self._invoices_panel is not None:
            self._invoices_panel.reload()
        if self._outbox_panel is not None:
            self._outbox_panel.reload()
        if self.today_panel is not None:
            self.today_panel.refresh()

    # --- sending ------------------------------------------------------------------------------------
    def add_invoice_files(self) -> None:
        paths = self.services.dialogs.open_files(
            self, self.tr("Choose FA(3) invoices to send"), self.tr("Invoices (*.xml *.XML);;All files (*)")
        )
        if paths:
            self.import_invoice_files([Path(p) for p in paths])

    def import_invoice_files(self, paths: list[Path]) -> None:
        sender = self.services.sender
        if sender is None:
            return
        from ksefdesk.services.outbox_folder import import_files

        mode = self.outbox_panel.offline_mode() if self.outbox_panel is not None else None
        self.services.runner.run(lambda cancel: import_files(sender, paths, mode), self._imported, self._error)

    def _imported(self, scan: object) -> None:
        from ksefdesk.services.outbox_folder import FolderScan

        assert isinstance(scan, FolderScan)
        if self.outbox_panel is not None:
            self.outbox_panel.reload()
        lang = self.services.lang
        text = self.tr("Queued for sending: %1").replace("%1", str(len(scan.queued)))
        if scan.refused:
            text += (
                "\n\n"
                + self.tr("Not queued:")
                + "\n"
                + "\n".join(f"• {e.message(lang)} {e.action(lang)}" for _, e in scan.refused)
            )
        self.services.dialogs.inform(self, self.tr("Invoices to send"), text)
        self._confirm_past_dated(scan.companies)
        if self.services.scheduler is not None:
            for nip in scan.companies:
                self.services.scheduler.run_now(nip)

    def _confirm_past_dated(self, nips: set[str]) -> None:
        """KSeF records an invoice dated before the day it receives it as issued offline (its UPO then
        says "Tryb wysyłki: Offline"): say so before it is sent, and let the user take it back."""
        sender = self.services.sender
        if sender is None:
            return
        from ksefdesk.services.send import OutboxState

        today = date.today()
        past = [
            item
            for nip in nips
            if (company := self.services.companies.find(nip)) is not None
            for item in sender.outbox.items(company.id, (OutboxState.QUEUED,))
            if item.offline_mode is None and item.issue_date is not None and item.issue_date < today
        ]
        if not past:
            return
        lang = self.services.lang
        names = "\n".join(
            f"• {item.invoice_number or item.file_name} ({format_date(item.issue_date, lang)})"
            for item in past
            if item.issue_date
        )
        text = (
            self.tr(
                "These invoices are dated before today. KSeF will record them as issued OFFLINE (their UPO will say "
                "“Tryb wysyłki: Offline”), even though they are sent now:"
            )
            + "\n"
            + names
            + "\n\n"
            + self.tr("If the date is a mistake, take them back, correct the issue date and add them again.")
        )
        answer = self.services.dialogs.choose(
            self,
            self.tr("Invoices dated in the past"),
            text,
            [("back", self.tr("Take them back")), ("send", self.tr("Send as they are"))],
            warning=True,
        )
        if answer == "back":
            for item in past:
                sender.outbox.withdraw(item.id)
            if self.outbox_panel is not None:
                self.outbox_panel.reload()

    def folder_scanned(self, scan: FolderScan) -> None:
        """The watched folder brought files: no dialog (nobody asked), a line in the status bar."""
        if self.outbox_panel is not None:
            self.outbox_panel.reload()
        self.statusBar().showMessage(
            self.tr("Outbox folder: %1 queued, %2 refused (see the “odrzucone” folder)")
            .replace("%1", str(len(scan.queued)))
            .replace("%2", str(len(scan.refused)))
        )
        if self.services.scheduler is not None:
            for nip in scan.companies:
                self.services.scheduler.run_now(nip)

    # --- issuing invoices ---------------------------------------------------------------------------
    def _invoicing_nip(self, nip: str | None) -> str | None:
        """The company an invoice is issued for: the one asked, else the selected one, else the only one."""
        if nip:
            return nip
        company = self.selected()
        if company is not None:
            return company.nip
        companies = self.services.companies.list()
        return companies[0].nip if len(companies) == 1 else None

    def open_invoice_form(
        self,
        nip: str | None = None,
        draft: InvoiceDraft | None = None,
        *,
        draft_id: int | None = None,
        today: date | None = None,
    ) -> InvoiceForm | None:
        """The invoice form (not modal: several may be open); once issued, the outbox is sent."""
        chosen = self._invoicing_nip(nip)
        if chosen is None:
            self.statusBar().showMessage(self.tr("Select the company that issues the invoice."), 15000)
            return None
        from ksefdesk.ui.invoice_form import InvoiceForm

        try:
            form = InvoiceForm(
                self.services, chosen, draft, self, draft_id=draft_id, today=today, offline_mode=self._offline_mode
            )
        except UserError as error:
            self._error(error)
            return None
        form.issued.connect(self._invoice_issued)
        form.show()
        self.invoice_form = form
        return form

    def _offline_mode(self) -> OfflineMode | None:
        """How an invoice issued now counts: the outbox's choice (offline while KSeF is down)."""
        return self.outbox_panel.offline_mode() if self.outbox_panel is not None else None

    def _invoice_issued(self, nip: str, number: str) -> None:
        self.statusBar().showMessage(self.tr("Invoice %1 issued; sending it to KSeF").replace("%1", number), 15000)
        self.reload_lists()
        self.send_now()  # a run already under way runs once more right after (SyncScheduler.run_now)

    def open_drafts(self, nip: str | None = None) -> DraftsDialog | None:
        chosen = self._invoicing_nip(nip)
        if chosen is None:
            self.statusBar().showMessage(self.tr("Select the company that issues the invoice."), 15000)
            return None
        from ksefdesk.ui.invoice_form import DraftsDialog

        dialog = DraftsDialog(self.services, chosen, self)
        dialog.open_requested.connect(lambda draft_id: self._open_draft(chosen, draft_id))
        dialog.open()
        self.drafts_dialog = dialog
        return dialog

    def _open_draft(self, nip: str, draft_id: int) -> InvoiceForm | None:
        try:
            draft = self.services.invoicing.load_draft(nip, draft_id)
        except UserError as error:
            self._error(error)
            return None
        except ValueError:  # a draft stored by an older version the model no longer reads
            self._error(UserError("invoice.draft_gone"))
            return None
        return self.open_invoice_form(nip, draft, draft_id=draft_id)

    def open_contractor_book(self, nip: str | None = None) -> ContractorBook | None:
        chosen = self._invoicing_nip(nip)
        if chosen is None:
            self.statusBar().showMessage(self.tr("Select a company first."), 15000)
            return None
        from ksefdesk.ui.contractor_book import ContractorBook

        book = ContractorBook(self.services, chosen, self)
        book.show()
        self.contractor_book = book
        return book

    def issue_from(self, action: str, nip: str, ksef_number: str, xml: bytes) -> InvoiceForm | None:
        """From the Invoices list: "like" this invoice, "correct" it (KOR) or "settle" this advance (ROZ)."""
        invoicing, today = self.services.invoicing, date.today()
        try:
            if action == "like":
                draft = invoicing.like(nip, xml, today)
            elif action == "correct":
                draft = invoicing.correction_of(nip, xml, ksef_number, today)
            else:
                draft = invoicing.settlement_of(nip, xml, ksef_number, today)
        except UserError as error:
            self.services.dialogs.show_error(self, error)
            return None
        return self.open_invoice_form(nip, draft)

    def send_now(self) -> None:
        if self.services.scheduler is not None and self.services.sender is not None:
            for company in self.services.companies.list():
                if company.status.value == "connected" and self.services.sender.pending_count(company.nip):
                    self.services.scheduler.run_now(company.nip)

    def _outbox_page(self, item_id: int, *, warn: bool = False) -> Page:
        """A sales invoice from the outbox on paper: KOD I (its KSeF number, or OFFLINE before it has
        one) and, for an invoice issued offline, KOD II signed with the company's Offline certificate."""
        sender, certificates = self.services.sender, self.services.certificates
        found = sender.outbox.get(item_id) if sender else None
        if sender is None or found is None:
            raise UserError("outbox.item_gone")
        company_id, item = found
        company = self.services.companies.by_id(company_id)
        if company is None:
            raise UserError("outbox.item_gone")
        from ksefdesk.core.preview import invoice_page

        xml = sender.outbox.xml(item_id)
        kod2 = None
        if item.offline_mode is not None and item.ksef_number is None:
            kod2 = certificates.kod2_link(company, xml) if certificates else None
            if kod2 is None and warn:
                self.services.dialogs.inform(
                    self,
                    self.tr("No offline certificate"),
                    self.tr(
                        "This invoice was issued offline, so its paper copy needs KOD II, signed with the "
                        "company's KSeF offline certificate. Request one in the company's credentials "
                        "(after a signature login); until then the PDF carries KOD I only."
                    ),
                )
        return invoice_page(xml, company.environment, self.services.lang, ksef_number=item.ksef_number, kod2_link=kod2)

    def save_outbox_pdf(self, item_id: int) -> str | None:
        sender = self.services.sender
        found = sender.outbox.get(item_id) if sender else None
        if found is None:
            return None
        try:
            page = self._outbox_page(item_id, warn=True)
        except UserError as error:
            self._error(error)
            return None
        from ksefdesk.ui.invoice_view import invoice_file_name

        item = found[1]
        name = invoice_file_name(self.tr("Invoice"), item.invoice_number, "", "pdf")
        return self.save_pdf(self, [page], name, purpose="invoice_pdf")

    def save_upo(self, item_id: int) -> str | None:
        sender = self.services.sender
        upo = sender.outbox.upo(item_id) if sender else None
        if upo is None:
            return None
        from ksefdesk.ui.invoice_view import upo_file_name

        found = sender.outbox.get(item_id) if sender else None
        name = upo_file_name(found[1].ksef_number, found[1].invoice_number) if found else f"UPO_{item_id}.pdf"
        target = self.services.dialogs.save_file(
            self, self.tr("Save the UPO"), self.places.suggest("upo", name), "PDF (*.pdf);;XML (*.xml)"
        )
        if not target:
            return None
        from ksefdesk.core.preview import upo_page
        from ksefdesk.ui.paper import write_pdf

        try:
            if target.lower().endswith(".pdf"):  # a readable document; any other name keeps the original XML
                write_pdf([upo_page(upo, self.services.lang)], Path(target))
            else:
                Path(target).write_bytes(upo)
        except UserError as error:
            self._error(error)
            return None
        except OSError as exc:
            self._error(UserError("export.cannot_write", path=target, details=str(exc)))
            return None
        self.places.remember("upo", target)
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", target), 15000)
        return target

    def announce_reauth(self, nip: str) -> None:
        self.statusBar().showMessage(self.tr("Company %1 needs to be authorized again").replace("%1", nip))

    def open_settings(self) -> SettingsDialog | None:
        if self.services.settings is None:
            return None
        from ksefdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.services.settings,
            self.services.lang,
            Tray.available(),
            self,
            secret_store=self.services.secret_store() if self.services.secret_store else "",
            choose_folder=lambda parent: self.services.dialogs.choose_folder(parent, self.tr("Watched outbox folder")),
        )
        dialog.accepted.connect(self._settings_saved)
        dialog.open()
        return dialog

    def _settings_saved(self) -> None:
        settings = self.services.settings
        assert settings is not None  # the dialog that saved them needs them
        self.keep_in_tray = close_to_tray(settings) and Tray.available()
        if self.services.scheduler is not None:
            self.services.scheduler.set_interval(sync_interval(settings))
        self.settings_saved.emit()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.services.data_dir))

    def start_demo(self) -> None:
        """The welcome page's offer: a demonstration company in the local sandbox, logged in by token."""
        sandbox, companies, auth = self.services.sandbox, self.services.companies, self.services.auth
        if sandbox is None:
            return
        from ksefdesk.services.sandbox_host import DEMO_NIP

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

        self.services.runner.run(work, self._demo_ready, failed)

    def _demo_ready(self, nip: object) -> None:
        self.refresh()
        self.select(str(nip))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_in_tray and not self.quitting:
            event.ignore()
            self.hide()
            settings = self.services.settings
            shown = self._tray_notice_shown or (settings is not None and TRAY_NOTICE_SHOWN.read(settings))
            if not shown:
                self._tray_notice_shown = True
                if settings is not None:
                    TRAY_NOTICE_SHOWN.write(settings, True)
                self.hidden_to_tray.emit()
            return
        super().closeEvent(event)

    def quit_app(self) -> None:
        """Quit in one step: Qt 6 asks every window to close first, and this one would only hide."""
        self.quitting = True
        if self.wizard is not None:
            self.wizard.reject()  # a switch or a login in progress is undone, never left half-made
        self.close()
        QApplication.quit()

    def bring_forward(self) -> None:
        """Another start of the app, or the tray: show this window in front instead of a second one."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
