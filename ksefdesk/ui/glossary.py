"""One-line explanations of the words KSeF uses, for tooltips and the Help menu."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def terms() -> list[tuple[str, str]]:
    """(term, explanation), in the order a new user meets them."""
    return [
        (
            QCoreApplication.translate("Glossary", "XAdES, enveloped (“otaczany”)"),
            QCoreApplication.translate(
                "Glossary",
                "The kind of electronic signature KSeF accepts: the signature is stored inside the signed XML file. "
                "In signing programs choose XAdES and “enveloped” / “wewnętrzny”, never “detached” / “zewnętrzny”.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "UPO"),
            QCoreApplication.translate(
                "Glossary",
                "The official receipt KSeF issues for every invoice it accepted: proof of when and how it was "
                "sent. Keep it with the invoice.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "KSeF number"),
            QCoreApplication.translate(
                "Glossary",
                "The number KSeF gives each accepted invoice. From 2027 a buyer quotes it in the bank transfer title.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "KOD I / KOD II"),
            QCoreApplication.translate(
                "Glossary",
                "QR codes on a printed invoice. KOD I lets anyone check the invoice in KSeF; KOD II, on invoices "
                "issued offline, proves who issued it (signed with the company's Offline certificate).",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "offline24"),
            QCoreApplication.translate(
                "Glossary",
                "Issuing an invoice outside KSeF (on paper or as a file) and sending it to KSeF by the end of the "
                "next business day.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "KSeF certificate"),
            QCoreApplication.translate(
                "Glossary",
                "A certificate KSeF itself issues to the company after a signature login. KSeF Desk keeps its key "
                "safely and logs in again with it without your card.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "KSeF token"),
            QCoreApplication.translate(
                "Glossary",
                "A password-like key created in KSeF for automatic logins; its legal basis ends on 31.12.2026.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "PKCS#11"),
            QCoreApplication.translate(
                "Glossary",
                "The standard way programs talk to a signature card and its reader; the card vendor's driver "
                "provides it.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", ".p12 / .pfx file"),
            QCoreApplication.translate(
                "Glossary", "A file holding a certificate together with its private key, protected by a password."
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "Hourly download budget"),
            QCoreApplication.translate(
                "Glossary",
                "KSeF limits how many requests a company may make per hour. KSeF Desk spreads its downloads so "
                "the limit is never hit.",
            ),
        ),
        (
            QCoreApplication.translate("Glossary", "Podpis zaufany (trusted profile)"),
            QCoreApplication.translate(
                "Glossary",
                "A free signature from gov.pl. Sign the downloaded file on gov.pl (“Podpisz dokument”, XAdES) and "
                "upload it here, or create a KSeF token or certificate in the Ministry's KSeF app and use that.",
            ),
        ),
    ]


def explain(term_prefix: str) -> str:
    """The explanation of the term that starts with ``term_prefix`` (for a tooltip)."""
    return next((text for term, text in terms() if term.startswith(term_prefix)), "")


class GlossaryDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What do these words mean?"))
        self.resize(600, 520)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("What do these words mean?"))
        self.text.setHtml("".join(f"<p><b>{term}</b><br>{text}</p>" for term, text in terms()))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
