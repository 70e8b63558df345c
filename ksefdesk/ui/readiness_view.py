"""The "Ready for 2027" page: per company, how it logs in today and on the checkpoints, and its next step.

The facts come from the secret store as well as the database, so loading always goes through the runner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.readiness import (
    CHECKPOINTS,
    MISSING_TEXT,
    STEP_TEXT,
    TOKEN_RULES,
    WAY_TEXT,
    LoginWay,
    NextStep,
    Readiness,
)
from ksefdesk.services.cancel import CancelToken
from ksefdesk.ui.ui_services import UiServices

if TYPE_CHECKING:
    from ksefdesk.ui.setup_2027 import SetupFor2027

Load = Callable[[CancelToken], list[Readiness]]

# A symbol beside every way, so the state never rests on colour alone.
_MARK: dict[LoginWay, str] = {
    LoginWay.KSEF_CERTIFICATE: "✔",
    LoginWay.OFFICE_CERTIFICATE: "✔",
    LoginWay.KSEF_TOKEN: "●",
    LoginWay.TOKEN_UNCERTAIN: "⚠",
    LoginWay.SIGNATURE: "⚠",
    LoginWay.NONE: "✖",
}
_COLUMNS = 7
RELOAD_DELAY_MS = 300  # the window says "companies changed" at every refresh: one reload for a burst of them


class ReadinessPanel(QWidget):
    changed = Signal(str)  # NIP: a step changed the company (its certificates, token, way of logging in)

    def __init__(
        self,
        services: UiServices,
        load: Load,
        open_wizard: Callable[[str], object],
        open_office: Callable[[str], object] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._load = load
        self._open_wizard = open_wizard
        self._open_office = open_office
        self.rows: list[Readiness] = []
        self.loading = False
        self.setup_wizard: SetupFor2027 | None = None
        self._stale = False  # asked to reload while hidden: reload when shown
        self._again = False  # asked to reload while loading: once more when this load ends
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.refresh)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        lang = services.lang
        rules = "\n".join(rule.summary.text(lang) for rule in TOKEN_RULES)
        self.rules = QLabel(
            self.tr("Tokens: %1 <a href='why'>Why?</a>").replace("%1", TOKEN_RULES[0].summary.text(lang))
        )
        self.rules.setWordWrap(True)
        self.rules.setToolTip("\n\n".join([rules, *(rule.source for rule in TOKEN_RULES)]))
        self.rules.linkActivated.connect(lambda _: self._why(rules))
        self.empty = QLabel(
            self.tr("No companies yet. Add a company (Company → Add company…) and this page shows whether it is ready.")
        )
        self.empty.setWordWrap(True)
        self.table = QTableWidget(0, _COLUMNS)
        day1, day2 = (format_date(day, lang) for day in CHECKPOINTS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Company"),
                self.tr("Logs in today"),
                self.tr("On %1").replace("%1", day1),
                self.tr("On %1").replace("%1", day2),
                self.tr("What is missing"),
                self.tr("Certificates end"),
                self.tr("Next step"),
            ]
        )
        self.table.setAccessibleName(self.tr("Companies and their readiness for 2027"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (the arrows move in it): no Tab trap
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in range(_COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_COLUMNS - 2, QHeaderView.ResizeMode.ResizeToContents)  # dates: never wrapped
        header.setSectionResizeMode(_COLUMNS - 1, QHeaderView.ResizeMode.Fixed)  # as wide as its widest button

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rules)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.empty.hide()

    # --- loading -------------------------------------------------------------------------------------
    def request_refresh(self) -> None:
        """Reload soon, once for any number of requests; while hidden, only when shown again."""
        if not self.isVisible():
            self._stale = True
            return
        if not self._reload.isActive():
            self._reload.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._reload.start()

    def refresh(self) -> None:
        if self.loading:
            self._again = True  # the load under way may have read the facts before the change
            return
        self.loading = True
        self.summary.setText(self.tr("Checking the companies…"))
        self.services.runner.run(self._load, self._loaded, self._failed, lambda: self._stopped(), owner=self)

    def _stopped(self) -> None:
        self.loading = False
        self._load_again()

    def _failed(self, error: UserError) -> None:
        self.loading = False
        self.summary.setText(error.message(self.services.lang))
        self._load_again()

    def _loaded(self, result: object) -> None:
        self.loading = False
        rows = list(result) if isinstance(result, list) else []
        self.rows = [row for row in rows if isinstance(row, Readiness)]
        self._show()
        self._load_again()

    def _load_again(self) -> None:
        if self._again:
            self._again = False
            self.request_refresh()

    def _show(self) -> None:
        lang = self.services.lang
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        ready = sum(1 for row in self.rows if row.ready)
        self.summary.setText(
            self.tr("%1 of %2 companies will log in by themselves on %3.")
            .replace("%1", str(ready))
            .replace("%2", str(len(self.rows)))
            .replace("%3", format_date(CHECKPOINTS[0], lang))
        )
        self.table.setRowCount(len(self.rows))
        widest = 0
        for index, row in enumerate(self.rows):
            facts = row.facts
            cells = [
                f"{facts.name}\n{facts.nip}" if facts.name else facts.nip,
                self._way(row.today),
                *(self._way(way) for _, way in row.checkpoints),
                "\n".join(MISSING_TEXT[missing].text(lang) for missing in row.missing) or "—",
                self._ends(row),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
            button = QPushButton(STEP_TEXT[row.next_step].text(lang))
            button.setEnabled(row.next_step is not NextStep.NONE)
            button.setObjectName(f"step-{facts.nip}")
            button.clicked.connect(lambda _=False, r=row: self.do_step(r))
            cell = QWidget()  # the button at its own height, in the middle of a tall row
            box = QVBoxLayout(cell)
            box.setContentsMargins(4, 2, 4, 2)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            widest = max(widest, button.sizeHint().width() + 8)
            self.table.setCellWidget(index, _COLUMNS - 1, cell)
        # cell widgets do not count for "resize to contents": the column takes the widest button
        header = self.table.horizontalHeader()
        self.table.setColumnWidth(_COLUMNS - 1, max(widest, header.sectionSizeHint(_COLUMNS - 1)))
        self.table.resizeRowsToContents()
        for index in range(self.table.rowCount()):  # a little air between the companies
            self.table.setRowHeight(index, self.table.rowHeight(index) + 8)

    def _way(self, way: LoginWay) -> str:
        return f"{_MARK[way]} {WAY_TEXT[way].text(self.services.lang)}"

    def _ends(self, row: Readiness) -> str:
        lang = self.services.lang
        lines = []
        facts = row.facts
        for label, certificate in (
            (self.tr("Login: %1"), facts.authentication),
            (self.tr("Offline: %1"), facts.offline),
            (self.tr("Office: %1"), facts.office_certificate),
        ):
            if certificate is not None:
                lines.append(label.replace("%1", format_date(certificate.valid_to, lang)))
        return "\n".join(lines) or "—"

    def button(self, nip: str) -> QPushButton | None:
        return self.findChild(QPushButton, f"step-{nip}")

    def _why(self, rules: str) -> None:
        sources = "\n".join(rule.source for rule in TOKEN_RULES)
        self.services.dialogs.inform(
            self,
            self.tr("Why KSeF tokens are not enough"),
            self.tr("%1\n\nSources:\n%2\n\nThe app never switches off a working token by itself.")
            .replace("%1", rules)
            .replace("%2", sources),
        )

    # --- next steps ----------------------------------------------------------------------------------
    def do_step(self, row: Readiness) -> None:
        nip = row.facts.nip
        step = row.next_step
        certificates = self.services.certificates
        if step is NextStep.CONNECT:
            self._open_wizard(nip)
        elif step is NextStep.SET_UP_CERTIFICATES:
            self.set_up(nip)
        elif step is NextStep.ASK_CLIENT_TO_GRANT and self._open_office is not None:
            self._open_office(nip)
        elif step is NextStep.ADD_OFFLINE_CERTIFICATE and certificates is not None:
            self._run(lambda cancel: certificates.setup(nip, cancel=cancel))
        elif step is NextStep.RENEW_CERTIFICATE and certificates is not None:
            self._run(lambda cancel: certificates.renew_due(nip, cancel=cancel))
        elif step is NextStep.BACK_UP_KEY:
            self._back_up(nip)
        elif step is NextStep.REVOKE_TOKEN:
            self._revoke(nip)

    def set_up(self, nip: str) -> SetupFor2027 | None:
        """One signature (none if the session is a signature one already), both certificates, the backup and
        the end of the token: the "Get ready for 2027" window."""
        from ksefdesk.ui.setup_2027 import SetupFor2027, needs_signature

        company = self.services.companies.find(nip)
        if company is None or self.services.certificates is None:
            return None
        wizard = SetupFor2027(self.services, company, self, sign=needs_signature(company))
        wizard.changed.connect(self.changed)
        wizard.finished.connect(lambda _: self._set_up_closed(nip))
        self.setup_wizard = wizard
        wizard.open()
        return wizard

    def _set_up_closed(self, nip: str) -> None:
        self.changed.emit(nip)
        self.refresh()

    def _run(self, work: Callable[[CancelToken], object]) -> None:
        self.summary.setText(self.tr("Working on it… this takes a few seconds."))
        self.services.runner.run(work, lambda _: self.refresh(), self._step_failed, lambda: self.refresh(), owner=self)

    def _step_failed(self, error: UserError) -> None:
        self.services.dialogs.show_error(self, error)
        self.refresh()

    def _back_up(self, nip: str) -> None:
        try:
            from ksefdesk.ui.key_backup import back_up_keys  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            self.services.dialogs.inform(
                self, self.tr("Back up the key"), self.tr("Use Company → Credentials… to save the key.")
            )
            return
        company = self.services.companies.find(nip)
        if company is not None:
            back_up_keys(self, self.services, company, lambda _: self.refresh())

    def _revoke(self, nip: str) -> None:
        if not self.services.dialogs.confirm(
            self,
            self.tr("Revoke the KSeF token?"),
            self.tr(
                "KSeF will no longer accept this company's token. The app logs in with the company's KSeF "
                "certificate instead, so nothing else changes. This cannot be undone; a new token needs a new "
                "signature."
            ),
        ):
            return
        from ksefdesk.ui.setup_2027 import revoke_kept_token

        auth = self.services.auth
        self._run(lambda cancel: revoke_kept_token(auth, nip, cancel))
