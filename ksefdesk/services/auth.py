"""Authorizing companies with KSeF and keeping them authorized (no widgets: the CLI and GUI share it).

Three ways in: a qualified signature made in the vendor's software (download the request, sign it
elsewhere, upload it), a certificate file on this computer (signed here), and a KSeF token.
Afterwards ``access_token`` keeps the company connected: it refreshes the access token before it
expires, logs in again with a stored KSeF token when the refresh token ends, and otherwise marks
the company "re-authorization needed" with the reason.

Storage order makes interruptions harmless: secrets are written first, then the database rows and
the company's status in one transaction. A crash in between leaves only an unreferenced secret
that the next login overwrites, never a company that looks connected without its tokens.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from cryptography import x509
from cryptography.x509.oid import NameOID

from ksefdesk.core.auth_flow import (
    CHALLENGE_VALIDITY,
    POLL_INTERVAL_S,
    POLL_TIMEOUT_S,
    REFRESH_MARGIN,
    TOKEN_REAUTH_REASONS,
    PendingRequest,
    login_refusal,
)
from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.errors import (
    TRY_LATER,
    KsefUnreachable,
    NoPermissions,
    NotAuthorized,
    ReauthNeeded,
    TokenRefused,
    UserError,
)
from ksefdesk.core.identity import SignerInfo, SignerKind
from ksefdesk.core.models import AuthMethod, AuthorizationKind, Company, ConnectionStatus
from ksefdesk.core.signed_file import MAX_SIGNED_BYTES, SignedAuthRequest, UncertainSignature, precheck
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import OutageReason, ReauthReason
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services.ksef.answers import KsefToken
from ksefdesk.services.ksef.api import AuthOperation, KsefApi, TokenPair
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.secrets import SecretStore
from ksefdesk.services.store import AuthorizationRepository, CompanyRepository, PendingRequestRepository
from ksefdesk.services.store.database import from_db_time, to_db_time, utc_now

log = logging.getLogger(__name__)
_REFERENCE = re.compile(r"\d{8}-[A-Z]{2}-[0-9A-Za-z-]+")  # KSeF reference numbers: date, kind, ids
T = TypeVar("T")

APP_TOKEN_DESCRIPTION = "KSeF Desk – automatyczne odnawianie logowania"
DEFAULT_TOKEN_PERMISSIONS = ("InvoiceRead", "InvoiceWrite")
TOKEN_ACTIVATION_TIMEOUT_S = 60.0


# KSeF's refusals of a signed login file (HTTP 400), each with its own cause and fix.
SIGNED_FILE_REFUSALS = frozenset({9105, 21111, 21115, 21117, 21217, 21406})
# What check() leaves to the company's state: only the user can help, or the app tries again later.
SETTLED_BY_STATE: tuple[type[UserError], ...] = (NotAuthorized, ReauthNeeded, *TRY_LATER)


def read_signed_file(path: str | Path) -> bytes:
    """A signed file chosen by the user, read only up to the pre-check's size limit (plus one byte, so
    that a larger file is still recognised as too large) instead of whole."""
    try:
        with Path(path).expanduser().open("rb") as handle:
            return handle.read(MAX_SIGNED_BYTES + 1)
    except OSError as exc:
        raise UserError("file.unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc


def token_reference(token: str) -> str | None:
    """The reference number a KSeF token starts with (``<reference>|<context>|<secret>``, REFERENCE.md 2.4);
    None when the text does not look like one."""
    head = token.split("|", 1)[0].strip()
    return head if "|" in token and _REFERENCE.fullmatch(head) else None


def secret_name(company: Company, kind: AuthorizationKind) -> str:
    return f"{company.environment.value}/{company.nip}/{kind.value}"


@dataclass(frozen=True)
class SignerCertificate:
    subject: str
    issuer: str
    serial: str
    valid_to: datetime
    used_at: datetime


@dataclass(frozen=True)
class CompanyState:
    company: Company
    access_valid_until: datetime | None
    refresh_valid_until: datetime | None
    has_ksef_token: bool


class AuthService:
    def __init__(
        self,
        companies: CompanyRepository,
        authorizations: AuthorizationRepository,
        pending: PendingRequestRepository,
        secrets: Callable[[], SecretStore],
        api_for: Callable[[Company], KsefApi],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        poll_interval_s: float = POLL_INTERVAL_S,
        poll_timeout_s: float = POLL_TIMEOUT_S,
        challenge_validity: timedelta = CHALLENGE_VALIDITY,
        certificate_login: Callable[[Company], SigningMaterial | None] | None = None,
    ) -> None:
        self.companies = companies
        self.authorizations = authorizations
        self.pending = pending
        self._secrets = secrets
        self._api_for = api_for
        self._clock = clock
        self.poll_interval_s = poll_interval_s
        self.poll_timeout_s = poll_timeout_s
        self.challenge_validity = challenge_validity  # KSeF's 10 minutes; shorter only in tests
        # The company's KSeF Authentication certificate and key, if the app holds one, for logging in again
        # without the user (the composition root passes CertificateKeys.signing_material).
        self.certificate_login = certificate_login

    # --- method 1: a signature made elsewhere --------------------------------------------------------
    def request_document(self, nip: str, *, version: str = "2.1", cancel: CancelToken | None = None) -> PendingRequest:
        """Get a challenge and the AuthTokenRequest to sign; it is remembered until the signed copy returns."""
        company = self.companies.get(nip)
        challenge = self._api_for(company).challenge(cancel)
        document = build_auth_request(challenge.challenge, company.nip, version=version)
        request = PendingRequest(
            company.nip, challenge.challenge, challenge.timestamp, document, self.challenge_validity
        )
        self.pending.save(company.id, request)
        return request

    def pending_request(self, nip: str) -> PendingRequest:
        company = self.companies.get(nip)
        request = self.pending.get(company)
        if request is None:
            raise UserError("auth.no_pending_request", nip=company.nip)
        return replace(request, validity=self.challenge_validity)

    def precheck(self, nip: str, signed: bytes) -> SignedAuthRequest:
        """The local check of a signed file against the pending request (no network).

        Raises ``UserError("signed.*")`` for a definitive refusal and ``UncertainSignature`` when the app
        cannot decide (the wizard then offers "Send to KSeF anyway", i.e. ``submit_signed(force=True)``)."""
        request = self.pending_request(nip)
        return precheck(
            signed, challenge=request.challenge, nip=request.nip, deadline=request.deadline, now=self._clock()
        )

    def submit_signed(
        self,
        nip: str,
        signed: bytes,
        *,
        force: bool = False,
        cancel: CancelToken | None = None,
        on_uncertain: Callable[[UncertainSignature], None] | None = None,
        on_checked: Callable[[SignedAuthRequest], None] | None = None,
    ) -> Company:
        """Pre-check, then send the user's exact bytes to KSeF and finish the login.

        With ``force`` an uncertain verdict does not stop the login (``on_uncertain`` hears about it);
        definitive refusals always do. ``on_checked`` gets the verdict (signer, warnings) before sending.
        KSeF's own refusal of the file comes back as ``signed.ksef_<code>``."""
        try:
            checked: SignedAuthRequest | None = self.precheck(nip, signed)
        except UncertainSignature as exc:
            if not force:
                raise
            log.info("sending a signature the pre-check could not decide (%s): %s", exc.code, exc.details)
            if on_uncertain is not None:
                on_uncertain(exc)
            checked = exc.partial
        if checked is not None and on_checked is not None:
            on_checked(checked)
        company = self.companies.get(nip)
        try:
            operation = self._api_for(company).submit_xades(signed, cancel)
        except KsefApiError as exc:
            if exc.status == 400 and exc.ksef_code in SIGNED_FILE_REFUSALS:
                raise UserError(f"signed.ksef_{exc.ksef_code}", ksef_code=exc.ksef_code, details=exc.details) from exc
            raise
        result = self._complete(company, operation, AuthMethod.SIGNATURE, cancel=cancel)
        self.pending.delete(company.id)
        if checked is not None:
            self._remember_signer(company, checked.certificate, checked.signer)
        return result

    def _remember_signer(
        self, company: Company, certificate: x509.Certificate, signer: SignerInfo | None = None
    ) -> None:
        """Keep the (public) facts of the signature certificate used, to warn before it expires.

        Not for podpis zaufany: its certificate is the Ministry's seal, not the company's signature."""
        if signer is not None and signer.kind is SignerKind.TRUSTED_PROFILE:
            return
        common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        issuer = certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
        with self.companies.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO signer_certificates (company_id, subject, issuer, serial, valid_to, used_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    company.id,
                    str(common[0].value) if common else certificate.subject.rfc4514_string(),
                    str(issuer[0].value) if issuer else certificate.issuer.rfc4514_string(),
                    f"{certificate.serial_number:X}",
                    to_db_time(certificate.not_valid_after_utc),
                    to_db_time(utc_now()),
                ),
            )

    def signer(self, nip: str) -> SignerCertificate | None:
        company = self.companies.get(nip)
        row = (
            self.companies.db.connection()
            .execute("SELECT * FROM signer_certificates WHERE company_id = ?", (company.id,))
            .fetchone()
        )
        if row is None:
            return None
        valid_to, used_at = from_db_time(row["valid_to"]), from_db_time(row["used_at"])
        assert valid_to is not None and used_at is not None
        return SignerCertificate(row["subject"], row["issuer"], row["serial"], valid_to, used_at)

    # --- method 2: a certificate file on this computer ----------------------------------------------
    def sign_in(
        self,
        nip: str,
        material: SigningMaterial,
        *,
        cancel: CancelToken | None = None,
        method: AuthMethod = AuthMethod.CERTIFICATE,
    ) -> Company:
        company = self.companies.get(nip)
        api = self._api_for(company)
        challenge = api.challenge(cancel)
        document = build_auth_request(challenge.challenge, company.nip)
        signed = sign_xml(document, material.key, material.certificates)
        operation = api.submit_xades(signed, cancel)
        crashpoint("auth.xades_submitted")
        result = self._complete(company, operation, method, cancel=cancel)
        if method is not AuthMethod.KSEF_CERTIFICATE:  # the app's own certificates are listed apart
            self._remember_signer(company, material.certificate)
        return result

    # --- method 3: a KSeF token -----------------------------------------------------------------------
    def login_with_token(
        self, nip: str, ksef_token: str, *, remember: bool = True, cancel: CancelToken | None = None
    ) -> Company:
        ksef_token = ksef_token.strip()
        if not ksef_token:
            raise UserError("auth.token_missing")
        company = self.companies.get(nip)
        api = self._api_for(company)
        operation = api.submit_ksef_token(company.nip, ksef_token, api.challenge(cancel), cancel)
        return self._complete(
            company, operation, AuthMethod.TOKEN, cancel=cancel, ksef_token=ksef_token if remember else None
        )

    # --- the common end of every login -----------------------------------------------------------------
    def _wait_for_status(self, api: KsefApi, company: Company, operation: AuthOperation, cancel: CancelToken) -> None:
        started = time.monotonic()
        while True:
            status = api.auth_status(operation, cancel)
            if status.succeeded:
                return
            if not status.in_progress:
                raise login_refusal(company.nip, status.code, status.description, status.details)
            if time.monotonic() - started > self.poll_timeout_s:
                raise UserError("auth.timeout", seconds=int(self.poll_timeout_s))
            cancel.sleep(self.poll_interval_s)

    def _complete(
        self,
        company: Company,
        operation: AuthOperation,
        method: AuthMethod,
        *,
        cancel: CancelToken | None,
        ksef_token: str | None = None,
        ksef_token_reference: str | None = None,
    ) -> Company:
        cancel = cancel or CancelToken()
        api = self._api_for(company)
        self._wait_for_status(api, company, operation, cancel)
        crashpoint("auth.verified_before_redeem")
        tokens = api.redeem(operation, cancel)  # only once: from here on nothing may be lost
        crashpoint("auth.redeemed")
        self._store(company, tokens, method, ksef_token=ksef_token, ksef_token_reference=ksef_token_reference)
        log.info("company %s authorized with %s", company.nip, method.value)
        return self.companies.get(company.nip)

    def _store(
        self,
        company: Company,
        tokens: TokenPair,
        method: AuthMethod | None,
        *,
        ksef_token: str | None = None,
        ksef_token_reference: str | None = None,
    ) -> None:
        secrets = self._secrets()
        kinds: list[tuple[AuthorizationKind, str, datetime | None, str | None]] = [
            (AuthorizationKind.ACCESS_TOKEN, tokens.access_token, tokens.access_valid_until, None)
        ]
        if tokens.refresh_token:
            kinds.append((AuthorizationKind.REFRESH_TOKEN, tokens.refresh_token, tokens.refresh_valid_until, None))
        if ksef_token:
            kinds.append((AuthorizationKind.KSEF_TOKEN, ksef_token, None, ksef_token_reference))
        for kind, value, _, _ in kinds:
            secrets.set(secret_name(company, kind), value)
        crashpoint("auth.secrets_stored")  # the secrets are in the store, the database does not say so yet
        with self.companies.db.transaction() as conn:
            for kind, _, expires, reference in kinds:
                if kind is AuthorizationKind.KSEF_TOKEN and reference is None:
                    existing = self.authorizations.get(company.id, kind)
                    reference = existing.reference if existing else None
                self.authorizations.save_in(conn, company.id, kind, secret_name(company, kind), expires, reference)
            columns = "status = ?, status_reason = '', updated_at = ?"
            values: list[object] = [ConnectionStatus.CONNECTED.value, to_db_time(utc_now())]
            if method is not None:
                columns += ", auth_method = ?"
                values.append(method.value)
            conn.execute(f"UPDATE companies SET {columns} WHERE id = ?", (*values, company.id))  # noqa: S608

    # --- staying connected -----------------------------------------------------------------------------
    def state(self, nip: str) -> CompanyState:
        company = self.companies.get(nip)
        access = self.authorizations.get(company.id, AuthorizationKind.ACCESS_TOKEN)
        refresh = self.authorizations.get(company.id, AuthorizationKind.REFRESH_TOKEN)
        token = self.authorizations.get(company.id, AuthorizationKind.KSEF_TOKEN)
        return CompanyState(
            company, access.expires_at if access else None, refresh.expires_at if refresh else None, token is not None
        )

    def _secret(self, company: Company, kind: AuthorizationKind) -> str | None:
        if self.authorizations.get(company.id, kind) is None:
            return None
        return self._secrets().get(secret_name(company, kind))

    def access_token(self, nip: str, *, cancel: CancelToken | None = None) -> str:
        """A valid access token for the company, renewed or re-obtained as needed.

        Raises ``NotAuthorized`` / ``ReauthNeeded`` (the company is marked with the reason) when only the
        user can help, and faults of the connection or of KSeF as they are (``TRY_LATER``: the company is
        then marked UNAVAILABLE, its authorization kept).
        """
        company = self.companies.get(nip)
        now = self._clock()
        access = self.authorizations.get(company.id, AuthorizationKind.ACCESS_TOKEN)
        if access and access.expires_at and access.expires_at - REFRESH_MARGIN > now:
            token = self._secrets().get(access.secret_ref)
            if token:
                return token
        refresh_token = self._secret(company, AuthorizationKind.REFRESH_TOKEN)
        refresh = self.authorizations.get(company.id, AuthorizationKind.REFRESH_TOKEN)
        reason = ReauthReason.EXPIRED
        if refresh_token and refresh and (refresh.expires_at is None or refresh.expires_at > now):
            try:
                tokens = self._api_for(company).refresh(refresh_token, cancel)
            except KsefApiError as exc:
                refusal = self._refresh_refusal(exc)
                if refusal is None:
                    self._mark_unavailable(company, exc)
                    raise
                reason = refusal
                log.info("refresh for %s refused: %s", company.nip, exc.details)
            except KsefUnreachable as exc:
                self._mark_unavailable(company, exc)
                raise
            else:
                self._store(company, tokens, None)
                return tokens.access_token
        elif (
            not refresh_token
            and company.status is ConnectionStatus.NOT_AUTHORIZED
            # never logged in here, but a certificate may log it in: an imported .p12, an office's certificate
            and (self.certificate_login is None or self.certificate_login(company) is None)
        ):
            raise NotAuthorized(nip=company.nip)
        # Preference: a KSeF certificate the app holds (silent XAdES login), then a stored KSeF token.
        material = self.certificate_login(company) if self.certificate_login else None
        if material is not None:
            try:
                self.sign_in(company.nip, material, cancel=cancel, method=AuthMethod.KSEF_CERTIFICATE)
                log.info("company %s logged in again with its KSeF certificate", company.nip)
                return self.access_token(company.nip, cancel=cancel)
            except TRY_LATER:  # a fault of the connection or of KSeF (429, 5xx): no new signature needed
                raise
            except UserError as exc:
                if isinstance(exc, NoPermissions):  # the office's login: the client granted it nothing (415)
                    reason = ReauthReason.OFFICE_NOT_GRANTED if company.login_via else ReauthReason.NO_PERMISSIONS
                log.warning("silent login of %s with its KSeF certificate failed: %s", company.nip, exc.code)
        ksef_token = self._secret(company, AuthorizationKind.KSEF_TOKEN)
        if ksef_token and reason is not ReauthReason.TOKEN_REVOKED:
            try:
                self.login_with_token(company.nip, ksef_token, cancel=cancel)
                log.info("company %s renewed its login with the stored KSeF token", company.nip)
                return self.access_token(company.nip, cancel=cancel)
            except TRY_LATER:  # a fault of the connection or of KSeF (429, 5xx): no new signature needed
                raise
            except TokenRefused as exc:
                reason = TOKEN_REAUTH_REASONS.get(exc.refusal, reason)
            except NoPermissions:
                reason = ReauthReason.NO_PERMISSIONS
            except UserError as exc:
                log.warning("login of %s with its stored KSeF token failed: %s", company.nip, exc.code)
        self.companies.set_status(company.nip, ConnectionStatus.REAUTH_NEEDED, reason)
        raise ReauthNeeded(reason, nip=company.nip)

    def renewing(self, nip: str, work: Callable[[], T]) -> T:
        """Run ``work``; if KSeF refuses the access token under it (401: revoked, session ended early),
        drop the token and run it once more, which renews the login (resumable work loses nothing)."""
        try:
            return work()
        except KsefApiError as exc:
            if exc.status != 401:
                raise
            self.forget_access_token(nip)
            return work()

    def forget_access_token(self, nip: str) -> None:
        """KSeF refused the access token (401: revoked, or the session ended early): drop it, so that the
        next access_token() refreshes or logs in again instead of offering the same token."""
        company = self.companies.get(nip)
        self.forget(company, [AuthorizationKind.ACCESS_TOKEN])  # the row and the secret itself
        log.info("access token of %s refused by KSeF: dropped", company.nip)

    @staticmethod
    def _refresh_refusal(exc: KsefApiError) -> ReauthReason | None:
        """Why KSeF refused a refresh; None for faults worth retrying later."""
        if exc.status == 401:
            return ReauthReason.EXPIRED
        if exc.status == 400 and exc.ksef_code == 21301:
            text = (exc.details or "").lower()
            return ReauthReason.TOKEN_REVOKED if "token ksef" in text else ReauthReason.SESSION_REVOKED
        if exc.status in (400, 403):
            return ReauthReason.REFUSED
        return None

    def _mark_unavailable(self, company: Company, exc: UserError) -> None:
        if company.status in (ConnectionStatus.CONNECTED, ConnectionStatus.UNAVAILABLE):
            reason = OutageReason.UNREACHABLE if isinstance(exc, KsefUnreachable) else OutageReason.UNAVAILABLE
            self.companies.set_status(company.nip, ConnectionStatus.UNAVAILABLE, reason)

    def check(self, nip: str, *, cancel: CancelToken | None = None) -> Company:
        """Make sure the company is connected (renewing if needed) and return its current state."""
        # The company's state then says it (TRY_LATER: marked UNAVAILABLE when it was connected).
        with contextlib.suppress(*SETTLED_BY_STATE):
            self.access_token(nip, cancel=cancel)
        return self.companies.get(nip)

    def logout(self, nip: str, *, forget_ksef_token: bool = False, cancel: CancelToken | None = None) -> Company:
        """Close the session in KSeF (best effort) and forget its tokens here."""
        company = self.companies.get(nip)
        token = self._secret(company, AuthorizationKind.REFRESH_TOKEN) or self._secret(
            company, AuthorizationKind.ACCESS_TOKEN
        )
        if token:
            try:
                self._api_for(company).revoke_current_session(token, cancel)
            except UserError as exc:  # already closed or KSeF unreachable: forgetting locally still matters
                log.info("closing the KSeF session of %s: %s", company.nip, exc.code)
        kinds = [AuthorizationKind.ACCESS_TOKEN, AuthorizationKind.REFRESH_TOKEN]
        if forget_ksef_token:
            kinds.append(AuthorizationKind.KSEF_TOKEN)
        self.forget(company, kinds)
        self.companies.set_status(company.nip, ConnectionStatus.NOT_AUTHORIZED)
        return self.companies.get(company.nip)

    def forget(self, company: Company, kinds: list[AuthorizationKind] | None = None) -> None:
        """Remove stored credentials (database rows first, so nothing points at a missing secret)."""
        kinds = kinds or list(AuthorizationKind)
        for kind in kinds:
            self.authorizations.delete(company.id, kind)
        secrets = self._secrets()
        for kind in kinds:
            secrets.delete(secret_name(company, kind))

    # --- KSeF tokens for automatic renewal -------------------------------------------------------------
    def create_app_token(
        self,
        nip: str,
        permissions: tuple[str, ...] = DEFAULT_TOKEN_PERMISSIONS,
        *,
        description: str = APP_TOKEN_DESCRIPTION,
        cancel: CancelToken | None = None,
    ) -> tuple[str, str]:
        """Create a KSeF token, wait until it is active, keep it for silent renewal; (reference, token).
        The token kept so far (after a token login, the one the company works with) is replaced only once
        KSeF says the new one is Active: a token still pending, failed or lost with the connection never
        takes its place."""
        cancel = cancel or CancelToken()
        company = self.companies.get(nip)
        api = self._api_for(company)
        access = self.access_token(nip, cancel=cancel)
        created = api.create_token(access, list(permissions), description, cancel)
        reference, token = created.reference_number, created.token
        started, status = time.monotonic(), "Pending"
        while time.monotonic() - started < TOKEN_ACTIVATION_TIMEOUT_S:
            status = api.token_status(access, reference, cancel).status
            if status == "Active":
                name = secret_name(company, AuthorizationKind.KSEF_TOKEN)
                self._secrets().set(name, token)
                self.authorizations.save(company.id, AuthorizationKind.KSEF_TOKEN, name, None, reference)
                return reference, token
            if status in ("Failed", "Revoked", "Revoking"):
                break
            cancel.sleep(min(self.poll_interval_s, 1.0))
        log.warning("new KSeF token %s of %s is %s: the token kept so far stays", reference, company.nip, status)
        raise UserError("auth.token_not_active", seconds=int(TOKEN_ACTIVATION_TIMEOUT_S), status=status)

    def list_tokens(self, nip: str, *, cancel: CancelToken | None = None) -> list[KsefToken]:
        company = self.companies.get(nip)
        return self._api_for(company).list_tokens(self.access_token(nip, cancel=cancel), cancel)

    def revoke_token(self, nip: str, reference: str | None = None, *, cancel: CancelToken | None = None) -> str:
        """Revoke a KSeF token (by default the one this app keeps, then forgotten here); returns its reference."""
        company = self.companies.get(nip)
        stored = self.authorizations.get(company.id, AuthorizationKind.KSEF_TOKEN)
        kept = stored.reference if stored else None
        if stored and not kept:  # a token the user pasted: the app never learnt its reference, the token says it
            kept = token_reference(self._secret(company, AuthorizationKind.KSEF_TOKEN) or "")
        target = reference or kept
        if not target:
            raise UserError("auth.token_missing")
        self._api_for(company).revoke_token(self.access_token(nip, cancel=cancel), target, cancel)
        if stored and kept == target:
            self.forget(company, [AuthorizationKind.KSEF_TOKEN])  # a revoked token is never tried again
        return target
