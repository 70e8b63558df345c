"""Table model of the companies: name, NIP, environment, method, state, time left, last sync, next sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ksefdesk.core.errors import Lang, reason_text
from ksefdesk.core.formatting import format_moment
from ksefdesk.core.models import AuthMethod, Company, ConnectionStatus, Environment
from ksefdesk.core.sync_eta import CompanyEta, OfficeEta

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "nip", "environment", "method", "status", "valid", "sync", "next")
STATUS_COLOURS = {
    ConnectionStatus.CONNECTED: "#1b5e20",
    ConnectionStatus.REAUTH_NEEDED: "#b71c1c",
    ConnectionStatus.UNAVAILABLE: "#b26a00",
    ConnectionStatus.NOT_AUTHORIZED: "#555555",
}


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    valid_until: datetime | None  # the end of the refresh token: when the login needs renewing
    has_ksef_token: bool


def format_wait(seconds: float, lang: Lang) -> str:
    """12 min, 1 h 5 min; under a minute: "< 1 min"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "< 1 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def format_clock(moment: float, now: datetime, lang: Lang) -> str:
    """A moment (wall-clock seconds) as the user's clock shows it: 14:05 today, else with the date."""
    local = datetime.fromtimestamp(moment, UTC).astimezone()
    return f"{local:%H:%M}" if local.date() == now.astimezone().date() else format_moment(local, lang)


def format_left(until: datetime | None, now: datetime, expired: str) -> str:
    """Time left until ``until`` (3 d 4 h, 2 h 5 min, 12 min); ``expired`` once it has passed."""
    if until is None:
        return "—"
    seconds = int((until - now).total_seconds())
    if seconds <= 0:
        return expired
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


class CompanyTableModel(QAbstractTableModel):
    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._lang = lang
        self._rows: list[CompanyRow] = []
        self._headers = (
            self.tr("Name"),
            self.tr("NIP"),
            self.tr("Environment"),
            self.tr("Login method"),
            self.tr("Connection"),
            self.tr("Login valid for"),
            self.tr("Last sync"),
            self.tr("Next sync"),
        )
        self._status = {
            ConnectionStatus.NOT_AUTHORIZED: self.tr("Not authorized"),
            ConnectionStatus.CONNECTED: self.tr("Connected"),
            ConnectionStatus.REAUTH_NEEDED: self.tr("Re-authorization needed"),
            ConnectionStatus.UNAVAILABLE: self.tr("KSeF unavailable"),
        }
        self._expired = self.tr("expired")
        self._methods = {
            AuthMethod.SIGNATURE: self.tr("Qualified signature"),
            AuthMethod.CERTIFICATE: self.tr("Certificate file"),
            AuthMethod.TOKEN: self.tr("KSeF token"),
            AuthMethod.KSEF_CERTIFICATE: self.tr("KSeF certificate (automatic)"),
        }
        self._eta: OfficeEta | None = None
        self._windows = {  # which of KSeF's windows holds a sync back
            "second": self.tr("per second"),
            "minute": self.tr("per minute"),
            "hour": self.tr("per hour"),
            "retry-after": self.tr("a pause KSeF asked for"),
        }

    def set_rows(self, rows: list[CompanyRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def refresh_times(self) -> None:
        """Recompute the "valid for" column (no database, no network)."""
        if self._rows:
            column = COLUMNS.index("valid")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def set_eta(self, office: OfficeEta | None) -> None:
        """The scheduler's estimate (``SyncScheduler.eta``): the "next sync" column and its tooltip."""
        self._eta = office
        if self._rows:
            column = COLUMNS.index("next")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def eta(self, nip: str) -> CompanyEta | None:
        return self._eta.of(nip) if self._eta is not None else None

    def next_sync_text(self, nip: str) -> str:
        eta, now = self.eta(nip), datetime.now(UTC)
        if eta is None or eta.runs_at is None:
            return "—"
        if eta.running:
            return self.tr("syncing now")
        return format_clock(eta.runs_at, now, self._lang)

    def next_sync_tip(self, nip: str) -> str:
        eta, now = self.eta(nip), datetime.now(UTC)
        if eta is None or eta.runs_at is None or eta.done_at is None:
            return self.tr("No automatic sync planned")
        # %1 when the next sync runs, %2 when the company is up to date
        tip = self.tr("Next sync: %1 · up to date by about %2")
        tip = tip.replace("%2", format_clock(eta.done_at, now, self._lang))
        lines = [tip.replace("%1", self.next_sync_text(nip))]
        if eta.held_by:
            # %1 the KSeF rate-limit group, %2 which window ("per hour")
            held = self.tr("KSeF's limit %1 (%2) holds it back").replace("%2", self._windows.get(eta.held_window, ""))
            lines.append(held.replace("%1", eta.held_by))
        if eta.waits_for_slot:
            lines.append(self.tr("It waits for other companies' syncs to finish"))
        return "\n".join(lines)

    def office_text(self) -> str:
        """The office-wide line: when every company with a planned sync is up to date ("" = none planned)."""
        office = self._eta
        if office is None or office.all_done_at is None:
            return ""
        when = format_clock(office.all_done_at, datetime.now(UTC), self._lang)
        text = self.tr("All companies up to date by about %1").replace("%1", when)
        if office.unplanned:
            text += " " + self.tr("(%1 without automatic sync)").replace("%1", str(len(office.unplanned)))
        return text

    def row(self, index: int) -> CompanyRow:
        return self._rows[index]

    def row_of(self, nip: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.company.nip == nip), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def status_text(self, company: Company) -> str:
        return self._status[company.status]

    def reason(self, company: Company) -> tuple[str, str]:
        """Why the company is in this state and what to do, in the user's language ("" when all is well)."""
        text = reason_text(company.status_reason)
        if text is None or company.status is ConnectionStatus.CONNECTED:
            return "", ""
        return text.message(self._lang), text.action(self._lang)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        company = row.company
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return company.display_name
            if column == "nip":
                return company.nip
            if column == "environment":
                return company.environment.label(self._lang)
            if column == "method":
                return self._methods.get(company.auth_method, "—") if company.auth_method else "—"
            if column == "status":
                return self.status_text(company)
            if column == "valid":
                if company.status is not ConnectionStatus.CONNECTED:
                    return "—"
                left = format_left(row.valid_until, datetime.now(UTC), self._expired)
                return left + (" ↻" if row.has_ksef_token else "")
            if column == "next":
                return self.next_sync_text(company.nip)
            return format_moment(company.last_sync_at, self._lang) if company.last_sync_at else "—"
        if role == Qt.ItemDataRole.ToolTipRole and column == "status":
            why, action = self.reason(company)
            if not why:
                return self.status_text(company)
            # %1 the state, %2 why, %3 what to do
            tip = self.tr("%1: %2 %3").replace("%3", action).replace("%2", why)
            return tip.replace("%1", self.status_text(company)).strip()
        if role == Qt.ItemDataRole.ToolTipRole and column == "next":
            return self.next_sync_tip(company.nip)
        if role == Qt.ItemDataRole.ToolTipRole and column == "valid" and row.has_ksef_token:
            return self.tr("Renews automatically with the stored KSeF token")
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "environment" and company.environment is Environment.PROD:
                return QBrush(QColor("#b71c1c"))
            if column == "status":
                return QBrush(QColor(STATUS_COLOURS[company.status]))
        if role == Qt.ItemDataRole.FontRole and column == "environment" and company.environment is Environment.PROD:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # %1 the column, %2 its value
            text = self.tr("%1: %2").replace("%2", str(self.data(index)))
            return text.replace("%1", self._headers[index.column()])
        return None
