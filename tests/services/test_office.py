"""An accounting office's one certificate in its clients' contexts, against the sandbox: three clients
that granted it InvoiceRead are logged into and synced, a fourth that did not is refused with the reason
(415), grants made in the app are what the sandbox holds, and a revocation ends the office's access."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ksefdesk.core.errors import ReauthNeeded, UserError
from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.readiness import LoginWay
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.services.ksef.http import RateLimiter
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests import harness

OFFICE = "7251801126"
GRANTING = ("5265877635", "5213017228", "5260250274")
NOT_GRANTING = "1234563218"
OWNER = self_signed(person_subject(nip=OFFICE, given="Ewa", surname="Księgowa"))


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[harness.Desk]:
    app = harness.Desk(tmp_path, server.base_url, limiter=RateLimiter(scale=0), certificate_poll_s=0.05)
    app.companies.add(OFFICE, Environment.SANDBOX, name="Biuro Rachunkowe Bilans")
    for nip in (*GRANTING, NOT_GRANTING):
        app.companies.add(nip, Environment.SANDBOX, name=f"Klient {nip}")
    yield app
    app.db.close()


def _office_with_certificate(desk: harness.Desk) -> None:
    desk.auth.sign_in(OFFICE, SigningMaterial(OWNER.key, OWNER.certificate))
    desk.certificates.setup(OFFICE)
    assert desk.certificates.usable(desk.companies.get(OFFICE), AUTHENTICATION) is not None


def _clients_grant(desk: harness.Desk, server: SandboxServer, permissions: tuple[str, ...]) -> None:
    """Each granting client logs in with its own KSeF token and grants the office in the app."""
    for nip in GRANTING:
        desk.auth.login_with_token(nip, login_kit(server.sandbox, nip).ksef_token)
        grants = desk.office.grant(nip, OFFICE, permissions)
        assert sorted(g.scope for g in grants) == sorted(permissions)


def _sandbox_grants(server: SandboxServer, context: str) -> set[tuple[str, str, str]]:
    rows = server.sandbox.state.all(
        "SELECT subject_type, subject_value, permission FROM grants WHERE context_value = ?", (context,)
    )
    return {(r["subject_type"], r["subject_value"], r["permission"]) for r in rows}


def test_one_office_certificate_logs_into_three_granting_clients_and_is_refused_in_a_fourth(
    desk: harness.Desk, server: SandboxServer
) -> None:
    _office_with_certificate(desk)
    _clients_grant(desk, server, ("InvoiceRead",))
    for nip in GRANTING:  # the grant made in the app is what the sandbox enforces
        assert ("Nip", OFFICE, "InvoiceRead") in _sandbox_grants(server, nip)
        desk.auth.logout(nip)  # from now on only the office's certificate logs the client in
    assert _sandbox_grants(server, NOT_GRANTING) == set()

    for nip in (*GRANTING, NOT_GRANTING):
        desk.office.use_office(nip, OFFICE)
    assert [c.nip for c in desk.office.clients(OFFICE)] == sorted((*GRANTING, NOT_GRANTING))
    found = {access.client.nip: access for access in desk.office.check_clients(OFFICE)}

    for nip in GRANTING:
        access = found[nip]
        assert access.granted and access.held == ("InvoiceRead",) and access.missing == ("InvoiceWrite",)
        company = desk.companies.get(nip)
        assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.KSEF_CERTIFICATE
        desk.receiver.sync(nip)  # InvoiceRead is enough to receive
    refused = found[NOT_GRANTING]
    assert not refused.granted and refused.error is not None
    assert refused.error.code == "reauth.office_not_granted" and "InvoiceRead" in refused.error.action("en")
    company = desk.companies.get(NOT_GRANTING)
    assert company.status is ConnectionStatus.REAUTH_NEEDED
    assert company.status_reason is ReauthReason.OFFICE_NOT_GRANTED
    assert desk.readiness.assess(NOT_GRANTING).facts.office_granted is False
    text = desk.office.what_to_grant(OFFICE, refused.missing)
    assert OFFICE in text.en and "InvoiceRead" in text.en and "InvoiceRead" in text.pl

    # The KSeF sessions the sandbox saw: each client's context, the office's identity, its certificate.
    rows = server.sandbox.state.all(
        "SELECT context_value, method, status_code FROM auth_operations WHERE subject_value = ?", (OFFICE,)
    )
    by_context = {(r["context_value"], r["status_code"]) for r in rows if r["method"] == "InternalCertificate"}
    assert {(nip, 200) for nip in GRANTING} <= by_context and (NOT_GRANTING, 415) in by_context


def test_a_silent_login_of_a_client_uses_the_office_certificate_and_names_a_missing_grant(
    desk: harness.Desk, server: SandboxServer, tmp_path: Path
) -> None:
    _office_with_certificate(desk)
    _clients_grant(desk, server, ("InvoiceRead", "InvoiceWrite"))
    client = GRANTING[0]
    desk.auth.logout(client, forget_ksef_token=True)  # no token left: only the office can log it in
    desk.office.use_office(client, OFFICE)
    desk.auth.access_token(client)  # silent: the office's certificate, no user
    assert desk.companies.get(client).auth_method is AuthMethod.KSEF_CERTIFICATE
    assert desk.readiness.assess(client).today is LoginWay.OFFICE_CERTIFICATE

    # The client, in its own copy of the app and logged in as itself, takes the grants back ...
    own = harness.Desk(tmp_path / "client", server.base_url, limiter=RateLimiter(scale=0))
    own.companies.add(client, Environment.SANDBOX)
    own.auth.login_with_token(client, login_kit(server.sandbox, client).ksef_token)
    assert own.office.revoke(client, OFFICE) == 2
    own.db.close()
    assert _sandbox_grants(server, client) == set()
    desk.auth.logout(client)
    with pytest.raises(ReauthNeeded) as failed:  # ... and the office's next login there is refused, with why
        desk.auth.access_token(client)
    assert failed.value.reason is ReauthReason.OFFICE_NOT_GRANTED and "415" in failed.value.message("en")
    assert desk.companies.get(client).status_reason is ReauthReason.OFFICE_NOT_GRANTED


def test_an_office_is_chosen_only_when_it_can_serve(desk: harness.Desk, server: SandboxServer) -> None:
    client = GRANTING[0]
    with pytest.raises(UserError) as no_certificate:
        desk.office.use_office(client, OFFICE)
    assert no_certificate.value.code == "office.no_certificate"
    _office_with_certificate(desk)
    assert [c.nip for c in desk.office.candidates()] == [OFFICE]
    with pytest.raises(UserError) as itself:
        desk.office.use_office(OFFICE, OFFICE)
    assert itself.value.code == "office.itself"
    with pytest.raises(UserError) as not_set:
        desk.office.check_client(client)
    assert not_set.value.code == "office.not_set"
    with pytest.raises(UserError) as nothing:
        desk.office.grant(client, OFFICE, ())
    assert nothing.value.code == "office.nothing_to_grant"
    assert desk.office.use_office(client, OFFICE).login_via == desk.companies.get(OFFICE).id
    assert desk.office.use_office(client, None).login_via is None
