"""The collective-identifier client (services/ksef/collective.py) against a running sandbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from ksefdesk.core.collective_id import parse_collective_id
from ksefdesk.core.errors import UserError
from ksefdesk.services.ksef.collective import CollectiveApi, CollectiveInvoice
from ksefdesk.services.ksef.http import KsefApiError, KsefHttp, RateLimiter
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client
from tests.sandbox.test_collective_api import BUYER, OTHER_SELLER, SELLER, issue, set_limit

ServerFactory = Callable[..., SandboxServer]


@pytest.fixture
def server(start_sandbox: ServerFactory) -> SandboxServer:
    return start_sandbox()


@pytest.fixture
def buyer(server: SandboxServer) -> Client:
    return Client(server.base_url).login_xades(BUYER)


@pytest.fixture
def token(buyer: Client) -> str:
    return buyer.access


@pytest.fixture
def api(server: SandboxServer) -> CollectiveApi:
    return CollectiveApi(KsefHttp(server.base_url, RateLimiter(), scope=BUYER), listing_page=10, query_page=10)


def _invoices(numbers: list[str]) -> list[CollectiveInvoice]:
    return [
        CollectiveInvoice(n, Decimal("1234.56") + i, "PLN", f"Zapłata za fakturę {i + 1}")
        for i, n in enumerate(numbers)
    ]


def test_three_invoices_of_one_seller_end_to_end(server: SandboxServer, api: CollectiveApi, token: str) -> None:
    numbers = [issue(server) for _ in range(3)]
    number = api.create(token, _invoices(numbers))
    assert parse_collective_id(number).seller_nip == SELLER

    found = api.query(token, datetime.now(UTC) - timedelta(days=1))
    assert [(i.number, i.invoice_count, i.created_in_current_context) for i in found] == [(number, 3, True)]
    assert [i.number for i in api.for_invoice(token, numbers[1])] == [number]
    assert api.for_invoice(token, numbers[1])[0].invoice_count is None

    entries = api.invoices(token, [number])
    assert sorted(e.ksef_number for e in entries) == sorted(numbers)
    by_number = {e.ksef_number: e for e in entries}
    for i, ksef_number in enumerate(numbers):
        entry = by_number[ksef_number]
        assert (entry.amount, entry.currency, entry.details_hidden) == (Decimal("1234.56") + i, "PLN", False)
        assert entry.description == f"Zapłata za fakturę {i + 1}" and entry.collective_number == number


def test_payment_details_are_optional(server: SandboxServer, api: CollectiveApi, token: str) -> None:
    numbers = [issue(server) for _ in range(2)]
    number = api.create(token, [CollectiveInvoice(n) for n in numbers])
    assert [(e.amount, e.currency, e.description) for e in api.invoices(token, [number])] == [(None, None, None)] * 2


def test_listings_follow_continuation_tokens_and_take_more_than_ten_identifiers(
    server: SandboxServer, api: CollectiveApi, token: str
) -> None:
    numbers = [issue(server) for _ in range(23)]
    big = api.create(token, _invoices(numbers))
    small = [api.create(token, _invoices(numbers[:2])) for _ in range(11)]
    assert len(api.invoices(token, [big])) == 23  # three pages of 10
    everything = api.invoices(token, [big, *small])  # two requests: 10 identifiers, then 2
    assert len(everything) == 23 + 22 and {e.collective_number for e in everything} == {big, *small}
    assert len(api.for_invoice(token, numbers[0])) == 12  # two pages
    found = api.query(token, datetime.now(UTC) - timedelta(days=1))
    assert len(found) == 12 and found == sorted(found, key=lambda i: (i.date_created, i.number), reverse=True)
    assert [i.number for i in api.query(token, datetime.now(UTC) - timedelta(days=1), invoice_count_from=20)] == [big]
    since = datetime.now(UTC) - timedelta(days=1)
    assert [i.number for i in api.query(token, since, number=small[3].lower())] == [small[3]]  # as pasted
    assert api.query(token, since, created_in_current_context=False) == []


def test_a_range_over_100_days_is_asked_in_windows(server: SandboxServer, api: CollectiveApi, token: str) -> None:
    numbers = [issue(server) for _ in range(2)]
    number = api.create(token, _invoices(numbers))
    before = server.sandbox.calls["collectiveIdentifier"]
    found = api.query(token, datetime.now(UTC) - timedelta(days=250), datetime.now(UTC) + timedelta(minutes=1))
    assert [i.number for i in found] == [number]
    assert server.sandbox.calls["collectiveIdentifier"] - before == 3  # 100 + 100 + 50 days
    with pytest.raises(ValueError):
        api.query(token, datetime.now())  # no offset: which day is meant would be a guess


def test_different_sellers_get_a_clear_message(server: SandboxServer, api: CollectiveApi, token: str) -> None:
    numbers = [issue(server), issue(server, seller=OTHER_SELLER)]
    with pytest.raises(KsefApiError) as caught:
        api.create(token, _invoices(numbers))
    error = caught.value
    assert (error.code, error.ksef_code, error.status) == ("collective.different_sellers", 71004, 400)
    assert "Faktury w identyfikatorze zbiorczym muszą mieć jednego sprzedawcę" in error.message("pl")
    assert numbers[1] in error.message("pl") and numbers[1] in error.message("en")
    assert "osobnymi przelewami" in error.action("pl")


def test_unknown_invoice_and_server_side_duplicate(
    server: SandboxServer, api: CollectiveApi, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = issue(server)
    missing = known[:11] + "20200101" + known[19:]
    with pytest.raises(KsefApiError) as caught:
        api.create(token, _invoices([known, missing]))
    assert (caught.value.code, caught.value.ksef_code) == ("collective.invoice_unknown", 71001)
    assert missing in caught.value.message("pl")

    monkeypatch.setattr(CollectiveApi, "_check_selection", staticmethod(lambda invoices, limit: None))
    with pytest.raises(KsefApiError) as caught:  # KSeF's own 71005, when our check is bypassed
        api.create(token, _invoices([known, issue(server), known]))
    assert (caught.value.code, caught.value.ksef_code) == ("collective.duplicate", 71005)
    assert known in caught.value.message("en")


def test_what_the_client_can_see_is_refused_before_sending(
    server: SandboxServer, api: CollectiveApi, token: str
) -> None:
    number = issue(server)
    before = server.sandbox.calls["collectiveIdentifier"]
    cases: list[tuple[list[CollectiveInvoice], str, dict[str, Any]]] = [
        (_invoices([number]), "collective.too_few", {}),
        (_invoices([number, issue(server), number]), "collective.duplicate", {}),
        (_invoices([number, "not-a-ksef-number"]), "collective.bad_ksef_number", {}),
        (_invoices([number, issue(server), issue(server)]), "collective.too_many", {"max_invoices": 2}),
    ]
    for invoices, code, kw in cases:
        with pytest.raises(UserError) as caught:
            api.create(token, invoices, **kw)
        assert caught.value.code == code
        assert caught.value.message("pl") != caught.value.message("en")
    with pytest.raises(UserError) as caught:
        api.invoices(token, ["1111111111-IZ202607-65ED02180000-E8"])
    assert caught.value.code == "collective.invalid_number"
    assert server.sandbox.calls["collectiveIdentifier"] == before  # nothing was sent


def test_a_continuation_token_ksef_refuses_restarts_the_listing_once(
    server: SandboxServer, api: CollectiveApi, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = [issue(server) for _ in range(15)]
    number = api.create(token, _invoices(numbers))
    real = api.http.json
    spoil = {"left": 1}

    def spoiling(method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", None) or {})
        if headers and spoil["left"] > 0:
            spoil["left"] -= 1
            headers["x-continuation-token"] = "%%%"  # what KSeF answers 21418 to
        return real(method, path, headers=headers, **kwargs)

    monkeypatch.setattr(api.http, "json", spoiling)
    assert len(api.invoices(token, [number])) == 15  # restarted once, then complete
    spoil["left"] = 2
    with pytest.raises(KsefApiError) as caught:
        api.invoices(token, [number])
    assert (caught.value.code, caught.value.ksef_code) == ("collective.listing_restarted", 21418)


def test_a_broken_number_in_the_answer_is_a_bad_answer(
    api: CollectiveApi, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        api.http, "json", lambda *a, **kw: {"collectiveIdentifierNumber": "1111111111-IZ202607-65ED02180000-E8"}
    )
    with pytest.raises(UserError) as caught:
        api.create(token, _invoices(["5265877635-20260101-0000000000AA-00", "5265877635-20260101-0000000000AB-00"]))
    assert caught.value.code == "ksef.bad_answer"
    monkeypatch.setattr(
        api.http,
        "json",
        lambda *a, **kw: {
            "collectiveIdentifiers": [
                {
                    "collectiveIdentifierNumber": "x" * 35,
                    "dateCreated": "2026-07-11T12:00:00+00:00",
                    "createdInCurrentContext": True,
                    "invoiceCount": 2,
                }
            ]
        },
    )
    with pytest.raises(UserError) as caught:
        api.query(token, datetime.now(UTC) - timedelta(days=1))
    assert caught.value.code == "ksef.bad_answer"


def test_the_context_limit_is_read_from_limits_context(
    server: SandboxServer, api: CollectiveApi, buyer: Client, token: str
) -> None:
    assert api.max_invoices(token) == 500
    set_limit(buyer, 3)
    assert api.max_invoices(token) == 3
    numbers = [issue(server) for _ in range(4)]
    with pytest.raises(UserError) as caught:
        api.create(token, _invoices(numbers), max_invoices=api.max_invoices(token))
    assert caught.value.code == "collective.too_many" and "3" in caught.value.message("pl")
    with pytest.raises(KsefApiError) as refused:  # without the limit given, KSeF's own refusal
        api.create(token, _invoices(numbers))
    assert (refused.value.code, refused.value.ksef_code) == ("ksef.rejected", 21405)
    assert api.create(token, _invoices(numbers[:3]))
