"""The app's own client flows, through a proxy that validates every request and answer against the 2.8.1
contract production runs (tests/contract_proxy.py): each flow must leave zero violations.

The services are the real ones (AuthService, Receiver, Sender, CertificateService, PermissionsApi,
CollectiveApi), built as the app builds them, only pointed at the proxy's address instead of the sandbox's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse

from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.services.ksef.collective import CollectiveApi, CollectiveInvoice
from ksefdesk.services.ksef.http import KsefApiError, RateLimiter
from ksefdesk.services.ksef.permissions import EntityPermission, Identifier, PermissionsApi, Person
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import seed_invoices
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.contract_proxy import ContractProxy
from tests.sandbox.kit import Client, invoice_xml

NIP = "5265877635"
SELLER = "7251801126"
PESEL = "44051401359"
PERSON = self_signed(person_subject(nip=NIP, given="Anna", surname="Żółkiewska"))


class Desk(harness.Desk):
    """One app instance's services, talking to KSeF through the validating proxy."""

    def __init__(self, folder: Path, base_url: str) -> None:
        super().__init__(folder, base_url, limiter=RateLimiter(scale=0), scope=NIP, since_days=80)
        self.companies.add(NIP, Environment.SANDBOX, name="Piekarnia", base_url=base_url)

    def sign_in(self) -> None:
        self.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05, max_truncation=40))


@pytest.fixture
def proxy(server: SandboxServer) -> Iterator[ContractProxy]:
    with ContractProxy(server.base_url) as running:
        yield running


@pytest.fixture
def desk(tmp_path: Path, proxy: ContractProxy) -> Iterator[Desk]:
    app = Desk(tmp_path, proxy.base_url)
    yield app
    app.db.close()


def assert_clean(proxy: ContractProxy, *operations: str) -> None:
    """No violation, and the flow really went through the proxy (the operations it must have used)."""
    assert proxy.violations == [], proxy.report()
    missing = set(operations) - proxy.seen
    assert not missing, f"never went through the proxy: {sorted(missing)}; seen: {sorted(proxy.seen)}"


LOGIN = (
    "POST /auth/challenge",
    "GET /security/public-key-certificates",
    "GET /auth/{referenceNumber}",
    "POST /auth/token/redeem",
)


# --- login ---------------------------------------------------------------------------------------------
def test_login_with_a_signed_file(desk: Desk, proxy: ContractProxy) -> None:
    request = desk.auth.request_document(NIP)
    company = desk.auth.submit_signed(NIP, sign_xml(request.document, PERSON.key, [PERSON.certificate]))
    assert company.status is ConnectionStatus.CONNECTED and company.auth_method is AuthMethod.SIGNATURE
    assert_clean(proxy, "POST /auth/challenge", "POST /auth/xades-signature", "GET /auth/{referenceNumber}")


def test_login_with_a_certificate_file_then_refresh_and_logout(desk: Desk, proxy: ContractProxy) -> None:
    desk.sign_in()
    desk.auth.forget_access_token(NIP)
    assert desk.auth.access_token(NIP)  # renewed with the refresh token
    desk.auth.logout(NIP)
    assert_clean(proxy, "POST /auth/xades-signature", "POST /auth/token/refresh", "DELETE /auth/sessions/current")


def test_tokens_create_list_revoke_and_login_with_a_ksef_token(desk: Desk, proxy: ContractProxy) -> None:
    desk.sign_in()
    reference, token = desk.auth.create_app_token(NIP)
    assert reference in [t.reference_number for t in desk.auth.list_tokens(NIP)]
    desk.auth.logout(NIP)
    company = desk.auth.login_with_token(NIP, token)
    assert company.auth_method is AuthMethod.TOKEN and company.status is ConnectionStatus.CONNECTED
    assert desk.auth.revoke_token(NIP) == reference
    assert_clean(
        proxy,
        *LOGIN,
        "POST /tokens",
        "GET /tokens/{referenceNumber}",
        "GET /tokens",
        "POST /auth/ksef-token",
        "DELETE /tokens/{referenceNumber}",
    )


# --- receiving -----------------------------------------------------------------------------------------
def test_sync_by_export(desk: Desk, proxy: ContractProxy, server: SandboxServer) -> None:
    seed_invoices(server.sandbox, NIP, 60, months=2)
    desk.sign_in()
    result = desk.receiver.sync(NIP)
    assert result.packages > 0 and desk.invoices.count(desk.companies.get(NIP).id) > 0
    assert_clean(proxy, "POST /invoices/exports", "GET /invoices/exports/{referenceNumber}")


def _no_export(*args: object, **kwargs: object) -> str:
    raise KsefApiError("ksef.rejected", status=400, ksef_code=21182, description="too many exports")


def test_sync_by_metadata_fallback(
    desk: Desk, proxy: ContractProxy, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_invoices(server.sandbox, NIP, 12, months=1)
    desk.sign_in()
    monkeypatch.setattr(desk.api, "start_export", _no_export)  # KSeF refuses exports: the small window still syncs
    result = desk.receiver.sync(NIP)
    assert result.fallback_windows > 0 and desk.invoices.count(desk.companies.get(NIP).id) > 0
    assert_clean(proxy, "POST /invoices/query/metadata", "GET /invoices/ksef/{ksefNumber}")


# --- sending -------------------------------------------------------------------------------------------
def _queue(desk: Desk, count: int, prefix: str) -> None:
    for n in range(1, count + 1):
        number = f"{prefix}/{n}/11/2026"
        desk.sender.enqueue(NIP, number.replace("/", "-") + ".xml", invoice_xml(NIP, number=number))


def test_send_online(desk: Desk, proxy: ContractProxy) -> None:
    desk.sign_in()
    _queue(desk, 3, "FV/ON")
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 3 and not summary.rejected
    assert_clean(
        proxy,
        "POST /sessions/online",
        "POST /sessions/online/{referenceNumber}/invoices",
        "GET /sessions/{referenceNumber}/invoices",
        "POST /sessions/online/{referenceNumber}/close",
    )


def test_send_batch(desk: Desk, proxy: ContractProxy) -> None:
    desk.sign_in()
    desk.sender.batch_from, desk.sender.part_bytes = 5, 5_000
    _queue(desk, 8, "FV/BATCH")
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 8 and not summary.rejected and not summary.upo_pending
    assert_clean(
        proxy, "POST /sessions/batch", "POST /sessions/batch/{referenceNumber}/close", "GET /sessions/{referenceNumber}"
    )


# --- KSeF certificates ----------------------------------------------------------------------------------
def test_certificates_enroll_query_retrieve_and_login(desk: Desk, proxy: ContractProxy) -> None:
    desk.sign_in()
    stored = desk.certificates.enroll(NIP, AUTHENTICATION)
    assert [c.serial for c in desk.certificates.refresh_statuses(NIP)] == [stored.serial]
    desk.db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")
    assert desk.auth.access_token(NIP)  # a silent login with the new KSeF certificate
    assert desk.companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE
    desk.certificates.revoke(NIP, stored.serial)
    assert_clean(
        proxy,
        "GET /certificates/limits",
        "GET /certificates/enrollments/data",
        "POST /certificates/enrollments",
        "GET /certificates/enrollments/{referenceNumber}",
        "POST /certificates/retrieve",
        "POST /certificates/query",
        "POST /certificates/{certificateSerialNumber}/revoke",
    )


# --- the proxy itself -----------------------------------------------------------------------------------
def test_the_proxy_reports_a_request_that_breaks_the_contract(proxy: ContractProxy) -> None:
    """A check that cannot catch anything proves nothing: a request the contract forbids is recorded."""
    answer = requests.post(proxy.base_url + "/auth/ksef-token", json={"challenge": 5}, timeout=10)
    assert answer.status_code == 400  # forwarded: the sandbox's own refusal comes back
    assert [v.where for v in proxy.violations] == ["request"]
    assert "/auth/ksef-token" in proxy.report()


def test_the_proxy_reports_an_answer_that_breaks_the_contract() -> None:
    """An upstream that answers a shape the contract does not allow (a key list without publicKeyId)."""

    @WerkzeugRequest.application  # type: ignore[arg-type]
    def upstream(request: WerkzeugRequest) -> WerkzeugResponse:
        body = [{"certificate": "AAAA", "validFrom": "2026-01-01T00:00:00Z", "usage": ["KsefTokenEncryption"]}]
        return WerkzeugResponse(json.dumps(body), content_type="application/json", headers={"X-Extra": "1"})

    fake = make_server("127.0.0.1", 0, upstream, threaded=True)
    thread = threading.Thread(target=fake.serve_forever, daemon=True)
    thread.start()
    try:
        with ContractProxy(f"http://127.0.0.1:{fake.server_port}/secret/v2") as proxy:
            answer = requests.get(proxy.base_url + "/security/public-key-certificates", timeout=10)
            assert answer.status_code == 200 and answer.headers["X-Extra"] == "1" and answer.json()[0]["certificate"]
            assert [v.where for v in proxy.violations] == ["answer"]
            assert "publicKeyId" in proxy.report() and proxy.seen == {"GET /security/public-key-certificates"}
    finally:
        fake.shutdown()
        fake.server_close()


# --- permissions (engineer A's client) -------------------------------------------------------------------
def test_permissions_grant_list_and_revoke(desk: Desk, proxy: ContractProxy) -> None:
    desk.sign_in()
    permissions = PermissionsApi(desk.api.http)
    owner = desk.auth.access_token(NIP)
    accountant = Person(Identifier("Pesel", PESEL), "Anna", "Księgowa")
    reference = permissions.grant_to_person(owner, accountant, ["InvoiceRead", "CollectiveIdentifierManage"], "Biuro")
    assert permissions.wait_for_operation(owner, reference, poll_s=0.05).succeeded
    office = permissions.grant_to_entity(owner, SELLER, "Biuro Rachunkowe", [EntityPermission("InvoiceRead")], "Biuro")
    assert permissions.wait_for_operation(owner, office, poll_s=0.05).succeeded
    theirs = [g for g in permissions.all_person_grants(owner) if g.authorized == Identifier("Pesel", PESEL)]
    assert sorted(g.scope for g in theirs) == ["CollectiveIdentifierManage", "InvoiceRead"]
    permissions.all_personal_grants(owner)  # "my permissions": its answer is what the proxy checks
    assert permissions.attachments_status(owner).allowed is False
    for grant in theirs:
        assert permissions.wait_for_operation(owner, permissions.revoke(owner, grant.id), poll_s=0.05).succeeded
    assert_clean(
        proxy,
        "POST /permissions/persons/grants",
        "POST /permissions/entities/grants",
        "GET /permissions/operations/{referenceNumber}",
        "POST /permissions/query/persons/grants",
        "POST /permissions/query/personal/grants",
        "GET /permissions/attachments/status",
        "DELETE /permissions/common/grants/{permissionId}",
    )


# --- collective identifiers and payments (engineers B and G): add their client flows here, as above -------
def test_collective_identifier_for_three_invoices_of_one_seller(
    desk: Desk, proxy: ContractProxy, server: SandboxServer
) -> None:
    seller = Client(server.base_url).login_xades(SELLER)  # the seller issues straight to the sandbox
    session = seller.open_session()
    numbers = [seller.send_ok(session, invoice_xml(SELLER, buyer=NIP))["ksefNumber"] for _ in range(3)]
    desk.sign_in()
    collective = CollectiveApi(desk.api.http)
    access = desk.auth.access_token(NIP)
    assert collective.max_invoices(access) >= 3
    number = collective.create(access, [CollectiveInvoice(n, Decimal("100.50"), "PLN") for n in numbers])
    assert [i.number for i in collective.for_invoice(access, numbers[0])] == [number]
    assert [i.number for i in collective.query(access, datetime.now(UTC) - timedelta(days=1))] == [number]
    assert sorted(e.ksef_number for e in collective.invoices(access, [number])) == sorted(numbers)
    assert_clean(
        proxy,
        "GET /limits/context",
        "POST /collective-identifiers",
        "GET /collective-identifiers/ksef/{ksefNumber}",
        "POST /collective-identifiers/query",
        "POST /collective-identifiers/invoices",
    )


# Payments (engineer G): services/payments.py reaches KSeF through CollectiveApi (the flow above); add a
# flow here for any KSeF call of its own.
