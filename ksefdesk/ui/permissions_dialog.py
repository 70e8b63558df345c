"""Who may work in a company's KSeF context, and granting or revoking an accounting office's permissions
there, for a company the app logs in as its owner. KSeF does each grant and revocation as an operation
that the service waits for; all of it runs in the task runner."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import KsefRefused, Lang, LoginRefused, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import Company
from ksefdesk.core.nip import nip_problem, normalize_nip
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.tasks import TaskHandle

if TYPE_CHECKING:
    from ksefdesk.services.ksef.permissions import Grant, Identifier
    from ksefdesk.services.office import OfficeService
    from ksefdesk.ui.ui_services import UiServices

READ, WRITE = "InvoiceRead", "InvoiceWrite"
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 256  # KSeF's limits for a grant's description


class GrantDialog(QDialog):
    """An accounting office's NIP, what it may do, and the description KSeF keeps with the grant."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(self.tr("Grant to an accounting office"))
        self.resize(620, 340)
        intro = QLabel(
            self.tr(
                "The office will log in to KSeF in this company's context with its own certificate and may do "
                "only what is ticked. You can revoke it here at any time."
            )
        )
        intro.setWordWrap(True)
        self.nip = QLineEdit()
        self.nip.setPlaceholderText("1234563218")
        self.nip.setAccessibleName(self.tr("NIP of the accounting office"))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Name of the accounting office"))
        self.read = QCheckBox(self.tr("receive invoices (InvoiceRead)"))
        self.read.setChecked(True)
        self.write = QCheckBox(self.tr("send invoices (InvoiceWrite)"))
        self.write.setChecked(True)
        self.description = QLineEdit(self.tr("Accounting office: receiving and sending invoices"))
        self.description.setMaxLength(DESCRIPTION_MAX)
        self.description.setAccessibleName(self.tr("Description kept by KSeF"))
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#b71c1c")
        form = QFormLayout()
        form.addRow(self.tr("Office's NIP:"), self.nip)
        form.addRow(self.tr("Office's name:"), self.name)
        form.addRow(self.tr("It may:"), self.read)
        form.addRow("", self.write)
        form.addRow(self.tr("Description (5–256 characters):"), self.description)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.grant_button = self.buttons.addButton(self.tr("Grant"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(self.buttons)
        for field in (self.nip, self.description, self.name):
            field.textChanged.connect(self._check)
        for box in (self.read, self.write):
            box.toggled.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = ""
        error = nip_problem(self.nip.text()) if self.nip.text().strip() else None
        length = len(self.description.text().strip())
        if error is not None:
            problem = error.message(self.lang)
        elif not (self.read.isChecked() or self.write.isChecked()):
            problem = self.tr("Tick at least one permission.")
        elif length < DESCRIPTION_MIN:
            problem = self.tr("KSeF needs a description of at least 5 characters.")
        self.problem.setText(problem)
        self.grant_button.setEnabled(not problem and bool(self.nip.text().strip()))

    def office_nip(self) -> str:
        return normalize_nip(self.nip.text())

    def permissions(self) -> list[str]:
        return [name for name, box in ((READ, self.read), (WRITE, self.write)) if box.isChecked()]


class PermissionsDialog(QDialog):
    changed = Signal()
    loaded = Signal()

    def __init__(self, services: UiServices, company: Company, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.company, self.lang, self.dialogs = services, company, services.lang, services.dialogs
        self.office: OfficeService = services.office
        self.setWindowTitle(self.tr("Permissions – %1").replace("%1", company.display_name))
        self.resize(1100, 520)
        self._handle: TaskHandle | None = None
        self._grants: list[Grant] = []
        self.refused: UserError | None = None  # why KSeF would not list or change permissions
        intro = QLabel(
            self.tr(
                "Who may work in KSeF for %1 (NIP %2), as KSeF lists it. Grant an accounting office the right to "
                "receive and send your invoices, or take it back."
            )
            .replace("%1", company.display_name)
            .replace("%2", company.nip)
        )
        intro.setWordWrap(True)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setStyleSheet("background:#fff3e0;color:#7a3e00;padding:8px;border:1px solid #e0b080")
        self.banner.hide()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Who"), self.tr("Permission"), self.tr("Description"), self.tr("Since"), self.tr("State")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Permissions in the company's context"))
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.grant_button = QPushButton(self.tr("Grant to an accounting office…"))
        self.grant_button.clicked.connect(self.ask_grant)
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        self.busy = QLabel("")
        row = QHBoxLayout()
        for button in (self.grant_button, self.revoke_button, self.refresh_button):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(self.busy)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.reload()

    # --- words --------------------------------------------------------------------------------------
    def permission_text(self, scope: str) -> str:
        words = {
            READ: self.tr("receive invoices"),
            WRITE: self.tr("send invoices"),
            "CredentialsManage": self.tr("manage permissions"),
            "CredentialsRead": self.tr("view permissions"),
            "Introspection": self.tr("view sessions and UPOs"),
            "SubunitManage": self.tr("manage subunits"),
            "EnforcementOperations": self.tr("enforcement"),
        }
        return f"{words[scope]} ({scope})" if scope in words else scope

    def _who(self, grant: Grant) -> str:
        who = grant.authorized or grant.target
        kinds = {"Nip": self.tr("NIP %1"), "Pesel": self.tr("PESEL %1"), "Fingerprint": self.tr("certificate %1")}
        ident = kinds.get(who.type, who.type + " %1").replace("%1", who.value or "") if who else "—"
        return f"{grant.subject_name} ({ident})" if grant.subject_name else ident

    # --- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        office, nip = self.office, self.company.nip
        self.busy.setText(self.tr("Asking KSeF…"))
        self._start(lambda cancel: office.grants(nip, cancel=cancel), self._loaded, self._refused)

    def _loaded(self, grants: object) -> None:
        assert isinstance(grants, list)
        self._grants = grants
        self.refused = None
        self.banner.hide()
        self.table.setRowCount(len(grants))
        for row, grant in enumerate(grants):
            cells = (
                self._who(grant),
                self.permission_text(grant.scope),
                grant.description,
                format_date(grant.start_date, self.lang) if grant.start_date else "—",
                self.tr("✓ active") if grant.active else grant.state,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.busy.setText(self.tr("%1 permissions in KSeF.").replace("%1", str(len(grants))))
        self._update_buttons()
        self.loaded.emit()

    def _refused(self, error: UserError) -> None:
        """KSeF would not let this login list or change permissions: say why and what to do, in the dialog."""
        self.refused = error
        self.busy.setText("")
        lines = [error.message(self.lang), error.action(self.lang)]
        if isinstance(error, KsefRefused) and not isinstance(error, LoginRefused):
            lines.append(
                self.tr(
                    "Only the company's owner, or someone the owner gave the CredentialsManage permission, may "
                    "grant and revoke permissions. Log the company in with the owner's qualified signature or "
                    "trusted profile (Company ▸ Authorize again…), then open this window again."
                )
            )
        self.banner.setText("<br>".join(html.escape(line) for line in lines if line))
        self.banner.show()
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> Grant | None:
        rows = self.table.selectionModel().selectedRows()
        return self._grants[rows[0].row()] if rows and rows[0].row() < len(self._grants) else None

    def row_texts(self) -> list[tuple[str, ...]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [tuple(text(row, c) for c in range(self.table.columnCount())) for row in range(self.table.rowCount())]

    def _update_buttons(self) -> None:
        running = self._handle is not None
        allowed = self.refused is None
        self.grant_button.setEnabled(not running and allowed)
        grant = self.selected()
        self.revoke_button.setEnabled(not running and allowed and grant is not None and grant.active)
        self.refresh_button.setEnabled(not running)

    # --- tasks --------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._handle is not None

    def _start(
        self, work: Callable[[CancelToken], Any], done: Callable[[Any], None], failed: Callable[[UserError], None]
    ) -> None:
        def finished(result: Any) -> None:
            self._handle = None
            done(result)
            self._update_buttons()

        def refused(error: UserError) -> None:
            self._handle = None
            failed(error)
            self._update_buttons()

        def stopped() -> None:
            self._handle = None
            self.busy.setText("")
            self._update_buttons()

        self._handle = self.services.runner.run(work, finished, refused, stopped)
        self._update_buttons()

    def _after_change(self, _: object) -> None:
        self.changed.emit()
        self.reload()

    def _change_failed(self, error: UserError) -> None:
        self.busy.setText("")
        if isinstance(error, KsefRefused) and not isinstance(error, LoginRefused):
            self._refused(error)
        else:
            self.dialogs.show_error(self, error)

    # --- actions ------------------------------------------------------------------------------------
    def ask_grant(self) -> GrantDialog:
        dialog = GrantDialog(self.lang, self)
        dialog.accepted.connect(
            lambda: self.grant(
                dialog.office_nip(), dialog.permissions(), dialog.description.text().strip(), dialog.name.text().strip()
            )
        )
        dialog.open()
        return dialog

    def grant(self, office_nip: str, permissions: list[str], description: str, name: str = "") -> None:
        from ksefdesk.services.ksef.permissions import Identifier

        office, nip = self.office, self.company.nip
        subject: Identifier = Identifier("Nip", office_nip)
        self.busy.setText(self.tr("Granting in KSeF…"))
        self._start(
            lambda cancel: office.grant(nip, subject, permissions, cancel=cancel),
            self._after_change,
            self._change_failed,
        )

    def revoke_selected(self) -> None:
        grant = self.selected()
        if grant is None or self.running:
            return
        text = (
            self.tr(
                "%1 will no longer be able to %2 for %3 in KSeF. KSeF refuses its next login for this "
                "company if nothing else is left. Revoke?"
            )
            .replace("%1", self._who(grant))
            .replace("%2", self.permission_text(grant.scope))
            .replace("%3", self.company.display_name)
        )
        if not self.dialogs.confirm(self, self.tr("Revoke the permission"), text):
            return
        office, nip, permission_id = self.office, self.company.nip, grant.id
        self.busy.setText(self.tr("Revoking in KSeF…"))
        self._start(
            lambda cancel: office.revoke(nip, permission_id, cancel=cancel), self._after_change, self._change_failed
        )

    # --- closing ------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        if self._handle is not None:
            self.services.runner.forget(self._handle)
            self._handle = None
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
