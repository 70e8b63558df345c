"""Every message box and input dialog behind one object, so tests can replace it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.preview import Page


class Dialogs:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def _t(self, pl: str, en: str) -> str:
        return pl if self.lang == "pl" else en

    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self._t("KSeF Desk – problem", "KSeF Desk – problem"))
        box.setText(error.message(self.lang))
        box.setInformativeText(error.action(self.lang))
        details = f"[{error.code}]" + (f"\n{error.details}" if error.details else "")
        box.setDetailedText(details)
        box.exec()

    def ask_passphrase(self, parent: QWidget | None, creating: bool) -> str | None:
        """None means: keep credentials in memory for this session only."""
        if creating:
            prompt = self._t(
                "Systemowy pęk kluczy nie jest dostępny. Wybierz hasło do zaszyfrowanego sejfu,\n"
                "w którym KSeF Desk zapisze dane logowania (Anuluj = pamiętaj tylko do zamknięcia).",
                "The system keyring is not available. Choose a passphrase for the encrypted vault\n"
                "that will keep your credentials (Cancel = remember only until the app closes).",
            )
        else:
            prompt = self._t("Hasło sejfu z danymi logowania:", "Passphrase of your credentials vault:")
        text, ok = QInputDialog.getText(parent, "KSeF Desk", prompt, QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def ask_backup_passphrase(self, parent: QWidget | None) -> str | None:
        prompt = self._t(
            "Hasło kopii zapasowej (co najmniej 8 znaków). Bez niego kopii nie da się otworzyć — zapisz je.",
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

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def print_pages(self, parent: QWidget | None, pages: list[Page]) -> bool:
        """The system print dialog, then the pages on A4; False when the user cancels."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ksefdesk.ui.paper import lay_out, text_document

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        lay_out(printer)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(self._t("Drukuj faktury", "Print invoices"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        text_document(pages).print_(printer)
        return True
