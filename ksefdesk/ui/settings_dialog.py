"""Settings: language and what closing the window does."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from ksefdesk.services.store import SettingsRepository

LANGUAGE = "language"
CLOSE_TO_TRAY = "close_to_tray"


def close_to_tray(settings: SettingsRepository | None) -> bool:
    return settings is not None and settings.get(CLOSE_TO_TRAY, "1") == "1"


class SettingsDialog(QDialog):
    def __init__(
        self, settings: SettingsRepository, current_lang: str, tray_available: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.set(LANGUAGE, str(self.language.currentData()))
        self.settings.set(CLOSE_TO_TRAY, "1" if self.tray.isChecked() else "0")
        super().accept()
