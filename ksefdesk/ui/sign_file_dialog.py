""" "Sign a file": sign a KSeF request file on this computer, with the qualified-signature card (PKCS#11)
or a certificate file, for example on an offline signing workstation. The PIN and the key password are
used once and forgotten."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.auth_request import request_to_sign
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.signing_material import load_signing_material
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services import pkcs11_card
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError("file.unreadable", path=path, reason=exc.strerror or str(exc)) from exc


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise UserError("file.unwritable", path=path, reason=exc.strerror or str(exc)) from exc


class SignFileDialog(QDialog):
    signed = Signal(str)  # the signed file's path

    def __init__(
        self, dialogs: Dialogs, runner: TaskRunner, lang: Lang, parent: QWidget | None = None, request: str = ""
    ) -> None:
        super().__init__(parent)
        self.dialogs, self.runner, self.lang = dialogs, runner, lang
        self.setWindowTitle(self.tr("Sign a file"))
        self.resize(640, 360)
        self.request = QLineEdit(request)
        self.request.setPlaceholderText(self.tr("The file to sign, downloaded in the authorization wizard"))
        self.request.setAccessibleName(self.tr("The file to sign"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose_request)
        request_row = QHBoxLayout()
        request_row.addWidget(self.request, 1)
        request_row.addWidget(browse)

        self.use_card = QRadioButton(self.tr("Signature card or token (PKCS#11)"))
        self.use_file = QRadioButton(self.tr("Certificate file (.p12/.pfx or PEM)"))
        group = QButtonGroup(self)
        for button in (self.use_card, self.use_file):
            group.addButton(button)
        self.use_card.setChecked(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._card_page())
        self.pages.addWidget(self._file_page())
        self.use_card.toggled.connect(lambda on: self.pages.setCurrentIndex(0 if on else 1))

        self.outcome = QLabel("")  # not "result": that would hide QDialog.result()
        self.outcome.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Sign and save…"))
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.sign_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(request_row)
        layout.addWidget(self.use_card)
        layout.addWidget(self.use_file)
        layout.addWidget(self.pages)
        layout.addWidget(self.outcome)
        layout.addStretch()
        layout.addLayout(buttons)

    # --- pages ------------------------------------------------------------------------------------------
    def _card_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.module = QComboBox()
        self.module.setEditable(True)
        self.module.setAccessibleName(self.tr("Card driver (PKCS#11 module)"))
        for name, path in pkcs11_card.installed_modules():
            self.module.addItem(f"{name} — {path}", path)
        other = QPushButton(self.tr("Other driver…"))
        other.clicked.connect(self.choose_module)
        module_row = QHBoxLayout()
        module_row.addWidget(self.module, 1)
        module_row.addWidget(other)
        self.card_certificate = QComboBox()
        self.card_certificate.setAccessibleName(self.tr("Certificate on the card"))
        read = QPushButton(self.tr("Read the card"))
        read.clicked.connect(self.read_card)
        certificate_row = QHBoxLayout()
        certificate_row.addWidget(self.card_certificate, 1)
        certificate_row.addWidget(read)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setPlaceholderText(self.tr("used for this signature only, never stored"))
        form.addRow(self.tr("Driver"), module_row)
        form.addRow(self.tr("Certificate"), certificate_row)
        form.addRow(self.tr("PIN"), self.pin)
        self._card_certificates: list[pkcs11_card.CardCertificate] = []
        return page

    def _file_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.cert_file, self.key_file = QLineEdit(), QLineEdit()
        self.key_file.setPlaceholderText(self.tr("only for a PEM certificate with a separate key"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Key password"))
        for edit, label in ((self.cert_file, self.tr("Certificate")), (self.key_file, self.tr("Key"))):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            choose = QPushButton(self.tr("Choose…"))
            choose.clicked.connect(lambda _=False, e=edit: self._choose_into(e))
            row.addWidget(choose)
            form.addRow(label, row)
        form.addRow(self.tr("Key password"), self.password)
        return page

    # --- choosing ----------------------------------------------------------------------------------------
    def choose_request(self) -> None:
        path = self.dialogs.open_file(self, self.tr("The file to sign"), self.tr("XML (*.xml);;All files (*)"))
        if path:
            self.request.setText(path)

    def choose_module(self) -> None:
        path = self.dialogs.open_file(self, self.tr("Card driver"), self.tr("PKCS#11 module (*.so *.dll *.dylib)"))
        if path:
            self.module.addItem(path, path)
            self.module.setCurrentIndex(self.module.count() - 1)

    def _choose_into(self, edit: QLineEdit) -> None:
        path = self.dialogs.open_file(self, self.tr("Choose a file"), self.tr("All files (*)"))
        if path:
            edit.setText(path)

    def module_path(self) -> str:
        data = self.module.currentData()
        return str(data) if data and self.module.currentText().endswith(str(data)) else self.module.currentText()

    def read_card(self) -> None:
        module = self.module_path()
        self.outcome.setText(self.tr("Reading the card…"))
        self.runner.run(lambda cancel: pkcs11_card.certificates(module), self._card_read, self._failed)

    def _card_read(self, found: object) -> None:
        assert isinstance(found, list)
        self._card_certificates = found
        self.card_certificate.clear()
        for item in found:
            common = item.certificate.subject.rfc4514_string()
            self.card_certificate.addItem(f"{item.token}: {common}")
        self.outcome.setText(
            self.tr("Certificates on the card: %1").replace("%1", str(len(found)))
            if found
            else self.tr("The card holds no certificate.")
        )

    # --- signing -----------------------------------------------------------------------------------------
    def sign(self) -> None:
        source = self.request.text().strip()
        if not source:
            self.outcome.setText(self.tr("Choose the file to sign first."))
            return
        target = self.dialogs.save_file(
            self, self.tr("Save the signed file"), str(Path(source).with_name(Path(source).stem + "-podpisany.xml")),
            "XML (*.xml)",
        )  # fmt: skip
        if not target:
            return
        work = self._card_work(source, target) if self.use_card.isChecked() else self._file_work(source, target)
        self.sign_button.setEnabled(False)
        self.outcome.setText(self.tr("Signing…"))
        self.runner.run(work, self._signed, self._failed)

    def _card_work(self, source: str, target: str) -> Callable[[CancelToken], str]:
        module, pin = self.module_path(), self.pin.text()
        index = self.card_certificate.currentIndex()
        chosen = self._card_certificates[index] if 0 <= index < len(self._card_certificates) else None
        self.pin.clear()  # forgotten at once: the worker holds it only for this signature

        def work(cancel: CancelToken) -> str:
            document = request_to_sign(_read(source), source)
            label = chosen.token if chosen else None
            _write(target, pkcs11_card.sign_with_card(document, module, pin, token_label=label, certificate=chosen))
            return target

        return work

    def _file_work(self, source: str, target: str) -> Callable[[CancelToken], str]:
        cert, key, password = self.cert_file.text().strip(), self.key_file.text().strip(), self.password.text()
        self.password.clear()

        def work(cancel: CancelToken) -> str:
            document = request_to_sign(_read(source), source)
            material = load_signing_material(_read(cert), _read(key) if key else None, password or None, cert)
            _write(target, sign_xml(document, material.key, material.certificates))
            return target

        return work

    def _signed(self, target: object) -> None:
        self.sign_button.setEnabled(True)
        self.signed.emit(str(target))
        self.outcome.setStyleSheet("color:#1b5e20")
        self.outcome.setText(
            self.tr("Signed and saved: %1. Upload it in the wizard on the computer that runs KSeF Desk.").replace(
                "%1", str(target)
            )
        )

    def _failed(self, error: UserError) -> None:
        self.sign_button.setEnabled(True)
        self.outcome.setStyleSheet("color:#b71c1c")
        self.outcome.setText(f"{error.message(self.lang)} {error.action(self.lang)}")
