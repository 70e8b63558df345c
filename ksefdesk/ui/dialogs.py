"""Every message box and input dialog behind one object, so tests can replace it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError

if TYPE_CHECKING:  # annotations only: the preview code loads when something is printed
    from ksefdesk.core.preview import Page


class Dialogs:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("Dialogs", "KSeF Desk – problem"))
        box.setText(error.message(self.lang))
        box.setInformativeText(error.action(self.lang))
        details = f"[{error.code}]" + (f"\n{error.details}" if error.details else "")
        box.setDetailedText(details)
        box.exec()

    def ask_passphrase(self, parent: QWidget | None, creating: bool) -> str | None:
        """None means: keep credentials in memory for this session only. Call on the GUI thread."""
        dialog = PassphraseDialog(self.lang, creating, parent)
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_backup_passphrase(self, parent: QWidget | None) -> str | None:
        prompt = QCoreApplication.translate(
            "Dialogs",
            "Passphrase for the backup (at least 8 characters). Without it the backup cannot be opened: keep it.",
        )
        text, ok = QInputDialog.getText(parent, "KSeF Desk", prompt, QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path or None

    def open_file(self, parent: QWidget | None, title: str, file_filter: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
        return path or None

    def open_files(self, parent: QWidget | None, title: str, file_filter: str) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, "", file_filter)
        return list(paths)

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def choose_folder(self, parent: QWidget | None, title: str) -> str | None:
        return QFileDialog.getExistingDirectory(parent, title) or None

    def confirm_box(self, parent: QWidget | None, title: str, text: str) -> QMessageBox:
        """Yes / No with No as the default: Enter never confirms something by accident."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.addButton(QMessageBox.StandardButton.Yes)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.No))
        return box

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        return self.confirm_box(parent, title, text).exec() == QMessageBox.StandardButton.Yes

    def choice_box(
        self, parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]], *, warning: bool = False
    ) -> tuple[QMessageBox, dict[object, str]]:
        """Buttons (key, label) in order; the last one is the safe default (Cancel/No)."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 460px; }")  # lists read better unwrapped
        keys: dict[object, str] = {}
        for index, (key, label) in enumerate(choices):
            last = index == len(choices) - 1
            role = QMessageBox.ButtonRole.RejectRole if last else QMessageBox.ButtonRole.AcceptRole
            button = box.addButton(label, role)
            keys[button] = key
            if last:
                box.setDefaultButton(button)
                box.setEscapeButton(button)
        return box, keys

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]], *, warning: bool = False
    ) -> str:
        """The key of the button pressed; the last choice (the safe one) when the box is closed."""
        box, keys = self.choice_box(parent, title, text, choices, warning=warning)
        box.exec()
        return keys.get(box.clickedButton(), choices[-1][0])

    def print_pages(self, parent: QWidget | None, pages: list[Page]) -> bool:
        """The system print dialog, then the pages on A4; False when the user cancels."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ksefdesk.ui.paper import lay_out, text_document

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        lay_out(printer)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(QCoreApplication.translate("Dialogs", "Print invoices"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        text_document(pages).print_(printer)
        return True


class PassphraseDialog(QDialog):
    """The vault's passphrase: typed twice when the vault is new, with what losing it means."""

    MIN_LENGTH = 8

    def __init__(self, lang: Lang, creating: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang, self.creating = lang, creating
        self.setWindowTitle("KSeF Desk")
        layout = QVBoxLayout(self)
        if creating:
            intro = self.tr(
                "This computer has no system keyring, so KSeF Desk keeps credentials (tokens, keys of KSeF "
                "certificates) in an encrypted vault. Choose its passphrase (at least 8 characters).\n\n"
                "Remember it or keep it somewhere safe: without it the vault cannot be opened and every company must "
                "log in again with a signature (invoices on this computer stay).\n\n"
                "Cancel = remember credentials only until the app closes."
            )
        else:
            intro = self.tr("Passphrase of your credentials vault (Cancel = only until the app closes):")
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase:"), self.first)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        if creating:
            form.addRow(self.tr("Repeat it:"), self.second)
        layout.addLayout(form)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.first, self.second):
            field.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        first, second = self.first.text(), self.second.text()
        problem = ""
        if self.creating and first and len(first) < self.MIN_LENGTH:
            problem = self.tr("At least 8 characters.")
        elif self.creating and second and first != second:
            problem = self.tr("The passphrases differ.")
        self.problem.setText(problem)
        ready = bool(first) and (not self.creating or (first == second and len(first) >= self.MIN_LENGTH))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def passphrase(self) -> str | None:
        return self.first.text() or None
