"""Settings: language, what closing the window does, automatic sync, the watched outbox folder, the address
of the VAT White List, checking for updates."""

from __future__ import annotations

from collections.abc import Callable
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

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.services.settings import (
    CHECK_UPDATES_AT_START,
    CLOSE_TO_TRAY,
    LANGUAGE,
    OUTBOX_FOLDER,
    SYNC_INTERVAL,
    UPDATE_FEED_URL,
    WHITELIST_URL,
    Settings,
    SettingsStore,
)


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: SettingsStore,
        current_lang: Lang,
        tray_available: bool,
        parent: QWidget | None = None,
        *,
        secret_store: str = "",
        choose_folder: Callable[[QWidget], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        values = self.values = Settings(settings)
        self._choose_folder = choose_folder
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout(self)
        self.language = QComboBox()
        names = {"pl": "Polski", "en": "English"}  # each language by its own name, in every language
        for code in LANGUAGE.choices:
            if code is not None:
                self.language.addItem(names[code], code)
        self.language.setCurrentIndex(max(self.language.findData(values.get(LANGUAGE) or current_lang), 0))
        self.language.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", QLabel(self.tr("A new language applies after restarting KSeF Desk.")))
        self.tray = QCheckBox(self.tr("Closing the window keeps KSeF Desk running in the system tray"))
        self.tray.setChecked(values.get(CLOSE_TO_TRAY))
        self.tray.setEnabled(tray_available)
        form.addRow(self.tray)

        self.interval = QComboBox()
        self.interval.setAccessibleName(self.tr("Automatic sync"))
        for minutes in SYNC_INTERVAL.choices:
            label = self.tr("only when I ask") if minutes == 0 else self.tr("every %1 min").replace("%1", str(minutes))
            self.interval.addItem(label, minutes)
        self.interval.setCurrentIndex(max(self.interval.findData(values.get(SYNC_INTERVAL)), 0))
        form.addRow(self.tr("Send and receive invoices:"), self.interval)

        folder = values.get(OUTBOX_FOLDER)
        self.folder = QLineEdit(str(folder) if folder is not None else "")
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
        address = values.get(WHITELIST_URL)
        self.whitelist = QLineEdit(address if address != WHITELIST_URL.default else "")
        self.whitelist.setPlaceholderText(WHITELIST_URL.default)
        self.whitelist.setAccessibleName(self.tr("VAT White List address"))
        form.addRow(self.tr("VAT White List address:"), self.whitelist)
        self.whitelist_error = QLabel("")
        self.whitelist_error.setWordWrap(True)
        self.whitelist_error.setStyleSheet("color:#a40000")
        self.whitelist_error.hide()
        form.addRow("", self.whitelist_error)
        self.check_updates = QCheckBox(self.tr("Check for updates when KSeF Desk starts (it never installs anything)"))
        self.check_updates.setChecked(values.get(CHECK_UPDATES_AT_START))
        form.addRow(self.check_updates)
        feed = values.get(UPDATE_FEED_URL)
        self.update_feed = QLineEdit(feed if feed != UPDATE_FEED_URL.default else "")
        self.update_feed.setPlaceholderText(UPDATE_FEED_URL.default)
        self.update_feed.setAccessibleName(self.tr("Update feed address"))
        form.addRow(self.tr("Update feed address:"), self.update_feed)
        self.update_feed_error = QLabel("")
        self.update_feed_error.setWordWrap(True)
        self.update_feed_error.setStyleSheet("color:#a40000")
        self.update_feed_error.hide()
        form.addRow("", self.update_feed_error)
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
        if address and WHITELIST_URL.check is not None:
            try:
                WHITELIST_URL.check(address)
            except UserError as exc:  # the dialog stays open with everything entered: nothing is lost
                self.whitelist_error.setText(f"{exc.message(self._lang)} {exc.action(self._lang)}".strip())
                self.whitelist_error.show()
                self.adjustSize()  # room for the message: the wrapped rows keep their height
                self.whitelist.setFocus()
                return
        feed = self.update_feed.text().strip()
        if feed and UPDATE_FEED_URL.check is not None:
            try:
                UPDATE_FEED_URL.check(feed)
            except UserError as exc:  # as for the White List: the dialog stays open, nothing is lost
                self.update_feed_error.setText(f"{exc.message(self._lang)} {exc.action(self._lang)}".strip())
                self.update_feed_error.show()
                self.adjustSize()
                self.update_feed.setFocus()
                return
        values = self.values
        if feed:
            values.set(UPDATE_FEED_URL, feed)
        else:
            values.reset(UPDATE_FEED_URL)  # the default address, also if a later version moves it
        values.set(CHECK_UPDATES_AT_START, self.check_updates.isChecked())
        if address:
            values.set(WHITELIST_URL, address)
        else:
            values.reset(WHITELIST_URL)  # the Ministry's own address, also if it ever moves
        values.set(LANGUAGE, self.language.currentData())
        values.set(CLOSE_TO_TRAY, self.tray.isChecked())
        values.set(SYNC_INTERVAL, int(self.interval.currentData()))
        folder = self.folder.text().strip()
        values.set(OUTBOX_FOLDER, Path(folder) if folder else None)
        super().accept()
