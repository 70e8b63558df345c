""" "Get ready for 2027" in one guided window: one signature login, both KSeF certificates, the key backup and,
only when the user confirms, the end of the KSeF token the app kept.

It is the authorization wizard (ui/wizard.py) with its signature pages as they are (file to sign, card,
certificate file; the token method hidden), followed by four pages of its own. Network and the secret store
are reached only through the TaskRunner. Cancel or closing at any page leaves the company as it was: the
token stays and still logs in, nothing is deleted; what KSeF already issued (a certificate) stays usable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from ksefdesk.core.errors import NeedsSignatureLogin, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import AuthMethod, Company
from ksefdesk.services.cancel import CancelToken
from ksefdesk.ui.ui_services import UiServices
from ksefdesk.ui.wizard import PAGE_METHOD, PAGE_RESULT, AuthWizard

if TYPE_CHECKING:
    from ksefdesk.services.auth import AuthService

PAGE_SET_UP, PAGE_BACKUP, PAGE_REVOKE, PAGE_SUMMARY = 20, 21, 22, 23  # after every page of the wizard

# A session made with these lets KSeF issue certificates: no new signature needed for the setup.
_SIGNED = (AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE)


def needs_signature(company: Company) -> bool:
    """The company's last login was not one KSeF issues certificates after: a signature comes first."""
    return company.auth_method not in _SIGNED


def revoke_kept_token(auth: AuthService, nip: str, cancel: CancelToken) -> str:
    """Revoke in KSeF the token the app keeps for the company; it is forgotten here too (network, secret store)."""
    return auth.revoke_token(nip, cancel=cancel)


@dataclass(frozen=True)
class SetupOutcome:
    """What the company holds after the setup (read in the background)."""

    enrolled: tuple[str, ...]  # the types KSeF issued now (empty: it held both already)
    authentication_until: datetime | None
    offline_until: datetime | None
    has_token: bool  # the app still keeps a KSeF token of the company


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SetupFor2027(AuthWizard):
    """``sign`` False: the company's session is a signature one already, so the window starts at the setup."""

    changed = Signal(str)  # NIP: its certificates, token or way of logging in changed

    def __init__(
        self, services: UiServices, company: Company, parent: QWidget | None = None, *, sign: bool = True
    ) -> None:
        super().__init__(services, company, parent)
        self.company = company
        self.signed_now = False  # a signature login happened in this window
        self.outcome: SetupOutcome | None = None
        self.backup: list[Path] = []
        self.token_revoked = False
        self.setWindowTitle(self.tr("Get %1 ready for 2027").replace("%1", company.display_name))
        method = self.method_page
        method.setTitle(self.tr("One signature, and the company is ready for 2027"))
        intro = _label(
            self.tr(
                "Sign once with your qualified signature (a file signed in your program, your card, or a certificate "
                "file). KSeF then gives %1 its own KSeF certificates, and KSeF Desk logs in with them by itself: no "
                "card and no token needed any more."
            ).replace("%1", company.display_name)
        )
        intro.setContentsMargins(0, 0, 0, 12)
        layout = method.layout()
        if isinstance(layout, QVBoxLayout):  # above the choices (a subtitle would be cut off)
            layout.insertWidget(0, intro)
        for widget in (method.buttons[AuthMethod.TOKEN], method.hints[AuthMethod.TOKEN]):
            widget.setVisible(False)  # a token login cannot get certificates
        # After the login there is no way back: the next pages only add (certificates, a backup).
        self.result_page.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
        self.set_up_page = SetUpPage(self)
        self.backup_page = BackupPage(self)
        self.revoke_page = RevokePage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (PAGE_SET_UP, self.set_up_page),
            (PAGE_BACKUP, self.backup_page),
            (PAGE_REVOKE, self.revoke_page),
            (PAGE_SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.result_page.connected.connect(self._signed)
        if not sign:
            self.setStartId(PAGE_SET_UP)

    def nextId(self) -> int:
        current = self.currentId()
        if current == PAGE_RESULT:  # the wizard's last page: here the setup follows a successful login
            return PAGE_SET_UP if self.flow.connected is not None else -1
        if current == PAGE_BACKUP:
            return PAGE_REVOKE if self.outcome is not None and self.outcome.has_token else PAGE_SUMMARY
        return int(super().nextId())

    def run_work(
        self, work: Callable[[CancelToken], Any], done: Callable[[Any], None], failed: Callable[[UserError], None]
    ) -> None:
        """In the runner; Cancel (or closing) cancels it and drops its answer."""
        self._run(work, done, failed)

    def sign_again(self) -> None:
        """The session is no longer a signature one: from the signature pages after all."""
        self.setStartId(PAGE_METHOD)
        self.restart()

    def _signed(self, nip: str) -> None:
        if self.flow.connected is None or self.currentId() != PAGE_RESULT:
            return
        self.signed_now = True
        self.changed.emit(nip)
        QTimer.singleShot(0, self._go_on)  # the result page finishes drawing first

    def _go_on(self) -> None:
        if self.currentId() == PAGE_RESULT and self.flow.connected is not None:
            self.next()

    def show_cancel(self, visible: bool = True) -> None:
        self.button(QWizard.WizardButton.CancelButton).setVisible(visible)


class SetUpPage(QWizardPage):
    """Both certificates in the signature session, then a login with the new one: from now on it is used."""

    def __init__(self, wizard: SetupFor2027) -> None:
        super().__init__()
        self.setup_wizard = wizard
        self.services = wizard.services
        self.setCommitPage(True)
        self.setTitle(self.tr("KSeF is issuing the certificates"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "KSeF issues two certificates for %1: one to log in (Authentication) and one for invoices "
                    "issued when KSeF is down (Offline, the second QR code). Their keys are made on this computer. "
                    "This takes up to a minute; Cancel stops it and the company keeps logging in as before."
                ).replace("%1", wizard.company.display_name)
            )
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Waiting for KSeF"))
        layout.addWidget(self.progress)
        self.status = _label()
        self.status.setAccessibleName(self.tr("Result"))
        layout.addWidget(self.status)
        self.retry = QPushButton(self.tr("Try again"))
        self.retry.clicked.connect(self.start)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        self.sign = QPushButton(self.tr("Log in with my signature first…"))
        self.sign.clicked.connect(wizard.sign_again)
        layout.addWidget(self.sign, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        self.running = False

    def initializePage(self) -> None:
        self.setup_wizard.show_cancel()
        self.start()

    def isComplete(self) -> bool:
        return self.setup_wizard.outcome is not None

    def start(self) -> None:
        self.running = True
        self.setup_wizard.outcome = None
        for widget in (self.retry, self.sign):
            widget.setVisible(False)
        self.progress.setVisible(True)
        self.setTitle(self.tr("KSeF is issuing the certificates"))
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Requesting the certificates from KSeF…"))
        self.completeChanged.emit()
        nip = self.setup_wizard.company.nip
        services = self.services
        certificates, auth, companies = services.certificates, services.auth, services.companies
        if certificates is None:
            return

        def work(cancel: CancelToken) -> SetupOutcome:
            from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE

            made = certificates.setup(nip, cancel=cancel)
            company = companies.get(nip)
            login = certificates.signing_material(company, AUTHENTICATION)
            if login is not None:  # from now on the company logs in with it; this also proves it works
                cancel.raise_if_cancelled()
                auth.sign_in(nip, login, cancel=cancel, method=AuthMethod.KSEF_CERTIFICATE)
            company = companies.get(nip)
            held = [certificates.usable(company, kind) for kind in (AUTHENTICATION, OFFLINE)]
            return SetupOutcome(
                tuple(c.type for c in made),
                held[0].valid_to if held[0] is not None else None,
                held[1].valid_to if held[1] is not None else None,
                auth.state(nip).has_ksef_token,
            )

        self.setup_wizard.run_work(work, self._done, self._failed)

    def _done(self, outcome: SetupOutcome) -> None:
        self.running = False
        self.progress.setVisible(False)
        wizard = self.setup_wizard
        lang = self.services.lang
        if outcome.authentication_until is None:  # KSeF issued nothing usable: say so, keep the token
            self._failed(NeedsSignatureLogin())
            return
        wizard.outcome = outcome
        self.setTitle(self.tr("The certificates are ready"))
        lines = [
            "✔ "
            + self.tr("Certificate for logging in: valid until %1").replace(
                "%1", format_date(outcome.authentication_until, lang)
            )
        ]
        if outcome.offline_until is not None:
            lines.append(
                "✔ "
                + self.tr("Offline certificate: valid until %1").replace("%1", format_date(outcome.offline_until, lang))
            )
        lines.append(self.tr("KSeF Desk has logged in with the new certificate: it works."))
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText("\n".join(lines))
        wizard.changed.emit(wizard.company.nip)
        self.completeChanged.emit()
        wizard.focus_next()

    def _failed(self, error: UserError) -> None:
        self.running = False
        self.progress.setVisible(False)
        lang = self.services.lang
        self.status.setStyleSheet("color: #b71c1c;")
        self.status.setText(
            f"{error.message(lang)} {error.action(lang)}\n\n"
            + self.tr("Nothing was deleted: the company logs in as before.")
        )
        self.retry.setVisible(True)
        self.sign.setVisible(isinstance(error, NeedsSignatureLogin))
        self.completeChanged.emit()


class BackupPage(QWizardPage):
    def __init__(self, wizard: SetupFor2027) -> None:
        super().__init__()
        self.setup_wizard = wizard
        self.services = wizard.services
        self.setCommitPage(True)
        self.setTitle(self.tr("Save a backup of the keys"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "The keys of the new certificates are only on this computer. If it breaks or is replaced, a "
                    "backup spares you a new signature: KSeF Desk saves one .p12 file per certificate, locked with "
                    "a passphrase you choose. Keep the files and the passphrase in a safe place, away from this "
                    "computer (for example on a USB stick)."
                )
            )
        )
        self.save = QPushButton(self.tr("Save the backup…"))
        self.save.clicked.connect(self.back_up)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = _label(self.tr("Not now? You can save it later on the “Ready for 2027” page."))
        layout.addWidget(self.status)
        layout.addStretch()

    def initializePage(self) -> None:
        self.setup_wizard.show_cancel()

    def back_up(self) -> None:
        from ksefdesk.ui.key_backup import back_up_keys

        back_up_keys(self, self.services, self.setup_wizard.company, self._saved)

    def _saved(self, files: list[Path]) -> None:
        self.setup_wizard.backup = files
        if files:
            self.status.setStyleSheet("color: #1b5e20;")
            self.status.setText("✔ " + self.tr("Saved: %1").replace("%1", ", ".join(str(f) for f in files)))
            self.save.setEnabled(False)
            self.setup_wizard.changed.emit(self.setup_wizard.company.nip)
            self.setup_wizard.focus_next()


class RevokePage(QWizardPage):
    def __init__(self, wizard: SetupFor2027) -> None:
        super().__init__()
        self.setup_wizard = wizard
        self.services = wizard.services
        self.setCommitPage(True)
        self.setTitle(self.tr("The KSeF token is no longer needed"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "From now on %1 logs in with its KSeF certificate. The KSeF token KSeF Desk kept until now is "
                    "no longer needed, and KSeF tokens lose their legal basis on 31 December 2026. Revoking it in "
                    "KSeF means nobody who has a copy of it can log in with it. If another program or your "
                    "accounting office uses the same token, it stops working there too."
                ).replace("%1", wizard.company.display_name)
            )
        )
        self.revoke = QPushButton(self.tr("Revoke the token…"))
        self.revoke.clicked.connect(self.ask_and_revoke)
        layout.addWidget(self.revoke, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = _label(self.tr("Not sure? Continue and keep it: you can revoke it later."))
        layout.addWidget(self.status)
        layout.addStretch()
        self.running = False

    def initializePage(self) -> None:
        self.setup_wizard.show_cancel()

    def isComplete(self) -> bool:
        return not self.running

    def ask_and_revoke(self) -> None:
        wizard = self.setup_wizard
        if not self.services.dialogs.confirm(
            self,
            self.tr("Revoke the KSeF token?"),
            self.tr(
                "KSeF will no longer accept the token of %1. KSeF Desk logs in with the company's KSeF certificate "
                "instead. This cannot be undone: a new token would need a new signature."
            ).replace("%1", wizard.company.display_name),
        ):
            return
        self.running = True
        self.revoke.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Revoking the token in KSeF…"))
        self.completeChanged.emit()
        auth, nip = self.services.auth, wizard.company.nip

        wizard.run_work(lambda cancel: revoke_kept_token(auth, nip, cancel), self._revoked, self._failed)

    def _revoked(self, _: object) -> None:
        wizard = self.setup_wizard
        self.running = False
        wizard.token_revoked = True
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText("✔ " + self.tr("The token is revoked. The company logs in with its KSeF certificate."))
        wizard.changed.emit(wizard.company.nip)
        self.completeChanged.emit()
        wizard.focus_next()

    def _failed(self, error: UserError) -> None:
        self.running = False
        self.revoke.setEnabled(True)
        lang = self.services.lang
        self.status.setStyleSheet("color: #b71c1c;")
        self.status.setText(
            f"{error.message(lang)} {error.action(lang)}\n" + self.tr("The token was not revoked; it still works.")
        )
        self.completeChanged.emit()


class SummaryPage(QWizardPage):
    def __init__(self, wizard: SetupFor2027) -> None:
        super().__init__()
        self.setup_wizard = wizard
        self.services = wizard.services
        self.setTitle(self.tr("%1 is ready for 2027").replace("%1", wizard.company.display_name))
        layout = QVBoxLayout(self)
        self.text = _label()
        self.text.setAccessibleName(self.tr("Summary"))
        layout.addWidget(self.text)
        layout.addStretch()

    def initializePage(self) -> None:
        wizard = self.setup_wizard
        QTimer.singleShot(0, lambda: wizard.show_cancel(False))  # the work is done: only Finish (after Qt's update)
        lang = self.services.lang
        outcome = wizard.outcome
        lines = []
        if wizard.signed_now:
            lines.append("✔ " + self.tr("You signed in with your signature."))
        if outcome is not None and outcome.authentication_until is not None:
            lines.append(
                "✔ "
                + self.tr("%1 logs in by itself with its KSeF certificate (valid until %2).")
                .replace("%1", wizard.company.display_name)
                .replace("%2", format_date(outcome.authentication_until, lang))
            )
        if outcome is not None and outcome.offline_until is not None:
            lines.append(
                "✔ "
                + self.tr(
                    "Invoices issued offline get the second QR code (Offline certificate, valid until %1)."
                ).replace("%1", format_date(outcome.offline_until, lang))
            )
        if wizard.backup:
            lines.append(
                "✔ "
                + self.tr("Backup of the keys saved in %1 (%2 files).")
                .replace("%1", str(wizard.backup[0].parent))
                .replace("%2", str(len(wizard.backup)))
            )
        else:
            lines.append("• " + self.tr("No backup of the keys yet: save it later on the “Ready for 2027” page."))
        if wizard.token_revoked:
            lines.append("✔ " + self.tr("The KSeF token is revoked."))
        elif outcome is not None and outcome.has_token:
            lines.append(
                "• " + self.tr("The KSeF token is kept; you can revoke it later on the “Ready for 2027” page.")
            )
        note = self.tr(
            "KSeF Desk renews the certificates by itself 30 days before they end, while they still log in: no "
            "new signature is needed."
        )
        self.text.setText("\n".join(lines) + "\n\n" + note)
