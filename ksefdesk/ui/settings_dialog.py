"""Settings: language, what closing the window does, automatic sync, the watched outbox folder, the address
of the VAT White List."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ksefdesk.core.errors import UserError
from ksefdesk.services.store import SettingsRepository
from ksefdesk.services.whitelist import DEFAULT_URL as WHITELIST_DEFAULT
from ksefdesk.services.whitelist import SETTING_KEY as WHITELIST_SETTING
from ksefdesk.services.whitelist import whitelist_url

LANGUAGE = "language"
CLOSE_TO_TRAY = "close_to_tray"
SYNC_INTERVAL = "sync_interval_min"
OUTBOX_FOLDER = "outbox_folder"
INTERVALS = (0, 5, 15, 30, 60)  # minutes; 0: only when asked
DEFAULT_INTERVAL = 15


def close_to_tray(settings: SettingsRepository | None) -> bool:
    return settings is not None and settings.get(CLOSE_TO_TRAY, "1") == "1"


def sync_interval(settings: SettingsRepository | None) -> timedelta | None:
    """How often companies sync by themselves; None when only on request."""
    raw = settings.get(SYNC_INTERVAL, str(DEFAULT_INTERVAL)) if settings else str(DEFAULT_INTERVAL)
    minutes = int(raw) if (raw or "").isdigit() else DEFAULT_INTERVAL
    return timedelta(minutes=minutes) if minutes > 0 else None


def outbox_folder(settings: SettingsRepository | None) -> Path | None:
    value = settings.get(OUTBOX_FOLDER, "") if settings else ""
    return Path(value) if value else None


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: SettingsRepository,
        current_lang: str,
        tray_available: bool,
        parent: QWidget | None = None,
        *,
        secret_store: str = "",
        choose_folder: Callable[[QWidget], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._choose_folder = choose_folder
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout(self)
        self.language = QComboBox()
        self.language.addItem("Polski", "pl")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if (settings.get(LANGUAGE) or current_lang) == "pl" else 1)
        self.language.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", QLabel(self.tr("A new language applies after restarting KSeF Desk.")))
        self.tray = QCheckBox(self.tr("Closing the window keeps KSeF Desk running in the system tray"))
        self.tray.setChecked(close_to_tray(settings))
        self.tray.setEnabled(tray_available)
        form.addRow(self.tray)

        self.interval = QComboBox()
        self.interval.setAccessibleName(self.tr("Automatic sync"))
        for minutes in INTERVALS:
            label = self.tr("only when I ask") if minutes == 0 else self.tr("every %1 min").replace("%1", str(minutes))
            self.interval.addItem(label, minutes)
        current = sync_interval(settings)
        position = self.interval.findData(int(current.total_seconds() // 60) if current else 0)
        self.interval.setCurrentIndex(max(position, 0))
        form.addRow(self.tr("Send and receive invoices:"), self.interval)

        self.folder = QLineEdit(str(outbox_folder(settings) or ""))
        self.folder.setPlaceholderText(self.tr("none"))
        self.folder.setAccessibleName(self.tr("Watched outbox folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Watched outbox folder:"), row)
        hint = QLabel(
            self.tr(
                "FA(3) files saved there by your invoicing program are sent automatically; processed files move to "
                "its subfolders “zaimportowane” and “odrzucone”."
            )
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.whitelist = QLineEdit(settings.get(WHITELIST_SETTING, "") or "")
        self.whitelist.setPlaceholderText(WHITELIST_DEFAULT)
        self.whitelist.setAccessibleName(self.tr("VAT White List address"))
        form.addRow(self.tr("VAT White List address:"), self.whitelist)
        self.whitelist_error = QLabel("")
        self.whitelist_error.setWordWrap(True)
        self.whitelist_error.setStyleSheet("color:#a40000")
        self.whitelist_error.hide()
        form.addRow("", self.whitelist_error)
        if secret_store:
            form.addRow(self.tr("Secrets are kept in:"), QLabel(secret_store))
        self._lang = current_lang

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen = self._choose_folder(self) if self._choose_folder else None
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        address = self.whitelist.text().strip()
        if address:
            try:
                whitelist_url(address)
            except UserError as exc:  # the dialog stays open with everything entered: nothing is lost
                self.whitelist_error.setText(f"{exc.message(self._lang)} {exc.action(self._lang)}".strip())
                self.whitelist_error.show()
                self.adjustSize()  # room for the message: the wrapped rows keep their height
                self.whitelist.setFocus()
                return
        self.settings.set(WHITELIST_SETTING, address)  # empty: the Ministry's own address
        self.settings.set(LANGUAGE, str(self.language.currentData()))
        self.settings.set(CLOSE_TO_TRAY, "1" if self.tray.isChecked() else "0")
        self.settings.set(SYNC_INTERVAL, str(self.interval.currentData()))
        self.settings.set(OUTBOX_FOLDER, self.folder.text().strip())
        super().accept()
