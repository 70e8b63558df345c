"""Table model of the companies in the store."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ksefdesk.core.errors import Lang
from ksefdesk.core.models import Company, ConnectionStatus

_STATUS_TEXT = {
    ConnectionStatus.NOT_AUTHORIZED: ("Nie zalogowano", "Not authorized"),
    ConnectionStatus.CONNECTED: ("Połączono", "Connected"),
    ConnectionStatus.REAUTH_NEEDED: ("Wymaga ponownego logowania", "Re-authorization needed"),
    ConnectionStatus.UNAVAILABLE: ("KSeF niedostępny", "KSeF unavailable"),
}
_HEADERS = (("Nazwa", "Name"), ("NIP", "NIP"), ("Środowisko", "Environment"), ("Stan", "Status"))

Index = QModelIndex | QPersistentModelIndex


class CompanyTableModel(QAbstractTableModel):
    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self._lang = lang
        self._rows: list[Company] = []

    def set_companies(self, companies: list[Company]) -> None:
        self.beginResetModel()
        self._rows = list(companies)
        self.endResetModel()

    def company(self, row: int) -> Company:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            pl, en = _HEADERS[section]
            return pl if self._lang == "pl" else en
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        company = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return company.display_name
        if column == 1:
            return company.nip
        if column == 2:
            return company.environment.label(self._lang)
        pl, en = _STATUS_TEXT[company.status]
        return pl if self._lang == "pl" else en
