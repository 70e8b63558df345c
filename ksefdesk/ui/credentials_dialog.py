"""A company's credentials: what the app holds to reach KSeF (KSeF certificates, the KSeF token, the
signature certificate last used), until when, and what to do before something stops working."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import AuthMethod, Company, ConnectionStatus
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE, CertificateService
from ksefdesk.services.credentials import WARN_DAYS, Credential, held, warnings
from ksefdesk.services.ksef.answers import KsefToken
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs


class CredentialsDialog(QDialog):
    changed = Signal()

    def __init__(
        self,
        company: Company,
        auth: AuthService,
        certificates: CertificateService,
        runner: TaskRunner,
        lang: Lang,
        show_error: Callable[[UserError], None],
        parent: QWidget | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.company, self.auth, self.certificates, self.runner, self.lang = company, auth, certificates, runner, lang
        self._show_error = show_error
        self.dialogs = dialogs or Dialogs(lang)
        self.setWindowTitle(self.tr("Credentials – %1").replace("%1", company.display_name))
        self.resize(860, 420)
        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#b71c1c")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("Details"), self.tr("Status"), self.tr("Valid until"), self.tr("Days left")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4):  # short values under headers that grow in translation: never cut a header
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(self.tr("Credentials held by the app"))
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons; the arrows move in the list
        explain = QLabel(
            self.tr(
                "A KSeF login certificate lets KSeF Desk log in again by itself when the login ends, without "
                "your signature card. An offline certificate signs KOD II on invoices issued while KSeF is "
                "down. Both can be requested right after a login with the qualified signature."
            )
        )
        explain.setWordWrap(True)
        self.enroll_login = QPushButton(self.tr("Request login certificate"))
        self.enroll_login.clicked.connect(lambda: self.enroll(AUTHENTICATION))
        self.enroll_offline = QPushButton(self.tr("Request offline certificate"))
        self.enroll_offline.clicked.connect(lambda: self.enroll(OFFLINE))
        self.revoke_button = QPushButton(self.tr("Revoke selected certificate"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.backup_button = QPushButton(self.tr("Back up (.p12)…"))
        self.backup_button.setToolTip(self.tr("The selected certificate with its key, protected by a passphrase"))
        self.backup_button.clicked.connect(self.back_up_selected)
        self.check_button = QPushButton(self.tr("Check in KSeF"))
        self.check_button.clicked.connect(self.check_in_ksef)
        self.busy = QLabel("")
        # Two rows, requests and what acts on the selected certificate: in one row the five Polish labels
        # alone need more than a 1024 px screen once they are longer (see ui/stretch.py).
        requests, selected = QHBoxLayout(), QHBoxLayout()
        for button in (self.enroll_login, self.enroll_offline):
            requests.addWidget(button)
        requests.addStretch()
        requests.addWidget(self.busy)
        for button in (self.revoke_button, self.backup_button, self.check_button):
            selected.addWidget(button)
        selected.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        layout.addWidget(explain)
        layout.addLayout(requests)
        layout.addLayout(selected)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._items: list[Credential] = []
        self._permissions: dict[str, str] = {}  # KSeF token reference -> its permissions (after a check)
        self.reload()

    def reload(self) -> None:
        now = datetime.now(UTC)
        self._items = held(self.company, self.auth, self.certificates)
        kinds = {
            "ksef_certificate": self.tr("KSeF certificate"),
            "ksef_token": self.tr("KSeF token (until 31 Dec 2026)"),
            "signer": self.tr("Signature certificate last used"),
        }
        statuses = {
            "Active": self.tr("active"),
            "Revoked": self.tr("revoked"),
            "Expired": self.tr("expired"),
            "Blocked": self.tr("blocked"),
        }
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            days = item.days_left(now)
            detail = item.detail
            number = self.tr("serial number %1").replace("%1", item.serial)
            if item.kind == "ksef_token" and item.detail in self._permissions:
                detail += " · " + self.tr("permissions: %1").replace("%1", self._permissions[item.detail])
            elif item.kind == "ksef_certificate":
                use = self.tr("logs in by itself") if item.use == "Authentication" else self.tr("signs KOD II")
                detail = f"{use} · {number}"
            elif item.kind == "signer":
                detail = f"{item.detail} · {number}"
            uses = {"Authentication": self.tr("login"), "Offline": self.tr("offline invoices")}
            title = f"{uses.get(item.use, item.use)}: {item.title}" if item.use else item.title
            cells = (
                f"{kinds[item.kind]} ({title})" if item.kind != "ksef_token" else kinds[item.kind],
                detail,
                statuses.get(item.status, item.status),
                format_date(item.valid_to, self.lang) if item.valid_to else "—",
                "—" if days is None else str(max(days, 0)),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 4 and days is not None and days <= WARN_DAYS and item.status == "Active":
                    cell.setForeground(QBrush(QColor("#b71c1c")))
                self.table.setItem(row, column, cell)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 380))
        found = warnings(self.company, self.auth, self.certificates, now)
        self.warning.setText("<br>".join(html.escape(w.text(self.lang)) for w in found))
        self.warning.setVisible(bool(found))
        self._update_buttons()

    def selected(self) -> Credential | None:
        rows = self.table.selectionModel().selectedRows()
        return self._items[rows[0].row()] if rows else None

    def _update_buttons(self, running: bool = False) -> None:
        """Only what can work for the company's login now: KSeF issues certificates only in a session
        opened with a signature or a certificate, and every action needs a live login."""
        item = self.selected()
        company = self.auth.companies.find(self.company.nip) or self.company
        connected = company.status is ConnectionStatus.CONNECTED
        signed = company.auth_method in (AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE, AuthMethod.KSEF_CERTIFICATE)
        for button in (self.enroll_login, self.enroll_offline):
            button.setEnabled(not running and connected and signed)
            button.setToolTip(
                ""
                if connected and signed
                else self.tr(
                    "KSeF issues certificates only after a login with a signature or a certificate: "
                    "authorize the company that way first (Company ▸ Authorize again…)."
                )
            )
        self.check_button.setEnabled(not running and connected)
        self.check_button.setToolTip("" if connected else self.tr("The company is not logged in to KSeF now."))
        active = item is not None and item.kind == "ksef_certificate" and item.status == "Active"
        self.revoke_button.setEnabled(not running and active)
        self.backup_button.setEnabled(not running and active)
        self.busy.setText(self.tr("Working with KSeF…") if running else "")

    def _run(self, work: Callable[[CancelToken], object]) -> None:
        self._update_buttons(running=True)
        self.runner.run(work, self._done, self._failed)

    def _done(self, result: object) -> None:
        checked = isinstance(result, list)
        if checked:  # KSeF's token list: remember the permissions of each token
            assert isinstance(result, list)
            self._permissions = {
                t.reference_number: ", ".join(t.requested_permissions) for t in result if isinstance(t, KsefToken)
            }
        self.reload()
        if checked:
            active = sum(1 for item in self._items if item.kind == "ksef_certificate" and item.status == "Active")
            self.busy.setText(
                self.tr("Checked in KSeF at %1: %2 active KSeF certificates, %3 KSeF tokens.")
                .replace("%1", datetime.now().strftime("%H:%M"))
                .replace("%2", str(active))
                .replace("%3", str(len(result)))  # type: ignore[arg-type]
            )
        self.changed.emit()

    def _failed(self, error: UserError) -> None:
        self.reload()
        self._show_error(error)

    def enroll(self, kind: str) -> None:
        nip = self.company.nip
        self._run(lambda cancel: self.certificates.enroll(nip, kind, cancel=cancel))

    def revoke_selected(self) -> None:
        item, nip = self.selected(), self.company.nip
        if item is not None and item.kind == "ksef_certificate":
            serial = item.serial
            self._run(lambda cancel: self.certificates.revoke(nip, serial, cancel=cancel))

    def back_up_selected(self) -> str | None:
        item = self.selected()
        if item is None or item.kind != "ksef_certificate":
            return None
        passphrase = self.dialogs.ask_backup_passphrase(self)
        if not passphrase:
            return None
        target = self.dialogs.save_file(
            self, self.tr("Save the backup"), str(Path.home() / f"KSeF-{item.serial}.p12"), "PKCS#12 (*.p12)"
        )
        if not target:
            return None
        nip, serial, certificates = self.company.nip, item.serial, self.certificates

        def work(cancel: CancelToken) -> str:
            """In the background: the key comes from the secret store, which may be slow or ask for its
            passphrase, and must never be read on the GUI thread."""
            try:
                Path(target).write_bytes(certificates.export_pkcs12(nip, serial, passphrase))
                Path(target).chmod(0o600)
            except OSError as exc:
                raise UserError("file.unwritable", path=target, reason=exc.strerror or str(exc)) from exc
            return target

        outcome: list[UserError | str | None] = []
        waiting = QEventLoop(self)  # the window stays live meanwhile; the caller gets the file (or None)

        def finish(result: UserError | str | None) -> None:
            outcome.append(result)
            waiting.quit()

        self._update_buttons(running=True)
        self.runner.run(work, lambda result: finish(str(result)), finish, lambda: finish(None))
        if not outcome:
            waiting.exec()
        self._update_buttons()
        if isinstance(outcome[0], UserError):
            self._show_error(outcome[0])
            return None
        return outcome[0]

    def check_in_ksef(self) -> None:
        """Statuses of the certificates and the permissions of the app's KSeF token, as KSeF has them."""
        nip = self.company.nip

        def work(cancel: CancelToken) -> list[KsefToken]:
            self.certificates.refresh_statuses(nip, cancel)
            return self.auth.list_tokens(nip, cancel=cancel)

        self._run(work)
