"""Whatever JSON a client sends, the sandbox answers with the spec's error body, never a 500."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksefsandbox.guard import host_allowed
from ksefsandbox.server import SandboxServer
from tests.sandbox.contract import check_error_body
from tests.sandbox.kit import Client

NIP = "5265877635"
FIELDS = [
    "subjectType",
    "dateRange",
    "dateType",
    "from",
    "to",
    "amount",
    "type",
    "encryption",
    "formCode",
    "systemCode",
    "schemaVersion",
    "value",
    "filters",
    "permissions",
    "description",
    "challenge",
    "contextIdentifier",
    "encryptedToken",
    "publicKeyId",
    "invoiceHash",
    "invoiceSize",
    "batchFile",
    "fileParts",
    "currencyCodes",
    "invoiceTypes",
    "buyerIdentifier",
    "rateLimits",
    "onlineSession",
]
leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    leaf,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=15,
)
bodies = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6) | json_values
ENDPOINTS = [
    "/invoices/query/metadata",
    "/invoices/exports",
    "/sessions/online",
    "/sessions/batch",
    "/tokens",
    "/auth/ksef-token",
    "/testdata/person",
    "/testdata/rate-limits",
    "/testdata/permissions",
]


@pytest.fixture
def logged_in(client: Client) -> Client:
    return client.login_xades(NIP)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_random_json_never_breaks_the_server(logged_in: Client, path: str) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies)
    def post(body: Any) -> None:
        response = logged_in.http.post(
            logged_in.base + path, json=body, headers=logged_in.auth(), expect_invalid_request=True
        )
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            check_error_body(response)

    post()


# --- hostile headers and the admin switches ---------------------------------------------------------
# printable ASCII without surrounding spaces: what an HTTP client lets through as a header value
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40).map(str.strip)
content_types = (
    st.sampled_from(
        [
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
            "application/octet-stream",
            "APPLICATION/JSON",
            "application/json; charset=utf-8",
            "",
        ]
    )
    | header_text
)
origins = st.sampled_from(["http://evil.example", "null", "http://127.0.0.1:1", "file://"]) | header_text
hosts = st.sampled_from(["evil.example", "127.0.0.1.nip.io", "localhost.", "[::1]", "0x7f000001"]) | header_text
API_PATHS = ["/auth/challenge", "/auth/ksef-token", "/auth/xades-signature", "/sessions/online", "/testdata/person"]


def test_hostile_headers_get_the_contract_error_bodies(sandbox: SandboxServer, logged_in: Client) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        path=st.sampled_from(API_PATHS),
        content_type=content_types,
        origin=st.none() | origins,
        host=st.none() | hosts,
        body=st.binary(max_size=200),
    )
    def post(path: str, content_type: str, origin: str | None, host: str | None, body: bytes) -> None:
        headers = {**logged_in.auth(), "Content-Type": content_type}
        if origin is not None:
            headers["Origin"] = origin
        if host is not None:
            headers["Host"] = host
        response = requests.post(sandbox.base_url + path, data=body, headers=headers, timeout=10)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            check_error_body(response)
        if origin is not None and origin.lower() != f"http://{host or f'127.0.0.1:{sandbox.port}'}".lower():
            assert response.status_code == 403  # a foreign page never gets through
        if host is not None and response.status_code != 403:
            assert host_allowed(host, frozenset())

    post()


ADMIN = ["faults", "rate-scale", "revoke-session", "revoke-token", "grant"]


@pytest.mark.parametrize("name", ADMIN)
def test_random_json_to_the_admin_switches_never_breaks_the_server(sandbox: SandboxServer, name: str) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies, key=st.booleans())
    def post(body: Any, key: bool) -> None:
        before = asdict(sandbox.sandbox.faults), sandbox.sandbox.limiter.scale
        headers = sandbox.admin_headers if key else {}
        response = requests.post(sandbox.admin_url(name), json=body, headers=headers, timeout=10)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            check_error_body(response)
        if not key:
            assert response.status_code == 403
            assert (asdict(sandbox.sandbox.faults), sandbox.sandbox.limiter.scale) == before
        faults = sandbox.sandbox.faults
        assert 0 <= faults.error_rate <= 1 and 0 <= faults.drop_rate <= 1 and 0 <= faults.latency_s <= 60
        assert isinstance(faults.maintenance, bool) and faults.burst_429 >= 0
        # keep the sandbox usable for the next example
        faults.update({"error_rate": 0.0, "drop_rate": 0.0, "latency_s": 0.0, "maintenance": False})
        faults.burst_429 = 0

    post()
