"""KSeF certificates against the sandbox's CA: enrollment after a signature login, silent logins when
the refresh token has ended, Offline certificates that cannot log in, revocation, refusals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE, build_csr
from ksefdesk.services.ksef.http import KsefApiError, RateLimiter
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests import harness

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP, given="Anna", surname="Żółkiewska"))


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url, limiter=RateLimiter(scale=0), certificate_poll_s=0.1)
        self.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")

    def end_all_tokens(self) -> None:
        """As if a week had passed: the access and refresh tokens are over."""
        self.db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


def test_a_signature_login_gets_a_certificate_that_logs_in_alone(desk: Desk, server: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    stored = desk.certificates.enroll(NIP, AUTHENTICATION)
    certificate = stored.certificate
    assert len(stored.serial) == 16 and stored.status == "Active" and stored.type == AUTHENTICATION
    assert set(certificate.subject) == set(PERSON.certificate.subject)  # exactly the data KSeF asked for
    assert "KSeF Sandbox CA" in certificate.issuer.rfc4514_string()
    assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
    # the key only in the secret store, never in the database
    assert desk.secrets().get(stored.key_ref) and b"PRIVATE KEY" not in (Path(desk.db.path)).read_bytes()
    desk.end_all_tokens()
    token = desk.auth.access_token(NIP)  # no user action: a silent XAdES login with the KSeF certificate
    company = desk.companies.get(NIP)
    assert token and company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.KSEF_CERTIFICATE
    row = server.sandbox.state.one("SELECT last_use FROM ksef_certificates WHERE serial = ?", (stored.serial,))
    assert row is not None and row["last_use"]
    operation = server.sandbox.state.one("SELECT method FROM auth_operations ORDER BY start_date DESC LIMIT 1")
    assert operation is not None and operation["method"] == "InternalCertificate"


def test_a_revoked_certificate_no_longer_logs_in(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    stored = desk.certificates.enroll(NIP, AUTHENTICATION)
    assert [c.serial for c in desk.certificates.refresh_statuses(NIP)] == [stored.serial]
    desk.certificates.revoke(NIP, stored.serial)
    assert desk.certificates.stored(NIP)[0].status == "Revoked" and desk.secrets().get(stored.key_ref) is None
    desk.end_all_tokens()
    with pytest.raises(UserError) as caught:
        desk.auth.access_token(NIP)
    assert caught.value.code == "auth.reauth_needed"
    assert desk.companies.get(NIP).status is ConnectionStatus.REAUTH_NEEDED


def test_an_offline_certificate_cannot_log_in(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    offline = desk.certificates.enroll(NIP, OFFLINE)
    assert desk.certificates.signing_material(desk.companies.get(NIP), AUTHENTICATION) is None
    material = desk.certificates.signing_material(desk.companies.get(NIP), OFFLINE)
    assert material is not None and material.certificate.serial_number == int(offline.serial, 16)
    with pytest.raises(UserError):
        desk.auth.sign_in(NIP, material)


def test_a_token_login_cannot_enroll(desk: Desk, server: SandboxServer) -> None:
    desk.auth.login_with_token(NIP, login_kit(server.sandbox, NIP).ksef_token)
    with pytest.raises(UserError) as caught:
        desk.certificates.enroll(NIP)
    assert caught.value.code == "cert.needs_signature_login"
    assert "signature" in caught.value.action("en")


def test_a_csr_with_other_data_is_refused(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    access = desk.auth.access_token(NIP)
    data = desk.api.enrollment_data(access)
    assert data.get("serialNumber") == f"TINPL-{NIP}" and data.common_name == "Anna Żółkiewska"
    key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(KsefApiError) as caught:
        desk.api.enroll_certificate(access, "Obcy", "Authentication", build_csr(data.replaced("surname", "Inny"), key))
    assert caught.value.ksef_code == 25003
    with pytest.raises(KsefApiError) as caught:
        desk.api.enroll_certificate(access, "Zepsuty", "Authentication", b"not a csr")
    assert caught.value.ksef_code == 25004
