"""The authorization flow as a state machine without Qt: the wizard's pages only show it and forward input.

Steps: METHOD → (ENVIRONMENT → COMPANY →, only for a new company) the method's own step → RESULT, where the
signature method has two (DOWNLOAD the file to sign, UPLOAD it signed) and the certificate file and KSeF
token one each. The flow owns the transitions (``next``, ``back``, ``close``, the deadline's expiry), the
company this authorization is about (added, renamed, switched to another environment on the company step;
undone when the flow is closed without a login) and what each step needs before the user may go on.

Blocking work (the download, the pre-check, the login, staying connected) is handed out as plain functions
of a CancelToken for the caller's worker thread; their results come back through the matching method
(``keep_request``, ``checked``, ``logged_in``...). Everything else runs synchronously on the caller's thread.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ksefdesk.core.auth_flow import Countdown, PendingRequest
from ksefdesk.core.errors import ChallengeExpired, UserError
from ksefdesk.core.models import AuthMethod, Company, ConnectionStatus, Environment
from ksefdesk.core.nip import nip_problem, normalize_nip

if TYPE_CHECKING:  # the signing, XML and HTTP stacks load with the first login, not with the first window
    from ksefdesk.core.signed_file import SignedAuthRequest
    from ksefdesk.services.auth import AuthService
    from ksefdesk.services.cancel import CancelToken
    from ksefdesk.services.certificates import CertificateService, StoredCertificate
    from ksefdesk.services.company_admin import CompanyAdmin
    from ksefdesk.services.store import CompanyRepository


class Step(enum.Enum):
    METHOD = "method"
    ENVIRONMENT = "environment"
    COMPANY = "company"
    DOWNLOAD = "download"  # the file to sign (signature method)
    UPLOAD = "upload"  # the signed file, its pre-check and the countdown (signature method)
    CERTIFICATE = "certificate"  # a certificate file on this computer
    TOKEN = "token"  # a KSeF token
    RESULT = "result"  # the login, then the offer to stay connected


ACTION_STEPS = {
    AuthMethod.SIGNATURE: Step.DOWNLOAD,
    AuthMethod.CERTIFICATE: Step.CERTIFICATE,
    AuthMethod.TOKEN: Step.TOKEN,
}
ENVIRONMENTS = (Environment.SANDBOX, Environment.TEST, Environment.DEMO, Environment.PROD)  # in the order offered
_NEXT = {
    Step.ENVIRONMENT: Step.COMPANY,
    Step.DOWNLOAD: Step.UPLOAD,
    Step.UPLOAD: Step.RESULT,
    Step.CERTIFICATE: Step.RESULT,
    Step.TOKEN: Step.RESULT,
}


class Verdict(enum.Enum):
    """The pre-check's answer about one signed file."""

    SIGNED = "signed"  # correct (possibly with warnings worth reading): the user may send it
    UNCERTAIN = "uncertain"  # the app cannot decide: the user may send it anyway and KSeF decides
    EXPIRED = "expired"  # the time to sign ran out: a new file to sign is needed
    REFUSED = "refused"  # certainly not a login KSeF accepts: another file is needed


@dataclass(frozen=True)
class Precheck:
    """What the pre-check found in one signed file: ``data`` (None if it could not be read) and either
    ``checked`` (the verified request) or ``error``."""

    data: bytes | None
    checked: SignedAuthRequest | None = None
    error: UserError | None = None
    other_company_nip: str = ""  # signed with another company's certificate: KSeF needs its permissions

    @property
    def verdict(self) -> Verdict:
        from ksefdesk.core.signed_file import UncertainSignature

        if self.error is None:
            return Verdict.SIGNED
        if isinstance(self.error, UncertainSignature):
            return Verdict.UNCERTAIN
        if isinstance(self.error, ChallengeExpired):
            return Verdict.EXPIRED
        return Verdict.REFUSED

    @property
    def warnings(self) -> tuple[UserError, ...]:
        return self.checked.warnings if self.checked is not None else ()


class Renewal(enum.Enum):
    """How the company stays connected after the wizard's login (chosen on the result step)."""

    KSEF_CERTIFICATE = "ksef_certificate"
    KSEF_TOKEN = "ksef_token"


def suggested_request_file(request: PendingRequest, home: Path | None = None) -> str:
    """Where the save dialog proposes to put the file to sign."""
    stamp = request.challenge_time.astimezone().strftime("%Y%m%d-%H%M")
    return str((home or Path.home()) / f"ksef-logowanie-{request.nip}-{stamp}.xml")


class AuthorizationFlow:
    """One authorization of one company. ``company`` given: re-authorize it (the method, then its step);
    ``switch_from`` given: log that company in to another environment, which changes nothing until the
    login succeeds (then its current environment stays on this computer as an archive)."""

    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        *,
        admin: CompanyAdmin | None = None,
        certificates: CertificateService | None = None,
        company: Company | None = None,
        switch_from: Company | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if switch_from is not None and admin is None:
            raise ValueError("switching environment needs the CompanyAdmin")
        self.companies, self.auth, self.admin, self.certificates = companies, auth, admin, certificates
        self._clock, self._monotonic = clock, monotonic
        self.company = company
        self.reauthorize = company is not None
        self.switch_from = switch_from
        self._step = Step.METHOD
        self._history: list[Step] = []
        self.method = AuthMethod.SIGNATURE
        self.environment_choice = next(e for e in ENVIRONMENTS if e in self.environments())
        self.production_confirmed = False
        self.nip_text = switch_from.nip if switch_from is not None else ""
        self.name = ""
        self._created: Company | None = None  # the company this flow added (and removes again without a login)
        self.switching = False  # the switch has begun (CompanyAdmin.begin_switch) and is not final
        # the signature method
        self.pending: PendingRequest | None = None
        self.request_path = ""  # where the file to sign was saved (the card signing window starts there)
        self._countdown: Countdown | None = None  # on the monotonic clock: a clock change cannot move it
        self.check: Precheck | None = None
        self.signed: bytes | None = None  # the exact bytes that go to KSeF
        self.force = False  # sent although the pre-check could not decide
        # the certificate file and the token methods (the password is used for this login only)
        self.certificate_file, self.key_file, self.key_password = "", "", ""
        self.token, self.remember_token = "", True
        # the result
        self.connected: Company | None = None
        self.failure: UserError | None = None
        self.renewals: set[Renewal] = set()

    # --- choices ----------------------------------------------------------------------------------------
    def environments(self) -> list[Environment]:
        """Those the user may choose: a switch never offers the environment in use now."""
        leaving = self.switch_from.environment if self.switch_from is not None else None
        return [e for e in ENVIRONMENTS if e is not leaving]

    @property
    def environment(self) -> Environment:
        if self.reauthorize:
            assert self.company is not None
            return self.company.environment
        return self.environment_choice

    @property
    def nip_locked(self) -> bool:
        """A switch of environment keeps the company: its NIP is not to be edited."""
        return self.switch_from is not None

    @property
    def suggested_name(self) -> str:
        return self.switch_from.name if self.switch_from is not None else ""

    def choose_method(self, method: AuthMethod) -> None:
        if method not in ACTION_STEPS:
            raise ValueError(f"no wizard step for {method}")
        self.method = method

    def choose_environment(self, environment: Environment) -> None:
        if environment not in self.environments():
            raise ValueError(f"{environment} is not offered here")
        self.environment_choice = environment
        if environment is not Environment.PROD:
            self.production_confirmed = False  # a confirmation counts only for the choice it was given for

    def confirm_production(self, confirmed: bool) -> None:
        self.production_confirmed = confirmed and self.environment_choice is Environment.PROD

    def set_company(self, nip_text: str, name: str) -> None:
        self.nip_text = self.switch_from.nip if self.switch_from is not None else nip_text
        self.name = name

    def set_certificate(self, certificate_file: str, key_file: str, password: str) -> None:
        self.certificate_file, self.key_file, self.key_password = certificate_file, key_file, password

    def set_token(self, token: str, remember: bool) -> None:
        self.token, self.remember_token = token, remember

    # --- transitions ------------------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        """The step shown now; only ``next`` and ``back`` move it."""
        return self._step

    @property
    def action_step(self) -> Step:
        return ACTION_STEPS[self.method]

    def following(self, step: Step) -> Step | None:
        """The step after ``step`` for the choices made so far; None after the last one."""
        if step is Step.METHOD:
            return self.action_step if self.reauthorize else Step.ENVIRONMENT
        if step is Step.COMPANY:
            return self.action_step
        return _NEXT.get(step)

    def complete(self, step: Step) -> bool:
        """May the user go on from ``step``?"""
        if step is Step.ENVIRONMENT:
            return self.environment is not Environment.PROD or self.production_confirmed
        if step is Step.COMPANY:
            return self.company_problem() is None
        if step is Step.DOWNLOAD:
            return self.pending is not None and not self.expired()
        if step is Step.UPLOAD:
            return self.signed is not None and not self.expired()
        if step is Step.CERTIFICATE:
            return bool(self.certificate_file.strip())
        if step is Step.TOKEN:
            return bool(self.token.strip())
        if step is Step.RESULT:
            return self.connected is not None or self.failure is not None
        return True

    def next(self) -> bool:
        """Go on from the current step (the company step stores the company first). False: not complete,
        nothing changed. Raises UserError when storing the company fails. After the last step: True."""
        if not self.complete(self.step):
            return False
        if self.step is Step.COMPANY:
            self._adopt_company()
        following = self.following(self.step)
        if following is None:
            return True
        self._history.append(self._step)
        self._step = following
        if following is Step.RESULT:
            self.connected, self.failure = None, None
        return True

    def can_go_back(self) -> bool:
        return bool(self._history)

    def back(self) -> Step:
        """One step back. What the steps stored stays (the company too): going on again reuses it."""
        if self._history:
            self._step = self._history.pop()
        return self.step

    def close(self) -> None:
        """Cancel (or Finish): whatever this flow stored for a company that did not log in goes again;
        a company that was there before is left as it was (a switch of environment is undone)."""
        self._undo_company()
        self._countdown = None

    # --- the company --------------------------------------------------------------------------------------
    def company_problem(self) -> UserError | None:
        """Why the NIP typed cannot be used (for live validation), or None."""
        problem = nip_problem(self.nip_text)
        if problem is not None:
            return problem
        existing = self.companies.find(normalize_nip(self.nip_text))
        if existing and existing.environment is not self.environment and not self._may_replace(existing):
            return UserError("company.duplicate", nip=existing.nip, environment=existing.environment.value)
        return None

    def _may_replace(self, existing: Company) -> bool:
        """The company found under this NIP is the one this flow switches (or added itself)."""
        if self.switch_from is not None and existing.id in (self.switch_from.id, getattr(self.company, "id", None)):
            return True
        return self._created is not None and existing.id == self._created.id

    def _adopt_company(self) -> Company:
        nip = normalize_nip(self.nip_text)
        environment = self.environment
        # Back, another NIP or environment chosen: start again from where the flow began
        if self._created is not None and (self._created.nip != nip or self._created.environment is not environment):
            self._undo_company()
        if self.switching and self.company is not None and self.company.environment is not environment:
            self._undo_company()
        existing = self.companies.find(nip)
        if self.switch_from is not None and not self.switching:
            assert self.admin is not None
            existing = self.admin.begin_switch(nip, environment)
            self.switching = True
        elif existing is None:
            existing = self._created = self.companies.add(nip, environment, name=self.name)
        if self.name.strip() and self.name.strip() != existing.name:
            existing = self.companies.rename(nip, self.name)
        self.company = existing
        return existing

    def _undo_company(self) -> None:
        if self.switching and self.company is not None:
            assert self.admin is not None
            self.admin.cancel_switch(self.company.nip)
            self.switching = False
            self.company = None
        elif self._created is not None:
            current = self.companies.by_id(self._created.id)
            if current is not None and current.status is ConnectionStatus.NOT_AUTHORIZED:
                self.companies.delete(current.id)  # nothing half-stored after a cancel
            self._created = None
            self.company = None

    def _nip(self) -> str:
        if self.company is None:
            raise RuntimeError("the company step comes first")
        return self.company.nip

    # --- the file to sign and its deadline ------------------------------------------------------------
    def download_work(self) -> Callable[[CancelToken], PendingRequest]:
        """Get a new challenge and the file to sign (network)."""
        nip, auth = self._nip(), self.auth
        return lambda cancel: auth.request_document(nip, cancel=cancel)

    def keep_request(self, request: PendingRequest, path: str) -> None:
        """Save the downloaded file to sign where the user chose; its deadline starts counting. A file
        checked before belongs to the old challenge and is forgotten."""
        try:
            Path(path).write_bytes(request.document)
        except OSError as exc:
            raise UserError("file.unwritable", path=path, reason=exc.strerror or str(exc)) from exc
        self.pending, self.request_path = request, path
        self._countdown = Countdown(request.deadline, self._clock(), self._monotonic())
        self.check, self.signed, self.force = None, None, False

    def seconds_left(self) -> float:
        return self._countdown.remaining(self._monotonic()) if self._countdown is not None else 0.0

    def expired(self) -> bool:
        """The time to sign ran out (the countdown shown starts later, so it never says otherwise)."""
        return self.seconds_left() <= 0

    @property
    def offers_new_file(self) -> bool:
        """Offer "Get a new file to sign": the time ran out, or the pre-check says so."""
        return self.pending is not None and (
            self.expired() or (self.check is not None and self.check.verdict is Verdict.EXPIRED)
        )

    # --- the signed file --------------------------------------------------------------------------------
    def precheck_work(self, path: str) -> Callable[[CancelToken], Precheck]:
        """Read and pre-check a signed file (no network); every refusal comes back in the Precheck. The
        file accepted so far is forgotten: nothing goes to KSeF until this one's answer."""
        nip, auth = self._nip(), self.auth
        self.signed, self.force = None, False

        def work(_: CancelToken) -> Precheck:
            from ksefdesk.core.identity import IdentityKind
            from ksefdesk.services.auth import read_signed_file

            data: bytes | None = None
            try:
                data = read_signed_file(path)
                checked = auth.precheck(nip, data)
            except UserError as exc:
                return Precheck(data, error=exc)
            identity = checked.identity
            other = identity is not None and identity.kind is IdentityKind.NIP and identity.value != nip
            return Precheck(data, checked, other_company_nip=identity.value if identity and other else "")

        return work

    def checked(self, result: Precheck) -> Verdict:
        """The pre-check's answer: a correct file may be sent; any other waits for another one or for
        ``send_anyway``."""
        self.check = result
        self.force = False
        self.signed = result.data if result.verdict is Verdict.SIGNED else None
        return result.verdict

    def send_anyway(self) -> bool:
        """Never a dead end: a file the pre-check cannot decide about goes to KSeF as it is."""
        if self.check is None or self.check.verdict is not Verdict.UNCERTAIN or self.check.data is None:
            return False
        self.signed, self.force = self.check.data, True
        return True

    # --- the login ----------------------------------------------------------------------------------------
    def login_work(self) -> Callable[[CancelToken], Company]:
        """The login with what the method's step holds (network)."""
        auth, nip = self.auth, self._nip()
        if self.method is AuthMethod.SIGNATURE:
            signed, force = self.signed or b"", self.force
            return lambda cancel: auth.submit_signed(nip, signed, force=force, cancel=cancel)
        if self.method is AuthMethod.CERTIFICATE:
            cert_path, key_path = self.certificate_file.strip(), self.key_file.strip()
            password = self.key_password or None

            def sign_in(cancel: CancelToken) -> Company:
                from ksefdesk.core.signing_material import load_signing_material

                try:
                    cert = Path(cert_path).read_bytes()
                    key = Path(key_path).read_bytes() if key_path else None
                except OSError as exc:
                    raise UserError("file.unreadable", path=cert_path, reason=exc.strerror or str(exc)) from exc
                return auth.sign_in(nip, load_signing_material(cert, key, password, cert_path), cancel=cancel)

            return sign_in
        token, remember = self.token, self.remember_token
        return lambda cancel: auth.login_with_token(nip, token, remember=remember, cancel=cancel)

    def logged_in(self, company: Company) -> Company:
        """KSeF let the company in: it stays even if the wizard is closed now (a switch becomes final)."""
        if self.switching:
            assert self.admin is not None
            company = self.admin.finish_switch(company.nip)  # the old environment: an archive
            self.switching = False
        self.company = self.connected = company
        self._created = None
        self.failure = None
        return company

    def login_failed(self, error: UserError) -> None:
        self.connected, self.failure = None, error

    # --- staying connected ------------------------------------------------------------------------------
    @property
    def offers_ksef_certificate(self) -> bool:
        """After a signature login (KSeF requires one): a KSeF certificate for logins without the user."""
        return (
            self.connected is not None
            and self.method in (AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE)
            and self.certificates is not None
            and Renewal.KSEF_CERTIFICATE not in self.renewals
        )

    @property
    def offers_ksef_token(self) -> bool:
        """A token renews by itself already; after a signature login one can be created."""
        return (
            self.connected is not None
            and self.method in (AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE)
            and not self.renewals
        )

    def enrol_work(self) -> Callable[[CancelToken], StoredCertificate]:
        """Request a KSeF Authentication certificate and keep it (network)."""
        if self.certificates is None:
            raise RuntimeError("no certificate service")
        certificates, nip = self.certificates, self._nip()
        return lambda cancel: certificates.enroll(nip, "Authentication", cancel=cancel)

    def enrolled(self, stored: StoredCertificate) -> datetime:
        """The certificate is kept; returns until when it is valid."""
        self.renewals.add(Renewal.KSEF_CERTIFICATE)
        return stored.valid_to

    def token_work(self) -> Callable[[CancelToken], object]:
        """Create a KSeF token for automatic renewal and keep it (network)."""
        auth, nip = self.auth, self._nip()
        return lambda cancel: auth.create_app_token(nip, cancel=cancel)

    def token_created(self) -> None:
        self.renewals.add(Renewal.KSEF_TOKEN)
