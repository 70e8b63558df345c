"""The KSeF certificate lifecycle against the sandbox: a token-only company moved to certificate logins
with one signature, the token revoked and the company still syncing; renewal of a certificate near its
end; backup and import of the key as a .p12; the refusals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from ksefdesk.core.errors import UserError, WrongPassword
from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.readiness import RENEW_AHEAD
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE
from ksefdesk.services.credentials import warnings
from ksefdesk.services.ksef.http import RateLimiter
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests import harness

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP, given="Anna", surname="Żółkiewska"))
PASSPHRASE = "kopia klucza 2027"


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url, limiter=RateLimiter(scale=0), certificate_poll_s=0.05)
        self.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")

    def end_all_tokens(self) -> None:
        """As if a week had passed: the access and refresh tokens are over."""
        self.db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")

    def last_login_method(self, server: SandboxServer) -> str:
        row = server.sandbox.state.one("SELECT method FROM auth_operations ORDER BY start_date DESC LIMIT 1")
        assert row is not None
        return str(row["method"])

    def shorten(self, serial: str, valid_to: datetime) -> None:
        """The sandbox's PUT /testdata/certificates/{serial}: the certificate now ends at ``valid_to``."""
        access = self.auth.access_token(NIP)
        body = {"validTo": valid_to.isoformat()}
        self.http.request("PUT", f"/testdata/certificates/{serial}", group="other", token=access, json=body)


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path / "one", server)
    yield app
    app.db.close()


def _signature_login(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))


def test_a_token_company_moves_to_certificates_with_one_signature(desk: Desk, server: SandboxServer) -> None:
    kit = login_kit(server.sandbox, NIP)
    desk.auth.login_with_token(NIP, kit.ksef_token)
    company = desk.companies.get(NIP)
    with pytest.raises(UserError) as refused:  # a token session cannot request certificates
        desk.certificates.setup(NIP)
    assert refused.value.code == "cert.needs_signature_login" and "signature" in refused.value.action("en")
    assert desk.certificates.stored(NIP) == []
    token_warning = [w.text("en") for w in warnings(company, desk.auth, desk.certificates)]
    assert any("31 Dec 2026" in text for text in token_warning)

    _signature_login(desk)  # the one signature
    made = desk.certificates.setup(NIP)
    assert sorted(c.type for c in made) == [AUTHENTICATION, OFFLINE]
    assert all(c.backed_up_at is None for c in made)
    assert desk.certificates.setup(NIP) == []  # nothing lacking: no second enrolment
    company = desk.companies.get(NIP)
    shown = desk.certificates.shown(company, AUTHENTICATION)
    assert shown is not None and shown.serial == next(c.serial for c in made if c.type == AUTHENTICATION)
    # with a certificate the token's end is no longer a warning
    assert not any("31 Dec 2026" in w.text("en") for w in warnings(company, desk.auth, desk.certificates))

    desk.auth.revoke_token(NIP, kit.ksef_token.split("|")[0])
    desk.end_all_tokens()
    assert desk.auth.access_token(NIP)  # silently, with the KSeF certificate
    company = desk.companies.get(NIP)
    assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.KSEF_CERTIFICATE
    assert desk.last_login_method(server) == "InternalCertificate"
    result = desk.receiver.sync(NIP)
    assert result.total_added == 0 and desk.companies.get(NIP).status is ConnectionStatus.CONNECTED


def test_setup_after_a_certificate_login_logs_in_with_it_first(desk: Desk, server: SandboxServer) -> None:
    _signature_login(desk)
    authentication = desk.certificates.enroll(NIP, AUTHENTICATION)
    desk.auth.login_with_token(NIP, login_kit(server.sandbox, NIP).ksef_token)  # the last login: a token
    made = desk.certificates.setup(NIP)  # the Offline one, after a login with the Authentication one
    assert [c.type for c in made] == [OFFLINE]
    assert desk.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE
    row = server.sandbox.state.one("SELECT last_use FROM ksef_certificates WHERE serial = ?", (authentication.serial,))
    assert row is not None and row["last_use"]


def test_a_certificate_near_its_end_is_renewed_and_then_logs_in(desk: Desk, server: SandboxServer) -> None:
    _signature_login(desk)
    first = {c.type: c for c in desk.certificates.setup(NIP)}
    old = first[AUTHENTICATION]
    assert desk.certificates.renew_due(NIP) == []  # two years left: nothing due
    soon = datetime.now(UTC) + timedelta(days=10)
    desk.shorten(old.serial, soon)
    refreshed = {c.serial: c for c in desk.certificates.refresh_statuses(NIP)}
    assert abs((refreshed[old.serial].valid_to - soon).total_seconds()) < 2
    company = desk.companies.get(NIP)
    texts = [w.text("en") for w in warnings(company, desk.auth, desk.certificates)]
    assert any(old.serial in t and "renews it by itself" in t for t in texts), texts

    renewed = desk.certificates.renew_due(NIP)
    assert [c.type for c in renewed] == [AUTHENTICATION] and renewed[0].serial != old.serial
    assert renewed[0].valid_to - datetime.now(UTC) > RENEW_AHEAD
    assert desk.last_login_method(server) == "InternalCertificate"  # logged in with the old one: no card
    stored = {c.serial: c for c in desk.certificates.stored(NIP)}
    assert stored[old.serial].status == "Active"  # not revoked: it simply ends (KOD II already issued)
    assert desk.certificates.renew_due(NIP) == []  # the old one is replaced: not renewed twice
    company = desk.companies.get(NIP)
    assert not any(old.serial in w.text("en") for w in warnings(company, desk.auth, desk.certificates))

    desk.end_all_tokens()
    assert desk.auth.access_token(NIP)
    row = server.sandbox.state.one("SELECT last_use FROM ksef_certificates WHERE serial = ?", (renewed[0].serial,))
    assert row is not None and row["last_use"]  # the silent login used the new certificate

    # an Offline certificate near its end is renewed through a login with the Authentication one
    desk.shorten(first[OFFLINE].serial, datetime.now(UTC) + timedelta(days=3))
    desk.certificates.refresh_statuses(NIP)
    offline = desk.certificates.renew(NIP, first[OFFLINE].serial)
    assert offline.type == OFFLINE and offline.serial != first[OFFLINE].serial


def test_an_expired_authentication_certificate_needs_a_signature(desk: Desk) -> None:
    _signature_login(desk)
    old = desk.certificates.enroll(NIP, AUTHENTICATION)
    desk.shorten(old.serial, datetime.now(UTC) - timedelta(minutes=1))
    assert desk.certificates.refresh_statuses(NIP)[0].status == "Expired"
    desk.db.connection().execute("UPDATE companies SET auth_method = 'token'")  # as after a token login
    assert desk.certificates.renew_due(NIP) == []  # nothing in use to renew
    with pytest.raises(UserError) as refused:
        desk.certificates.renew(NIP, old.serial)
    assert refused.value.code == "cert.needs_signature_login"
    company = desk.companies.get(NIP)
    desk.db.connection().execute("UPDATE ksef_certificates SET status = 'Active'")  # not checked in KSeF yet
    texts = [w.text("en") for w in warnings(company, desk.auth, desk.certificates)]
    assert any(old.serial in t and "ended on" in t and "qualified signature" in t for t in texts), texts


def test_back_up_then_import_on_another_computer(desk: Desk, server: SandboxServer, tmp_path: Path) -> None:
    _signature_login(desk)
    made = desk.certificates.setup(NIP)
    folder = tmp_path / "pendrive"
    with pytest.raises(UserError) as weak:
        desk.certificates.back_up(NIP, folder, "krotkie")
    assert weak.value.code == "cert.weak_passphrase" and not folder.exists()
    files = desk.certificates.back_up(NIP, folder, PASSPHRASE)
    assert sorted(p.name for p in files) == sorted(f"KSeF-{NIP}-{c.type}-{c.serial}.p12" for c in made)
    assert all(p.stat().st_mode & 0o077 == 0 for p in files)
    assert all(c.backed_up_at is not None for c in desk.certificates.stored(NIP))
    again = desk.certificates.back_up(NIP, folder, PASSPHRASE, [made[0].serial])
    assert again[0].name.endswith(" (2).p12") and len(list(folder.iterdir())) == 3  # nothing overwritten
    auth_file = next(p for p in files if AUTHENTICATION in p.name)
    offline_file = next(p for p in files if OFFLINE in p.name)

    other = Desk(tmp_path / "two", server)
    try:
        with pytest.raises(WrongPassword):
            other.certificates.import_pkcs12(NIP, auth_file.read_bytes(), "not the passphrase")
        with pytest.raises(UserError) as not_p12:
            other.certificates.import_pkcs12(NIP, b"<xml/>", PASSPHRASE)
        assert not_p12.value.code == "cert.not_a_certificate"
        with pytest.raises(UserError) as offline:
            other.certificates.import_pkcs12(NIP, offline_file.read_bytes(), PASSPHRASE)
        assert offline.value.code == "cert.not_authentication"
        only_certificate = pkcs12.serialize_key_and_certificates(
            b"x", None, made[0].certificate, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())
        )
        with pytest.raises(UserError) as no_key:
            other.certificates.import_pkcs12(NIP, only_certificate, PASSPHRASE)
        assert no_key.value.code == "cert.p12_without_key"
        assert other.certificates.stored(NIP) == []

        imported = other.certificates.import_pkcs12(NIP, auth_file.read_bytes(), PASSPHRASE)
        assert imported.type == AUTHENTICATION and imported.backed_up_at is not None
        assert imported.serial == next(c.serial for c in made if c.type == AUTHENTICATION)
        material = other.certificates.signing_material(other.companies.get(NIP))
        assert material is not None  # connecting on this computer needs no card: the imported certificate
        other.auth.sign_in(NIP, material, method=AuthMethod.KSEF_CERTIFICATE)
        other.end_all_tokens()
        assert other.auth.access_token(NIP)  # and it renews the login by itself
        assert other.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE
        assert other.receiver.sync(NIP).total_added == 0
    finally:
        other.db.close()
