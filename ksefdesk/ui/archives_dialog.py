"""Archives of environments a company left: what each holds, export it, delete it on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import Company
from ksefdesk.services.company_admin import StoredData
from ksefdesk.ui.wizard import UiServices


class ArchivesDialog(QDialog):
    def __init__(
        self,
        services: UiServices,
        describe: Callable[[StoredData], list[str]],
        ask_folder: Callable[[Company], Path | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert services.admin is not None
        self.services, self.admin = services, services.admin
        self._describe, self._ask_folder = describe, ask_folder
        self.setWindowTitle(self.tr("Archives of other environments"))
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "When a company switches to another KSeF environment, what was stored for the old one stays here. "
                "Nothing in an archive is sent or received any more."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Archives"))
        self.list.currentRowChanged.connect(lambda _: self._show())
        layout.addWidget(self.list, 1)
        self.details = QLabel("")
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button = QPushButton(self.tr("Delete archive…"))
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.export_button)
        row.addWidget(self.delete_button)
        row.addStretch()
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        lang = self.services.lang
        for archive in self.services.companies.archives():
            when = format_date(archive.archived_at, lang) if archive.archived_at else "?"
            text = f"{archive.display_name} · NIP {archive.nip} · {archive.environment.label(lang)} · {when}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, archive.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.details.setText(self.tr("No archives: every company works in the environment it was added in."))
        self._show()

    def selected(self) -> Company | None:
        item = self.list.currentItem()
        return self.services.companies.by_id(int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _show(self) -> None:
        archive = self.selected()
        self.export_button.setEnabled(archive is not None)
        self.delete_button.setEnabled(archive is not None)
        if archive is not None:
            lines = self._describe(self.admin.stored_data(archive)) or ["• " + self.tr("nothing")]
            self.details.setText(self.tr("This archive holds:") + "\n" + "\n".join(lines))

    def export_selected(self) -> None:
        archive = self.selected()
        folder = self._ask_folder(archive) if archive is not None else None
        if archive is None or folder is None:
            return
        self.services.runner.run(
            lambda cancel: self.admin.export(archive, folder),
            lambda result: self.details.setText(self.tr("Exported to %1.").replace("%1", str(folder))),
            lambda error: self.services.dialogs.show_error(self, error),
        )

    def delete_selected(self) -> None:
        archive = self.selected()
        if archive is None:
            return
        lines = self._describe(self.admin.stored_data(archive))
        text = (
            self.tr("Delete this archive from this computer? This cannot be undone.")
            + "\n\n"
            + "\n".join(lines)
            + "\n\n"
            + self.tr("Export it first if you may need these files.")
        )
        if not self.services.dialogs.confirm(self, self.tr("Delete archive"), text):
            return
        try:
            self.admin.delete_archive(archive.id)
        except UserError as error:
            self.services.dialogs.show_error(self, error)
        self.reload()
