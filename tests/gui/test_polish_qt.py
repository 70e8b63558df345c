"""Qt's own texts (file dialogs, message boxes) are Polish in the Polish UI (issue 22)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ksefdesk.ui.launch import install_translations, qt_translation_folders


def test_qt_dialogs_speak_polish(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert qt_translation_folders(), "qtbase_pl.qm must be found"
    translators = install_translations(app, "pl")
    try:
        # ours and Qt's side by side: a translator that answers "" for what it lacks would blank every text
        assert QCoreApplication.translate("MainWindow", "Companies") == "Firmy"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Anuluj"
        box = QMessageBox(QMessageBox.Icon.Warning, "t", "x")
        box.setDetailedText("[code]")
        qtbot.addWidget(box)
        box.show()
        texts = {b.text() for b in box.findChildren(QPushButton)}
        assert any("szczegóły" in t.lower() for t in texts), texts
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = {label.text() for label in dialog.findChildren(QLabel)}
        assert "&Szukaj w:" in labels and not any("Look in" in t or "Files of" in t for t in labels), labels
    finally:
        for translator in translators:
            app.removeTranslator(translator)
