"""Signing the AuthTokenRequest with a card through PKCS#11 (SoftHSM2 as the card), RSA and EC keys,
and the sandbox accepting the result; card problems as clear messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.errors import UserError
from ksefdesk.services import pkcs11_card
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client
from tests.softhsm import add_identity, make_token

NIP = "5265877635"


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_a_card_signature_logs_in(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_sandbox: Callable[..., SandboxServer]
) -> None:
    token = make_token(tmp_path, monkeypatch)
    certificate = add_identity(token, kind, b"\x01", NIP)
    assert [t.label for t in pkcs11_card.tokens(token.module)] == [token.label]
    listed = pkcs11_card.certificates(token.module, token.label)
    assert [c.certificate for c in listed] == [certificate] and listed[0].key_id == b"\x01"
    server = start_sandbox()
    client = Client(server.base_url)
    challenge = client.challenge()["challenge"]
    signed = pkcs11_card.sign_with_card(
        build_auth_request(challenge, NIP), token.module, token.pin, token_label=token.label, certificate=listed[0]
    )
    response = client.submit_xades(signed)
    assert response.status_code == 202, response.text
    client.finish_login(response.json())
    assert client.access  # KSeF (the sandbox) verified the card's signature and let us in


def test_card_problems_are_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_token(tmp_path, monkeypatch)
    add_identity(token, "ec", b"\x02", NIP)
    document = build_auth_request("20250101-CR-0000000000-0000000000-00", NIP)
    with pytest.raises(UserError) as caught:
        pkcs11_card.sign_with_card(document, token.module, "000000", token_label=token.label)
    assert caught.value.code == "pkcs11.wrong_pin"
    with pytest.raises(UserError) as caught:
        pkcs11_card.sign_with_card(document, token.module, token.pin, token_label="Nie ma takiej")
    assert caught.value.code == "pkcs11.no_token"
    with pytest.raises(UserError) as caught:
        pkcs11_card.tokens(str(tmp_path / "brak.so"))
    assert caught.value.code == "pkcs11.no_module"
