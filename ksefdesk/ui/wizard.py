"""The authorization wizard: one page per step of authorizing a company with KSeF.

All logic lives in AuthService; network and crypto run on the TaskRunner's threads. The wizard
can be cancelled at any moment: running tasks are cancelled and a company it added is removed
again, so nothing is left half-stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ksefdesk.core.auth_flow import PendingRequest
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.identity import IdentityKind
from ksefdesk.core.models import AuthMethod, Company, ConnectionStatus, Environment
from ksefdesk.core.nip import nip_problem, normalize_nip
from ksefdesk.core.signed_file import UncertainSignature
from ksefdesk.core.signing_material import load_signing_material
from ksefdesk.services.auth import AuthService, read_signed_file
from ksefdesk.services.certificates import CertificateService
from ksefdesk.services.company_admin import CompanyAdmin
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.payments import PaymentService
from ksefdesk.services.sandbox_host import SandboxHost
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.send import Sender
from ksefdesk.services.store import CompanyRepository, SettingsRepository
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.system_notices import SystemNotices
from ksefdesk.services.tasks import TaskHandle, TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.glossary import explain
from ksefdesk.ui.signature_doctor import SignatureDoctorDialog
from ksefdesk.ui.widgets import CountdownLabel, DropZone

log = logging.getLogger(__name__)

PAGE_METHOD, PAGE_ENVIRONMENT, PAGE_COMPANY, PAGE_DOWNLOAD, PAGE_UPLOAD, PAGE_CERTIFICATE, PAGE_TOKEN, PAGE_RESULT = (
    range(8)
)
VENDORS = "CenCert, Szafir (KIR), Certum (proCertum), Sigillum (PWPW), EuroCert"


@dataclass
class UiServices:
    """What the windows need, built by the composition root and handed in (no globals)."""

    companies: CompanyRepository
    auth: AuthService
    runner: TaskRunner
    dialogs: Dialogs
    lang: Lang
    sandbox: SandboxHost | None = None
    settings: SettingsRepository | None = None
    data_dir: str = ""
    invoices: InvoiceRepository | None = None
    sender: Sender | None = None
    scheduler: SyncScheduler | None = None
    secret_store: Callable[[], str] | None = None
    certificates: CertificateService | None = None
    admin: CompanyAdmin | None = None
    payments: PaymentService | None = None
    notices: SystemNotices = field(default_factory=SystemNotices)  # the KsefHttp clients report to it


WizardServices = UiServices  # the wizard needs only part of it


def _wrap(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _message_block(error: UserError, lang: Lang) -> str:
    return f"<b>{error.message(lang)}</b><br>{error.action(lang)}"


class WizardPage(QWizardPage):
    @property
    def flow(self) -> AuthWizard:
        wizard = self.wizard()
        assert isinstance(wizard, AuthWizard)
        return wizard


# --- 1. method -----------------------------------------------------------------------------------------
class MethodPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("How do you want to log in to KSeF?"))
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        choices = [
            (
                AuthMethod.SIGNATURE,
                self.tr("Qualified electronic signature"),
                self.tr(
                    "For the first login or when you sign with a card: you download a file, sign it in your "
                    "signing software and upload it here."
                ),
            ),
            (
                AuthMethod.CERTIFICATE,
                self.tr("Certificate file on this computer"),
                self.tr(
                    "A .p12/.pfx or PEM certificate with its key (for example a KSeF certificate): KSeF Desk "
                    "signs for you."
                ),
            ),
            (
                AuthMethod.TOKEN,
                self.tr("KSeF token"),
                self.tr(
                    "A token created in KSeF or by KSeF Desk after a signature login; logins then renew automatically."
                ),
            ),
        ]
        self.buttons: dict[AuthMethod, QRadioButton] = {}
        for method, title, description in choices:
            button = QRadioButton(title)
            button.setAccessibleDescription(description)
            self.group.addButton(button)
            self.buttons[method] = button
            layout.addWidget(button)
            hint = _wrap(description)
            hint.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(hint)
        self.buttons[AuthMethod.SIGNATURE].setChecked(True)
        layout.addStretch()

    def method(self) -> AuthMethod:
        return next(m for m, b in self.buttons.items() if b.isChecked())

    def nextId(self) -> int:
        return self.flow.action_page() if self.flow.reauthorize else PAGE_ENVIRONMENT


# --- 2. environment ------------------------------------------------------------------------------------
class EnvironmentPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Which KSeF environment?"))
        layout = QVBoxLayout(self)
        self.buttons: dict[Environment, QRadioButton] = {}
        descriptions = {
            Environment.SANDBOX: (
                self.tr("Local sandbox"),
                self.tr("Try everything on this computer, without a KSeF account. Nothing is sent to the Ministry."),
            ),
            Environment.TEST: (
                self.tr("TEST"),
                self.tr(
                    "The Ministry's test environment; accepts self-signed certificates. Never use real data there."
                ),
            ),
            Environment.DEMO: (
                self.tr("DEMO (pre-production)"),
                self.tr("Final checks on a copy of production, with real signatures."),
            ),
            Environment.PROD: (self.tr("PRODUCTION"), self.tr("Legally binding invoices.")),
        }
        group = QButtonGroup(self)
        for environment, (title, description) in descriptions.items():
            button = QRadioButton(title)
            group.addButton(button)
            self.buttons[environment] = button
            layout.addWidget(button)
            hint = _wrap(description)
            hint.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(hint)
            button.toggled.connect(self._update)
        self.warning = QFrame()
        self.warning.setStyleSheet("QFrame { background: #fdecea; border: 1px solid #b71c1c; border-radius: 4px; }")
        warning_layout = QVBoxLayout(self.warning)
        text = _wrap(
            self.tr(
                "<b>Production is irreversible.</b> The first invoice sent to KSeF obliges the company to "
                "send all later invoices through KSeF, and sent invoices can never be deleted, only "
                "corrected."
            )
        )
        text.setStyleSheet("border: none; color: #b71c1c;")
        warning_layout.addWidget(text)
        self.confirm = QCheckBox(self.tr("I understand and want to use PRODUCTION"))
        self.confirm.setStyleSheet("border: none;")
        self.confirm.toggled.connect(self.completeChanged)
        warning_layout.addWidget(self.confirm)
        layout.addWidget(self.warning)
        layout.addStretch()
        self.buttons[Environment.SANDBOX].setChecked(True)
        self._update()

    def initializePage(self) -> None:
        leaving = self.flow.switch_from
        if leaving is None:
            return
        current = self.buttons[leaving.environment]
        current.setEnabled(False)
        current.setText(current.text() + " — " + self.tr("in use now"))
        if current.isChecked():
            next(b for b in self.buttons.values() if b.isEnabled()).setChecked(True)

    def environment(self) -> Environment:
        return next(e for e, b in self.buttons.items() if b.isChecked())

    def _update(self) -> None:
        production = self.environment() is Environment.PROD
        self.warning.setVisible(production)
        if not production:
            self.confirm.setChecked(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.environment() is not Environment.PROD or self.confirm.isChecked()


# --- 3. company ----------------------------------------------------------------------------------------
class CompanyPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Which company?"))
        form = QFormLayout(self)
        self.nip = QLineEdit()
        self.nip.setPlaceholderText("526-587-76-35")
        self.nip.setAccessibleName(self.tr("Company NIP"))
        self.nip.textChanged.connect(self._validate)
        self.nip_status = _wrap("")
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Company name (optional)"))
        self.name.setMaxLength(256)
        form.addRow(self.tr("NIP:"), self.nip)
        form.addRow("", self.nip_status)
        form.addRow(self.tr("Name (optional):"), self.name)
        self._error: UserError | None = UserError("nip.empty")

    def initializePage(self) -> None:
        leaving = self.flow.switch_from
        if leaving is not None:  # the same company, in another environment
            self.nip.setText(leaving.nip)
            self.nip.setReadOnly(True)
            if not self.name.text():
                self.name.setText(leaving.name)
        self._validate()

    def _validate(self) -> None:
        lang = self.flow.services.lang
        self._error = nip_problem(self.nip.text())
        if self._error is None:
            existing = self.flow.services.companies.find(normalize_nip(self.nip.text()))
            environment = self.flow.environment()
            if existing and existing.environment is not environment and not self.flow.may_replace(existing):
                self._error = UserError("company.duplicate", nip=existing.nip, environment=existing.environment.value)
        if self._error is None:
            self.nip_status.setStyleSheet("color: #1b5e20;")
            self.nip_status.setText("✓ " + self.tr("Correct NIP"))
        elif self.nip.text().strip():
            self.nip_status.setStyleSheet("color: #b71c1c;")
            self.nip_status.setText(f"{self._error.message(lang)} {self._error.action(lang)}")
        else:
            self.nip_status.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._error is None

    def validatePage(self) -> bool:
        try:
            self.flow.adopt_company(self.nip.text(), self.name.text())
        except UserError as exc:
            self.flow.services.dialogs.show_error(self, exc)
            return False
        return True

    def nextId(self) -> int:
        return self.flow.action_page()


class CountdownStrip(QWidget):
    """The countdown and "get a new file" button shared by the download and upload pages."""

    def __init__(self, page: WizardPage) -> None:
        super().__init__()
        self.page = page
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.countdown = CountdownLabel()
        self.renew = QPushButton(self.tr("Get a new file to sign"))
        self.renew.setVisible(False)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.renew)


# --- 4. download the file to sign ------------------------------------------------------------------------
class DownloadPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Download the file to sign"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrap(
                self.tr(
                    "1. Download the file and save it where your signing software can open it.<br>"
                    "2. Sign it with your qualified signature in the <b>XAdES</b> format, as an <b>enveloped</b> "
                    "(internal) signature, not a detached one or a PDF.<br>"
                    "3. Upload the signed file on the next page before the time runs out."
                )
            )
        )
        layout.addWidget(_wrap(self.tr("Signing software from: %1").replace("%1", VENDORS)))
        self.trusted_profile = _wrap(
            self.tr(
                "<b>Only podpis zaufany (trusted profile)?</b> Sign the downloaded file on gov.pl: “Podpisz "
                "dokument elektronicznie” → add the file → sign with the trusted profile → download the signed XML "
                "and upload it here. Or create a KSeF token or certificate in the Ministry's KSeF app "
                "(ksef.podatki.gov.pl) and log in with it here instead."
            )
        )
        self.trusted_profile.setToolTip(explain("Podpis zaufany"))
        layout.addWidget(self.trusted_profile)
        self.doctor = QPushButton(self.tr("Which options to choose in my signing program?"))
        self.doctor.clicked.connect(self.open_doctor)
        layout.addWidget(self.doctor)
        self.download = QPushButton(self.tr("Download the file to sign…"))
        self.download.clicked.connect(self.flow_download)
        layout.addWidget(self.download)
        self.download.setToolTip(explain("XAdES"))
        self.saved = _wrap("")
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.saved)
        self.strip = CountdownStrip(self)
        self.strip.renew.clicked.connect(self.flow_download)
        self.strip.countdown.expired.connect(self._expired)
        layout.addWidget(self.strip)
        layout.addStretch()

    def open_doctor(self) -> SignatureDoctorDialog:
        dialog = SignatureDoctorDialog(self)
        dialog.open()
        self.doctor_dialog = dialog
        return dialog

    def flow_download(self) -> None:
        self.flow.download_request(self)

    def show_saved(self, path: str, request: PendingRequest) -> None:
        self.flow.request_path = path
        self.saved.setText(self.tr("Saved: %1").replace("%1", path))
        self.strip.countdown.start(request.deadline, datetime.now(UTC))
        self.strip.renew.setVisible(False)
        self.completeChanged.emit()
        self.flow.focus_next()  # the next step, never "< Back"

    def _expired(self) -> None:
        self.strip.renew.setVisible(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.flow.pending is not None and self.strip.countdown.remaining() > 0

    def nextId(self) -> int:
        return PAGE_UPLOAD


# --- 5. upload the signed file --------------------------------------------------------------------------
class UploadPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Upload the signed file"))
        layout = QVBoxLayout(self)
        self.strip = CountdownStrip(self)
        self.strip.renew.clicked.connect(self._renew)
        self.strip.countdown.expired.connect(self._expired)
        layout.addWidget(self.strip)
        choose = QPushButton(self.tr("Choose the signed file…"))
        choose.clicked.connect(self._choose)
        self.sign_here = QPushButton(self.tr("Sign here with my signature card…"))
        self.sign_here.setToolTip(
            self.tr("KSeF Desk signs the file with your card (PKCS#11): no signing software, no copying files")
        )
        self.sign_here.clicked.connect(self.open_card_signing)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(choose)
        buttons_row.addWidget(self.sign_here)
        buttons_row.addStretch()
        layout.addLayout(buttons_row)
        self.drop = DropZone(self.tr("…or drop the signed file here"))
        self.drop.file_dropped.connect(self.load)
        layout.addWidget(self.drop)
        watch_row = QHBoxLayout()
        self.watch = QCheckBox(self.tr("Watch a folder for the signed file (e.g. a USB stick)"))
        self.watch.toggled.connect(self._toggle_watch)
        watch_row.addWidget(self.watch)
        layout.addLayout(watch_row)
        self.result = _wrap("")
        self.result.setAccessibleName(self.tr("Result of the signature check"))
        layout.addWidget(self.result)
        # the app is not sure: it warns and lets KSeF decide, never a dead end
        self.send_anyway = QPushButton(self.tr("Send to KSeF anyway"))
        self.send_anyway.setToolTip(self.tr("KSeF checks the signature itself and says plainly if it refuses it"))
        self.send_anyway.setVisible(False)
        self.send_anyway.clicked.connect(self._force)
        layout.addWidget(self.send_anyway)
        layout.addStretch()
        self.force = False
        self._uncertain: bytes | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self._seen: set[str] = set()
        self.signed: bytes | None = None
        self.checking = False

    def initializePage(self) -> None:
        request = self.flow.pending
        if request is not None:
            self.strip.countdown.start(request.deadline, datetime.now(UTC))
            self.strip.renew.setVisible(False)

    def open_card_signing(self) -> QDialog:
        from ksefdesk.ui.sign_file_dialog import SignFileDialog

        services = self.flow.services
        dialog = SignFileDialog(services.dialogs, services.runner, services.lang, self, self.flow.request_path)
        dialog.signed.connect(lambda path: (self.load(path), dialog.accept()))
        dialog.open()
        return dialog

    def _choose(self) -> None:
        path = self.flow.services.dialogs.open_file(
            self, self.tr("Choose the signed file"), self.tr("Signed XML (*.xml *.xades *.XML);;All files (*)")
        )
        if path:
            self.load(path)

    def _toggle_watch(self, on: bool) -> None:
        for folder in self.watcher.directories():
            self.watcher.removePath(folder)
        if on:
            folder = self.flow.services.dialogs.choose_folder(self, self.tr("Folder to watch"))
            if not folder:
                self.watch.setChecked(False)
                return
            self._seen = {str(p) for p in Path(folder).glob("*")}
            self.watcher.addPath(folder)
            self.watch.setText(self.tr("Watching %1 for the signed file").replace("%1", folder))

    def _folder_changed(self, folder: str) -> None:
        for path in sorted(Path(folder).glob("*.xml"), key=lambda p: p.stat().st_mtime, reverse=True):
            if str(path) not in self._seen:
                self._seen.add(str(path))
                self.load(str(path))
                return

    def load(self, path: str) -> None:
        self.signed = None
        self.checking = True
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Checking the signature…"))
        self.completeChanged.emit()
        self.flow.precheck_file(path, self)

    def show_check(self, data: bytes | None, error: UserError | None, who: str = "", notes: str = "") -> None:
        """``who``: the signer as KSeF will see them; ``notes``: warnings worth reading before sending."""
        self.checking = False
        self.force = False
        uncertain = isinstance(error, UncertainSignature)
        self._uncertain = data if uncertain else None
        self.send_anyway.setVisible(uncertain)
        self.signed = data if error is None else None
        if error is None:
            self.result.setStyleSheet("color: #1b5e20;")
            text = "✓ " + self.tr("The file is correctly signed (%1). You can send it to KSeF.").replace("%1", who)
            if notes:
                text += f"<br><span style='color:#8a4b00'>⚠ {notes}</span>"
            self.result.setText(text)
        elif uncertain:
            self.result.setStyleSheet("color: #8a4b00;")
            self.result.setText(
                "⚠ "
                + _message_block(error, self.flow.services.lang)
                + "<br>"
                + self.tr("KSeF may still accept it: you can send it and KSeF will decide.")
            )
        else:
            self.result.setStyleSheet("color: #b71c1c;")
            self.result.setText(_message_block(error, self.flow.services.lang))
            if error.code == "signed.expired":
                self.strip.renew.setVisible(True)
        self.completeChanged.emit()
        self.flow.focus_next()

    def _force(self) -> None:
        self.signed, self.force = self._uncertain, True
        self.send_anyway.setVisible(False)
        self.result.setText(
            self.result.text() + "<br>" + self.tr("It will be sent as it is: KSeF's own answer follows.")
        )
        self.completeChanged.emit()
        self.flow.focus_next()

    def _renew(self) -> None:
        self.flow.back_to_download()

    def _expired(self) -> None:
        self.strip.renew.setVisible(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.signed is not None and self.strip.countdown.remaining() > 0

    def nextId(self) -> int:
        return PAGE_RESULT


# --- certificate file and token pages ------------------------------------------------------------------------
class CertificatePage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Certificate file on this computer"))
        form = QFormLayout(self)
        self.cert = QLineEdit()
        self.key = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cert.setAccessibleName(self.tr("Certificate file"))
        self.key.setAccessibleName(self.tr("Key file (PEM, optional)"))
        self.password.setAccessibleName(self.tr("Key password"))
        for line, title in (
            (self.cert, self.tr("Certificate (.p12, .pfx, .pem):")),
            (self.key, self.tr("Key (PEM, if separate):")),
        ):
            row = QHBoxLayout()
            row.addWidget(line)
            browse = QPushButton(self.tr("Browse…"))
            browse.clicked.connect(lambda _=False, target=line: self._browse(target))
            row.addWidget(browse)
            form.addRow(title, row)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", _wrap(self.tr("The password is used only now and is not stored.")))
        self.cert.textChanged.connect(self.completeChanged)

    def _browse(self, target: QLineEdit) -> None:
        path = self.flow.services.dialogs.open_file(
            self, self.tr("Choose a file"), self.tr("Certificates (*.p12 *.pfx *.pem *.crt *.key);;All files (*)")
        )
        if path:
            target.setText(path)

    def isComplete(self) -> bool:
        return bool(self.cert.text().strip())

    def nextId(self) -> int:
        return PAGE_RESULT


class TokenPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("KSeF token"))
        layout = QVBoxLayout(self)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("KSeF token"))
        self.token.textChanged.connect(self.completeChanged)
        layout.addWidget(_wrap(self.tr("Paste the KSeF token:")))
        layout.addWidget(self.token)
        self.remember = QCheckBox(self.tr("Remember the token to renew the login automatically"))
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        layout.addStretch()

    def isComplete(self) -> bool:
        return bool(self.token.text().strip())

    def nextId(self) -> int:
        return PAGE_RESULT


# --- progress and result ----------------------------------------------------------------------------------
class ResultPage(WizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("KSeF is checking your login"))
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Waiting for KSeF"))
        layout.addWidget(self.progress)
        self.message = _wrap("")
        self.message.setAccessibleName(self.tr("Result"))
        layout.addWidget(self.message)
        self.stay = QPushButton(self.tr("Stay connected: request a KSeF certificate (recommended)"))
        self.stay.setToolTip(
            self.tr(
                "KSeF Desk keeps the certificate's key in the secure store and logs in again by itself when "
                "the login ends: no card, no token. It also works after KSeF tokens end on 31 Dec 2026."
            )
        )
        self.stay.setVisible(False)
        self.stay.clicked.connect(lambda: self.flow.stay_connected(self))
        layout.addWidget(self.stay)
        self.offer = QPushButton(self.tr("Create a KSeF token for automatic renewal"))
        self.offer.setVisible(False)
        self.offer.clicked.connect(lambda: self.flow.create_token(self))
        layout.addWidget(self.offer)
        self.offer_result = _wrap("")
        layout.addWidget(self.offer_result)
        layout.addStretch()
        self.done = False
        self.succeeded = False

    def initializePage(self) -> None:
        self.done = self.succeeded = False
        self.offer.setVisible(False)
        self.stay.setVisible(False)
        self.offer_result.setText("")
        self.progress.setVisible(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Sending to KSeF and waiting for it to verify the login…"))
        self.setTitle(self.tr("KSeF is checking your login"))
        self.flow.start_login(self)

    def _finished(self) -> None:
        """The last page: only Finish (and Back after a failure); focus never on Back."""
        wizard = self.wizard()
        wizard.button(QWizard.WizardButton.CancelButton).setVisible(False)
        wizard.button(QWizard.WizardButton.BackButton).setVisible(not self.succeeded)
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        finish.setDefault(True)
        finish.setFocus()

    def cleanupPage(self) -> None:
        self.wizard().button(QWizard.WizardButton.CancelButton).setVisible(True)
        self.wizard().button(QWizard.WizardButton.BackButton).setVisible(True)

    def show_success(self, company: Company, method: AuthMethod) -> None:
        self.done = self.succeeded = True
        self.progress.setVisible(False)
        self.setTitle(self.tr("Connected"))
        self.message.setStyleSheet("color: #1b5e20;")
        text = self.tr("<b>%1 is connected to KSeF.</b> Invoices can now be sent and received.").replace(
            "%1", company.display_name
        )
        if method in (AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE):
            text += "<br>" + self.tr(
                "A signature login lasts up to 7 days. A KSeF certificate (or a KSeF token) lets KSeF Desk "
                "renew it without your card."
            )
            self.stay.setVisible(self.flow.services.certificates is not None)
            self.offer.setVisible(True)
        self.message.setText(text)
        self.completeChanged.emit()
        self._finished()

    def show_failure(self, error: UserError) -> None:
        self.done, self.succeeded = True, False
        self.progress.setVisible(False)
        self.setTitle(self.tr("Not connected"))
        self.message.setStyleSheet("color: #b71c1c;")
        details = f"<br><small>{error.details}</small>" if error.details else ""
        self.message.setText(_message_block(error, self.flow.services.lang) + details)
        self.completeChanged.emit()
        self._finished()

    def isComplete(self) -> bool:
        return self.done

    def nextId(self) -> int:
        return -1


class AuthWizard(QWizard):
    """``company`` given = re-authorize it (method page only); otherwise add a new one."""

    connected = Signal(str)  # NIP

    def __init__(
        self,
        services: WizardServices,
        company: Company | None = None,
        parent: QWidget | None = None,
        *,
        switch_from: Company | None = None,
    ) -> None:
        """``switch_from``: log this company in to another environment. Nothing changes until that
        login succeeds; then its current environment stays on this computer as an archive."""
        super().__init__(parent)
        self.services = services
        self.company = company
        self.reauthorize = company is not None
        self.switch_from = switch_from
        self.switching = False  # the switch has begun (see CompanyAdmin.begin_switch) and is not final
        self.created_company = False
        self.pending: PendingRequest | None = None
        self.request_path = ""  # where the file to sign was saved (the card signing window starts there)
        self._tasks: list[TaskHandle] = []
        if switch_from is not None:
            self.setWindowTitle(
                self.tr("Switch %1 to another KSeF environment").replace("%1", switch_from.display_name)
            )
        else:
            self.setWindowTitle(self.tr("Authorize a company with KSeF"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(720, 520)
        self.method_page = MethodPage()
        self.environment_page = EnvironmentPage()
        self.company_page = CompanyPage()
        self.download_page = DownloadPage()
        self.upload_page = UploadPage()
        self.certificate_page = CertificatePage()
        self.token_page = TokenPage()
        self.result_page = ResultPage()
        for page_id, page in (
            (PAGE_METHOD, self.method_page),
            (PAGE_ENVIRONMENT, self.environment_page),
            (PAGE_COMPANY, self.company_page),
            (PAGE_DOWNLOAD, self.download_page),
            (PAGE_UPLOAD, self.upload_page),
            (PAGE_CERTIFICATE, self.certificate_page),
            (PAGE_TOKEN, self.token_page),
            (PAGE_RESULT, self.result_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_METHOD)

    # --- choices so far ------------------------------------------------------------------------------
    def method(self) -> AuthMethod:
        return self.method_page.method()

    def environment(self) -> Environment:
        return self.company.environment if self.company else self.environment_page.environment()

    def action_page(self) -> int:
        return {
            AuthMethod.SIGNATURE: PAGE_DOWNLOAD,
            AuthMethod.CERTIFICATE: PAGE_CERTIFICATE,
            AuthMethod.TOKEN: PAGE_TOKEN,
        }[self.method()]

    def may_replace(self, existing: Company) -> bool:
        """The company found under this NIP is the one this wizard switches (or made itself)."""
        if self.switch_from is not None and existing.id in (self.switch_from.id, getattr(self.company, "id", None)):
            return True
        return self.created_company and self.company is not None and existing.id == self.company.id

    def adopt_company(self, nip_text: str, name: str) -> Company:
        companies = self.services.companies
        nip = normalize_nip(nip_text)
        environment = self.environment()
        existing = companies.find(nip)
        if existing is not None and existing.environment is not environment and self.may_replace(existing):
            self._undo_company()  # Back, another environment chosen: start from where the wizard began
            existing = companies.find(nip)
        if self.switch_from is not None and not self.switching:
            assert self.services.admin is not None
            existing = self.services.admin.begin_switch(nip, environment)
            self.switching = True
            if name.strip() and name.strip() != existing.name:
                existing = companies.rename(nip, name)
        elif existing is None:
            existing = companies.add(nip, environment, name=name)
            self.created_company = True
        elif name.strip() and name.strip() != existing.name:
            existing = companies.rename(nip, name)
        self.company = existing
        return existing

    def _undo_company(self) -> None:
        """Whatever this wizard stored for a company that did not log in goes again."""
        company = self.company
        if self.switching and company is not None:
            assert self.services.admin is not None
            self.services.admin.cancel_switch(company.nip)
            self.switching = False
            self.company = None
        elif self.created_company and company is not None:
            current = self.services.companies.find(company.nip)
            if current is not None and current.status is ConnectionStatus.NOT_AUTHORIZED:
                self.services.companies.remove(company.nip)  # nothing half-stored after a cancel
            self.created_company = False
            self.company = None

    def focus_next(self) -> None:
        """After an action on a page, the keyboard focus goes to Next (or Finish), never to Back."""
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            button = self.button(which)
            if button.isVisible() and button.isEnabled():
                button.setDefault(True)
                button.setFocus()
                return

    # --- background work ---------------------------------------------------------------------------------
    def _run(self, work: Any, on_done: Any, on_error: Any) -> None:
        self._tasks.append(self.services.runner.run(work, on_done, on_error))

    def download_request(self, page: DownloadPage) -> None:
        assert self.company is not None
        nip = self.company.nip
        page.download.setEnabled(False)

        def saved(request: PendingRequest) -> None:
            page.download.setEnabled(True)
            stamp = request.challenge_time.astimezone().strftime("%Y%m%d-%H%M")
            suggested = str(Path.home() / f"ksef-logowanie-{nip}-{stamp}.xml")
            path = self.services.dialogs.save_file(
                page, self.tr("Save the file to sign"), suggested, self.tr("XML (*.xml)")
            )
            if not path:
                return
            try:
                Path(path).write_bytes(request.document)
            except OSError as exc:
                self.services.dialogs.show_error(
                    page, UserError("file.unwritable", path=path, reason=exc.strerror or str(exc))
                )
                return
            self.pending = request
            page.show_saved(path, request)

        def failed(error: UserError) -> None:
            page.download.setEnabled(True)
            self.services.dialogs.show_error(page, error)

        self._run(lambda cancel: self.services.auth.request_document(nip, cancel=cancel), saved, failed)

    def back_to_download(self) -> None:
        while self.currentId() != PAGE_DOWNLOAD and self.currentId() != PAGE_METHOD:
            self.back()
        if self.currentId() == PAGE_DOWNLOAD:
            self.download_page.flow_download()

    def precheck_file(self, path: str, page: UploadPage) -> None:
        assert self.company is not None
        nip = self.company.nip

        lang = self.services.lang
        read: list[bytes] = []

        def check(_: CancelToken) -> tuple[bytes, str, str]:
            data = read_signed_file(path)
            read.append(data)
            signed = self.services.auth.precheck(nip, data)
            notes = [w.message(lang) + " " + w.action(lang) for w in signed.warnings]
            identity = signed.identity
            if identity is not None and identity.kind is IdentityKind.NIP and identity.value != nip:
                notes.append(
                    self.tr(
                        "It was signed with a certificate of another company (NIP %1): KSeF lets it in only if that "
                        "company has permissions in the context of NIP %2."
                    )
                    .replace("%1", identity.value)
                    .replace("%2", nip)
                )
            return data, signed.signer_label(lang), " ".join(notes)

        self._run(
            check,
            lambda result: page.show_check(result[0], None, result[1], result[2]),
            lambda error: page.show_check(read[0] if read else None, error),
        )

    def start_login(self, page: ResultPage) -> None:
        auth = self.services.auth
        method = self.method()
        assert self.company is not None
        nip = self.company.nip
        if method is AuthMethod.SIGNATURE:
            signed, force = self.upload_page.signed or b"", self.upload_page.force
            work = lambda cancel: auth.submit_signed(nip, signed, force=force, cancel=cancel)  # noqa: E731
        elif method is AuthMethod.CERTIFICATE:
            cert_path, key_path = self.certificate_page.cert.text().strip(), self.certificate_page.key.text().strip()
            password = self.certificate_page.password.text() or None

            def work(cancel: CancelToken) -> Company:
                try:
                    cert = Path(cert_path).read_bytes()
                    key = Path(key_path).read_bytes() if key_path else None
                except OSError as exc:
                    raise UserError("file.unreadable", path=cert_path, reason=exc.strerror or str(exc)) from exc
                return auth.sign_in(nip, load_signing_material(cert, key, password, cert_path), cancel=cancel)
        else:
            token, remember = self.token_page.token.text(), self.token_page.remember.isChecked()
            work = lambda cancel: auth.login_with_token(nip, token, remember=remember, cancel=cancel)  # noqa: E731

        def done(company: Company) -> None:
            if self.switching:
                assert self.services.admin is not None
                company = self.services.admin.finish_switch(company.nip)  # the old environment: an archive
                self.switching = False
            self.company = company
            self.created_company = False  # authorized: it stays even if the wizard is closed
            page.show_success(company, method)
            self.connected.emit(company.nip)

        self._run(work, done, page.show_failure)

    def stay_connected(self, page: ResultPage) -> None:
        """Right after a signature login (KSeF requires one): a KSeF Authentication certificate."""
        assert self.company is not None and self.services.certificates is not None
        nip, certificates = self.company.nip, self.services.certificates
        page.stay.setEnabled(False)
        page.offer.setEnabled(False)

        def done(stored: object) -> None:
            page.stay.setVisible(False)
            page.offer.setVisible(False)
            page.offer_result.setStyleSheet("color: #1b5e20;")
            until = getattr(stored, "valid_to", None)
            page.offer_result.setText(
                self.tr("Done: KSeF Desk now logs in by itself with its KSeF certificate (valid until %1).").replace(
                    "%1", format_date(until, self.services.lang) if until else "?"
                )
            )
            self.connected.emit(nip)  # the company list shows the new way it logs in (certificate ↻) at once

        def failed(error: UserError) -> None:
            page.stay.setEnabled(True)
            page.offer.setEnabled(True)
            page.offer_result.setStyleSheet("color: #b71c1c;")
            page.offer_result.setText(_message_block(error, self.services.lang))

        self._run(lambda cancel: certificates.enroll(nip, "Authentication", cancel=cancel), done, failed)

    def create_token(self, page: ResultPage) -> None:
        assert self.company is not None
        nip = self.company.nip
        page.offer.setEnabled(False)

        def done(_: object) -> None:
            page.offer.setVisible(False)
            page.offer_result.setStyleSheet("color: #1b5e20;")
            page.offer_result.setText(self.tr("Done: later logins renew automatically, without your card."))

        def failed(error: UserError) -> None:
            page.offer.setEnabled(True)
            page.offer_result.setStyleSheet("color: #b71c1c;")
            page.offer_result.setText(_message_block(error, self.services.lang))

        self._run(lambda cancel: self.services.auth.create_app_token(nip, cancel=cancel), done, failed)

    # --- leaving ---------------------------------------------------------------------------------------------
    def _cleanup(self) -> None:
        for handle in self._tasks:
            self.services.runner.forget(handle)
        self._tasks.clear()
        self.download_page.strip.countdown.stop()
        self.upload_page.strip.countdown.stop()
        self._undo_company()

    def reject(self) -> None:
        self._cleanup()
        super().reject()

    def accept(self) -> None:
        self._cleanup()
        super().accept()
