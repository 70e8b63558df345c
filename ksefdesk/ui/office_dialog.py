"""The accounting office's window: which company is the office, which clients log in with its KSeF
certificate, and what the office holds in each client's context (or exactly what the client must grant).

Choosing the office and the clients is database only; the check logs in to every client's context, so it
runs in the TaskRunner and its progress reaches the window by a queued signal only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import OfficeNotGranted, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import Company
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.office import OFFICE_PERMISSIONS, PERMISSION_TEXT, ClientAccess
from ksefdesk.services.tasks import TaskHandle
from ksefdesk.ui.ui_services import UiServices

NAME, NIP, USES, ACCESS = range(4)


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (queued: the window lives there)."""

    moved = Signal(int, int)


class OfficeDialog(QDialog):
    def __init__(self, services: UiServices, client_nip: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.results: dict[str, ClientAccess] = {}
        self.handle: TaskHandle | None = None
        self._filling = False
        self.setWindowTitle(self.tr("Accounting office"))

        intro = QLabel(
            self.tr(
                "An accounting office logs in to each client's KSeF with one certificate of its own. Each client "
                "grants the office permissions in KSeF once; KSeF then lets the office in only as far as the "
                "client allowed."
            )
        )
        intro.setWordWrap(True)
        self.office = QComboBox()
        self.office.setAccessibleName(self.tr("Which company is the office"))
        self.certificate = QLabel()
        self.certificate.setWordWrap(True)
        self.office_row = QWidget()
        form = QFormLayout(self.office_row)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("The office:"), self.office)
        form.addRow(self.tr("Its KSeF certificate:"), self.certificate)
        self.empty = QLabel(
            self.tr(
                "None of your companies has its own KSeF certificate yet, so none can be the office. Add the office "
                'as a company, log it in with a signature and set up its certificates in the "Ready for 2027" tab; '
                "or import a backup of the office's certificate (.p12) here."
            )
        )
        self.empty.setWordWrap(True)
        self.import_company = QComboBox()
        self.import_company.setAccessibleName(self.tr("Which company the certificate belongs to"))
        self.import_button = QPushButton(self.tr("Import the office's certificate (.p12)…"))
        self.import_button.clicked.connect(self.import_certificate)
        self.empty_box = QWidget()
        importing = QFormLayout(self.empty_box)
        importing.setContentsMargins(0, 0, 0, 0)
        importing.addRow(self.empty)
        importing.addRow(self.tr("The office is:"), self.import_company)
        button_row = QHBoxLayout()
        button_row.addWidget(self.import_button)
        button_row.addStretch(1)
        importing.addRow("", button_row)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Client"),
                self.tr("NIP"),
                self.tr("Via the office"),
                self.tr("What the office holds there"),
            ]
        )
        self.table.setAccessibleName(self.tr("Clients of the office"))
        via = self.table.horizontalHeaderItem(USES)
        if via is not None:
            via.setToolTip(self.tr("Ticked: the client logs in with the office's KSeF certificate"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NAME, 260)  # the status gets the rest: it is what the office reads
        header.setSectionResizeMode(NIP, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(USES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ACCESS, QHeaderView.ResizeMode.Stretch)

        self.check_button = QPushButton(self.tr("Check the clients"))
        self.check_button.setToolTip(
            self.tr("Logs in with the office's certificate in each client's context and lists what it may do there")
        )
        self.check_button.clicked.connect(self.check)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Progress"))
        self.bar.hide()
        self.stop = QPushButton(self.tr("Cancel"))
        self.stop.clicked.connect(self.cancel)
        self.stop.hide()
        self.state = QLabel()
        self.state.setWordWrap(True)
        checking = QHBoxLayout()
        for widget in (self.check_button, self.bar, self.stop):
            checking.addWidget(widget)
        checking.addWidget(self.state, 1)

        self.instructions_box = QGroupBox(self.tr("What the client must grant"))
        self.instructions = QPlainTextEdit()
        self.instructions.setReadOnly(True)
        self.instructions.setAccessibleName(self.tr("What the client must grant"))
        self.instructions.setMaximumHeight(96)
        self.copy_button = QPushButton(self.tr("Copy instructions"))
        self.copy_button.setToolTip(self.tr("Copies the text, to send it to the client by e-mail"))
        self.copy_button.clicked.connect(self.copy_instructions)
        box = QHBoxLayout(self.instructions_box)
        box.addWidget(self.instructions, 1)
        box.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.office_row)
        layout.addWidget(self.empty_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(checking)
        layout.addWidget(self.instructions_box)
        layout.addWidget(self.buttons)
        self.resize(940, 600)

        self._progress = _Progress()  # no parent: a worker may still hold it after the window is gone
        self._progress.moved.connect(self._moved)
        self.office.currentIndexChanged.connect(lambda _: self._office_changed())
        self.table.itemChanged.connect(self._toggled)
        self.table.itemSelectionChanged.connect(self._show_instructions)
        self._load(client_nip)

    # --- the office and its clients (database only) --------------------------------------------------
    def _load(self, client_nip: str | None) -> None:
        candidates = self.services.office.candidates()
        client = self.services.companies.find(client_nip) if client_nip else None
        preferred = self.services.office.office_of(client) if client is not None else None
        self.office.blockSignals(True)
        self.office.clear()
        for company in candidates:
            self.office.addItem(f"{company.display_name} · NIP {company.nip}", company.nip)
        if preferred is not None and (index := self.office.findData(preferred.nip)) >= 0:
            self.office.setCurrentIndex(index)
        elif (busiest := self._busiest(candidates)) is not None:
            self.office.setCurrentIndex(self.office.findData(busiest))
        self.office.blockSignals(False)
        has_office = bool(candidates)
        self.empty_box.setVisible(not has_office)
        for widget in (self.office_row, self.table, self.check_button, self.instructions_box):
            widget.setVisible(has_office)
        self.import_company.clear()
        for company in self.services.companies.list():
            if company.login_via is None:  # a client of another office is no office itself
                self.import_company.addItem(f"{company.display_name} · NIP {company.nip}", company.nip)
        self.import_button.setEnabled(self.import_company.count() > 0 and self.handle is None)
        if not has_office:  # only the explanation: no empty table
            self.resize(640, 300)
        elif self.width() < 900:
            self.resize(940, 600)
        self._office_changed()
        if client_nip:
            self.select(client_nip)

    def _busiest(self, candidates: list[Company]) -> str | None:
        """The office most clients already use (the one to show first)."""
        if not candidates:
            return None
        counts = {c.nip: len(self.services.office.clients(c.nip)) for c in candidates}
        return max(candidates, key=lambda c: counts[c.nip]).nip

    def office_nip(self) -> str | None:
        data = self.office.currentData()
        return data if isinstance(data, str) else None

    def _office_changed(self) -> None:
        self.results.clear()
        nip = self.office_nip()
        if nip is None:
            self.table.setRowCount(0)
            self._show_instructions()
            return
        shown = self.services.office.identity(nip).certificate
        self.certificate.setText(
            self.tr("%1, valid until %2")
            .replace("%1", shown.serial)
            .replace("%2", format_date(shown.valid_to, self.services.lang))
        )
        self.fill()

    def _others(self) -> list[Company]:
        office = self.office_nip()
        return [company for company in self.services.companies.list() if company.nip != office]

    def fill(self) -> None:
        """One row per other company: whether it logs in with the office's certificate, and what is known."""
        office_nip = self.office_nip()
        office = self.services.companies.find(office_nip) if office_nip else None
        selected = self.selected_nip()
        self._filling = True
        try:
            others = self._others()
            self.table.setRowCount(len(others))
            for row, company in enumerate(others):
                name = QTableWidgetItem(company.display_name)
                name.setData(Qt.ItemDataRole.UserRole, company.nip)
                self.table.setItem(row, NAME, name)
                self.table.setItem(row, NIP, QTableWidgetItem(company.nip))
                uses = QTableWidgetItem()
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                same_environment = office is not None and office.environment is company.environment
                if same_environment and self.handle is None:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                elif not same_environment:
                    uses.setToolTip(self.tr("Another KSeF environment than the office's"))
                uses.setFlags(flags)
                checked = office is not None and company.login_via == office.id
                uses.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                uses.setText(self.tr("yes") if checked else self.tr("no"))
                self.table.setItem(row, USES, uses)
                text = self._access_text(company, office)
                access = QTableWidgetItem(text)
                access.setToolTip(text)
                self.table.setItem(row, ACCESS, access)
            self.table.resizeRowsToContents()
        finally:
            self._filling = False
        if selected:
            self.select(selected)
        self._show_instructions()

    def _access_text(self, company: Company, office: Company | None) -> str:
        """Status as a symbol and words, never colour alone."""
        lang = self.services.lang
        if office is None or company.login_via != office.id:
            other = self.services.office.office_of(company)
            if other is not None:
                return self.tr("Logs in with the certificate of %1").replace("%1", other.display_name)
            return self.tr("— logs in with its own credentials")
        found = self.results.get(company.nip)
        if found is None:
            if company.status_reason is ReauthReason.OFFICE_NOT_GRANTED:
                return self._not_granted(OFFICE_PERMISSIONS) + " " + self.tr("(at the last login)")
            return self.tr("○ not checked yet")
        if found.granted:
            text = self.tr("✔ %1 held").replace("%1", ", ".join(found.held))
            if found.missing:
                text += " · " + self.tr("not granted: %1").replace("%1", ", ".join(found.missing))
            return text
        if isinstance(found.error, OfficeNotGranted):
            return self._not_granted(found.missing)
        if found.error is not None:
            return "⚠ " + found.error.message(lang)
        return self.tr("✖ KSeF lets the office in, but it holds no permissions there")

    def _not_granted(self, missing: tuple[str, ...]) -> str:
        wanted = ", ".join(PERMISSION_TEXT[p].text(self.services.lang) for p in missing)
        return self.tr("✖ Not granted (415): ask the client to grant %1").replace("%1", wanted)

    def _toggled(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != USES:
            return
        nip = self.nip_of(item.row())
        office = self.office_nip()
        if nip is None or office is None:
            return
        wanted = office if item.checkState() == Qt.CheckState.Checked else None
        try:
            self.services.office.use_office(nip, wanted)
        except UserError as error:
            self.services.dialogs.show_error(self, error)
        self.results.pop(nip, None)
        # From the database (a refused change shows as it was), once this item's signal is over.
        QTimer.singleShot(0, self, self.fill)

    # --- importing the office's certificate (background: the key goes to the secret store) ------------
    def import_certificate(self) -> None:
        nip = self.import_company.currentData()
        if not isinstance(nip, str) or self.handle is not None:
            return
        path = self.services.dialogs.open_file(
            self, self.tr("The office's KSeF certificate with its key"), self.tr("Certificate with key (*.p12 *.pfx)")
        )
        if not path:
            return
        passphrase = self.services.dialogs.ask_backup_passphrase(self)
        if passphrase is None:
            return
        certificates = self.services.certificates
        if certificates is None:
            return
        source = Path(path)
        self.import_button.setEnabled(False)
        self.handle = self.services.runner.run(
            lambda cancel: certificates.import_pkcs12(nip, _read(source), passphrase, source=source.name),
            lambda _: self._imported(nip),
            self._import_failed,
            lambda: self._imported(None),
        )

    def _imported(self, nip: str | None) -> None:
        self.handle = None
        self._load(None)
        if nip is not None and (index := self.office.findData(nip)) >= 0:
            self.office.setCurrentIndex(index)
            self.state.setText(self.tr("Certificate imported: this company is now the office."))

    def _import_failed(self, error: UserError) -> None:
        self.handle = None
        self.import_button.setEnabled(True)
        self.services.dialogs.show_error(self, error)

    # --- selection and instructions ------------------------------------------------------------------
    def nip_of(self, row: int) -> str | None:
        item = self.table.item(row, NAME)
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, str) else None

    def row_of(self, nip: str) -> int:
        return next((row for row in range(self.table.rowCount()) if self.nip_of(row) == nip), -1)

    def selected_nip(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.nip_of(rows[0].row()) if rows else None

    def select(self, nip: str) -> None:
        row = self.row_of(nip)
        if row >= 0:
            self.table.selectRow(row)

    def access_text(self, nip: str) -> str:
        row = self.row_of(nip)
        item = self.table.item(row, ACCESS) if row >= 0 else None
        return item.text() if item is not None else ""

    def _show_instructions(self) -> None:
        office = self.office_nip()
        if office is None:
            self.instructions.setPlainText("")
            self.copy_button.setEnabled(False)
            return
        lang = self.services.lang
        nip = self.selected_nip()
        client = self.services.companies.find(nip) if nip else None
        self.instructions_box.setTitle(
            self.tr("What %1 must grant").replace("%1", client.display_name)
            if client is not None
            else self.tr("What the client must grant")
        )
        found = self.results.get(nip) if nip else None
        missing = found.missing if found is not None else OFFICE_PERMISSIONS
        if found is not None and found.granted and not found.missing:
            self.instructions.setPlainText(self.tr("Nothing is missing: the office holds everything it needs here."))
            self.copy_button.setEnabled(False)
            return
        self.instructions.setPlainText(self.services.office.what_to_grant(office, missing).text(lang))
        self.copy_button.setEnabled(True)

    def copy_instructions(self) -> None:
        QApplication.clipboard().setText(self.instructions.toPlainText())
        self.state.setText(self.tr("Copied: paste it into a message to the client."))

    # --- the check (background) ----------------------------------------------------------------------
    def check(self) -> None:
        office = self.office_nip()
        if office is None or self.handle is not None:
            return
        clients = self.services.office.clients(office)
        if not clients:
            self.state.setText(self.tr("No client logs in with the office's certificate yet: tick them above first."))
            return
        service = self.services.office
        report = self._progress.moved.emit
        self.bar.setRange(0, len(clients))
        self.bar.setValue(0)
        self.state.setText(self.tr("Logging in to the clients' KSeF…"))
        self.handle = self.services.runner.run(
            lambda cancel: service.check_clients(office, cancel=cancel, progress=report),
            self._checked,
            self._failed,
            self._cancelled,
        )
        self._busy(True)

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel.cancel()
            self.stop.setEnabled(False)
            self.state.setText(self.tr("Stopping after the current client…"))

    def _busy(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.stop.setVisible(running)
        self.stop.setEnabled(running)
        self.check_button.setEnabled(not running)
        self.office.setEnabled(not running)
        self.fill()  # the ticks are locked while a check runs

    def _moved(self, done: int, total: int) -> None:
        self.bar.setValue(done)
        self.state.setText(self.tr("%1 of %2 clients checked…").replace("%1", str(done)).replace("%2", str(total)))

    def _checked(self, result: object) -> None:
        self.handle = None
        found = [access for access in result if isinstance(access, ClientAccess)] if isinstance(result, list) else []
        self.results = {access.client.nip: access for access in found}
        granted = sum(1 for access in found if access.granted)
        self.state.setText(
            self.tr("Checked: the office can work for %1 of %2 clients.")
            .replace("%1", str(granted))
            .replace("%2", str(len(found)))
        )
        self._busy(False)

    def _failed(self, error: UserError) -> None:
        self.handle = None
        self.state.setText(error.message(self.services.lang))
        self._busy(False)
        self.services.dialogs.show_error(self, error)

    def _cancelled(self) -> None:
        self.handle = None
        self.state.setText(self.tr("Check cancelled. Check again to see every client."))
        self._busy(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_for_good()
        super().closeEvent(event)

    def reject(self) -> None:
        self._stop_for_good()
        super().reject()

    def _stop_for_good(self) -> None:
        """Closing mid-check stops the work; the window hears nothing more of it."""
        if self.handle is not None:
            self.services.runner.forget(self.handle)
            self.handle = None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError("file.unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
