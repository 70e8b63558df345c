"""KSeF tokens and access tokens: ``token create`` keeps the working token until KSeF confirms the new one,
and a refused access token leaves the secret store too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import AuthorizationKind, ConnectionStatus
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services import auth as auth_module
from ksefdesk.services.auth import secret_name
from ksefdesk.services.ksef.answers import KsefToken
from ksefdesk.services.ksef.api import KsefApi
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.services.test_auth_service import NIP, PERSON, Desk


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[Desk]:
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))
    app = Desk(tmp_path / "app", server.base_url)
    yield app
    app.db.close()


def _stored_token(desk: Desk) -> tuple[str | None, str | None]:
    company = desk.companies.get(NIP)
    row = desk.authorizations.get(company.id, AuthorizationKind.KSEF_TOKEN)
    return desk.vault.get(secret_name(company, AuthorizationKind.KSEF_TOKEN)), row.reference if row else None


@pytest.mark.parametrize("answer", ["Pending", "Failed", "Revoked"])
def test_a_new_token_that_never_becomes_active_does_not_replace_the_working_one(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    reference, working = desk.auth.create_app_token(NIP)
    desk.auth.logout(NIP)
    desk.auth.login_with_token(NIP, working)  # a token login: this token is what keeps the company connected
    assert _stored_token(desk) == (working, reference)

    def status(self: KsefApi, access: str, ref: str, cancel: Any = None) -> KsefToken:
        return KsefToken(ref, answer, "", ())

    monkeypatch.setattr(KsefApi, "token_status", status)
    monkeypatch.setattr(auth_module, "TOKEN_ACTIVATION_TIMEOUT_S", 0.3)
    with pytest.raises(UserError) as caught:
        desk.auth.create_app_token(NIP)
    assert caught.value.code == "auth.token_not_active"
    assert _stored_token(desk) == (working, reference), "the working token was overwritten before KSeF answered"
    monkeypatch.undo()
    company = desk.companies.get(NIP)
    for kind in (AuthorizationKind.ACCESS_TOKEN, AuthorizationKind.REFRESH_TOKEN):  # the login runs out...
        desk.authorizations.delete(company.id, kind)
    assert desk.auth.access_token(NIP)  # ...and is renewed silently with the kept token
    assert desk.companies.get(NIP).status is ConnectionStatus.CONNECTED


def test_a_confirmed_new_token_replaces_the_old_one(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    first = desk.auth.create_app_token(NIP)
    second = desk.auth.create_app_token(NIP)
    assert second != first and _stored_token(desk) == (second[1], second[0])


def test_a_refused_access_token_leaves_the_secret_store(desk: Desk) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    token = desk.auth.access_token(NIP)
    company = desk.companies.get(NIP)
    name = secret_name(company, AuthorizationKind.ACCESS_TOKEN)
    assert desk.vault.get(name) == token
    desk.auth.forget_access_token(NIP)
    assert desk.vault.get(name) is None
    assert token.encode() not in (desk.vault.path.read_bytes())  # (never in plain text anyway)
    assert desk.auth.access_token(NIP) != token  # the next call refreshes
