"""ReadinessService through the real store, secret store and sandbox: what it gathers per company."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.readiness import LoginWay, Missing, NextStep
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE
from ksefdesk.services.ksef.http import RateLimiter
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.harness import Desk

OFFICE, TOKEN_ONLY, CLIENT, NEW = "5265877635", "1111111111", "5213017228", "9999999999"
PERSON = self_signed(person_subject(nip=OFFICE, given="Anna", surname="Kowalska"))
TODAY = date(2026, 12, 2)


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    clock = lambda: datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # noqa: E731 — already 3 Dec in Warsaw
    app = Desk(tmp_path, server.base_url, limiter=RateLimiter(scale=0), certificate_poll_s=0.1, clock=clock)
    for nip, name in ((OFFICE, "Biuro"), (TOKEN_ONLY, "Sklep"), (CLIENT, "Klient"), (NEW, "Nowa")):
        app.companies.add(nip, Environment.SANDBOX, name=name)
    yield app
    app.db.close()


def _office_with_certificates(desk: Desk) -> None:
    desk.auth.sign_in(OFFICE, SigningMaterial(PERSON.key, PERSON.certificate))
    assert {c.type for c in desk.certificates.setup(OFFICE)} == {AUTHENTICATION, OFFLINE}


def test_each_company_as_the_app_holds_it(desk: Desk, server: SandboxServer, tmp_path: Path) -> None:
    desk.auth.login_with_token(TOKEN_ONLY, login_kit(server.sandbox, TOKEN_ONLY).ksef_token)
    _office_with_certificates(desk)
    office = desk.companies.get(OFFICE)
    desk.companies.set_login_via(CLIENT, office.id)
    service = desk.readiness
    assert service.today() == date(2026, 12, 3)  # Polish days

    token = service.assess(TOKEN_ONLY, TODAY)
    assert token.facts.connected and token.facts.has_ksef_token and token.facts.authentication is None
    assert (token.today, token.way_on(date(2027, 12, 1))) == (LoginWay.KSEF_TOKEN, LoginWay.SIGNATURE)
    assert token.next_step is NextStep.SET_UP_CERTIFICATES

    own = service.assess(OFFICE, TODAY)
    assert own.facts.authentication is not None and own.facts.offline is not None
    assert own.ready and own.missing == (Missing.KEY_BACKUP,) and own.next_step is NextStep.BACK_UP_KEY
    desk.certificates.back_up(OFFICE, tmp_path / "keys", "haslo kopii 123")
    backed = service.assess(OFFICE, TODAY)
    assert backed.facts.authentication is not None and backed.facts.authentication.backed_up
    assert backed.missing == () and backed.next_step is NextStep.NONE

    client = service.assess(CLIENT, TODAY)  # never logged in itself: the office's certificate will
    assert client.facts.office_nip == OFFICE and client.facts.office_granted is None
    assert client.facts.office_certificate == backed.facts.authentication
    assert client.way_on(date(2027, 1, 1)) is LoginWay.OFFICE_CERTIFICATE
    desk.companies.set_status(CLIENT, ConnectionStatus.REAUTH_NEEDED, ReauthReason.OFFICE_NOT_GRANTED)
    refused = service.assess(CLIENT, TODAY)
    assert refused.facts.office_granted is False and refused.next_step is NextStep.ASK_CLIENT_TO_GRANT
    desk.companies.set_status(CLIENT, ConnectionStatus.CONNECTED)
    assert service.assess(CLIENT, TODAY).facts.office_granted is True

    new = service.assess(NEW, TODAY)
    assert not new.facts.connected and new.today is LoginWay.NONE and new.next_step is NextStep.CONNECT

    listed = service.all(TODAY)
    assert sorted(r.facts.nip for r in listed) == sorted((OFFICE, TOKEN_ONLY, CLIENT, NEW))
    assert {r.facts.nip for r in listed if r.ready} == {OFFICE, CLIENT}


def test_a_key_missing_from_the_secret_store_is_not_held(desk: Desk) -> None:
    _office_with_certificates(desk)
    stored = {c.type: c for c in desk.certificates.stored(OFFICE)}
    desk.secrets().delete(stored[AUTHENTICATION].key_ref)
    result = desk.readiness.assess(OFFICE, TODAY)
    assert result.facts.authentication is None and result.facts.offline is not None
    assert Missing.AUTH_CERTIFICATE in result.missing and result.next_step is NextStep.SET_UP_CERTIFICATES
    assert desk.certificates.shown(desk.companies.get(OFFICE), AUTHENTICATION) is not None  # the row is still there
