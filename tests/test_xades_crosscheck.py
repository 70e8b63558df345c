"""Two implementations judge each other (issue 15): the app's pre-check (our own XMLDSig code over lxml and
cryptography) and the sandbox's verifier (libxmlsec1), on a corpus built independently of both
(tests/xades_corpus, by a helper who read neither). Where they disagree, one of them is wrong.

Then every accepted layout logs a company in end to end against the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
import requests

from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.errors import UserError
from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.signed_file import UncertainSignature, precheck
from ksefsandbox.server import SandboxServer
from ksefsandbox.xades_verify import SignatureRefused, verify_login
from tests.harness import Desk
from tests.xades_corpus.build import Case, build_corpus

NIP = "5265877635"
CHALLENGE = "20261201-CR-226FB7B000-3ACF9BE4C0-10"
# Hostile layouts must be refused outright by the app too: "send anyway" is never offered for them.
DEFINITIVE = {"wrapping", "detached", "unsigned", "many_signatures", "forbidden_transform", "tampered", "doctype"}


@cache
def corpus() -> tuple[Case, ...]:
    return tuple(build_corpus(build_auth_request(CHALLENGE, NIP), nip=NIP))


def _app(case: Case) -> tuple[str, str]:
    now = datetime.now(UTC)
    try:
        signed = precheck(case.data, challenge=CHALLENGE, nip=NIP, deadline=now + timedelta(minutes=5), now=now)
    except UncertainSignature as exc:
        return "uncertain", exc.code
    except UserError as exc:
        return "refuse", exc.code
    identity = signed.identity
    return "accept", f"{identity.kind.value.lower()}:{identity.value}" if identity else "?"


def _sandbox(case: Case) -> tuple[str, str]:
    try:
        verified = verify_login(case.data, now=datetime.now(UTC))
    except SignatureRefused as exc:
        return "refuse", str(exc.ksef_code)
    return "accept", f"{verified.identity.kind.value.lower()}:{verified.identity.value}"


def _expected_signer(case: Case) -> str:
    assert case.signer is not None
    kind, value = case.signer
    return f"{kind}:{value.upper() if kind == 'fingerprint' else value}"


def test_the_corpus_is_large_enough() -> None:
    accepted = [c for c in corpus() if c.expect == "accept"]
    refused = [c for c in corpus() if c.expect == "refuse"]
    assert len(accepted) >= 25 and len(refused) >= 25


@pytest.mark.parametrize("name", [c.name for c in corpus()])
def test_both_verifiers_agree_with_the_corpus(name: str) -> None:
    case = next(c for c in corpus() if c.name == name)
    app, app_detail = _app(case)
    sandbox, sandbox_detail = _sandbox(case)
    if case.expect == "accept":
        # the app may be unsure (it then lets KSeF decide), but never refuses what KSeF accepts
        assert app in ("accept", "uncertain"), (case.note, app_detail)
        assert sandbox == "accept", (case.note, sandbox_detail)
        assert sandbox_detail.lower() == _expected_signer(case).lower(), (case.note, sandbox_detail)
        if app == "accept":
            assert app_detail.lower() == _expected_signer(case).lower(), (case.note, app_detail)
    else:
        assert sandbox == "refuse", (case.reason, case.note)
        assert app != "accept", (case.reason, case.note)
        if case.reason in DEFINITIVE:
            assert app == "refuse", (case.reason, app_detail)


def _login_names() -> list[str]:
    return [c.name for c in corpus() if c.expect == "accept"]


@pytest.mark.parametrize("name", _login_names())
def test_each_accepted_layout_logs_in_against_the_sandbox(
    name: str, start_sandbox: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    """The real path of ``auth request`` + ``auth submit``: a challenge from the sandbox, the file signed
    in that layout, the pre-check (sending anyway when unsure), KSeF's verdict, the stored login."""
    server = start_sandbox()
    desk = Desk(tmp_path, server.base_url)
    auth = desk.auth
    desk.companies.add(NIP, Environment.SANDBOX)
    pending = auth.request_document(NIP)
    case = next(c for c in build_corpus(pending.document, nip=NIP) if c.name == name)
    if case.needs_person_permission and case.signer is not None and case.signer[0] == "pesel":
        response = requests.post(
            f"{server.base_url}/testdata/person",
            json={"nip": NIP, "pesel": case.signer[1], "isBailiff": False, "description": case.signer_name},
            timeout=10,
        )
        assert response.status_code < 300, response.text
    if case.needs_person_permission and case.signer is not None and case.signer[0] == "fingerprint":
        response = requests.post(
            f"{server.base_url}/testdata/permissions",
            json={
                "contextIdentifier": {"type": "Nip", "value": NIP},
                "authorizedIdentifier": {"type": "Fingerprint", "value": case.signer[1].upper()},
                "permissions": [{"permissionType": "InvoiceRead", "description": case.signer_name}],
            },
            timeout=10,
        )
        assert response.status_code < 300, response.text
    try:
        company = auth.submit_signed(NIP, case.data, force=True)
    finally:
        desk.close()
    assert company.status is ConnectionStatus.CONNECTED, case.note
