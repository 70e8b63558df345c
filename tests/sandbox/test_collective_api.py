"""Collective identifiers (IZ, API 2.7/2.8) in the sandbox; every request and answer checked against the
2.8.1 contract (and 2.7.0 where it has the operation)."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from ksefdesk.core.collective_id import parse_collective_id
from ksefdesk.core.nip import random_nip
from ksefsandbox.processing import accept_invoice
from ksefsandbox.server import SandboxServer
from tests.sandbox.contract import OLDER_SPEC_FILES, check_error_body, openapi
from tests.sandbox.kit import Client, invoice_xml
from tests.sandbox.test_auth_api import _error_code

BUYER = "5265877635"
SELLER = "7251801126"
OTHER_SELLER = "5260250274"
ServerFactory = Callable[..., SandboxServer]


def issue(server: SandboxServer, seller: str = SELLER, buyer: str = BUYER) -> str:
    """An invoice from ``seller`` to ``buyer`` accepted into KSeF (as if sent in a session); its KSeF number."""
    result = accept_invoice(
        server.sandbox.state, context=seller, plain=invoice_xml(seller, buyer), session_ref=None, ordinal=0
    )
    assert result.status == 200
    row = server.sandbox.state.one("SELECT ksef_number FROM invoices WHERE ref = ?", (result.ref,))
    assert row is not None
    return str(row["ksef_number"])


def create(client: Client, numbers: list[str], **kw: Any) -> requests.Response:
    invoices = [
        {"ksefNumber": n, "payment": {"amount": 100 + i, "currency": "PLN"}, "description": f"Faktura {i + 1}"}
        for i, n in enumerate(numbers)
    ]
    return client.post("/collective-identifiers", json={"invoices": invoices}, **kw)


def created(client: Client, numbers: list[str]) -> str:
    response = create(client, numbers)
    assert response.status_code == 201, response.text
    return str(response.json()["collectiveIdentifierNumber"])


def query(client: Client, days: float = 1, **filters: Any) -> requests.Response:
    now = datetime.now(UTC)
    body = {
        "dateCreatedFrom": (now - timedelta(days=days)).isoformat(),
        "dateCreatedTo": (now + timedelta(minutes=1)).isoformat(),
        **filters,
    }
    headers = filters.pop("headers", {})
    body.pop("headers", None)
    return client.post(f"/collective-identifiers/query?pageSize={filters.pop('size', 10)}", json=body, headers=headers)


def listing(client: Client, numbers: list[str], size: int = 10, token: str | None = None) -> requests.Response:
    headers = {"x-continuation-token": token} if token else {}
    return client.post(
        f"/collective-identifiers/invoices?pageSize={size}",
        json={"collectiveIdentifierNumbers": numbers},
        headers=headers,
    )


def error(response: requests.Response) -> tuple[str, list[str]]:
    """(description, details) of a 400 in either error format."""
    body = response.json()
    first = body["exception"]["exceptionDetailList"][0] if "exception" in body else body["errors"][0]
    description = first.get("exceptionDescription", first.get("description"))
    return str(description), list(first["details"] or [])


@pytest.fixture
def server(sandbox: SandboxServer) -> SandboxServer:
    return sandbox


@pytest.fixture
def buyer(server: SandboxServer) -> Client:
    return Client(server.base_url).login_xades(BUYER)


def test_create_for_three_invoices_of_one_seller_query_find_and_list(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(3)]
    number = created(buyer, numbers)
    iz = parse_collective_id(number)  # the client's parser accepts the sandbox's number
    now = datetime.now(ZoneInfo("Europe/Warsaw"))
    assert (iz.seller_nip, iz.year, iz.month) == (SELLER, now.year, now.month)

    found = query(buyer).json()["collectiveIdentifiers"]
    assert [(i["collectiveIdentifierNumber"], i["invoiceCount"], i["createdInCurrentContext"]) for i in found] == [
        (number, 3, True)
    ]
    for ksef_number in numbers:
        by_number = buyer.get(f"/collective-identifiers/ksef/{ksef_number}").json()["collectiveIdentifiers"]
        assert [(i["collectiveIdentifierNumber"], i["createdInCurrentContext"]) for i in by_number] == [(number, True)]
        assert "invoiceCount" not in by_number[0]

    listed = listing(buyer, [number]).json()
    assert "continuationToken" not in listed
    assert [i["ksefNumber"] for i in listed["invoices"]] == sorted(numbers, reverse=True)  # ksefNumber Desc
    amounts = {n: 100 + i for i, n in enumerate(numbers)}
    for item in listed["invoices"]:
        assert item["collectiveIdentifierNumber"] == number and item["detailsHidden"] is False
        assert item["payment"] == {"amount": amounts[item["ksefNumber"]], "currency": "PLN"}
        assert item["description"].startswith("Faktura ")


def test_the_seller_sees_the_buyers_identifier_and_a_stranger_only_the_numbers(
    server: SandboxServer, buyer: Client
) -> None:
    numbers = [issue(server) for _ in range(2)]
    number = created(buyer, numbers)
    seller = Client(server.base_url).login_xades(SELLER)
    assert [
        (i["collectiveIdentifierNumber"], i["createdInCurrentContext"])
        for i in query(seller).json()["collectiveIdentifiers"]
    ] == [(number, False)]
    assert query(seller, createdInCurrentContext=True).json()["collectiveIdentifiers"] == []
    assert listing(seller, [number]).json()["invoices"][0]["detailsHidden"] is False

    stranger = Client(server.base_url).login_xades(OTHER_SELLER)
    assert query(stranger).json()["collectiveIdentifiers"] == []
    assert stranger.get(f"/collective-identifiers/ksef/{numbers[0]}").json()["collectiveIdentifiers"] == []
    hidden = listing(stranger, [number]).json()["invoices"]
    assert sorted(i["ksefNumber"] for i in hidden) == sorted(numbers)
    assert all(i["detailsHidden"] is True and "payment" not in i and "description" not in i for i in hidden)


def test_without_payment_details_nothing_is_hidden(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(2)]
    response = buyer.post("/collective-identifiers", json={"invoices": [{"ksefNumber": n} for n in numbers]})
    assert response.status_code == 201, response.text
    stranger = Client(server.base_url).login_xades(OTHER_SELLER)
    items = listing(stranger, [response.json()["collectiveIdentifierNumber"]]).json()["invoices"]
    assert [i["detailsHidden"] for i in items] == [False, False] and all("payment" not in i for i in items)


def test_listings_page_with_continuation_tokens(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(25)]
    big = created(buyer, numbers)
    pages, token = [], None
    while True:
        page = listing(buyer, [big], size=10, token=token).json()
        pages.append([i["ksefNumber"] for i in page["invoices"]])
        token = page.get("continuationToken")
        if not token:
            break
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [n for p in pages for n in p] == sorted(numbers, reverse=True)

    small = [created(buyer, numbers[:2]) for _ in range(11)]  # one invoice may be in many IZ
    first = query(buyer, size=10).json()
    second = query(buyer, size=10, headers={"x-continuation-token": first["continuationToken"]}).json()
    assert "continuationToken" not in second
    seen = [i["collectiveIdentifierNumber"] for i in first["collectiveIdentifiers"] + second["collectiveIdentifiers"]]
    assert sorted(seen) == sorted([big, *small])
    keys = [(i["dateCreated"], i["collectiveIdentifierNumber"]) for i in first["collectiveIdentifiers"]]
    assert keys == sorted(keys, reverse=True)  # dateCreated Desc, collectiveIdentifierNumber Desc

    by_number = buyer.get(f"/collective-identifiers/ksef/{numbers[0]}?pageSize=10").json()
    rest = buyer.get(
        f"/collective-identifiers/ksef/{numbers[0]}?pageSize=10",
        headers={"x-continuation-token": by_number["continuationToken"]},
    ).json()
    assert len(by_number["collectiveIdentifiers"]) + len(rest["collectiveIdentifiers"]) == 12


def test_ten_identifiers_at_most_per_listing(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(2)]
    identifiers = [created(buyer, numbers) for _ in range(10)]
    items = listing(buyer, identifiers, size=50).json()["invoices"]
    assert len(items) == 20 and {i["collectiveIdentifierNumber"] for i in items} == set(identifiers)
    too_many = listing(buyer, [*identifiers, identifiers[0]], size=50)
    assert too_many.status_code == 400 and _error_code(too_many) == 21405


def test_invoices_of_different_sellers_are_refused_71004(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server), issue(server), issue(server, seller=OTHER_SELLER)]
    response = create(buyer, numbers)
    assert response.status_code == 400 and _error_code(response) == 71004
    assert error(response) == (
        "Faktury mają różnych sprzedawców.",
        [f"Faktura o numerze KSeF {numbers[2]} ma innego sprzedawcę."],
    )
    assert query(buyer).json()["collectiveIdentifiers"] == []


def test_a_repeated_ksef_number_is_refused_71005(server: SandboxServer, buyer: Client) -> None:
    number = issue(server)
    response = create(buyer, [number, issue(server), number], headers={"X-Error-Format": "problem-details"})
    assert response.status_code == 400 and _error_code(response) == 71005
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert error(response)[1] == [f"Powtórzony numer KSeF {number}."]


def test_unknown_or_unseen_invoices_are_refused_71001(server: SandboxServer, buyer: Client) -> None:
    known = issue(server)
    someone_elses = issue(server, buyer=random_nip(random.Random(5)))
    missing = known[:11] + "20200101" + known[19:]
    for other in (someone_elses, missing):
        response = create(buyer, [known, other])
        assert response.status_code == 400 and _error_code(response) == 71001, response.text
        assert error(response)[1] == [f"Faktura o numerze KSeF {other} nie została znaleziona."]


def test_below_two_invoices_is_a_validation_error(server: SandboxServer, buyer: Client) -> None:
    for numbers in ([issue(server)], []):
        response = create(buyer, numbers, expect_invalid_request=True)  # minItems 2 in the 2.8.1 contract
        assert response.status_code == 400 and _error_code(response) == 21405


def set_limit(client: Client, max_invoices: int) -> None:
    """TEST's POST /testdata/limits/context/session, which since 2.7.1 sets collectiveIdentifier.maxInvoices."""
    session = {"maxInvoiceSizeInMB": 1, "maxInvoiceWithAttachmentSizeInMB": 3, "maxInvoices": 10_000}
    body = {
        "onlineSession": session,
        "batchSession": session,
        "collectiveIdentifier": {"maxInvoices": max_invoices},
    }
    assert client.post("/testdata/limits/context/session", json=body).status_code == 200


def test_the_context_limit_of_invoices(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(4)]
    set_limit(buyer, 3)
    assert buyer.get("/limits/context").json()["collectiveIdentifier"] == {"maxInvoices": 3}
    over = create(buyer, numbers)
    assert over.status_code == 400 and _error_code(over) == 21405
    assert "limit 3" in error(over)[1][0]
    assert create(buyer, numbers[:3]).status_code == 201


def test_the_default_limit_is_500(server: SandboxServer, buyer: Client) -> None:
    number = issue(server)
    fake = [number[:20] + f"{i:012X}" + "-00" for i in range(501)]  # the count is judged before the numbers
    response = create(buyer, fake)
    assert response.status_code == 400 and _error_code(response) == 21405
    assert "limit 500" in error(response)[1][0]


def test_a_bad_continuation_token_is_21418_everywhere(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(2)]
    number = created(buyer, numbers)
    wrong_kind = base64.b64encode(json.dumps({"KsefNumber": numbers[0]}).encode()).decode()
    for token in ("%%%", "bm90IGpzb24=", wrong_kind):
        headers = {"x-continuation-token": token}
        for response in (
            query(buyer, headers=headers),
            buyer.get(f"/collective-identifiers/ksef/{numbers[0]}", headers=headers),
            listing(buyer, [number], token=token),
        ):
            assert response.status_code == 400 and _error_code(response) == 21418, response.text
            assert error(response)[0] == "Przesłany token kontynuacji jest nieprawidłowy."


def test_created_ranges_up_to_100_days(buyer: Client) -> None:
    now = datetime.now(UTC)
    for days, status in ((100, 200), (101, 400)):
        body = {"dateCreatedFrom": (now - timedelta(days=days)).isoformat(), "dateCreatedTo": now.isoformat()}
        response = buyer.post("/collective-identifiers/query", json=body)
        assert response.status_code == status, response.text
    backwards = {"dateCreatedFrom": now.isoformat(), "dateCreatedTo": (now - timedelta(days=1)).isoformat()}
    assert _error_code(buyer.post("/collective-identifiers/query", json=backwards)) == 21405
    edge = {"dateCreatedFrom": "0001-01-01T00:00:00+01:00", "dateCreatedTo": now.isoformat()}
    assert _error_code(buyer.post("/collective-identifiers/query", json=edge)) == 21405  # not a 500


def test_an_invoice_joins_at_most_132_identifiers_in_a_context_71002(server: SandboxServer, buyer: Client) -> None:
    numbers = [issue(server) for _ in range(2)]
    for _ in range(132):
        created(buyer, numbers)
    response = create(buyer, numbers)
    assert response.status_code == 400 and _error_code(response) == 71002
    seller = Client(server.base_url).login_xades(SELLER)  # another context counts its own
    assert create(seller, numbers).status_code == 201


def test_a_token_without_invoice_permissions_is_refused(server: SandboxServer, buyer: Client) -> None:
    token = buyer.create_token(["CredentialsRead"])
    buyer.wait_token_active(token["referenceNumber"])
    limited = Client(server.base_url).login_token(BUYER, token["token"])
    response = create(limited, [issue(server), issue(server)])
    assert response.status_code == 403 and response.json()["reasonCode"] == "missing-permissions"
    assert set(response.json()["security"]["requiredAnyOfPermissions"]) == {
        "InvoiceRead",
        "InvoiceWrite",
        "CollectiveIdentifierManage",
    }


def test_identifiers_survive_a_restart(start_sandbox: ServerFactory, tmp_path: Path) -> None:
    folder = tmp_path / "persistent"
    first = start_sandbox(folder=folder)
    numbers = [issue(first) for _ in range(2)]
    number = created(Client(first.base_url).login_xades(BUYER), numbers)
    first.stop()
    second = start_sandbox(folder=folder)
    again = Client(second.base_url).login_xades(BUYER)
    assert [i["collectiveIdentifierNumber"] for i in query(again).json()["collectiveIdentifiers"]] == [number]
    assert len(listing(again, [number]).json()["invoices"]) == 2


def test_the_270_listing_is_still_served(server: SandboxServer, buyer: Client) -> None:
    """GET /collective-identifiers/{n}/invoices exists only in 2.7.0 (2.7.1 replaced it): checked against it."""
    numbers = [issue(server) for _ in range(12)]
    number = created(buyer, numbers)
    api = openapi(OLDER_SPEC_FILES[0])
    items: list[dict[str, Any]] = []
    token = None
    while True:
        response = requests.get(
            f"{buyer.base}/collective-identifiers/{number}/invoices?pageSize=10",
            headers={**buyer.auth(), **({"x-continuation-token": token} if token else {})},
            timeout=10,
        )
        api.validate_request(RequestsOpenAPIRequest(response.request))
        api.validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))
        assert response.status_code == 200
        items += response.json()["invoices"]
        token = response.json().get("continuationToken")
        if not token:
            break
    assert [i["ksefNumber"] for i in items] == sorted(numbers, reverse=True)
    assert all("collectiveIdentifierNumber" not in i and i["detailsHidden"] is False for i in items)


_FIELDS = [
    "invoices",
    "ksefNumber",
    "payment",
    "amount",
    "currency",
    "description",
    "dateCreatedFrom",
    "dateCreatedTo",
    "collectiveIdentifierNumber",
    "collectiveIdentifierNumbers",
    "invoiceCountFrom",
    "invoiceCountTo",
    "createdInCurrentContext",
]
_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2026-07-10T12:00:00", "PLN"])
)
_json = st.recursive(
    _leaf,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(_FIELDS), children, max_size=4),
    max_leaves=15,
)


@pytest.mark.parametrize(
    "path", ["/collective-identifiers", "/collective-identifiers/query", "/collective-identifiers/invoices"]
)
def test_random_json_never_breaks_the_collective_endpoints(buyer: Client, path: str) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=st.dictionaries(st.sampled_from(_FIELDS), _json, max_size=5))
    def run(body: dict[str, Any]) -> None:
        response = buyer.post(path, json=body, expect_invalid_request=True)
        assert response.status_code in (200, 201, 400), response.text
        if response.status_code == 400:
            check_error_body(response)

    run()
