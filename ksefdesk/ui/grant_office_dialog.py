"""A client that uses the app itself grants its accounting office permissions in KSeF, and takes them back.

The company grants as itself (its own login), so every step is a KSeF request: all of them run in the
TaskRunner; the window only shows what KSeF then lists for the office's NIP.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import Company
from ksefdesk.core.nip import nip_problem, normalize_nip
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.ksef.permissions import Grant
from ksefdesk.services.office import PERMISSION_TEXT
from ksefdesk.services.tasks import TaskHandle
from ksefdesk.ui.ui_services import UiServices


class GrantOfficeDialog(QDialog):
    def __init__(self, services: UiServices, owner: Company, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.owner = services, owner
        self.grants: list[Grant] = []
        self.handle: TaskHandle | None = None
        self._listed_for = ""  # the NIP the list below belongs to
        self.setWindowTitle(self.tr("Grant to an accounting office – %1").replace("%1", owner.display_name))
        lang = services.lang

        intro = QLabel(
            self.tr(
                "%1 (NIP %2) can let its accounting office work in its KSeF: the office then logs in with its "
                "own certificate and receives or sends this company's invoices. You can take it back at any time."
            )
            .replace("%1", owner.display_name)
            .replace("%2", owner.nip)
        )
        intro.setWordWrap(True)
        self.via = QLabel()
        self.via.setWordWrap(True)
        office = services.office.office_of(owner)
        if office is not None:  # the office's identity cannot grant for the client
            self.via.setText(
                self.tr(
                    "⚠ This company logs in with the certificate of the office %1, so it cannot grant from here. The "
                    "client grants in its own copy of KSeF Desk or in KSeF's web app."
                ).replace("%1", office.display_name)
            )
        self.via.setVisible(office is not None)
        self._blocked = office is not None

        self.nip = QLineEdit()
        self.nip.setPlaceholderText(self.tr("10 digits"))
        self.nip.setAccessibleName(self.tr("NIP of the office"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("as in the register (KSeF keeps it with the grant)"))
        self.name.setAccessibleName(self.tr("Name of the office"))
        self.read = QCheckBox(_first_upper(PERMISSION_TEXT["InvoiceRead"].text(lang)))
        self.read.setChecked(True)
        self.write = QCheckBox(_first_upper(PERMISSION_TEXT["InvoiceWrite"].text(lang)))
        form = QFormLayout()
        form.addRow(self.tr("NIP of the office:"), self.nip)
        form.addRow("", self.problem)
        form.addRow(self.tr("Name of the office:"), self.name)
        form.addRow(self.tr("The office may:"), self.read)
        form.addRow("", self.write)

        self.grant_button = QPushButton(self.tr("Grant"))
        self.grant_button.clicked.connect(self.grant)
        self.state = QLabel()
        self.state.setWordWrap(True)
        grant_row = QHBoxLayout()
        grant_row.addWidget(self.grant_button)
        grant_row.addWidget(self.state, 1)

        self.listed = QLabel(self.tr("What this office holds now:"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("What this office holds now"))
        self.revoke_button = QPushButton(self.tr("Revoke everything…"))
        self.revoke_button.setToolTip(self.tr("Takes back every permission this company gave the office"))
        self.revoke_button.clicked.connect(self.revoke)
        self.revoke_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.revoke_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.via)
        layout.addLayout(form)
        layout.addLayout(grant_row)
        layout.addWidget(self.listed)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        self.resize(640, 440)

        for box in (self.read, self.write):
            box.toggled.connect(lambda _: self._ready())
        self.nip.textChanged.connect(lambda _: self._nip_changed())
        self._ready()

    # --- the form ------------------------------------------------------------------------------------
    def office_nip(self) -> str | None:
        return normalize_nip(self.nip.text()) if nip_problem(self.nip.text()) is None else None

    def permissions(self) -> list[str]:
        return [name for name, box in (("InvoiceRead", self.read), ("InvoiceWrite", self.write)) if box.isChecked()]

    def _nip_changed(self) -> None:
        text = self.nip.text().strip()
        error = nip_problem(text) if text else None
        self.problem.setText("✖ " + error.message(self.services.lang) if error is not None else "")
        self.problem.setVisible(error is not None)
        nip = self.office_nip()
        if nip is not None and nip != self._listed_for:
            known = self.services.companies.find(nip)
            if known is not None and known.name and not self.name.text():
                self.name.setText(known.name)
            self.load()
        elif nip is None:
            self._listed_for = ""
            self.grants = []
            self._show()
        self._ready()

    def _ready(self) -> None:
        idle = self.handle is None and not self._blocked
        self.grant_button.setEnabled(idle and self.office_nip() is not None and bool(self.permissions()))
        self.revoke_button.setEnabled(idle and bool(self.grants))
        self.nip.setEnabled(self.handle is None)

    # --- KSeF (background) ---------------------------------------------------------------------------
    def _run(self, work: Callable[[CancelToken], object], done: Callable[[object], None], doing: str) -> None:
        self.state.setText(doing)
        self.handle = self.services.runner.run(work, done, self._failed, self._stopped)
        self._ready()

    def load(self) -> None:
        nip = self.office_nip()
        if nip is None or self.handle is not None:
            return
        office, owner = self.services.office, self.owner.nip
        self._listed_for = nip
        self._run(lambda cancel: office.grants_to(owner, nip, cancel=cancel), self._listed, self.tr("Asking KSeF…"))

    def grant(self) -> None:
        nip = self.office_nip()
        wanted = self.permissions()
        if nip is None or not wanted or self.handle is not None:
            return
        office, owner, name = self.services.office, self.owner.nip, self.name.text().strip()
        self._listed_for = nip
        self._run(
            lambda cancel: office.grant(owner, nip, wanted, office_name=name, cancel=cancel),
            self._granted,
            self.tr("Granting in KSeF… this takes a few seconds."),
        )

    def revoke(self) -> None:
        nip = self.office_nip()
        if nip is None or not self.grants or self.handle is not None:
            return
        if not self.services.dialogs.confirm(
            self,
            self.tr("Revoke the office's permissions?"),
            self.tr(
                "The office with NIP %1 will no longer be able to log in to this company's KSeF. You can grant "
                "again at any time."
            ).replace("%1", nip),
        ):
            return
        office, owner = self.services.office, self.owner.nip
        self._run(
            lambda cancel: office.revoke(owner, nip, cancel=cancel),
            self._revoked,
            self.tr("Revoking in KSeF… this takes a few seconds."),
        )

    def _listed(self, result: object) -> None:
        self.handle = None
        self.grants = [grant for grant in result if isinstance(grant, Grant)] if isinstance(result, list) else []
        self.state.setText("")
        self._show()

    def _granted(self, result: object) -> None:
        self._listed(result)
        self.state.setText(self.tr("✔ Granted. The office can now log in to this company's KSeF."))

    def _revoked(self, result: object) -> None:
        self.handle = None
        self.grants = []
        count = result if isinstance(result, int) else 0
        self.state.setText(self.tr("✔ Revoked: %1 permissions taken back.").replace("%1", str(count)))
        self._show()
        self.load()  # what KSeF lists now

    def _failed(self, error: UserError) -> None:
        self.handle = None
        self.state.setText("")
        self._ready()
        self.services.dialogs.show_error(self, error)

    def _stopped(self) -> None:
        self.handle = None
        self.state.setText("")
        self._ready()

    def _show(self) -> None:
        lang = self.services.lang
        self.list.clear()
        for grant in sorted(self.grants, key=lambda g: g.scope):  # receiving first, as in the form
            what = PERMISSION_TEXT[grant.scope].text(lang) if grant.scope in PERMISSION_TEXT else grant.scope
            line = "✔ " + what
            if grant.start_date is not None:
                line += " · " + self.tr("since %1").replace("%1", format_date(grant.start_date, lang))
            self.list.addItem(line)
        if not self.grants and self._listed_for:
            self.list.addItem(self.tr("— nothing: this office holds no permissions of this company"))
        self.list.setEnabled(bool(self.grants))
        self._ready()

    def scopes(self) -> list[str]:
        return sorted(grant.scope for grant in self.grants)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_for_good()
        super().closeEvent(event)

    def reject(self) -> None:
        self._stop_for_good()
        super().reject()

    def _stop_for_good(self) -> None:
        if self.handle is not None:
            self.services.runner.forget(self.handle)
            self.handle = None


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
