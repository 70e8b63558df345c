"""The authorization wizard: one page per step of the authorization flow (services/authorization_flow.py).

The pages only show the flow's state and forward what the user does: the flow decides which step follows,
what each step needs and what is stored (the company too). Network and crypto run on the TaskRunner's
threads. The wizard can be cancelled at any moment: running tasks are cancelled and the flow undoes what it
stored, so nothing is left half-stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

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
from ksefdesk.core.models import AuthMethod, Company, Environment
from ksefdesk.services.authorization_flow import AuthorizationFlow, Precheck, Step, Verdict, suggested_request_file
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.certificates import StoredCertificate
from ksefdesk.services.tasks import TaskHandle
from ksefdesk.ui.glossary import explain
from ksefdesk.ui.signature_doctor import SignatureDoctorDialog
from ksefdesk.ui.ui_services import UiServices as UiServices  # re-exported: the windows import it from here
from ksefdesk.ui.widgets import CountdownLabel, DropZone

log = logging.getLogger(__name__)

PAGE_METHOD, PAGE_ENVIRONMENT, PAGE_COMPANY, PAGE_DOWNLOAD, PAGE_UPLOAD, PAGE_CERTIFICATE, PAGE_TOKEN, PAGE_RESULT = (
    range(8)
)
STEP_PAGES = {
    Step.METHOD: PAGE_METHOD,
    Step.ENVIRONMENT: PAGE_ENVIRONMENT,
    Step.COMPANY: PAGE_COMPANY,
    Step.DOWNLOAD: PAGE_DOWNLOAD,
    Step.UPLOAD: PAGE_UPLOAD,
    Step.CERTIFICATE: PAGE_CERTIFICATE,
    Step.TOKEN: PAGE_TOKEN,
    Step.RESULT: PAGE_RESULT,
}
VENDORS = "CenCert, Szafir (KIR), Certum (proCertum), Sigillum (PWPW), EuroCert"


WizardServices = UiServices  # the wizard needs only part of it


def _wrap(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _message_block(error: UserError, lang: Lang) -> str:
    return f"<b>{error.message(lang)}</b><br>{error.action(lang)}"


Done = Callable[[Any], None]
Failed = Callable[[UserError], None]


@dataclass(frozen=True)
class WizardContext:
    """What every page works with: the flow it shows, the services, and the wizard's own task list and
    Next button (pages never reach into one another)."""

    flow: AuthorizationFlow
    services: WizardServices
    run: Callable[[Callable[[CancelToken], Any], Done, Failed], None]
    focus_next: Callable[[], None]


class WizardPage(QWizardPage):
    """A view of one step of the flow: the flow says whether it is complete and which step follows."""

    step: ClassVar[Step]

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self.context = context
        self.flow = context.flow
        self.services = context.services

    def isComplete(self) -> bool:
        return self.flow.complete(self.step)

    def validatePage(self) -> bool:
        try:
            return self.flow.next()
        except UserError as exc:
            self.services.dialogs.show_error(self, exc)
            return False

    def nextId(self) -> int:
        following = self.flow.following(self.step)
        return -1 if following is None else STEP_PAGES[following]

    def cleanupPage(self) -> None:  # Back
        self.flow.back()
        super().cleanupPage()


# --- 1. method -----------------------------------------------------------------------------------------
class MethodPage(WizardPage):
    step = Step.METHOD

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
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
        self.hints: dict[AuthMethod, QLabel] = {}  # a wizard offering fewer methods hides both
        for method, title, description in choices:
            button = QRadioButton(title)
            button.setAccessibleDescription(description)
            self.group.addButton(button)
            self.buttons[method] = button
            layout.addWidget(button)
            hint = _wrap(description)
            hint.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(hint)
            self.hints[method] = hint
            button.toggled.connect(self._chosen)
        self.buttons[self.flow.method].setChecked(True)
        layout.addStretch()

    def _chosen(self) -> None:
        self.flow.choose_method(next(m for m, b in self.buttons.items() if b.isChecked()))


# --- 2. environment ------------------------------------------------------------------------------------
class EnvironmentPage(WizardPage):
    step = Step.ENVIRONMENT

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
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
        offered = self.flow.environments()
        for environment, (title, description) in descriptions.items():
            button = QRadioButton(title)
            if environment not in offered:  # a switch: the environment in use now
                button.setEnabled(False)
                button.setText(title + " — " + self.tr("in use now"))
            group.addButton(button)
            self.buttons[environment] = button
            layout.addWidget(button)
            hint = _wrap(description)
            hint.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(hint)
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
        self.confirm.toggled.connect(self._confirmed)
        warning_layout.addWidget(self.confirm)
        layout.addWidget(self.warning)
        layout.addStretch()
        for button in self.buttons.values():
            button.toggled.connect(self._chosen)
        self.buttons[self.flow.environment_choice].setChecked(True)
        self._show()

    def _chosen(self) -> None:
        self.flow.choose_environment(next(e for e, b in self.buttons.items() if b.isChecked()))
        self._show()

    def _confirmed(self, on: bool) -> None:
        self.flow.confirm_production(on)
        self.completeChanged.emit()

    def _show(self) -> None:
        self.warning.setVisible(self.flow.environment_choice is Environment.PROD)
        self.confirm.setChecked(self.flow.production_confirmed)
        self.completeChanged.emit()


# --- 3. company ----------------------------------------------------------------------------------------
class CompanyPage(WizardPage):
    step = Step.COMPANY

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Which company?"))
        form = QFormLayout(self)
        self.nip = QLineEdit()
        self.nip.setPlaceholderText("526-587-76-35")
        self.nip.setAccessibleName(self.tr("Company NIP"))
        self.nip.textChanged.connect(self._changed)
        self.nip_status = _wrap("")
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Company name (optional)"))
        self.name.setMaxLength(256)
        self.name.textChanged.connect(self._changed)
        form.addRow(self.tr("NIP:"), self.nip)
        form.addRow("", self.nip_status)
        form.addRow(self.tr("Name (optional):"), self.name)

    def initializePage(self) -> None:
        if self.flow.nip_locked:  # the same company, in another environment
            self.nip.setText(self.flow.nip_text)
            self.nip.setReadOnly(True)
            if not self.name.text():
                self.name.setText(self.flow.suggested_name)
        self._show()

    def _changed(self) -> None:
        self.flow.set_company(self.nip.text(), self.name.text())
        self._show()

    def _show(self) -> None:
        lang = self.services.lang
        error = self.flow.company_problem()
        if error is None:
            self.nip_status.setStyleSheet("color: #1b5e20;")
            self.nip_status.setText("✓ " + self.tr("Correct NIP"))
        elif self.nip.text().strip():
            self.nip_status.setStyleSheet("color: #b71c1c;")
            self.nip_status.setText(f"{error.message(lang)} {error.action(lang)}")
        else:
            self.nip_status.setText("")
        self.completeChanged.emit()


class CountdownStrip(QWidget):
    """The countdown and "get a new file" button shared by the download and upload pages."""

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.countdown = CountdownLabel()
        self.renew = QPushButton(self.tr("Get a new file to sign"))
        self.renew.setVisible(False)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.renew)

    def start(self, request: PendingRequest) -> None:
        self.countdown.start(request.deadline, datetime.now(UTC))


# --- 4. download the file to sign ------------------------------------------------------------------------
class DownloadPage(WizardPage):
    step = Step.DOWNLOAD

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
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
        self.download.clicked.connect(self.download_file)
        layout.addWidget(self.download)
        self.download.setToolTip(explain("XAdES"))
        self.saved = _wrap("")
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.saved)
        self.strip = CountdownStrip()
        self.strip.renew.clicked.connect(self.download_file)
        self.strip.countdown.expired.connect(self._expired)
        layout.addWidget(self.strip)
        layout.addStretch()

    def open_doctor(self) -> SignatureDoctorDialog:
        dialog = SignatureDoctorDialog(self)
        dialog.open()
        self.doctor_dialog = dialog
        return dialog

    def download_file(self) -> None:
        self.download.setEnabled(False)
        self.context.run(self.flow.download_work(), self._downloaded, self._download_failed)

    def _downloaded(self, request: PendingRequest) -> None:
        self.download.setEnabled(True)
        path = self.services.dialogs.save_file(
            self, self.tr("Save the file to sign"), suggested_request_file(request), self.tr("XML (*.xml)")
        )
        if not path:
            return
        try:
            self.flow.keep_request(request, path)
        except UserError as exc:
            self.services.dialogs.show_error(self, exc)
            return
        self.saved.setText(self.tr("Saved: %1").replace("%1", path))
        self.strip.start(request)
        self.strip.renew.setVisible(False)
        self.completeChanged.emit()
        self.context.focus_next()  # the next step, never "< Back"

    def _download_failed(self, error: UserError) -> None:
        self.download.setEnabled(True)
        self.services.dialogs.show_error(self, error)

    def _expired(self) -> None:
        self.strip.renew.setVisible(self.flow.offers_new_file)
        self.completeChanged.emit()


# --- 5. upload the signed file --------------------------------------------------------------------------
class UploadPage(WizardPage):
    step = Step.UPLOAD
    renew_requested = Signal()  # "Get a new file to sign": back to the download step

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Upload the signed file"))
        layout = QVBoxLayout(self)
        self.strip = CountdownStrip()
        self.strip.renew.clicked.connect(lambda: self.renew_requested.emit())
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
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self._seen: set[str] = set()
        self.checking = False

    @property
    def force(self) -> bool:
        """The file goes to KSeF although the pre-check could not decide."""
        return self.flow.force

    def initializePage(self) -> None:
        request = self.flow.pending
        if request is not None:
            self.strip.start(request)
            self.strip.renew.setVisible(self.flow.offers_new_file)
        if self.flow.check is None:  # a new file to sign: the one checked before answered the old one
            self.result.setStyleSheet("")
            self.result.setText("")
            self.send_anyway.setVisible(False)

    def open_card_signing(self) -> QDialog:
        from ksefdesk.ui.sign_file_dialog import SignFileDialog

        services = self.services
        dialog = SignFileDialog(services.dialogs, services.runner, services.lang, self, self.flow.request_path)

        def signed(path: str) -> None:
            self.load(path)
            dialog.accept()

        dialog.signed.connect(signed)
        dialog.open()
        return dialog

    def _choose(self) -> None:
        path = self.services.dialogs.open_file(
            self, self.tr("Choose the signed file"), self.tr("Signed XML (*.xml *.xades *.XML);;All files (*)")
        )
        if path:
            self.load(path)

    def _toggle_watch(self, on: bool) -> None:
        for watched in self.watcher.directories():
            self.watcher.removePath(watched)
        if on:
            folder = self.services.dialogs.choose_folder(self, self.tr("Folder to watch"))
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
        work = self.flow.precheck_work(path)
        self.checking = True
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Checking the signature…"))
        self.completeChanged.emit()
        self.context.run(work, self.show_check, lambda error: self.show_check(Precheck(None, error=error)))

    def show_check(self, check: Precheck) -> None:
        self.checking = False
        verdict = self.flow.checked(check)
        self.send_anyway.setVisible(verdict is Verdict.UNCERTAIN)
        lang = self.services.lang
        if check.error is None:
            self.result.setStyleSheet("color: #1b5e20;")
            who = check.checked.signer_label(lang) if check.checked is not None else ""
            text = "✓ " + self.tr("The file is correctly signed (%1). You can send it to KSeF.").replace("%1", who)
            notes = self._notes(check)
            if notes:
                text += f"<br><span style='color:#8a4b00'>⚠ {notes}</span>"
            self.result.setText(text)
        elif verdict is Verdict.UNCERTAIN:
            self.result.setStyleSheet("color: #8a4b00;")
            self.result.setText(
                "⚠ "
                + _message_block(check.error, lang)
                + "<br>"
                + self.tr("KSeF may still accept it: you can send it and KSeF will decide.")
            )
        else:
            self.result.setStyleSheet("color: #b71c1c;")
            self.result.setText(_message_block(check.error, lang))
        if self.flow.offers_new_file:
            self.strip.renew.setVisible(True)
        self.completeChanged.emit()
        self.context.focus_next()

    def _notes(self, check: Precheck) -> str:
        """The warnings worth reading before sending (they never stop it)."""
        lang = self.services.lang
        notes = [w.message(lang) + " " + w.action(lang) for w in check.warnings]
        if check.other_company_nip:
            notes.append(
                self.tr(
                    "It was signed with a certificate of another company (NIP %1): KSeF lets it in only if that "
                    "company has permissions in the context of NIP %2."
                )
                .replace("%1", check.other_company_nip)
                .replace("%2", self.flow.company.nip if self.flow.company else "")
            )
        return " ".join(notes)

    def _force(self) -> None:
        if not self.flow.send_anyway():
            return
        self.send_anyway.setVisible(False)
        self.result.setText(
            self.result.text() + "<br>" + self.tr("It will be sent as it is: KSeF's own answer follows.")
        )
        self.completeChanged.emit()
        self.context.focus_next()

    def _expired(self) -> None:
        self.strip.renew.setVisible(self.flow.offers_new_file)
        self.completeChanged.emit()


# --- certificate file and token pages ------------------------------------------------------------------------
class CertificatePage(WizardPage):
    step = Step.CERTIFICATE

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
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
        for line in (self.cert, self.key, self.password):
            line.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self.flow.set_certificate(self.cert.text(), self.key.text(), self.password.text())
        self.completeChanged.emit()

    def _browse(self, target: QLineEdit) -> None:
        path = self.services.dialogs.open_file(
            self, self.tr("Choose a file"), self.tr("Certificates (*.p12 *.pfx *.pem *.crt *.key);;All files (*)")
        )
        if path:
            target.setText(path)


class TokenPage(WizardPage):
    step = Step.TOKEN

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("KSeF token"))
        layout = QVBoxLayout(self)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("KSeF token"))
        layout.addWidget(_wrap(self.tr("Paste the KSeF token:")))
        layout.addWidget(self.token)
        self.remember = QCheckBox(self.tr("Remember the token to renew the login automatically"))
        self.remember.setChecked(self.flow.remember_token)
        layout.addWidget(self.remember)
        layout.addStretch()
        self.token.textChanged.connect(self._changed)
        self.remember.toggled.connect(self._changed)

    def _changed(self) -> None:
        self.flow.set_token(self.token.text(), self.remember.isChecked())
        self.completeChanged.emit()


# --- progress and result ----------------------------------------------------------------------------------
class ResultPage(WizardPage):
    step = Step.RESULT
    connected = Signal(str)  # NIP: logged in, or its way of logging in again changed

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
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
        self.stay.clicked.connect(self.stay_connected)
        layout.addWidget(self.stay)
        self.offer = QPushButton(self.tr("Create a KSeF token for automatic renewal"))
        self.offer.setVisible(False)
        self.offer.clicked.connect(self.create_token)
        layout.addWidget(self.offer)
        self.offer_result = _wrap("")
        layout.addWidget(self.offer_result)
        layout.addStretch()

    @property
    def done(self) -> bool:
        return self.flow.complete(Step.RESULT)

    @property
    def succeeded(self) -> bool:
        return self.flow.connected is not None

    def initializePage(self) -> None:
        self.offer.setVisible(False)
        self.stay.setVisible(False)
        self.offer_result.setText("")
        self.progress.setVisible(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Sending to KSeF and waiting for it to verify the login…"))
        self.setTitle(self.tr("KSeF is checking your login"))
        self.context.run(self.flow.login_work(), self._logged_in, self._failed)

    def _finished(self) -> None:
        """The last page: only Finish (and Back after a failure); focus never on Back."""
        wizard = self.wizard()
        wizard.button(QWizard.WizardButton.CancelButton).setVisible(False)
        wizard.button(QWizard.WizardButton.BackButton).setVisible(not self.succeeded)
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        if isinstance(finish, QPushButton):
            finish.setDefault(True)
        finish.setFocus()

    def cleanupPage(self) -> None:
        self.wizard().button(QWizard.WizardButton.CancelButton).setVisible(True)
        self.wizard().button(QWizard.WizardButton.BackButton).setVisible(True)
        super().cleanupPage()

    def _logged_in(self, company: Company) -> None:
        company = self.flow.logged_in(company)
        self.progress.setVisible(False)
        self.setTitle(self.tr("Connected"))
        self.message.setStyleSheet("color: #1b5e20;")
        text = self.tr("<b>%1 is connected to KSeF.</b> Invoices can now be sent and received.").replace(
            "%1", company.display_name
        )
        if self.flow.method in (AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE):
            text += "<br>" + self.tr(
                "A signature login lasts up to 7 days. A KSeF certificate (or a KSeF token) lets KSeF Desk "
                "renew it without your card."
            )
        self._show_offers()
        self.message.setText(text)
        self.completeChanged.emit()
        self._finished()
        self.connected.emit(company.nip)

    def _failed(self, error: UserError) -> None:
        self.flow.login_failed(error)
        self.progress.setVisible(False)
        self.setTitle(self.tr("Not connected"))
        self.message.setStyleSheet("color: #b71c1c;")
        details = f"<br><small>{error.details}</small>" if error.details else ""
        self.message.setText(_message_block(error, self.services.lang) + details)
        self.completeChanged.emit()
        self._finished()

    def _show_offers(self) -> None:
        self.stay.setVisible(self.flow.offers_ksef_certificate)
        self.offer.setVisible(self.flow.offers_ksef_token)

    def stay_connected(self) -> None:
        """Right after a signature login (KSeF requires one): a KSeF Authentication certificate."""
        self.stay.setEnabled(False)
        self.offer.setEnabled(False)
        self.context.run(self.flow.enrol_work(), self._enrolled, self._renewal_failed)

    def _enrolled(self, stored: StoredCertificate) -> None:
        until = self.flow.enrolled(stored)
        self._show_offers()
        self.offer_result.setStyleSheet("color: #1b5e20;")
        self.offer_result.setText(
            self.tr("Done: KSeF Desk now logs in by itself with its KSeF certificate (valid until %1).").replace(
                "%1", format_date(until, self.services.lang)
            )
        )
        if self.flow.company is not None:  # the company list shows the new way it logs in (certificate ↻) at once
            self.connected.emit(self.flow.company.nip)

    def create_token(self) -> None:
        self.offer.setEnabled(False)
        self.context.run(self.flow.token_work(), self._token_created, self._renewal_failed)

    def _token_created(self, _: object) -> None:
        self.flow.token_created()
        self._show_offers()
        self.offer_result.setStyleSheet("color: #1b5e20;")
        self.offer_result.setText(self.tr("Done: later logins renew automatically, without your card."))

    def _renewal_failed(self, error: UserError) -> None:
        self.stay.setEnabled(True)
        self.offer.setEnabled(True)
        self.offer_result.setStyleSheet("color: #b71c1c;")
        self.offer_result.setText(_message_block(error, self.services.lang))


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
        self.flow = AuthorizationFlow(
            services.companies,
            services.auth,
            admin=services.admin,
            certificates=services.certificates,
            company=company,
            switch_from=switch_from,
        )
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
        context = WizardContext(self.flow, services, self._run, self.focus_next)
        self.method_page = MethodPage(context)
        self.environment_page = EnvironmentPage(context)
        self.company_page = CompanyPage(context)
        self.download_page = DownloadPage(context)
        self.upload_page = UploadPage(context)
        self.certificate_page = CertificatePage(context)
        self.token_page = TokenPage(context)
        self.result_page = ResultPage(context)
        for page in (
            self.method_page,
            self.environment_page,
            self.company_page,
            self.download_page,
            self.upload_page,
            self.certificate_page,
            self.token_page,
            self.result_page,
        ):
            self.setPage(STEP_PAGES[page.step], page)
        self.setStartId(PAGE_METHOD)
        self.upload_page.renew_requested.connect(self.back_to_download)
        self.result_page.connected.connect(self.connected)

    @property
    def switch_from(self) -> Company | None:
        return self.flow.switch_from

    @property
    def pending(self) -> PendingRequest | None:
        return self.flow.pending

    def focus_next(self) -> None:
        """After an action on a page, the keyboard focus goes to Next (or Finish), never to Back."""
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            button = self.button(which)
            if button.isVisible() and button.isEnabled():
                if isinstance(button, QPushButton):
                    button.setDefault(True)
                button.setFocus()
                return

    def _run(self, work: Callable[[CancelToken], Any], on_done: Done, on_error: Failed) -> None:
        self._tasks.append(self.services.runner.run(work, on_done, on_error))

    def back_to_download(self) -> None:
        """One click from the upload step: back to the download step, which gets a new file at once."""
        while self.currentId() != PAGE_DOWNLOAD and self.currentId() != PAGE_METHOD:
            self.back()
        if self.currentId() == PAGE_DOWNLOAD:
            self.download_page.download_file()

    # --- leaving ---------------------------------------------------------------------------------------------
    def _cleanup(self) -> None:
        for handle in self._tasks:
            self.services.runner.forget(handle)
        self._tasks.clear()
        self.download_page.strip.countdown.stop()
        self.upload_page.strip.countdown.stop()
        self.flow.close()

    def reject(self) -> None:
        self._cleanup()
        super().reject()

    def accept(self) -> None:
        self._cleanup()
        super().accept()
