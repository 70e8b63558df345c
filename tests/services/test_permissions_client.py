"""services/ksef/permissions.py against a running sandbox: grant, wait, list, log in, revoke."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.services.ksef.http import KsefApiError, KsefHttp, RateLimiter
from ksefdesk.services.ksef.permissions import (
    EntityPermission,
    Identifier,
    PermissionsApi,
    Person,
    parse_grant,
)
from ksefsandbox import api_permissions
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client

NIP = "5265877635"
OFFICE = "7251801126"
PESEL = "44051401359"

ServerFactory = Callable[..., SandboxServer]


@pytest.fixture
def server(start_sandbox: ServerFactory) -> SandboxServer:
    return start_sandbox()


def _api(server: SandboxServer) -> PermissionsApi:
    return PermissionsApi(KsefHttp(server.base_url, RateLimiter(scale=0)))


def _person_token(server: SandboxServer) -> str:
    person = Client(server.base_url).login_xades(NIP, self_signed(person_subject(pesel=PESEL)))
    return person.access


def test_grant_wait_list_and_revoke(server: SandboxServer) -> None:
    api = _api(server)
    owner = Client(server.base_url).login_xades(NIP).access
    accountant = Person(Identifier("Pesel", PESEL), "Anna", "Księgowa")
    reference = api.grant_to_person(owner, accountant, ["InvoiceRead", "CollectiveIdentifierManage"], "Księgowa")
    status = api.wait_for_operation(owner, reference, poll_s=0.05)
    assert status.succeeded and status.reference == reference

    listed = api.all_person_grants(owner)
    theirs = [g for g in listed if g.authorized == Identifier("Pesel", PESEL)]
    assert sorted(g.scope for g in theirs) == ["CollectiveIdentifierManage", "InvoiceRead"]
    assert all(g.author == Identifier("Nip", NIP) and g.active and g.subject_name == "Anna Księgowa" for g in theirs)
    assert {g.id for g in api.all_person_grants(owner, granted_by_me=True)} == {g.id for g in theirs}

    mine = api.all_personal_grants(_person_token(server))
    assert sorted(g.scope for g in mine) == ["CollectiveIdentifierManage", "InvoiceRead"]
    assert all(g.context == Identifier("Nip", NIP) and g.start_date is not None for g in mine)
    read_only = api.personal_grants(_person_token(server), permission_types=["InvoiceRead"])
    assert [g.scope for g in read_only.items] == ["InvoiceRead"] and not read_only.has_more

    for grant in theirs:
        assert api.wait_for_operation(owner, api.revoke(owner, grant.id), poll_s=0.05).succeeded
    assert [g for g in api.all_person_grants(owner) if g.authorized == Identifier("Pesel", PESEL)] == []


def test_entity_grant_and_attachment_status(server: SandboxServer) -> None:
    api = _api(server)
    owner = Client(server.base_url).login_xades(NIP).access
    reference = api.grant_to_entity(
        owner,
        OFFICE,
        "Biuro Rachunkowe Sp. z o.o.",
        [EntityPermission("InvoiceRead", can_delegate=True), EntityPermission("CollectiveIdentifierManage")],
        "Obsługa księgowa",
    )
    assert api.wait_for_operation(owner, reference, poll_s=0.05).succeeded
    office = Client(server.base_url).login_xades(OFFICE).access
    received = api.all_personal_grants(office)  # the office's owner sees what it received from the company
    assert {(g.scope, g.can_delegate, g.context) for g in received} == {
        ("InvoiceRead", True, Identifier("Nip", NIP)),
        ("CollectiveIdentifierManage", False, Identifier("Nip", NIP)),
    }
    assert api.attachments_status(owner).allowed is False


def test_a_refused_operation_and_a_slow_one(server: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    api = _api(server)
    owner = Client(server.base_url).login_xades(NIP).access
    person = Person(Identifier("Pesel", PESEL), "Jan", "Komornik")
    refused = api.grant_to_person(owner, person, ["EnforcementOperations"], "Czynności egzekucyjne")
    with pytest.raises(UserError) as caught:  # the company is no enforcement authority: status 430
        api.wait_for_operation(owner, refused, poll_s=0.05)
    assert caught.value.code == "permissions.operation_failed" and "430" in caught.value.message("pl")
    assert api.wait_for_operation(owner, refused, check=False).code == 430

    monkeypatch.setattr(api_permissions, "PROCESSING_S", 3600.0)  # the sandbox keeps it at 100
    slow = api.grant_to_person(owner, person, ["InvoiceRead"], "Wgląd w faktury")
    with pytest.raises(UserError) as pending:
        api.wait_for_operation(owner, slow, timeout_s=0.3, poll_s=0.1)
    assert pending.value.code == "permissions.operation_pending" and slow in pending.value.message("en")


def test_someone_without_credentials_manage_is_forbidden(server: SandboxServer) -> None:
    api = _api(server)
    owner = Client(server.base_url).login_xades(NIP).access
    grant = api.grant_to_person(owner, Person(Identifier("Pesel", PESEL), "Anna", "Nowak"), ["InvoiceRead"], "Wgląd")
    api.wait_for_operation(owner, grant, poll_s=0.05)
    with pytest.raises(KsefApiError) as caught:
        api.grant_to_person(
            _person_token(server), Person(Identifier("Nip", OFFICE), "Ktoś", "Inny"), ["InvoiceWrite"], "Nie wolno"
        )
    assert caught.value.status == 403 and caught.value.reason_code == "missing-permissions"


def test_unknown_values_are_kept_as_strings() -> None:
    """A permission type or identifier type KSeF adds later (2.9.0's owner scope) never breaks a list."""
    grant = parse_grant(
        {
            "id": "0c9a72e8-f344-457f-9c16-7c640eb60242",
            "permissionScope": "Owner",
            "permissionState": "Suspended",
            "authorizedIdentifier": {"type": "PeppolId", "value": "PPL123456"},
            "authorIdentifier": {"type": "System"},
            "description": "Uprawnienie właścicielskie",
            "startDate": "2026-10-15T10:00:00+02:00",
            "canDelegate": False,
            "somethingNew": {"nested": True},
        }
    )
    assert grant.scope == "Owner" and grant.state == "Suspended" and not grant.active
    assert grant.authorized == Identifier("PeppolId", "PPL123456") and grant.author == Identifier("System")
    assert grant.start_date is not None and grant.start_date.utcoffset() is not None
    odd = parse_grant({"id": "x" * 36, "permissionScope": "InvoiceRead", "startDate": "not a date"})
    assert odd.start_date is None and odd.authorized is None and odd.description == ""


def test_a_fingerprint_person_needs_more_details() -> None:
    fingerprint = Identifier("Fingerprint", "AB" * 32)
    with_id = Person(fingerprint, "Hans", "Muster", person_identifier=Identifier("Pesel", PESEL))
    assert with_id.subject_details()["subjectDetailsType"] == "PersonByFingerprintWithIdentifier"
    with pytest.raises(ValueError):
        Person(fingerprint, "Hans", "Muster").subject_details()
