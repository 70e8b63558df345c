"""The accounting office: its own KSeF identity (one Authentication certificate) and the clients that log
in with it, each in its own context, with the permissions each client granted the office there.

Everything that talks to KSeF or reads the secret store runs in the task runner; the GUI thread only
shows what came back. A check of many clients is a chain of one task per client, so each answer is kept
(and shown) the moment it arrives and Cancel or closing the window stops the chain without losing any."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTableWidgetSelectionRange,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import REASON_CODES, TRY_LATER, Lang, UserError
from ksefdesk.core.formatting import format_date, format_moment
from ksefdesk.core.models import Company, ConnectionStatus
from ksefdesk.core.nip import normalize_nip
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.tasks import TaskHandle

if TYPE_CHECKING:
    from ksefdesk.services.office import ClientAccess, OfficeIdentity, OfficeService
    from ksefdesk.ui.ui_services import UiServices

READ, WRITE = "InvoiceRead", "InvoiceWrite"
RECEIVE, SEND, STATE = 3, 4, 6  # columns of the clients table
EXPIRY_WARNING_DAYS = 30
_PIECES = re.compile(r"[,;\t]")  # what separates entries on one line (a space may sit inside a NIP)
_NIP_RUN = re.compile(r"^((?:PL)?[\d][\d\s-]*)(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class PastedEntry:
    """One entry of a pasted list: a NIP and an optional name, or the reason it is refused."""

    text: str
    nip: str = ""
    name: str = ""
    error: UserError | None = None


def parse_nip_list(text: str) -> list[PastedEntry]:
    """NIPs one per line or separated by commas, semicolons, tabs or spaces, each optionally followed by
    a name ("5261040828 Piekarnia Kowalski"). Every NIP is checked (length, tax office, checksum)."""
    entries: list[PastedEntry] = []
    for line in text.splitlines():
        for piece in _PIECES.split(line):
            piece = piece.strip()
            if piece:
                entries.extend(_entries_of(piece))
    return entries


def _entries_of(piece: str) -> list[PastedEntry]:
    match = _NIP_RUN.match(piece)
    if match is None:  # starts with a letter: a name without a NIP
        return [_checked(piece, piece, "")]
    run, name = match.group(1).strip(), match.group(2).strip()
    digits = re.sub(r"[\s-]", "", run[2:] if run[:2].upper() == "PL" else run)
    groups = run.split()
    if len(digits) != 10 and len(groups) > 1 and all(len(re.sub(r"\D", "", g)) == 10 for g in groups):
        # several NIPs separated by spaces; a name after them would belong to none of them
        return [_checked(group, group, "") for group in groups] + ([_checked(name, name, "")] if name else [])
    return [_checked(piece, run, name)]


def _checked(text: str, nip_text: str, name: str) -> PastedEntry:
    try:
        return PastedEntry(text, normalize_nip(nip_text), name)
    except UserError as error:
        return PastedEntry(text, error=error)


class AddClientsDialog(QDialog):
    """Paste a list; see each line's verdict; nothing is added until "Add" is pressed."""

    def __init__(self, lang: Lang, known: set[str], office_nip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang, self.known, self.office_nip = lang, known, office_nip
        self.setWindowTitle(self.tr("Add clients"))
        self.resize(820, 520)
        intro = QLabel(
            self.tr(
                "Paste the clients' NIPs: one per line, or separated by commas or spaces. A name may follow "
                "the NIP on its line. Each NIP is checked; lines with a mistake are shown and not added."
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("List of NIPs"))
        self.text.setPlaceholderText(self.tr("5261040828 Piekarnia Kowalski\n7740001454, 1132853869"))
        self.preview = QTableWidget(0, 3)
        self.preview.setHorizontalHeaderLabels([self.tr("NIP"), self.tr("Name"), self.tr("Result")])
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(True)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.setAccessibleName(self.tr("What will be added"))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._check)
        self._entries: list[PastedEntry] = []
        self._new: list[tuple[str, str]] = []
        self._check()

    def _check(self) -> None:
        self._entries = parse_nip_list(self.text.toPlainText())
        self._new = []
        seen: set[str] = set()
        refused = 0
        self.preview.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            if entry.error is not None:
                verdict = "✗ " + entry.error.message(self.lang)
                refused += 1
            elif entry.nip == self.office_nip:
                verdict = "✗ " + self.tr("this is the office itself")
                refused += 1
            elif entry.nip in self.known:
                verdict = "– " + self.tr("already a client: nothing to add")
            elif entry.nip in seen:
                verdict = "– " + self.tr("listed twice: added once")
            else:
                verdict = "✓ " + self.tr("will be added")
                self._new.append((entry.nip, entry.name))
            seen.add(entry.nip)
            cells = (entry.nip or entry.text, entry.name, verdict)
            for column, value in enumerate(cells):
                self.preview.setItem(row, column, QTableWidgetItem(value))
        self.preview.resizeRowsToContents()
        self.add_button.setText(self.tr("Add %1 clients").replace("%1", str(len(self._new))))
        self.add_button.setEnabled(bool(self._new))
        self.summary.setText(
            self.tr("%1 lines refused: correct them above, or add the others without them.").replace("%1", str(refused))
            if refused
            else ""
        )

    def entries(self) -> list[PastedEntry]:
        return list(self._entries)

    def to_add(self) -> list[tuple[str, str]]:
        """(NIP, name) of the valid, new entries."""
        return list(self._new)


class GrantTextDialog(QDialog):
    """What the client must grant the office, ready to copy into an e-mail."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What must the client grant?"))
        self.resize(720, 420)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Instruction for the client"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel("")
        self.copied.setStyleSheet("color:#1b5e20")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied, 1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Send this to the client, e.g. by e-mail. It says exactly what to grant in KSeF."))
        )
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied.setText(self.tr("✓ Copied: paste it into an e-mail to the client."))


@dataclass(frozen=True)
class Loaded:
    """What the dialog shows, read off the GUI thread."""

    candidates: list[Company]
    office: Company | None
    identity: OfficeIdentity | None
    companies: list[Company]


class OfficeDialog(QDialog):
    changed = Signal()  # clients were added or switched: the main window's list changes
    loaded = Signal()
    check_finished = Signal()

    COLUMNS = 7

    def __init__(self, services: UiServices, parent: QWidget | None = None, nip: str | None = None) -> None:
        super().__init__(parent)
        self.services, self.lang, self.dialogs = services, services.lang, services.dialogs
        self.office: OfficeService = services.office
        self._focus_nip = nip
        self.setWindowTitle(self.tr("Accounting office"))
        self.resize(1180, 640)
        self._handle: TaskHandle | None = None  # the one task running now
        self._queue: list[str] = []  # clients still to check
        self._total = 0
        self._results: dict[str, tuple[ClientAccess | None, UserError | None, datetime]] = {}
        self._state = Loaded([], None, None, [])

        # --- the office's identity
        identity_box = QGroupBox(self.tr("The accounting office"))
        self.office_combo = QComboBox()
        self.office_combo.setAccessibleName(self.tr("Which of your companies is the office"))
        self.office_combo.activated.connect(lambda _: self.reload(self.office_combo.currentData()))
        self.identity_label = QLabel("")
        self.identity_label.setWordWrap(True)
        self.identity_label.setTextFormat(Qt.TextFormat.RichText)
        self.none_label = QLabel(
            self.tr(
                "None of your companies holds a KSeF login certificate yet, and the office needs one. Two ways:\n"
                "1. Log the office's own company in with a qualified signature or trusted profile "
                "(Company ▸ Add company…), then request its login certificate (Company ▸ Credentials…).\n"
                "2. Import the office's certificate with its key (.p12) made earlier, in this or another program."
            )
        )
        self.none_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import the office's certificate (.p12)…"))
        self.import_button.clicked.connect(self.import_certificate)
        form = QFormLayout()
        form.addRow(self.tr("Office:"), self.office_combo)
        form.addRow(self.tr("KSeF sees it as:"), self.identity_label)
        identity_row = QHBoxLayout()
        identity_row.addLayout(form, 1)
        identity_row.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        identity_layout = QVBoxLayout(identity_box)
        identity_layout.addLayout(identity_row)
        identity_layout.addWidget(self.none_label)

        # --- the clients
        clients_box = QGroupBox(self.tr("Clients"))
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("NIP"),
                self.tr("Name"),
                self.tr("Logs in with"),
                self.tr("Receive invoices\n(InvoiceRead)"),
                self.tr("Send invoices\n(InvoiceWrite)"),
                self.tr("Last checked"),
                self.tr("State"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Clients of the office"))
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)  # long reasons are elided: details below
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(self.tr("State of the selected client"))

        self.add_button = QPushButton(self.tr("Add clients…"))
        self.add_button.clicked.connect(self.add_clients)
        self.use_office_button = QPushButton(self.tr("Use the office's certificate"))
        self.use_office_button.setToolTip(self.tr("The selected clients log in with the office's certificate"))
        self.use_office_button.clicked.connect(lambda: self.use_office(self.selected_nips(), True))
        self.use_own_button = QPushButton(self.tr("Back to own credentials"))
        self.use_own_button.setToolTip(self.tr("The selected clients log in with their own credentials again"))
        self.use_own_button.clicked.connect(lambda: self.use_office(self.selected_nips(), False))
        self.check_button = QPushButton(self.tr("Check permissions"))
        self.check_button.setToolTip(
            self.tr("Log in to each client's context with the office's certificate and ask KSeF what it allows")
        )
        self.check_button.clicked.connect(lambda: self.check(self.selected_nips() or None))
        self.grant_text_button = QPushButton(self.tr("What must the client grant?"))
        self.grant_text_button.clicked.connect(self.show_what_to_grant)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_check)
        self.cancel_button.hide()
        self.busy = QLabel("")
        first, second = QHBoxLayout(), QHBoxLayout()
        for button in (self.add_button, self.use_office_button, self.use_own_button):
            first.addWidget(button)
        first.addStretch()
        for button in (self.check_button, self.grant_text_button):
            second.addWidget(button)
        second.addStretch()
        second.addWidget(self.busy)
        second.addWidget(self.progress)
        second.addWidget(self.cancel_button)
        clients_layout = QVBoxLayout(clients_box)
        clients_layout.addWidget(self.table, 1)
        clients_layout.addWidget(self.details)
        clients_layout.addLayout(first)
        clients_layout.addLayout(second)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(identity_box)
        layout.addWidget(clients_box, 1)
        layout.addWidget(close)
        self._update_buttons()
        self.reload()

    # --- loading ------------------------------------------------------------------------------------
    def reload(self, office_nip: str | None = None) -> None:
        """Read the candidates, the office's identity and the companies in a worker (the identity looks at
        certificates, and nothing here may wait for the secret store on the GUI thread)."""
        wanted = office_nip or self.office_nip() or None
        focus = self._focus_nip
        office, companies = self.office, self.services.companies

        def work(cancel: CancelToken) -> Loaded:
            candidates = office.candidates()
            chosen = next((c for c in candidates if c.nip == wanted), None)
            if chosen is None and focus:  # opened on a client: its office
                client = companies.find(focus)
                via = client.login_via if client else None
                chosen = next((c for c in candidates if c.id == via), None)
            if chosen is None:  # the candidate that already has clients, else the first
                chosen = next((c for c in candidates if companies.clients_of(c.id)), None)
                chosen = chosen or (candidates[0] if candidates else None)
            identity = office.identity(chosen.nip) if chosen else None
            return Loaded(candidates, chosen, identity, companies.list())

        self._start(work, self._loaded)

    def _loaded(self, result: object) -> None:
        assert isinstance(result, Loaded)
        self._state = result
        self.office_combo.clear()
        for company in result.candidates:
            self.office_combo.addItem(f"{company.display_name} ({company.nip})", company.nip)
        if result.office is not None:
            self.office_combo.setCurrentIndex(self.office_combo.findData(result.office.nip))
        self.office_combo.setEnabled(bool(result.candidates))
        self.none_label.setVisible(not result.candidates)
        self.identity_label.setText(self._identity_text(result.identity))
        self._fill_table()
        if self._focus_nip:
            self.select(self._focus_nip)
            self._focus_nip = None
        self._update_buttons()
        self.loaded.emit()

    def _identity_text(self, identity: OfficeIdentity | None) -> str:
        if identity is None:
            return html.escape(self.tr("— (no office chosen)"))
        kinds = {"Nip": self.tr("NIP %1"), "Pesel": self.tr("PESEL %1"), "Fingerprint": self.tr("certificate %1")}
        who = kinds.get(identity.subject_type, identity.subject_type + " %1").replace("%1", identity.subject_value)
        valid_to = identity.certificate.valid_to
        days = (valid_to - datetime.now(valid_to.tzinfo)).days
        expiry = self.tr("login certificate valid until %1").replace("%1", format_date(valid_to, self.lang))
        text = html.escape(f"{who} · {expiry}")
        if days <= EXPIRY_WARNING_DAYS:
            warning = self.tr("⚠ it ends in %1 days: renew it in Company ▸ Credentials… of the office").replace(
                "%1", str(max(days, 0))
            )
            text += f"<br><span style='color:#b71c1c'>{html.escape(warning)}</span>"
        return text

    def office_nip(self) -> str:
        return self._state.office.nip if self._state.office else ""

    def _rows(self) -> list[Company]:
        """The office's clients first, then the other companies of its environment that could become ones."""
        office = self._state.office
        if office is None:
            return []
        others = [c for c in self._state.companies if c.id != office.id and c.environment == office.environment]
        return sorted(others, key=lambda c: (c.login_via != office.id, c.display_name.lower(), c.nip))

    def _fill_table(self) -> None:
        selected = set(self.selected_nips())
        rows = self._rows()
        self.table.setRowCount(len(rows))
        for row, company in enumerate(rows):
            for column, (text, tip) in enumerate(self._cells(company)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip or text)
                item.setData(Qt.ItemDataRole.UserRole, company.nip)
                self.table.setItem(row, column, item)
        for nip in selected:
            self.select(nip, clear=False)
        self._selection_changed()

    def _cells(self, company: Company) -> list[tuple[str, str]]:
        office = self._state.office
        via_office = office is not None and company.login_via == office.id
        if via_office:
            logs_in = self.tr("✓ the office's certificate")
        elif company.login_via is not None:
            logs_in = self.tr("another office's certificate")
        else:
            logs_in = self.tr("its own credentials")
        access, error, when = self._results.get(company.nip, (None, None, None))
        held = set(access.held) if access is not None else None

        def permission(name: str) -> str:
            if held is None:
                return "—"
            return self.tr("✓ yes") if name in held else self.tr("✗ no")

        state, tip = self._state_text(company, via_office, access, error)
        return [
            (company.nip, ""),
            (company.name, ""),
            (logs_in, ""),
            (permission(READ), ""),
            (permission(WRITE), ""),
            (format_moment(when, self.lang) if when else self.tr("not yet"), ""),
            (state, tip),
        ]

    def _state_text(
        self, company: Company, via_office: bool, access: ClientAccess | None, error: UserError | None
    ) -> tuple[str, str]:
        """One line for the table, and the full reason with what to do for the tooltip and the details."""
        problem = error or (access.error if access is not None else None)
        if problem is not None:
            return "✗ " + problem.message(self.lang), _reason(problem, self.lang)
        if access is not None and access.granted:
            if WRITE in access.held:
                return "✓ " + self.tr("the office can log in, receive and send"), ""
            return "✓ " + self.tr("the office can log in and receive; sending is not granted"), ""
        if not via_office:
            return self.tr("logs in on its own: not using the office"), ""
        if company.status_reason is not None and company.status is ConnectionStatus.REAUTH_NEEDED:
            code = REASON_CODES.get(company.status_reason)
            if code:
                stored = UserError(code)
                return "✗ " + stored.message(self.lang), _reason(stored, self.lang)
        return self.tr("not checked yet"), ""

    # --- selection ----------------------------------------------------------------------------------
    def row_of(self, nip: str) -> int:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == nip:
                return row
        return -1

    def select(self, nip: str, *, clear: bool = True) -> None:
        row = self.row_of(nip)
        if row < 0:
            return
        if clear:
            self.table.clearSelection()
        self.table.setRangeSelected(QTableWidgetSelectionRange(row, 0, row, self.COLUMNS - 1), True)

    def selected_nips(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        items = [self.table.item(row, 0) for row in rows]
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]

    def client_nips(self) -> list[str]:
        """The clients that log in with this office, in table order."""
        office = self._state.office
        return [c.nip for c in self._rows() if office is not None and c.login_via == office.id]

    def cell(self, nip: str, column: int) -> str:
        row = self.row_of(nip)
        item = self.table.item(row, column) if row >= 0 else None
        return item.text() if item is not None else ""

    def _selection_changed(self) -> None:
        nips = self.selected_nips()
        if len(nips) == 1:
            company = next((c for c in self._rows() if c.nip == nips[0]), None)
            tip = self.table.item(self.row_of(nips[0]), STATE)
            self.details.setText(
                f"{company.display_name if company else nips[0]}: {tip.toolTip() if tip else ''}".strip()
            )
        else:
            self.details.setText(
                self.tr("%1 clients selected.").replace("%1", str(len(nips)))
                if nips
                else self.tr("Select clients to switch them or check them; Check permissions with none checks all.")
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self._handle is not None
        has_office = self._state.office is not None and self._state.identity is not None
        selected = bool(self.selected_nips())
        self.add_button.setEnabled(not running and has_office)
        self.use_office_button.setEnabled(not running and has_office and selected)
        self.use_own_button.setEnabled(not running and selected)
        self.check_button.setEnabled(not running and has_office and bool(self.client_nips()))
        self.check_button.setText(self.tr("Check selected") if selected else self.tr("Check permissions"))
        self.grant_text_button.setEnabled(not running and has_office)
        self.import_button.setEnabled(not running)
        self.office_combo.setEnabled(not running and bool(self._state.candidates))

    # --- tasks --------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._handle is not None

    def _start(
        self,
        work: Callable[[CancelToken], Any],
        done: Callable[[Any], None],
        failed: Callable[[UserError], None] | None = None,
    ) -> None:
        def finished(result: Any) -> None:
            self._handle = None
            done(result)
            self._update_buttons()

        def refused(error: UserError) -> None:
            self._handle = None
            (failed or self._show_error)(error)
            self._update_buttons()

        def stopped() -> None:
            self._handle = None
            self._update_buttons()

        self._handle = self.services.runner.run(work, finished, refused, stopped)
        self._update_buttons()

    def _show_error(self, error: UserError) -> None:
        self.dialogs.show_error(self, error)

    # --- actions ------------------------------------------------------------------------------------
    def add_clients(self, text: str | None = None) -> AddClientsDialog | None:
        """The paste dialog; ``text`` fills it (tests, a drop). Nothing is stored before its Add."""
        office_nip = self.office_nip()
        if not office_nip or self.running:
            return None
        dialog = AddClientsDialog(self.lang, set(self.client_nips()), office_nip, self)
        if text is not None:
            dialog.text.setPlainText(text)
        dialog.accepted.connect(lambda: self._add(dialog.to_add()))
        dialog.open()
        return dialog

    def _add(self, entries: Sequence[tuple[str, str]]) -> None:
        office, office_nip = self.office, self.office_nip()

        def work(cancel: CancelToken) -> int:
            for nip, name in entries:
                cancel.raise_if_cancelled()
                office.add_client(office_nip, nip, name)
            return len(entries)

        self._start(work, self._changed_then_reload)

    def use_office(self, nips: Sequence[str], on: bool) -> None:
        office, office_nip = self.office, self.office_nip() if on else None
        if not nips or (on and not office_nip):
            return
        nips = list(nips)

        def work(cancel: CancelToken) -> int:
            for nip in nips:
                office.use_office(nip, office_nip)
            return len(nips)

        self._start(work, self._changed_then_reload)

    def _changed_then_reload(self, _: object) -> None:
        self.changed.emit()
        self.reload(self.office_nip())

    def check(self, nips: Sequence[str] | None = None) -> None:
        """Check the given clients (the office's clients among them), or all; one task per client."""
        clients = self.client_nips()
        queue = [nip for nip in nips if nip in clients] if nips else clients
        if not queue or self.running:
            return
        self._queue, self._total = queue, len(queue)
        self.progress.setRange(0, self._total)
        self.progress.setValue(0)
        for widget in (self.progress, self.cancel_button):
            widget.show()
        self._next_check()

    def _next_check(self) -> None:
        if not self._queue:
            self._check_ended(self.tr("Checked %1 clients.").replace("%1", str(self._total)))
            return
        nip = self._queue.pop(0)
        done = self._total - len(self._queue) - 1
        self.busy.setText(
            self.tr("Checking %1 (%2 of %3)…")
            .replace("%1", nip)
            .replace("%2", str(done + 1))
            .replace("%3", str(self._total))
        )
        office = self.office

        def checked(access: object) -> None:
            self._results[nip] = (access, None, datetime.now().astimezone())  # type: ignore[assignment]
            self._after_one()

        def failed(error: UserError) -> None:
            self._results[nip] = (None, error, datetime.now().astimezone())
            if isinstance(error, TRY_LATER):  # KSeF or the internet is down: the others would fail alike
                self._queue.clear()
                self._show_error(error)
            self._after_one()

        self._start(lambda cancel: office.check_client(nip, cancel=cancel), checked, failed)

    def _after_one(self) -> None:
        self.progress.setValue(self._total - len(self._queue))
        self._refresh_companies()
        self._next_check()

    def _refresh_companies(self) -> None:
        """A check may change a client's stored status; the database is read here, the secret store never."""
        self._state = Loaded(
            self._state.candidates, self._state.office, self._state.identity, self.services.companies.list()
        )
        self._fill_table()

    def cancel_check(self) -> None:
        """Stop the chain: the answers already in stay, the one running is cancelled."""
        stopped = len(self._queue) + (1 if self._handle is not None else 0)
        self._queue.clear()
        if self._handle is not None:
            self.services.runner.forget(self._handle)
            self._handle = None
        self._check_ended(self.tr("Stopped: %1 clients not checked.").replace("%1", str(stopped)))

    def _check_ended(self, message: str) -> None:
        for widget in (self.progress, self.cancel_button):
            widget.hide()
        self.busy.setText(message)
        self._refresh_companies()
        self._update_buttons()
        self.check_finished.emit()

    def show_what_to_grant(self) -> None:
        office, office_nip, lang = self.office, self.office_nip(), self.lang
        if office_nip:
            self._start(lambda cancel: office.what_to_grant(office_nip).text(lang), self._grant_text)

    def _grant_text(self, text: object) -> None:
        self.grant_text = GrantTextDialog(str(text), self)
        self.grant_text.open()

    def import_certificate(self) -> None:
        """The office's .p12 (certificate + key) into the office's company of this app."""
        certificates = self.services.certificates
        if certificates is None or self.running:
            return
        path = self.dialogs.open_file(self, self.tr("The office's certificate with its key"), "PKCS#12 (*.p12 *.pfx)")
        if not path:
            return
        nip_text, ok = QInputDialog.getText(
            self,
            self.tr("Accounting office"),
            self.tr("NIP of the office's company in this app:"),
            QLineEdit.EchoMode.Normal,
            self.office_nip(),
        )
        if not ok:
            return
        passphrase, ok = QInputDialog.getText(
            self, self.tr("Accounting office"), self.tr("Passphrase of the .p12 file:"), QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        try:
            nip = normalize_nip(nip_text)
            data = Path(path).read_bytes()
        except UserError as error:
            self._show_error(error)
            return
        except OSError as exc:
            self._show_error(UserError("file.unreadable", path=path, reason=exc.strerror or str(exc)))
            return
        if self.services.companies.find(nip) is None:
            self._show_error(UserError("company.not_found", nip=nip))
            return
        self._start(lambda cancel: certificates.import_pkcs12(nip, data, passphrase), lambda _: self.reload(nip))

    # --- closing ------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Closing stops the running task (its answer would have no window) and loses nothing stored."""
        self._queue.clear()
        if self._handle is not None:
            self.services.runner.forget(self._handle)
            self._handle = None
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()


def _reason(error: UserError, lang: Lang) -> str:
    """What is wrong and what to do, without the catalogue code (that belongs in an error box's details)."""
    return "\n".join(part for part in (error.message(lang), error.action(lang)) if part)
