"""Authorizing companies end to end against the sandbox, and keeping them authorized."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from ksefdesk.core.errors import (
    TRY_LATER,
    Cancelled,
    KsefRefused,
    KsefUnavailable,
    KsefUnreachable,
    LoginRefused,
    NoPermissions,
    NotAuthorized,
    ReauthNeeded,
    TokenRefusal,
    TokenRefused,
    UserError,
)
from ksefdesk.core.models import AuthMethod, AuthorizationKind, ConnectionStatus, Environment
from ksefdesk.core.redaction import Redactor
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial, load_signing_material
from ksefdesk.core.status import OutageReason, ReauthReason
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError, KsefHttp, RateLimiter
from ksefdesk.services.secrets import KdfParams, VaultSecretStore
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests import harness

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP), kind="ec")
PASSPHRASE = "haslo do sejfu testowego"


class Desk(harness.Desk):
    """The services of one app instance over a data folder (a 'process')."""

    def __init__(
        self,
        folder: Path,
        base_url: str,
        clock: Callable[[], datetime] | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.vault = VaultSecretStore(
            folder / "secrets.vault", PASSPHRASE, redactor=Redactor(), kdf=KdfParams(1024, 1, 1)
        )
        super().__init__(
            folder, base_url, db_name="ksefdesk.db", secrets=self.vault, limiter=limiter, scope=NIP, clock=clock
        )
        if self.companies.find(NIP) is None:
            self.companies.add(NIP, Environment.SANDBOX, name="Piekarnia", base_url=base_url)


@pytest.fixture
def sandbox_fast(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05, access_token_ttl_s=2))


@pytest.fixture
def desk(tmp_path: Path, sandbox_fast: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path / "app", sandbox_fast.base_url)
    yield app
    app.db.close()


def _admin(server: SandboxServer, path: str, body: dict[str, object]) -> None:
    response = requests.post(
        server.admin_url(path.rsplit("/", 1)[-1]), json=body, headers=server.admin_headers, timeout=10
    )
    assert response.status_code in (200, 204), response.text


# --- the three methods -----------------------------------------------------------------------------
def test_signature_flow_and_restart(start_sandbox: Callable[..., SandboxServer], tmp_path: Path) -> None:
    server = start_sandbox()  # production-like 15-minute access tokens
    desk = Desk(tmp_path / "app", server.base_url)
    request = desk.auth.request_document(NIP)
    assert timedelta(minutes=9) < request.deadline - datetime.now(UTC) <= timedelta(minutes=10)
    signed = sign_xml(request.document, PERSON.key, [PERSON.certificate])  # "the vendor's software"
    company = desk.auth.submit_signed(NIP, signed)
    assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.SIGNATURE
    token = desk.auth.access_token(NIP)
    desk.db.close()
    restarted = Desk(tmp_path / "app", server.base_url)  # a new process over the same data
    assert restarted.auth.access_token(NIP) == token  # back from the vault, still valid
    with pytest.raises(UserError) as caught:
        restarted.auth.submit_signed(NIP, signed)  # the pending request was used up
    assert caught.value.code == "auth.no_pending_request"
    restarted.db.close()


def test_time_to_sign_runs_out(desk: Desk, sandbox_fast: SandboxServer) -> None:
    request = desk.auth.request_document(NIP)
    signed = sign_xml(request.document, PERSON.key, [PERSON.certificate])
    desk.auth._clock = lambda: datetime.now(UTC) + timedelta(minutes=11)
    with pytest.raises(UserError) as caught:
        desk.auth.submit_signed(NIP, signed)
    assert caught.value.code == "signed.expired"


def test_file_signed_for_an_older_request_is_refused_before_sending(desk: Desk) -> None:
    old = desk.auth.request_document(NIP)
    desk.auth.request_document(NIP)  # "get a new file"
    with pytest.raises(UserError) as caught:
        desk.auth.submit_signed(NIP, sign_xml(old.document, PERSON.key, [PERSON.certificate]))
    assert caught.value.code == "signed.wrong_challenge"
    assert desk.companies.get(NIP).status is ConnectionStatus.NOT_AUTHORIZED


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_certificate_file_method(desk: Desk, kind: str) -> None:
    identity = self_signed(person_subject(nip=NIP), kind=kind)  # type: ignore[arg-type]
    material = load_signing_material(identity.pkcs12(b"sekret"), None, "sekret", "cert.p12")
    company = desk.auth.sign_in(NIP, material)
    assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.CERTIFICATE


def test_someone_elses_certificate_gets_a_clear_refusal(desk: Desk) -> None:
    stranger = self_signed(person_subject(nip="7251801126"))
    with pytest.raises(NoPermissions) as caught:
        desk.auth.sign_in(NIP, SigningMaterial(stranger.key, stranger.certificate))
    assert caught.value.code == "auth.no_permissions" and caught.value.ksef_code == 415
    assert isinstance(caught.value, KsefRefused) and not isinstance(caught.value, TRY_LATER)  # not the network
    assert desk.companies.get(NIP).status is ConnectionStatus.NOT_AUTHORIZED


def test_token_method_and_wrong_token(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, token = desk.auth.create_app_token(NIP)
    assert token.startswith(reference)
    desk.auth.logout(NIP)
    company = desk.auth.login_with_token(NIP, token)
    assert company.auth_method is AuthMethod.TOKEN and company.status is ConnectionStatus.CONNECTED
    with pytest.raises(TokenRefused) as caught:
        desk.auth.login_with_token(NIP, token[:-6] + "000000")
    assert caught.value.refusal is TokenRefusal.WRONG  # "Nieprawidłowy token."
    assert caught.value.code == "auth.token_wrong" and caught.value.ksef_code == 450


# --- staying connected -------------------------------------------------------------------------------
def test_access_token_refreshes_on_its_own(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    first = desk.auth.access_token(NIP)  # valid 2 s, inside the 90 s margin: renewed at once
    second = desk.auth.access_token(NIP)
    assert first != second
    assert desk.companies.get(NIP).status is ConnectionStatus.CONNECTED


def test_revoked_session_asks_for_reauthorization_with_the_reason(desk: Desk, sandbox_fast: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    session = desk.api.auth_sessions(desk.auth.access_token(NIP))[0].reference_number
    _admin(sandbox_fast, "/_sandbox/revoke-session", {"referenceNumber": session})
    with pytest.raises(ReauthNeeded) as caught:
        desk.auth.access_token(NIP)
    assert caught.value.code == "auth.reauth_needed" and caught.value.reason is ReauthReason.SESSION_REVOKED
    assert "wylogowano w KSeF" in caught.value.message("pl") and "logged out in KSeF" in caught.value.message("en")
    company = desk.companies.get(NIP)
    assert company.status is ConnectionStatus.REAUTH_NEEDED and company.status_reason is ReauthReason.SESSION_REVOKED


def test_expired_login_renews_silently_with_a_stored_token(
    start_sandbox: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    server = start_sandbox(
        SandboxConfig(rate_scale=0, token_activation_s=0.05, access_token_ttl_s=1, refresh_token_ttl_s=2)
    )
    desk = Desk(tmp_path / "app", server.base_url)
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    desk.auth.create_app_token(NIP)
    time.sleep(3.1)  # the refresh token is over (lifetimes are whole seconds, rounded up)
    assert desk.auth.access_token(NIP)
    company = desk.companies.get(NIP)
    assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.TOKEN
    desk.db.close()


def test_expired_login_without_a_token_needs_the_user(
    start_sandbox: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=0, access_token_ttl_s=1, refresh_token_ttl_s=1))
    desk = Desk(tmp_path / "app", server.base_url)
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    time.sleep(2.1)  # lifetimes are whole seconds, rounded up
    company = desk.auth.check(NIP)
    assert company.status is ConnectionStatus.REAUTH_NEEDED and company.status_reason is ReauthReason.EXPIRED
    desk.db.close()


def test_revoked_ksef_token_is_reported(desk: Desk, sandbox_fast: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, token = desk.auth.create_app_token(NIP)
    desk.auth.logout(NIP)
    desk.auth.login_with_token(NIP, token)
    _admin(sandbox_fast, "/_sandbox/revoke-token", {"referenceNumber": reference})
    company = desk.auth.check(NIP)
    assert company.status is ConnectionStatus.REAUTH_NEEDED and company.status_reason is ReauthReason.TOKEN_REVOKED


def test_logout_and_token_revocation(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, _ = desk.auth.create_app_token(NIP)
    listed = desk.auth.list_tokens(NIP)
    assert reference in [t.reference_number for t in listed]
    assert desk.auth.revoke_token(NIP) == reference
    assert desk.authorizations.get(desk.companies.get(NIP).id, AuthorizationKind.KSEF_TOKEN) is None
    company = desk.auth.logout(NIP)
    assert company.status is ConnectionStatus.NOT_AUTHORIZED
    assert desk.authorizations.for_company(company.id) == []
    with pytest.raises(NotAuthorized) as caught:
        desk.auth.access_token(NIP)
    assert caught.value.code == "auth.not_authorized"


def test_no_network_keeps_the_authorization(desk: Desk, tmp_path: Path) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    offline = Desk(tmp_path / "app", "http://127.0.0.1:9/v2")  # nothing listens there
    offline.api.http.max_attempts = 1
    with pytest.raises(KsefUnreachable) as caught:
        offline.auth.access_token(NIP)  # must refresh (2 s token) but cannot reach KSeF
    assert caught.value.code == "ksef.unreachable"
    company = offline.companies.get(NIP)
    assert company.status is ConnectionStatus.UNAVAILABLE and company.status_reason is OutageReason.UNREACHABLE
    assert offline.authorizations.get(company.id, AuthorizationKind.REFRESH_TOKEN) is not None
    offline.db.close()


# --- decided by type: a fault of KSeF or the network keeps the login, a refusal asks the user ------------------
def _expire_login(desk: Desk) -> None:
    """Both tokens over: the next access_token() has to log in again by itself, or give up."""
    desk.db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")


def test_maintenance_during_a_refresh_keeps_the_login(desk: Desk, sandbox_fast: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    _admin(sandbox_fast, "/_sandbox/faults", {"maintenance": True})  # 503, Retry-After: 60
    with pytest.raises(KsefUnavailable):
        desk.auth.access_token(NIP)  # the 2 s access token must be refreshed
    company = desk.auth.check(NIP)  # a fault to wait out, not an error of the company
    assert company.status is ConnectionStatus.UNAVAILABLE and company.status_reason is OutageReason.UNAVAILABLE
    assert desk.authorizations.get(company.id, AuthorizationKind.REFRESH_TOKEN) is not None
    _admin(sandbox_fast, "/_sandbox/faults", {"maintenance": False})
    company = desk.auth.check(NIP)
    assert company.status is ConnectionStatus.CONNECTED and company.status_reason is None


def test_a_silent_login_without_permissions_says_so(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    stranger = self_signed(person_subject(nip="7251801126"))  # KSeF answers 415 for this company
    desk.auth.certificate_login = lambda company: SigningMaterial(stranger.key, stranger.certificate)
    _expire_login(desk)
    with pytest.raises(ReauthNeeded) as caught:
        desk.auth.access_token(NIP)
    assert caught.value.reason is ReauthReason.NO_PERMISSIONS and "uprawnień" in caught.value.message("pl")
    company = desk.companies.get(NIP)
    assert company.status is ConnectionStatus.REAUTH_NEEDED and company.status_reason is ReauthReason.NO_PERMISSIONS


def test_a_silent_login_in_maintenance_is_retried_later_not_a_reauthorization(
    desk: Desk, sandbox_fast: SandboxServer
) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    desk.auth.certificate_login = lambda company: SigningMaterial(PERSON.key, PERSON.certificate)
    _expire_login(desk)
    _admin(sandbox_fast, "/_sandbox/faults", {"maintenance": True})
    with pytest.raises(KsefUnavailable):
        desk.auth.access_token(NIP)
    assert desk.companies.get(NIP).status is ConnectionStatus.CONNECTED  # not marked: nothing was refused
    _admin(sandbox_fast, "/_sandbox/faults", {"maintenance": False})
    assert desk.auth.access_token(NIP)  # the same silent login, now that KSeF is back
    assert desk.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE


@pytest.mark.parametrize("fault", [{"error_rate": 1.0}, {"burst_429": 1000}], ids=["5xx", "429"])
def test_a_silent_login_kept_from_ksef_by_its_faults_is_not_a_reauthorization(
    desk: Desk, sandbox_fast: SandboxServer, fault: dict[str, object]
) -> None:
    """A 429 or a 5xx says "later", not "sign again": the user must not be sent for the card."""
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    desk.auth.certificate_login = lambda company: SigningMaterial(PERSON.key, PERSON.certificate)
    _expire_login(desk)
    _admin(sandbox_fast, "/_sandbox/faults", fault)
    with pytest.raises(TRY_LATER):
        desk.auth.access_token(NIP)
    assert desk.companies.get(NIP).status is not ConnectionStatus.REAUTH_NEEDED
    _admin(sandbox_fast, "/_sandbox/faults", {"error_rate": 0.0, "burst_429": 0})
    assert desk.auth.access_token(NIP)


def test_a_stored_token_that_was_revoked_is_not_tried_again(desk: Desk, sandbox_fast: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, _ = desk.auth.create_app_token(NIP)
    _admin(sandbox_fast, "/_sandbox/revoke-token", {"referenceNumber": reference})
    _expire_login(desk)
    with pytest.raises(ReauthNeeded) as caught:
        desk.auth.access_token(NIP)
    assert caught.value.reason is ReauthReason.TOKEN_REVOKED
    assert "unieważniony" in caught.value.message("pl") and "revoked" in caught.value.message("en")
    assert desk.companies.get(NIP).status_reason is ReauthReason.TOKEN_REVOKED


@pytest.mark.parametrize(
    ("status", "kind", "code"),
    [
        (415, NoPermissions, "auth.no_permissions"),
        (425, LoginRefused, "auth.revoked"),
        (450, TokenRefused, "auth.bad_token"),
        (460, LoginRefused, "auth.certificate_refused"),
        (499, LoginRefused, "auth.failed"),  # a code this version does not know: still a refusal, with its number
    ],
)
def test_every_refused_login_is_a_refusal_with_ksefs_status(status: int, kind: type[LoginRefused], code: str) -> None:
    from ksefdesk.core.auth_flow import login_refusal

    error = login_refusal(NIP, status, "Odmowa", [])
    assert type(error) is kind and isinstance(error, KsefRefused) and not isinstance(error, TRY_LATER)
    assert error.code == code and error.ksef_code == status and f"KSeF {status}: Odmowa" in error.details


# --- HTTP behaviour ----------------------------------------------------------------------------------------
def test_the_shared_limiter_prevents_429s(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=1.0))
    http = KsefHttp(server.base_url, RateLimiter(), max_attempts=1)  # a 429 would raise at once
    api = KsefApi(http)
    started = time.monotonic()
    for _ in range(75):  # the anonymous group allows 60 per second
        api.challenge()
    assert time.monotonic() - started >= 0.9


def test_retry_after_is_honoured(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    _admin(server, "/_sandbox/faults", {"burst_429": 1})
    api = KsefApi(KsefHttp(server.base_url, RateLimiter()))
    started = time.monotonic()
    assert api.challenge().challenge
    assert time.monotonic() - started >= 1.9  # the sandbox said Retry-After: 2


def test_errors_keep_ksef_codes(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    api = KsefApi(KsefHttp(server.base_url, RateLimiter()))
    with pytest.raises(KsefApiError) as caught:
        api.submit_xades(b"<AuthTokenRequest/>")
    assert caught.value.status == 400 and caught.value.ksef_code == 21401
    assert caught.value.code == "ksef.rejected" and "21401" in caught.value.full_text("en")


def test_cancellation_stops_waiting(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    _admin(server, "/_sandbox/faults", {"burst_429": 10})  # Retry-After 2 s each: 8 s of waiting in all
    api = KsefApi(KsefHttp(server.base_url, RateLimiter()))
    cancel = CancelToken()
    import threading

    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):  # not a UserError: there is nothing to show
        api.challenge(cancel)
    assert time.monotonic() - started < 2


def test_a_long_retry_after_fails_at_once_instead_of_blocking(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    _admin(server, "/_sandbox/faults", {"maintenance": True})  # 503 with Retry-After: 60
    api = KsefApi(KsefHttp(server.base_url, RateLimiter()))
    started = time.monotonic()
    with pytest.raises(KsefUnavailable) as caught:
        api.challenge()
    assert caught.value.code == "ksef.unavailable" and caught.value.status == 503 and time.monotonic() - started < 2


def test_plain_http_is_refused_for_remote_hosts() -> None:
    with pytest.raises(UserError) as caught:
        KsefHttp("http://api.ksef.mf.gov.pl/v2", RateLimiter())
    assert caught.value.code == "env.base_url_invalid"


# --- the signed file: uncertain verdicts, KSeF's refusals, what is remembered ------------------------
def test_an_uncertain_signature_is_sent_only_when_forced(desk: Desk) -> None:
    from ksefdesk.core.signed_file import UncertainSignature
    from tests.unit.xades_layouts import EXC, Layout, sign, transform, xpath_transform

    request = desk.auth.request_document(NIP)
    odd = xpath_transform("not(ancestor-or-self::ds:Signature) and not(self::comment())")
    data = sign(request.document, PERSON, Layout(content_transforms=[odd, transform(EXC)]))
    with pytest.raises(UncertainSignature) as caught:
        desk.auth.submit_signed(NIP, data)
    assert caught.value.partial is not None and caught.value.partial.context_value == NIP
    heard: list[str] = []
    try:
        company = desk.auth.submit_signed(NIP, data, force=True, on_uncertain=lambda exc: heard.append(exc.code))
    except UserError as refusal:  # KSeF (here: the sandbox) decided, and its answer is explained
        assert refusal.code == "signed.ksef_9105" and refusal.ksef_code == 9105
        assert "invalid" in refusal.message("en") and "Sign the original file again" in refusal.action("en")
    else:
        assert company.status is ConnectionStatus.CONNECTED
    assert heard == ["signed.uncertain_transform"]


@pytest.mark.parametrize("code", [9105, 21111, 21115, 21117, 21217, 21406])
def test_ksefs_refusals_of_the_file_say_cause_and_fix(desk: Desk, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    request = desk.auth.request_document(NIP)
    signed = sign_xml(request.document, PERSON.key, [PERSON.certificate])

    def refuse(data: bytes, cancel: CancelToken | None = None) -> None:
        raise KsefApiError("ksef.rejected", status=400, ksef_code=code, description="x", details=f"KSeF {code}")

    monkeypatch.setattr(desk.api, "submit_xades", refuse)
    with pytest.raises(UserError) as caught:
        desk.auth.submit_signed(NIP, signed)
    assert caught.value.code == f"signed.ksef_{code}" and caught.value.ksef_code == code
    assert caught.value.message("pl") != caught.value.message("en") and len(caught.value.action("pl")) > 40
    assert desk.companies.get(NIP).status is ConnectionStatus.NOT_AUTHORIZED


def test_the_ministrys_seal_is_never_remembered_as_the_companys_certificate(desk: Desk) -> None:
    from ksefdesk.core.identity import CertificateIdentity, IdentityKind, SignerInfo, SignerKind

    company = desk.companies.get(NIP)
    trusted = SignerInfo(SignerKind.TRUSTED_PROFILE, "Anna Nowak", CertificateIdentity(IdentityKind.PESEL, "9" * 11))
    desk.auth._remember_signer(company, PERSON.certificate, trusted)
    assert desk.auth.signer(NIP) is None
    desk.auth._remember_signer(company, PERSON.certificate)
    remembered = desk.auth.signer(NIP)
    assert remembered is not None and remembered.subject == "Jan Testowy"


def test_a_signed_file_is_never_read_whole(tmp_path: Path, desk: Desk) -> None:
    from ksefdesk.core.signed_file import MAX_SIGNED_BYTES
    from ksefdesk.services.auth import read_signed_file

    huge = tmp_path / "huge.xml"
    huge.write_bytes(b"<a>" + b" " * (MAX_SIGNED_BYTES * 3))
    data = read_signed_file(huge)
    assert len(data) == MAX_SIGNED_BYTES + 1
    desk.auth.request_document(NIP)
    with pytest.raises(UserError) as caught:
        desk.auth.precheck(NIP, data)
    assert caught.value.code == "signed.too_large"
    with pytest.raises(UserError) as caught:
        read_signed_file(tmp_path / "missing.xml")
    assert caught.value.code == "file.unreadable"
