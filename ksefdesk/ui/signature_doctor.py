"""Which options to choose in each signing program, so that KSeF accepts the signed file."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget


class SignatureDoctorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Help with signing software"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        question = QLabel(self.tr("Which program do you sign with?"))
        layout.addWidget(question)
        self.choice = QComboBox()
        question.setBuddy(self.choice)  # the question names the list for a screen reader
        self.entries = self.programs()
        for name, _ in self.entries:
            self.choice.addItem(name)
        self.choice.currentIndexChanged.connect(self._show)
        layout.addWidget(self.choice)
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("What to choose in that program"))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show(0)

    def _show(self, index: int) -> None:
        self.text.setHtml(f"<p>{self.entries[index][1]}</p>")

    def programs(self) -> list[tuple[str, str]]:
        """(program, what to choose there) in the words the programs use. A method, so that self.tr() looks the
        texts up in the dialog's context, the one lupdate files them under."""
        common = self.tr(
            "Then upload the file the program saved (usually ending in .xml or .xades), exactly as saved: do not open "
            "and save it again in a text editor, which changes it and breaks the signature."
        )
        return [
            (
                "proCertum SmartSign (Certum)",
                self.tr(
                    "Choose “Podpisz”, pick the file, format <b>XAdES</b>, signature type <b>otaczany</b> "
                    "(enveloped), not “zewnętrzny” (detached). Keep the encoding UTF-8."
                )
                + " "
                + common,
            ),
            (
                "Szafir (KIR)",
                self.tr(
                    "Add the file, choose format <b>XAdES</b> and signature type <b>otaczający / wewnętrzny</b>. "
                    "Leave “Dołącz certyfikat” switched on."
                )
                + " "
                + common,
            ),
            (
                "SIGILLUM Sign (PWPW)",
                self.tr(
                    "Choose <b>XAdES</b>, <b>podpis otaczany</b> (enveloped); do not choose PAdES (PDF) "
                    "or CAdES (.p7s)."
                )
                + " "
                + common,
            ),
            (
                "EuroCert",
                self.tr(
                    "Choose <b>XAdES</b> and a <b>wewnętrzny</b> (enveloped) signature; keep the certificate in it."
                )
                + " "
                + common,
            ),
            (
                "CenCert",
                self.tr("Choose format <b>XAdES</b>, signature placement <b>wewnątrz dokumentu</b> (enveloped).")
                + " "
                + common,
            ),
            (
                "Podpis zaufany (gov.pl)",
                self.tr(
                    "On gov.pl open “Podpisz dokument elektronicznie”, add the file, choose “Podpisz podpisem "
                    "zaufanym”, confirm, then “Pobierz” to download the signed file. The person who signs must have "
                    "KSeF permissions for the company (the owner of a sole proprietorship has them)."
                ),
            ),
            (
                "e-dowód (podpis osobisty)",
                self.tr(
                    "Sign with the eDO App on a phone with NFC or a card reader: choose <b>XAdES</b> and an "
                    "<b>enveloped</b> (wewnętrzny) signature. The e-dowód's signing certificate must be active."
                ),
            ),
        ]
