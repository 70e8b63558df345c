"""Authentication against the sandbox, every answer checked against the official spec."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from ksefdesk.core.nip import random_nip
from ksefdesk.core.rate_limits import GROUPS
from ksefdesk.core.self_signed import person_subject, seal_subject, self_signed
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.sandbox.contract import OLDER_SPEC_FILES, SPEC_FILE
from tests.sandbox.kit import Client, admin

NIP = "5265877635"
OTHER_NIP = "7251801126"


def _error_code(response: requests.Response) -> int:
    body = response.json()
    if "exception" in body:
        return int(body["exception"]["exceptionDetailList"][0]["exceptionCode"])
    return int(body["errors"][0]["code"])


def test_challenge_has_the_official_shape(client: Client) -> None:
    challenge = client.challenge()
    assert re.fullmatch(r"\d{8}-CR-[A-F0-9]{10}-[A-F0-9]{10}-[A-F0-9]{2}", challenge["challenge"])
    assert abs(challenge["timestampMs"] / 1000 - time.time()) < 5
    assert challenge["clientIp"] == "127.0.0.1"


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_xades_login_with_a_self_signed_personal_certificate(client: Client, kind: str) -> None:
    identity = self_signed(person_subject(nip=NIP), kind=kind)  # type: ignore[arg-type]
    client.login_xades(NIP, identity)
    sessions = client.get("/auth/sessions").json()["items"]
    assert len(sessions) == 1 and sessions[0]["isCurrent"]
    assert sessions[0]["authenticationMethodInfo"]["category"] == "XadesSignature"


def test_xades_login_with_a_company_seal(client: Client) -> None:
    seal = self_signed(seal_subject(NIP))
    client.login_xades(NIP, seal)
    assert client.get("/auth/sessions").json()["items"][0]["authenticationMethod"] == "QualifiedSeal"


def test_tokens_can_be_redeemed_only_once(client: Client) -> None:
    operation = client.submit_xades(client.signed_request(NIP)).json()
    assert client.redeem(operation).status_code == 200
    again = client.redeem(operation)
    assert again.status_code == 400 and _error_code(again) == 21301


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda data: data.replace(NIP.encode() + b"</Nip>", OTHER_NIP.encode() + b"</Nip>"), 9105),  # tampered
        (lambda data: data[: data.index(b"<ds:Signature")] + b"</AuthTokenRequest>", 9102),  # unsigned
        (lambda data: b"%PDF-1.7\n" + data, 21001),
        (lambda data: data[:200], 21001),  # cut short: not XML
        (lambda data: data.replace(b"utf-8", b"windows-1250", 1), 21217),
        (lambda data: data.replace(b"<ds:SignatureValue>", b"<ds:SignatureValue>AAAA", 1), 9105),
    ],
    ids=["tampered", "unsigned", "pdf", "truncated", "encoding", "bad-signature-value"],
)
def test_bad_files_are_refused_with_the_spec_codes(client: Client, mutate: Callable[[bytes], bytes], code: int) -> None:
    response = client.submit_xades(mutate(client.signed_request(NIP)))
    assert response.status_code == 400
    assert _error_code(response) == code


def test_two_signatures_are_refused(client: Client) -> None:
    identity = self_signed(person_subject(nip=NIP))
    from ksefdesk.core.xades_sign import sign_xml

    twice = sign_xml(client.signed_request(NIP, identity), identity.key, [identity.certificate])
    response = client.submit_xades(twice)
    assert response.status_code == 400 and _error_code(response) == 9103


def test_unknown_and_reused_challenges_are_refused(client: Client) -> None:
    unknown = client.signed_request(NIP, challenge="20261124-CR-0000000000-0000000000-00")
    assert _error_code(client.submit_xades(unknown)) == 21111
    data = client.signed_request(NIP)
    assert client.submit_xades(data).status_code == 202
    reused = client.submit_xades(data)
    assert reused.status_code == 400 and _error_code(reused) == 21111


def test_expired_challenge_is_refused(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=0, challenge_ttl_s=0.3))
    client = Client(server.base_url)
    data = client.signed_request(NIP)
    time.sleep(0.5)
    response = client.submit_xades(data)
    assert response.status_code == 400 and _error_code(response) == 21111
    assert "wygasło" in json.dumps(response.json(), ensure_ascii=False)


def test_certificate_of_another_company_gets_no_permissions(client: Client) -> None:
    identity = self_signed(person_subject(nip=OTHER_NIP))
    response = client.submit_xades(client.signed_request(NIP, identity))
    assert response.status_code == 202
    status = client.status(response.json())
    assert status["status"]["code"] == 415
    assert client.redeem(response.json()).status_code == 400


def test_a_person_with_a_granted_permission_may_log_in(client: Client, sandbox: SandboxServer) -> None:
    pesel = "44051401359"
    person = self_signed(person_subject(pesel=pesel))
    grant = client.http.post(
        client.base + "/testdata/permissions",
        json={
            "contextIdentifier": {"type": "Nip", "value": NIP},
            "authorizedIdentifier": {"type": "Pesel", "value": pesel},
            "permissions": [{"description": "Księgowa", "permissionType": "InvoiceRead"}],
        },
    )
    assert grant.status_code == 200
    client.login_xades(NIP, person)
    token = client.post("/tokens", json={"permissions": ["InvoiceWrite"], "description": "nie wolno"})
    assert token.status_code == 400 and _error_code(token) == 26001  # cannot grant what you do not hold


def test_problem_details_on_request(client: Client) -> None:
    response = client.http.post(
        client.base + "/auth/xades-signature",
        data=b"<x/>",
        headers={"Content-Type": "application/xml", "X-Error-Format": "problem-details"},
    )
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400 and body["errors"][0]["code"] == 21401 and body["traceId"]


def test_ksef_token_lifecycle(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    created = client.create_token(["InvoiceRead", "InvoiceWrite"], "KSeF Desk na laptopie")
    assert created["token"].startswith(created["referenceNumber"] + "|")
    client.wait_token_active(created["referenceNumber"])

    app = Client(sandbox.base_url).login_token(NIP, created["token"])
    claims_sessions = app.get("/auth/sessions").json()["items"]
    assert any(s["authenticationMethodInfo"]["category"] == "Token" for s in claims_sessions)
    listed = app.get("/tokens").json()["tokens"]
    assert [t["referenceNumber"] for t in listed] == [created["referenceNumber"]]  # a token sees only itself

    assert (
        client.http.delete(client.base + f"/tokens/{created['referenceNumber']}", headers=client.auth()).status_code
        == 204
    )
    refreshed = app.http.post(app.base + "/auth/token/refresh", headers=app.auth(app.refresh))
    assert refreshed.status_code == 400 and _error_code(refreshed) == 21301
    again = Client(sandbox.base_url).start_token_login(NIP, created["token"])
    assert Client(sandbox.base_url).status(again)["status"]["code"] == 450


def test_token_login_with_a_wrong_timestamp_or_token_fails(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    created = client.create_token(["InvoiceRead"])
    client.wait_token_active(created["referenceNumber"])
    stale = client.start_token_login(NIP, created["token"], timestamp_ms=1)
    assert client.status(stale)["status"]["code"] == 450
    forged = client.start_token_login(NIP, created["token"][:-4] + "0000")
    assert client.status(forged)["status"]["code"] == 450
    other_context = client.start_token_login(OTHER_NIP, created["token"])
    assert client.status(other_context)["status"]["code"] == 450


def test_unknown_public_key_id_is_refused(client: Client) -> None:
    challenge = client.challenge()
    response = client.http.post(
        client.base + "/auth/ksef-token",
        json={
            "challenge": challenge["challenge"],
            "contextIdentifier": {"type": "Nip", "value": NIP},
            "encryptedToken": "AAAA",
            "publicKeyId": "A" * 43 + "=",
        },
    )
    assert response.status_code == 400 and _error_code(response) == 21470


def test_refresh_and_revocation(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    first_access = client.access
    refreshed = client.http.post(client.base + "/auth/token/refresh", headers=client.auth(client.refresh))
    assert refreshed.status_code == 200 and refreshed.json()["accessToken"]["token"] != first_access
    wrong_kind = client.http.post(client.base + "/auth/token/refresh", headers=client.auth(client.access))
    assert wrong_kind.status_code == 401
    assert client.http.delete(client.base + "/auth/sessions/current", headers=client.auth()).status_code == 204
    after = client.http.post(client.base + "/auth/token/refresh", headers=client.auth(client.refresh))
    assert after.status_code == 400 and _error_code(after) == 21301
    # KSeF keeps issued access tokens valid until they expire
    assert client.get("/rate-limits").status_code == 200


def test_admin_can_revoke_a_session(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    reference = client.get("/auth/sessions").json()["items"][0]["referenceNumber"]
    assert admin(sandbox, "revoke-session", {"referenceNumber": reference}).status_code == 204
    after = client.http.post(client.base + "/auth/token/refresh", headers=client.auth(client.refresh))
    assert _error_code(after) == 21301


def test_expired_tokens_get_401(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=0, access_token_ttl_s=0.4, refresh_token_ttl_s=0.4))
    client = Client(server.base_url).login_xades(NIP)
    assert client.get("/rate-limits").status_code == 200
    time.sleep(1.5)  # lifetimes are whole seconds, rounded up
    expired = client.get("/rate-limits")
    assert expired.status_code == 401 and expired.headers["content-type"].startswith("application/problem+json")
    assert client.http.post(client.base + "/auth/token/refresh", headers=client.auth(client.refresh)).status_code == 401


def test_missing_bearer_is_401(client: Client) -> None:
    assert client.http.get(client.base + "/rate-limits", expect_invalid_request=True).status_code == 401


def test_rate_limit_gives_429_with_retry_after(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=1.0, token_activation_s=0))
    client = Client(server.base_url).login_xades(NIP)
    statuses = [client.get("/rate-limits").status_code for _ in range(12)]  # "other": 10 per second
    assert statuses.count(200) == 10 and statuses[-1] == 429
    limited = client.get("/rate-limits")
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 2
    assert "limit" in limited.json()["status"]["details"][0]


def test_rate_limit_groups_match_the_spec(sandbox: SandboxServer) -> None:
    # 2.8.1 first; an operation only the older contract has (kept for older clients) is checked there
    specs = [json.loads(f.read_text(encoding="utf-8")) for f in (SPEC_FILE, *OLDER_SPEC_FILES)]
    router = sandbox.sandbox.router
    checked = 0
    for name, endpoint in router.endpoints.items():
        method, path = name.split(" ", 1)
        spec_path = re.sub(r"<(\w+)>", r"{\1}", path)
        found = [
            s["paths"][spec_path][method.lower()] for s in specs if method.lower() in s["paths"].get(spec_path, {})
        ]
        assert found, f"{name} is in no contract"
        limits = found[0].get("x-rate-limits")
        if limits is None:  # the 2.7.0 contract names no limits for a few operations it alone has
            continue
        group = GROUPS[endpoint.group]
        assert (group.per_second, group.per_minute, group.per_hour) == (
            limits.get("perSecond"),
            limits.get("perMinute"),
            limits.get("perHour"),
        ), name
        checked += 1
    assert checked >= 30


def test_the_state_survives_a_restart(start_sandbox: Callable[..., SandboxServer], tmp_path: Path) -> None:
    folder = tmp_path / "persistent"
    first = start_sandbox(folder=folder)
    client = Client(first.base_url).login_xades(NIP)
    token = client.create_token(["InvoiceRead"])
    first.stop()
    second = start_sandbox(folder=folder)
    again = Client(second.base_url)
    again.refresh = client.refresh
    refreshed = again.http.post(again.base + "/auth/token/refresh", headers=again.auth(client.refresh))
    assert refreshed.status_code == 200  # same signing secret, same state
    again.access = refreshed.json()["accessToken"]["token"]
    assert again.get(f"/tokens/{token['referenceNumber']}").status_code == 200


def test_contexts_are_isolated(client: Client, sandbox: SandboxServer) -> None:
    other = random_nip(random.Random(7))
    client.login_xades(NIP)
    stranger = Client(sandbox.base_url).login_xades(other)
    mine = client.get("/auth/sessions").json()["items"][0]["referenceNumber"]
    assert [s["referenceNumber"] for s in stranger.get("/auth/sessions").json()["items"]] != [mine]
    refused = stranger.http.delete(stranger.base + f"/auth/sessions/{mine}", headers=stranger.auth())
    assert refused.status_code == 403 and refused.json()["reasonCode"] == "insufficient-resource-access"


def _testdata(client: Client, path: str, body: dict[str, object], token: bool = False) -> None:
    headers = client.auth() if token else {}
    response = client.http.post(client.base + path, json=body, headers=headers)
    assert response.status_code == 200, response.text


def test_testdata_person_owns_a_sole_proprietorship_unless_deceased(client: Client) -> None:
    owner, deceased = "44051401359", "02070803628"
    _testdata(
        client, "/testdata/person", {"nip": NIP, "pesel": owner, "isBailiff": False, "description": "Właściciel JDG"}
    )
    client.login_xades(NIP, self_signed(person_subject(pesel=owner)))
    assert client.create_token(["CredentialsManage", "InvoiceWrite"])["token"]  # only an owner may grant these
    _testdata(
        client,
        "/testdata/person",
        {"nip": OTHER_NIP, "pesel": deceased, "isBailiff": False, "description": "Zmarły", "isDeceased": True},
    )
    operation = client.submit_xades(client.signed_request(OTHER_NIP, self_signed(person_subject(pesel=deceased))))
    assert client.status(operation.json())["status"]["code"] == 470


def test_testdata_blocked_context(client: Client) -> None:
    _testdata(client, "/testdata/context/block", {"contextIdentifier": {"type": "Nip", "value": NIP}})
    blocked = client.submit_xades(client.signed_request(NIP)).json()
    assert client.status(blocked)["status"]["code"] == 480
    _testdata(client, "/testdata/context/unblock", {"contextIdentifier": {"type": "Nip", "value": NIP}})
    client.login_xades(NIP)


def test_rate_limits_report_every_2_8_group_with_minus_one_for_none(
    client: Client, start_sandbox: Callable[..., SandboxServer]
) -> None:
    client.login_xades(NIP)
    off = client.get("/rate-limits").json()  # this sandbox counts nothing, and says so
    assert set(off) == set(GROUPS) and all(v == {"perSecond": -1, "perMinute": -1, "perHour": -1} for v in off.values())
    server = start_sandbox(SandboxConfig(rate_scale=1.0, token_activation_s=0))
    limits = Client(server.base_url).login_xades(NIP).get("/rate-limits").json()
    assert limits["anonymous"] == {"perSecond": 60, "perMinute": -1, "perHour": -1}  # the contract's example
    assert limits["global"] == {"perSecond": -1, "perMinute": -1, "perHour": -1}
    assert limits["onlineSessionClose"] == {"perSecond": 20, "perMinute": 60, "perHour": 240}
    assert limits["batchSessionClose"] == {"perSecond": 20, "perMinute": 40, "perHour": 120}
    assert limits["collectiveIdentifier"] == {"perSecond": 20, "perMinute": 120, "perHour": 240}
    assert set(limits) == set(GROUPS)


def test_testdata_rate_limit_overrides(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=1.0, token_activation_s=0))  # production values
    client = Client(server.base_url).login_xades(NIP)
    limits = client.get("/rate-limits").json()
    limits["invoiceMetadata"] = {"perSecond": 1, "perMinute": 2, "perHour": 3}
    limits["collectiveIdentifier"] = {"perSecond": 5, "perMinute": -1, "perHour": -1}  # -1: no limit
    _testdata(client, "/testdata/rate-limits", {"rateLimits": limits}, token=True)
    changed = client.get("/rate-limits").json()
    assert changed["invoiceMetadata"] == {"perSecond": 1, "perMinute": 2, "perHour": 3}
    assert changed["collectiveIdentifier"] == {"perSecond": 5, "perMinute": -1, "perHour": -1}
    other = Client(client.base).login_xades(OTHER_NIP)  # overrides are per context
    assert other.get("/rate-limits").json()["invoiceMetadata"]["perHour"] == 20
    assert client.http.delete(client.base + "/testdata/rate-limits", headers=client.auth()).status_code == 200
    assert client.get("/rate-limits").json()["invoiceMetadata"]["perHour"] == 20
    partial = {"rateLimits": {"invoiceMetadata": {"perSecond": 1, "perMinute": 2, "perHour": 3}}}
    refused = client.http.post(
        client.base + "/testdata/rate-limits", json=partial, headers=client.auth(), expect_invalid_request=True
    )
    assert refused.status_code == 400 and _error_code(refused) == 21405  # every group is required


def test_testdata_overrides_are_enforced_even_with_the_sandbox_limits_off(client: Client) -> None:
    client.login_xades(NIP)
    limits = client.get("/rate-limits").json()
    limits["other"] = {"perSecond": 2, "perMinute": -1, "perHour": -1}
    _testdata(client, "/testdata/rate-limits", {"rateLimits": limits}, token=True)
    time.sleep(1.1)  # the override call itself counted in "other"
    statuses = [client.get("/limits/context").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    time.sleep(1.1)
    assert client.http.post(client.base + "/testdata/rate-limits/production", headers=client.auth()).status_code == 200
    assert client.get("/rate-limits").json()["other"] == {"perSecond": 10, "perMinute": 30, "perHour": 120}


def test_the_global_group_limits_every_request_of_one_address(client: Client) -> None:
    client.login_xades(NIP)
    limits = client.get("/rate-limits").json()
    limits["global"] = {"perSecond": 3, "perMinute": -1, "perHour": -1}
    _testdata(client, "/testdata/rate-limits", {"rateLimits": limits}, token=True)
    time.sleep(1.1)
    statuses = [client.get(path).status_code for path in ("/rate-limits", "/limits/context", "/limits/subject")]
    assert statuses == [200, 200, 200]
    blocked = client.get("/auth/sessions")  # another group, the same address: the global window is full
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1


def test_testdata_session_limits(client: Client) -> None:
    client.login_xades(NIP)
    defaults = client.get("/limits/context").json()
    assert defaults["collectiveIdentifier"] == {"maxInvoices": 500}  # since 2.7.1
    small = {"maxInvoiceSizeInMB": 1, "maxInvoiceWithAttachmentSizeInMB": 2, "maxInvoices": 5}
    body = {"onlineSession": small, "batchSession": small, "collectiveIdentifier": {"maxInvoices": 3}}
    _testdata(client, "/testdata/limits/context/session", body, token=True)
    limits = client.get("/limits/context").json()
    assert limits["onlineSession"]["maxInvoices"] == 5 and limits["collectiveIdentifier"] == {"maxInvoices": 3}
    too_few = {**body, "collectiveIdentifier": {"maxInvoices": 1}}  # an IZ groups at least 2 invoices
    refused = client.http.post(
        client.base + "/testdata/limits/context/session",
        json=too_few,
        headers=client.auth(),
        expect_invalid_request=True,
    )
    assert refused.status_code == 400 and _error_code(refused) == 21405
    missing = {"onlineSession": small, "batchSession": small}  # 2.8.1 requires collectiveIdentifier
    refused = client.http.post(
        client.base + "/testdata/limits/context/session",
        json=missing,
        headers=client.auth(),
        expect_invalid_request=True,
    )
    assert refused.status_code == 400 and _error_code(refused) == 21405
    assert (
        client.http.delete(client.base + "/testdata/limits/context/session", headers=client.auth()).status_code == 200
    )
    assert client.get("/limits/context").json() == defaults


def test_testdata_subject_limits(client: Client) -> None:
    client.login_xades(NIP)
    assert client.get("/limits/subject").json()["certificate"] == {"maxCertificates": 100}
    body = {
        "subjectIdentifierType": "Nip",
        "certificate": {"maxCertificates": 2},
        "enrollment": {"maxEnrollments": None},
    }
    _testdata(client, "/testdata/limits/subject/certificate", body, token=True)
    limits = client.get("/limits/subject").json()
    assert limits == {"enrollment": {"maxEnrollments": 300}, "certificate": {"maxCertificates": 2}}
    assert (
        client.http.delete(client.base + "/testdata/limits/subject/certificate", headers=client.auth()).status_code
        == 200
    )
    assert client.get("/limits/subject").json()["certificate"] == {"maxCertificates": 100}


def test_admin_can_revoke_a_ksef_token(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    created = client.create_token(["InvoiceRead"])
    response = admin(sandbox, "revoke-token", {"referenceNumber": created["referenceNumber"]})
    assert response.status_code == 204
    assert client.get(f"/tokens/{created['referenceNumber']}").json()["status"] == "Revoked"
