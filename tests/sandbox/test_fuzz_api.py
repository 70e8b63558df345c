"""Whatever JSON a client sends, the sandbox answers with the spec's error body, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
        if response.status_code == 400:
            payload = response.json()
            assert "exception" in payload or "errors" in payload

    post()
