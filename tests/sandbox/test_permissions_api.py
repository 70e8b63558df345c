"""/permissions/*, /peppol/query and PUT /testdata/certificates in the sandbox: every request and answer
checked against the 2.8.1 contract (and 2.7.0 where it has the operation)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from ksefdesk.core.self_signed import person_subject, self_signed
from ksefsandbox import jwt
from ksefsandbox.api_permissions import internal_id_ok, pesel_ok
from ksefsandbox.server import SandboxServer
from ksefsandbox.state import iso
from tests.sandbox.contract import check_error_body, openapi
from tests.sandbox.kit import Client
from tests.sandbox.test_certificates_api import _enroll

NIP = "5265877635"  # the company (context owner logs in with its own NIP)
PARTNER = "7251801126"  # an accounting office
CLIENT_NIP = "5260250274"
PESEL = "44051401359"


def pesel(body: str) -> str:
    """A valid PESEL from its first ten digits."""
    total = sum(int(d) * w for d, w in zip(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3), strict=True))
    return body + str((10 - total % 10) % 10)


def internal_id(nip: str, unit: str) -> str:
    """NIP-XXXXC: four digits of the unit and the check digit (alternating 1/3 weights, mod 10)."""
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(nip + unit))
    return f"{nip}-{unit}{total % 10}"


def _code(response: requests.Response) -> int:
    body = response.json()
    if "exception" in body:
        return int(body["exception"]["exceptionDetailList"][0]["exceptionCode"])
    return int(body["errors"][0]["code"])


def _person_details(first: str = "Anna", last: str = "Księgowa") -> dict[str, Any]:
    return {"subjectDetailsType": "PersonByIdentifier", "personById": {"firstName": first, "lastName": last}}


def _grant_person(client: Client, value: str, permissions: list[str], kind: str = "Pesel") -> requests.Response:
    response: requests.Response = client.post(
        "/permissions/persons/grants",
        json={
            "subjectIdentifier": {"type": kind, "value": value},
            "permissions": permissions,
            "description": "Dostęp dla księgowej",
            "subjectDetails": _person_details(),
        },
    )
    return response


def _wait(client: Client, response: requests.Response) -> dict[str, Any]:
    """The operation's final status (it reads 100 first, as KSeF's asynchronous operations do)."""
    assert response.status_code == 202, response.text
    reference = response.json()["referenceNumber"]
    for _ in range(100):
        status = client.get(f"/permissions/operations/{reference}").json()["status"]
        if status["code"] != 100:
            return dict(status)
        time.sleep(0.05)
    raise AssertionError("the permission operation never finished")


def _query(client: Client, path: str, body: dict[str, Any], **params: int) -> dict[str, Any]:
    response = client.post(path, json=body, params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _claims(server: SandboxServer, client: Client) -> dict[str, Any]:
    return jwt.decode(client.access, server.sandbox.keys.jwt_secret)


def _person_login(server: SandboxServer, context: str, value: str) -> tuple[Client, int]:
    """Log a person (PESEL certificate) into ``context``: the client and the auth status code."""
    person = Client(server.base_url)
    operation = person.submit_xades(person.signed_request(context, self_signed(person_subject(pesel=value))))
    assert operation.status_code == 202, operation.text
    code = person.status(operation.json())["status"]["code"]
    if code == 200:
        assert person.redeem(operation.json()).status_code == 200
    return person, code


def test_identifier_checks() -> None:
    assert pesel_ok(PESEL) and not pesel_ok("44051401358") and pesel_ok(pesel("9001011234"))
    assert internal_id_ok("6824515772-12343")  # the contract's own worked example
    assert not internal_id_ok("6824515772-12344") and not internal_id_ok("6824515772-1234")


def test_grant_status_query_login_revoke(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    response = _grant_person(client, PESEL, ["InvoiceRead", "CollectiveIdentifierManage"])
    assert response.status_code == 202
    first = client.get(f"/permissions/operations/{response.json()['referenceNumber']}").json()
    assert first["status"]["code"] == 100  # accepted, still being processed
    assert _wait(client, response)["code"] == 200

    listed = _query(client, "/permissions/query/persons/grants", {"queryType": "PermissionsInCurrentContext"})
    mine = [p for p in listed["permissions"] if p["authorizedIdentifier"] == {"type": "Pesel", "value": PESEL}]
    assert sorted(p["permissionScope"] for p in mine) == ["CollectiveIdentifierManage", "InvoiceRead"]
    assert all(p["authorIdentifier"] == {"type": "Nip", "value": NIP} for p in mine)
    assert mine[0]["subjectPersonDetails"]["lastName"] == "Księgowa" and listed["hasMore"] is False
    granted = _query(client, "/permissions/query/persons/grants", {"queryType": "PermissionsGrantedInCurrentContext"})
    assert {p["id"] for p in granted["permissions"]} == {p["id"] for p in mine}

    person, code = _person_login(sandbox, NIP, PESEL)
    assert code == 200
    assert sorted(_claims(sandbox, person)["per"]) == ["CollectiveIdentifierManage", "InvoiceRead"]
    personal = _query(person, "/permissions/query/personal/grants", {})
    assert sorted(p["permissionScope"] for p in personal["permissions"]) == [
        "CollectiveIdentifierManage",
        "InvoiceRead",
    ]
    assert all(p["contextIdentifier"] == {"type": "Nip", "value": NIP} for p in personal["permissions"])
    only_read = _query(person, "/permissions/query/personal/grants", {"permissionTypes": ["InvoiceRead"]})
    assert [p["permissionScope"] for p in only_read["permissions"]] == ["InvoiceRead"]

    read_id = next(p["id"] for p in mine if p["permissionScope"] == "InvoiceRead")
    revoke = client.http.delete(client.base + f"/permissions/common/grants/{read_id}", headers=client.auth())
    assert _wait(client, revoke)["code"] == 200
    person, code = _person_login(sandbox, NIP, PESEL)
    assert code == 200 and _claims(sandbox, person)["per"] == ["CollectiveIdentifierManage"]

    rest = next(p["id"] for p in mine if p["permissionScope"] == "CollectiveIdentifierManage")
    assert (
        _wait(client, client.http.delete(client.base + f"/permissions/common/grants/{rest}", headers=client.auth()))[
            "code"
        ]
        == 200
    )
    _, code = _person_login(sandbox, NIP, PESEL)
    assert code == 415  # no permission left in this context: KSeF refuses the login
    again = client.http.delete(client.base + f"/permissions/common/grants/{rest}", headers=client.auth())
    assert again.status_code == 400 and _code(again) == 21405


def test_someone_without_credentials_manage_gets_403(client: Client, sandbox: SandboxServer) -> None:
    testdata = client.http.post(
        client.base + "/testdata/permissions",
        json={
            "contextIdentifier": {"type": "Nip", "value": NIP},
            "authorizedIdentifier": {"type": "Pesel", "value": PESEL},
            "permissions": [{"description": "Wgląd w faktury", "permissionType": "InvoiceRead"}],
        },
    )
    assert testdata.status_code == 200
    person, code = _person_login(sandbox, NIP, PESEL)
    assert code == 200
    refused = _grant_person(person, pesel("9001011234"), ["InvoiceWrite"])
    assert refused.status_code == 403
    check_error_body(refused)
    assert refused.json()["reasonCode"] == "missing-permissions"
    assert refused.json()["security"]["requiredAnyOfPermissions"] == ["CredentialsManage"]
    assert (
        person.post("/permissions/query/persons/grants", json={"queryType": "PermissionsInCurrentContext"}).status_code
        == 403
    )

    # The test-data grant is the person's own and the owner sees it, granted by "System" (as ZAW-FA grants).
    personal = _query(person, "/permissions/query/personal/grants", {})
    assert [p["permissionScope"] for p in personal["permissions"]] == ["InvoiceRead"]
    client.login_xades(NIP)
    listed = _query(client, "/permissions/query/persons/grants", {"queryType": "PermissionsInCurrentContext"})
    assert [p["authorIdentifier"] for p in listed["permissions"]] == [{"type": "System"}]
    assert listed["permissions"][0]["id"] == personal["permissions"][0]["id"]
    # Revoking it through the API removes the test-data row a login reads.
    revoke = client.http.delete(
        client.base + f"/permissions/common/grants/{listed['permissions'][0]['id']}", headers=client.auth()
    )
    assert _wait(client, revoke)["code"] == 200
    assert _person_login(sandbox, NIP, PESEL)[1] == 415


def test_bad_input_is_refused_with_21405(client: Client) -> None:
    client.login_xades(NIP)
    bad_nip = _grant_person(client, "5265877636", ["InvoiceRead"], kind="Nip")  # shape fine, checksum wrong
    assert bad_nip.status_code == 400 and _code(bad_nip) == 21405
    check_error_body(bad_nip)
    bad_pesel = _grant_person(client, "44051401358", ["InvoiceRead"])
    assert bad_pesel.status_code == 400 and _code(bad_pesel) == 21405
    no_details = client.post(
        "/permissions/persons/grants",
        json={
            "subjectIdentifier": {"type": "Pesel", "value": PESEL},
            "permissions": ["InvoiceRead"],
            "description": "Opis uprawnienia",
        },
        expect_invalid_request=True,
    )
    assert no_details.status_code == 400 and _code(no_details) == 21405
    unknown = client.post(
        "/permissions/persons/grants",
        json={
            "subjectIdentifier": {"type": "Pesel", "value": PESEL},
            "permissions": ["Owner"],
            "description": "Opis uprawnienia",
            "subjectDetails": _person_details(),
        },
        expect_invalid_request=True,
    )
    assert unknown.status_code == 400 and _code(unknown) == 21405
    mismatch = client.post(
        "/permissions/persons/grants",
        json={
            "subjectIdentifier": {"type": "Fingerprint", "value": "A" * 64},
            "permissions": ["InvoiceRead"],
            "description": "Opis uprawnienia",
            "subjectDetails": _person_details(),
        },
    )
    assert mismatch.status_code == 400 and _code(mismatch) == 21405  # a fingerprint needs personByFp* details
    problem = client.post(
        "/permissions/query/persons/grants",
        json={"queryType": "PermissionsInCurrentContext"},
        params={"pageSize": 5},
        headers={"X-Error-Format": "problem-details"},
        expect_invalid_request=True,
    )
    assert problem.status_code == 400 and problem.json()["errors"][0]["code"] == 21405
    short = client.http.request(
        "DELETE", client.base + "/permissions/common/grants/abc", headers=client.auth(), expect_invalid_request=True
    )
    assert short.status_code == 400 and _code(short) == 21405
    unknown_op = client.get("/permissions/operations/20260101-EG-0000000000-0000000000-00")
    assert unknown_op.status_code == 400 and _code(unknown_op) == 21405


def test_queries_are_paged(client: Client) -> None:
    client.login_xades(NIP)
    people = [pesel(f"90010{n:05d}") for n in range(12)]
    for value in people:
        assert _wait(client, _grant_person(client, value, ["InvoiceRead"]))["code"] == 200
    body = {"queryType": "PermissionsInCurrentContext", "permissionTypes": ["InvoiceRead"]}
    first = _query(client, "/permissions/query/persons/grants", body, pageSize=10, pageOffset=0)
    second = _query(client, "/permissions/query/persons/grants", body, pageSize=10, pageOffset=1)
    assert len(first["permissions"]) == 10 and first["hasMore"] is True
    assert len(second["permissions"]) == 2 and second["hasMore"] is False
    seen = [p["authorizedIdentifier"]["value"] for p in first["permissions"] + second["permissions"]]
    assert sorted(seen) == sorted(people)
    starts = [p["startDate"] for p in first["permissions"] + second["permissions"]]
    assert starts == sorted(starts, reverse=True)  # startDate descending, as the contract sorts
    assert _query(client, "/permissions/query/persons/grants", body, pageOffset=2)["permissions"] == []


def test_entity_grants_delegation_and_indirect(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    granted = client.post(
        "/permissions/entities/grants",
        json={
            "subjectIdentifier": {"type": "Nip", "value": PARTNER},
            "permissions": [
                {"type": "InvoiceRead", "canDelegate": True},
                {"type": "InvoiceWrite", "canDelegate": False},
            ],
            "description": "Biuro rachunkowe",
            "subjectDetails": {"fullName": "Biuro Rachunkowe Sp. z o.o."},
        },
    )
    assert _wait(client, granted)["code"] == 200
    to_self = client.post(
        "/permissions/entities/grants",
        json={
            "subjectIdentifier": {"type": "Nip", "value": NIP},
            "permissions": [{"type": "InvoiceRead"}],
            "description": "Sam sobie",
            "subjectDetails": {"fullName": "Ta sama firma"},
        },
    )
    assert _wait(client, to_self)["code"] == 450

    office = Client(sandbox.base_url).login_xades(PARTNER)
    received = _query(office, "/permissions/query/entities/grants", {})
    assert {(p["permissionScope"], p["canDelegate"]) for p in received["permissions"]} == {
        ("InvoiceRead", True),
        ("InvoiceWrite", False),
    }
    assert all(p["contextIdentifier"] == {"type": "Nip", "value": NIP} for p in received["permissions"])
    owner_view = _query(
        office, "/permissions/query/personal/grants", {"contextIdentifier": {"type": "Nip", "value": NIP}}
    )
    assert len(owner_view["permissions"]) == 2  # an owner sees what other entities granted its company

    # The office's owner logs in to the client's context through the entity grant.
    seal = Client(sandbox.base_url).login_xades(NIP, self_signed(person_subject(nip=PARTNER)))
    assert sorted(_claims(sandbox, seal)["per"]) == ["InvoiceRead", "InvoiceWrite"]

    def indirect(permissions: list[str]) -> requests.Response:
        answer: requests.Response = office.post(
            "/permissions/indirect/grants",
            json={
                "subjectIdentifier": {"type": "Pesel", "value": PESEL},
                "targetIdentifier": {"type": "Nip", "value": NIP},
                "permissions": permissions,
                "description": "Pracownik biura",
                "subjectDetails": _person_details("Jan", "Pracownik"),
            },
        )
        return answer

    assert _wait(office, indirect(["InvoiceWrite"]))["code"] == 440  # not delegable
    assert _wait(office, indirect(["InvoiceRead"]))["code"] == 200
    employee, code = _person_login(sandbox, NIP, PESEL)
    assert code == 200 and _claims(sandbox, employee)["per"] == ["InvoiceRead"]
    listed = _query(office, "/permissions/query/persons/grants", {"queryType": "PermissionsInCurrentContext"})
    assert [p["targetIdentifier"] for p in listed["permissions"]] == [{"type": "Nip", "value": NIP}]
    general = office.post(
        "/permissions/indirect/grants",
        json={
            "subjectIdentifier": {"type": "Pesel", "value": PESEL},
            "targetIdentifier": {"type": "AllPartners"},
            "permissions": ["InvoiceRead"],
            "description": "Wszyscy klienci",
            "subjectDetails": _person_details("Jan", "Pracownik"),
        },
    )
    assert _wait(office, general)["code"] == 200
    only_general = _query(
        office,
        "/permissions/query/persons/grants",
        {"queryType": "PermissionsInCurrentContext", "targetIdentifier": {"type": "AllPartners"}},
    )
    assert [p["targetIdentifier"] for p in only_general["permissions"]] == [{"type": "AllPartners"}]


def test_collective_identifier_manage_for_an_entity_is_grantable_in_2_8_1(
    client: Client, sandbox: SandboxServer
) -> None:
    """2.8.1 made CollectiveIdentifierManage grantable to entities; 2.7.0's enum lacks it, so this exchange
    is checked against 2.8.1 alone."""
    client.login_xades(NIP)
    plain = requests.Session()

    def checked(method: str, path: str, token: str, body: Any = None) -> requests.Response:
        response = plain.request(method, client.base + path, json=body, headers={"Authorization": f"Bearer {token}"})
        request = RequestsOpenAPIRequest(response.request)
        openapi().validate_request(request)
        openapi().validate_response(request, RequestsOpenAPIResponse(response))
        return response

    granted = checked(
        "POST",
        "/permissions/entities/grants",
        client.access,
        {
            "subjectIdentifier": {"type": "Nip", "value": PARTNER},
            "permissions": [{"type": "CollectiveIdentifierManage", "canDelegate": False}],
            "description": "Płatności zbiorcze",
            "subjectDetails": {"fullName": "Biuro Rachunkowe Sp. z o.o."},
        },
    )
    assert _wait(client, granted)["code"] == 200
    office = Client(sandbox.base_url).login_xades(PARTNER)
    received = checked("POST", "/permissions/query/entities/grants", office.access, {}).json()
    assert [p["permissionScope"] for p in received["permissions"]] == ["CollectiveIdentifierManage"]


def test_enforcement_operations_need_a_role(client: Client) -> None:
    client.login_xades(NIP)
    assert client.get("/permissions/query/entities/roles").json() == {"roles": [], "hasMore": False}
    assert _wait(client, _grant_person(client, PESEL, ["EnforcementOperations"]))["code"] == 430
    subject = client.http.post(
        client.base + "/testdata/subject",
        json={"subjectNip": NIP, "subjectType": "EnforcementAuthority", "description": "Urząd skarbowy"},
    )
    assert subject.status_code == 200
    roles = client.get("/permissions/query/entities/roles").json()["roles"]
    assert [r["role"] for r in roles] == ["EnforcementAuthority"]
    assert _wait(client, _grant_person(client, PESEL, ["EnforcementOperations"]))["code"] == 200


def test_authorizations_grant_query_revoke(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    response = client.post(
        "/permissions/authorizations/grants",
        json={
            "subjectIdentifier": {"type": "Nip", "value": PARTNER},
            "permission": "SelfInvoicing",
            "description": "Samofakturowanie dostawcy",
            "subjectDetails": {"fullName": "Dostawca Sp. z o.o."},
        },
    )
    assert _wait(client, response)["code"] == 200
    granted = _query(client, "/permissions/query/authorizations/grants", {"queryType": "Granted"})[
        "authorizationGrants"
    ]
    assert [(g["authorizationScope"], g["authorizedEntityIdentifier"]["value"]) for g in granted] == [
        ("SelfInvoicing", PARTNER)
    ]
    partner = Client(sandbox.base_url).login_xades(PARTNER)
    received = _query(partner, "/permissions/query/authorizations/grants", {"queryType": "Received"})[
        "authorizationGrants"
    ]
    assert [g["id"] for g in received] == [granted[0]["id"]]
    wrong = client.http.delete(client.base + f"/permissions/common/grants/{granted[0]['id']}", headers=client.auth())
    assert wrong.status_code == 400  # an authorization is revoked through its own endpoint
    revoke = client.http.delete(
        client.base + f"/permissions/authorizations/grants/{granted[0]['id']}", headers=client.auth()
    )
    assert _wait(client, revoke)["code"] == 200
    assert (
        _query(partner, "/permissions/query/authorizations/grants", {"queryType": "Received"})["authorizationGrants"]
        == []
    )


def test_subunit_and_eu_administrators(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    internal = internal_id(NIP, "0001")
    assert internal_id_ok(internal)

    def subunit(context: dict[str, str], name: str | None = "Oddział Kraków") -> requests.Response:
        body: dict[str, Any] = {
            "subjectIdentifier": {"type": "Pesel", "value": PESEL},
            "contextIdentifier": context,
            "description": "Administrator oddziału",
            "subjectDetails": _person_details("Ewa", "Kierownik"),
        }
        if name:
            body["subunitName"] = name
        answer: requests.Response = client.post("/permissions/subunits/grants", json=body)
        return answer

    assert _wait(client, subunit({"type": "InternalId", "value": internal}))["code"] == 200
    bad = subunit({"type": "InternalId", "value": internal[:-1] + str((int(internal[-1]) + 1) % 10)})
    assert bad.status_code == 400 and _code(bad) == 21405  # wrong check digit
    assert _wait(client, subunit({"type": "Nip", "value": CLIENT_NIP}))["code"] == 430  # not a JST / VAT group
    listed = _query(client, "/permissions/query/subunits/grants", {})["permissions"]
    assert [(p["subunitIdentifier"]["value"], p["subunitName"]) for p in listed] == [(internal, "Oddział Kraków")]

    fingerprint = "AB" * 32
    eu = client.post(
        "/permissions/eu-entities/administration/grants",
        json={
            "subjectIdentifier": {"type": "Fingerprint", "value": fingerprint},
            "contextIdentifier": {"type": "NipVatUe", "value": f"{NIP}-DE123456789"},
            "description": "Administrator podmiotu unijnego",
            "euEntityName": "Beispiel GmbH",
            "subjectDetails": {
                "subjectDetailsType": "PersonByFingerprintWithoutIdentifier",
                "personByFpNoId": {
                    "firstName": "Hans",
                    "lastName": "Muster",
                    "birthDate": "1980-01-01",
                    "idDocument": {"type": "Passport", "number": "C01X00T47", "country": "DE"},
                },
            },
            "euEntityDetails": {"fullName": "Beispiel GmbH", "address": "Hauptstraße 1, Berlin"},
        },
    )
    assert _wait(client, eu)["code"] == 200
    eu_listed = _query(client, "/permissions/query/eu-entities/grants", {"vatUeIdentifier": "DE123456789"})[
        "permissions"
    ]
    assert sorted(p["permissionScope"] for p in eu_listed) == [
        "Introspection",
        "InvoiceRead",
        "InvoiceWrite",
        "VatUeManage",
    ]
    assert eu_listed[0]["authorizedFingerprintIdentifier"] == fingerprint
    # Only a NIP-VAT UE context's administrator (VatUeManage) grants EU representatives.
    refused = client.post(
        "/permissions/eu-entities/grants",
        json={
            "subjectIdentifier": {"type": "Fingerprint", "value": fingerprint},
            "permissions": ["InvoiceRead"],
            "description": "Reprezentant",
            "subjectDetails": {
                "subjectDetailsType": "EntityByFingerprint",
                "entityByFp": {"fullName": "X GmbH", "address": "Berlin"},
            },
        },
    )
    assert refused.status_code == 403


def test_attachment_status_and_operation_retention(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    assert client.get("/permissions/attachments/status").json()["isAttachmentAllowed"] is False
    assert client.http.post(client.base + "/testdata/attachment", json={"nip": NIP}).status_code == 200
    assert client.get("/permissions/attachments/status").json()["isAttachmentAllowed"] is True

    response = _grant_person(client, PESEL, ["InvoiceRead"])
    reference = response.json()["referenceNumber"]
    assert _wait(client, response)["code"] == 200
    other = Client(sandbox.base_url).login_xades(PARTNER)
    assert other.get(f"/permissions/operations/{reference}").status_code == 400  # another context's operation
    old = iso(datetime.now(UTC) - timedelta(days=31))
    sandbox.sandbox.state.execute("UPDATE permission_operations SET created = ? WHERE ref = ?", (old, reference))
    gone = client.get(f"/permissions/operations/{reference}")
    assert gone.status_code == 410 and gone.json()["status"] == 410


def test_peppol_providers_are_paged(client: Client) -> None:
    first = client.http.get(client.base + "/peppol/query")
    assert first.status_code == 200
    body = first.json()
    assert len(body["peppolProviders"]) == 10 and body["hasMore"] is True
    everything = client.http.get(client.base + "/peppol/query", params={"pageSize": 100}).json()
    assert everything["hasMore"] is False and len(everything["peppolProviders"]) > 10
    dates = [p["dateCreated"] for p in everything["peppolProviders"]]
    assert dates == sorted(dates, reverse=True)
    last = client.http.get(client.base + "/peppol/query", params={"pageSize": 10, "pageOffset": 2}).json()
    assert last["peppolProviders"] == everything["peppolProviders"][20:30] and last["hasMore"] is False
    bad = client.http.request(
        "GET", client.base + "/peppol/query", params={"pageSize": 101}, expect_invalid_request=True
    )
    assert bad.status_code == 400 and _code(bad) == 21405


@pytest.mark.parametrize("problem_details", [False, True])
def test_testdata_shortens_a_certificate(client: Client, problem_details: bool) -> None:
    client.login_xades(NIP)
    serial = str(_enroll(client, ec.generate_private_key(ec.SECP256R1()))["certificateSerialNumber"])
    headers = {**client.auth(), **({"X-Error-Format": "problem-details"} if problem_details else {})}
    later = client.http.put(
        client.base + f"/testdata/certificates/{serial}",
        json={"validTo": "2099-01-01T00:00:00Z"},
        headers=headers,
    )
    assert later.status_code == 400 and _code(later) == 21405  # only earlier than now
    past = iso(datetime.now(UTC) - timedelta(minutes=1))
    done = client.http.put(client.base + f"/testdata/certificates/{serial}", json={"validTo": past}, headers=headers)
    assert done.status_code == 200, done.text
    listed = client.post("/certificates/query", json={"certificateSerialNumber": serial}).json()["certificates"]
    assert listed[0]["status"] == "Expired"
    missing = client.http.put(
        client.base + "/testdata/certificates/0123456789ABCDEF", json={"validTo": past}, headers=headers
    )
    assert missing.status_code == 400 and _code(missing) == 25008


def test_testdata_revoke_also_ends_an_api_grant(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    assert _wait(client, _grant_person(client, PESEL, ["InvoiceWrite"]))["code"] == 200
    revoked = client.http.post(
        client.base + "/testdata/permissions/revoke",
        json={
            "contextIdentifier": {"type": "Nip", "value": NIP},
            "authorizedIdentifier": {"type": "Pesel", "value": PESEL},
        },
    )
    assert revoked.status_code == 200
    listed = _query(client, "/permissions/query/persons/grants", {"queryType": "PermissionsInCurrentContext"})
    assert listed["permissions"] == []  # what a login would no longer give is not listed either
    assert _person_login(sandbox, NIP, PESEL)[1] == 415


FUZZ_FIELDS = [
    "subjectIdentifier",
    "targetIdentifier",
    "contextIdentifier",
    "authorizedIdentifier",
    "authorIdentifier",
    "subunitIdentifier",
    "permissions",
    "permission",
    "permissionTypes",
    "permissionState",
    "queryType",
    "description",
    "subjectDetails",
    "euEntityDetails",
    "euEntityName",
    "subunitName",
    "vatUeIdentifier",
    "type",
    "value",
    "subjectDetailsType",
    "personById",
    "personByFpNoId",
    "firstName",
    "idDocument",
    "canDelegate",
]
_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-5, 10**11)
    | st.sampled_from(
        ["Nip", "Pesel", "Fingerprint", "InternalId", "AllPartners", NIP, PESEL, "InvoiceRead", "PersonByIdentifier"]
    )
    | st.text(max_size=20)
)
_json = st.recursive(
    _leaf,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(FUZZ_FIELDS), children, max_size=4)
    ),
    max_leaves=12,
)
FUZZED = [
    "/permissions/persons/grants",
    "/permissions/entities/grants",
    "/permissions/authorizations/grants",
    "/permissions/indirect/grants",
    "/permissions/subunits/grants",
    "/permissions/eu-entities/administration/grants",
    "/permissions/query/personal/grants",
    "/permissions/query/persons/grants",
    "/permissions/query/subunits/grants",
    "/permissions/query/entities/grants",
    "/permissions/query/subordinate-entities/roles",
    "/permissions/query/authorizations/grants",
    "/permissions/query/eu-entities/grants",
]


@pytest.mark.parametrize("path", FUZZED)
def test_random_json_never_breaks_a_permissions_endpoint(client: Client, path: str) -> None:
    client.login_xades(NIP)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=st.dictionaries(st.sampled_from(FUZZ_FIELDS), _json, max_size=5) | _json)
    def post(body: Any) -> None:
        response = client.http.post(client.base + path, json=body, headers=client.auth(), expect_invalid_request=True)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            check_error_body(response)

    post()


def test_a_local_government_appoints_a_subordinate_administrator(client: Client, sandbox: SandboxServer) -> None:
    subject = client.http.post(
        client.base + "/testdata/subject",
        json={"subjectNip": NIP, "subjectType": "JST", "description": "Gmina Testowa"},
    )
    assert subject.status_code == 200
    client.login_xades(NIP)
    response = client.post(
        "/permissions/subunits/grants",
        json={
            "subjectIdentifier": {"type": "Pesel", "value": PESEL},
            "contextIdentifier": {"type": "Nip", "value": CLIENT_NIP},
            "description": "Administrator szkoły",
            "subjectDetails": _person_details("Ewa", "Dyrektor"),
        },
    )
    assert _wait(client, response)["code"] == 200
    roles = _query(client, "/permissions/query/subordinate-entities/roles", {})["roles"]
    assert [(r["subordinateEntityIdentifier"]["value"], r["role"]) for r in roles] == [
        (CLIENT_NIP, "LocalGovernmentSubUnit")
    ]
    granted = _query(client, "/permissions/query/persons/grants", {"queryType": "PermissionsGrantedInCurrentContext"})
    assert [(p["contextIdentifier"], p["permissionScope"]) for p in granted["permissions"]] == [
        ({"type": "Nip", "value": CLIENT_NIP}, "CredentialsManage")
    ]
    administrator, code = _person_login(sandbox, CLIENT_NIP, PESEL)
    assert code == 200 and _claims(sandbox, administrator)["per"] == ["CredentialsManage"]
    personal = _query(administrator, "/permissions/query/personal/grants", {})["permissions"]
    assert [p["permissionScope"] for p in personal] == ["CredentialsManage"]
