"""Typed calls for KSeF's collective identifiers (IZ, API 2.7.0/2.7.1/2.8.1).

From 1 January 2027 a buyer paying several invoices of one seller with one transfer puts a collective
identifier in the transfer title (VAT Act art. 108g). KSeF creates it for 2..limit invoices of one
seller (``collectiveIdentifier.maxInvoices`` in ``GET /limits/context``, 500 by default) and lists
them back. KSeF's refusals 71001/71002/71004/71005 and 21418 become clear messages (core.errors).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from ksefdesk.core.collective_id import parse_collective_id
from ksefdesk.core.errors import UserError
from ksefdesk.core.numbers import KSEF_NUMBER
from ksefdesk.core.redaction import scrub
from ksefdesk.services.ksef.answers import exact_amount, parse_time
from ksefdesk.services.ksef.api import _answer_checked
from ksefdesk.services.ksef.http import CancelToken, KsefApiError, KsefHttp

GROUP = "collectiveIdentifier"
MIN_INVOICES = 2
DEFAULT_MAX_INVOICES = 500  # the default limit; a context's own is in GET /limits/context
MAX_NUMBERS_PER_LISTING = 10  # POST /collective-identifiers/invoices takes at most 10 IZ
LISTING_PAGE = 500
QUERY_PAGE = 200
MAX_RANGE = timedelta(days=100)  # dateCreatedFrom..dateCreatedTo, like every KSeF date range since 2.7.1
MAX_DESCRIPTION = 512
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_NAMED_KSEF_NUMBER = re.compile(r"\d{10}-\d{8}-[0-9A-F]{6}-?[0-9A-F]{6}-[0-9A-F]{2}")

T = TypeVar("T")


@dataclass(frozen=True)
class CollectiveInvoice:
    """One invoice to group: its KSeF number and, optionally, what is paid for it and a note."""

    ksef_number: str
    amount: Decimal | None = None
    currency: str = "PLN"
    description: str | None = None


@dataclass(frozen=True)
class CollectiveIdentifier:
    """An IZ as the query endpoints list it. ``invoice_count`` is None where KSeF does not give it
    (the by-KSeF-number listing)."""

    number: str
    date_created: datetime
    created_in_current_context: bool
    invoice_count: int | None = None


@dataclass(frozen=True)
class CollectiveInvoiceEntry:
    """One invoice of an IZ. With ``details_hidden`` KSeF withheld amount, currency and description
    (this context neither created the IZ nor appears on the invoice)."""

    collective_number: str
    ksef_number: str
    amount: Decimal | None
    currency: str | None
    description: str | None
    details_hidden: bool


def _named_number(exc: KsefApiError) -> str:
    """The KSeF number KSeF's details name (``Faktura o numerze KSeF … ma innego sprzedawcę.``)."""
    found = _NAMED_KSEF_NUMBER.search(f"{exc.details} {exc.params.get('description', '')}")
    return found.group(0) if found else "?"


_REFUSALS = {
    71001: "collective.invoice_unknown",
    71002: "collective.invoice_full",
    71004: "collective.different_sellers",
    71005: "collective.duplicate",
}


def _clear(exc: KsefApiError) -> KsefApiError:
    """KSeF's IZ refusals as messages that say what to do; anything else unchanged."""
    code = _REFUSALS.get(exc.ksef_code or 0) if exc.status == 400 else None
    if code is None:
        return exc
    return KsefApiError(
        code,
        status=exc.status,
        ksef_code=exc.ksef_code,
        details=exc.details,
        body=exc.body,
        ksef_number=_named_number(exc),
    )


def _payment_json(invoice: CollectiveInvoice) -> dict[str, Any]:
    item: dict[str, Any] = {"ksefNumber": invoice.ksef_number}
    if invoice.amount is not None:
        amount = invoice.amount
        if not amount.is_finite():
            raise ValueError(f"amount of {invoice.ksef_number} is not a number")
        # A JSON number (the contract's double); two decimals are exact in a float's shortest repr.
        item["payment"] = {
            "amount": int(amount) if amount == amount.to_integral() else float(amount),
            "currency": invoice.currency,
        }
    if invoice.description:
        item["description"] = invoice.description
    return item


def _decimal(value: Any) -> Decimal | None:
    """An amount KSeF wrote (decoded as the exact Decimal; a numeric text is taken too)."""
    if value is None:
        return None
    try:
        return exact_amount(Decimal(value) if isinstance(value, str) else value)
    except (ValueError, ArithmeticError) as exc:
        raise TypeError(f"amount {value!r} is not a number") from exc


def _answered_number(value: Any) -> str:
    """An IZ number in KSeF's answer; a broken one is a bad answer (ValueError for _answer_checked)."""
    try:
        return parse_collective_id(str(value)).number
    except UserError as exc:
        raise ValueError(exc.message("en")) from exc


def _identifier(item: dict[str, Any], with_count: bool) -> CollectiveIdentifier:
    number = _answered_number(item["collectiveIdentifierNumber"])
    count = int(item["invoiceCount"]) if with_count else None
    return CollectiveIdentifier(number, parse_time(item["dateCreated"]), bool(item["createdInCurrentContext"]), count)


def _sort_key(identifier: CollectiveIdentifier) -> tuple[datetime, str]:
    return identifier.date_created, identifier.number


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a collective-identifier date range needs an explicit offset")
    return moment.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class CollectiveApi:
    """KSeF's ``/collective-identifiers`` operations on one ``KsefHttp`` (one company and environment)."""

    def __init__(self, http: KsefHttp, *, listing_page: int = LISTING_PAGE, query_page: int = QUERY_PAGE) -> None:
        self.http = http
        self.listing_page = listing_page  # the contract's maxima (fewest calls); smaller in tests
        self.query_page = query_page

    # --- create ------------------------------------------------------------------------------------
    def create(
        self,
        access_token: str,
        invoices: Sequence[CollectiveInvoice],
        *,
        max_invoices: int | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        """A new IZ for ``invoices`` (2..limit of one seller); returns its checked number.

        What can be seen here is refused before anything is sent (too few invoices, more than
        ``max_invoices`` when given, e.g. from ``max_invoices()``, a repeated KSeF number); the rest
        KSeF judges (unknown invoice, another seller, its own limit)."""
        self._check_selection(invoices, max_invoices)
        body = {"invoices": [_payment_json(invoice) for invoice in invoices]}
        try:
            answer = self.http.json(
                "POST",
                "/collective-identifiers",
                group=GROUP,
                token=access_token,
                json=body,
                expect=(201,),
                cancel=cancel,
            )
        except KsefApiError as exc:
            raise _clear(exc) from exc
        return self._created_number(answer)

    def max_invoices(self, access_token: str, *, cancel: CancelToken | None = None) -> int:
        """This context's ``collectiveIdentifier.maxInvoices`` from ``GET /limits/context`` (2.7.1+); the
        default 500 where KSeF does not report it."""
        body = self.http.json("GET", "/limits/context", group="other", token=access_token, cancel=cancel)
        limits = body.get("collectiveIdentifier") if isinstance(body, dict) else None
        value = limits.get("maxInvoices") if isinstance(limits, dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or value < MIN_INVOICES:
            return DEFAULT_MAX_INVOICES
        return value

    @staticmethod
    def _check_selection(invoices: Sequence[CollectiveInvoice], max_invoices: int | None) -> None:
        if len(invoices) < MIN_INVOICES:
            raise UserError("collective.too_few", count=len(invoices))
        if max_invoices is not None and len(invoices) > max_invoices:
            raise UserError("collective.too_many", count=len(invoices), limit=max_invoices)
        seen: set[str] = set()
        for invoice in invoices:
            if not KSEF_NUMBER.match(invoice.ksef_number):
                raise UserError("collective.bad_ksef_number", value=invoice.ksef_number[:40])
            if invoice.ksef_number in seen:
                raise UserError("collective.duplicate", ksef_number=invoice.ksef_number)
            seen.add(invoice.ksef_number)
            if invoice.amount is not None and not _CURRENCY.match(invoice.currency):
                raise ValueError(f"currency {invoice.currency!r} is not an ISO 4217 code")
            if invoice.description and len(invoice.description) > MAX_DESCRIPTION:
                raise ValueError(f"description of {invoice.ksef_number} is over {MAX_DESCRIPTION} characters")

    @staticmethod
    def _created_number(answer: Any) -> str:
        try:
            return parse_collective_id(str(answer["collectiveIdentifierNumber"])).number
        except (KeyError, TypeError) as exc:
            raise UserError("ksef.bad_answer", status=201, details=f"create: {type(exc).__name__} {exc}") from exc
        except UserError as exc:
            raise UserError("ksef.bad_answer", status=201, details=scrub(exc.message("en"))[:300]) from exc

    # --- listings ----------------------------------------------------------------------------------
    def query(
        self,
        access_token: str,
        date_from: datetime,
        date_to: datetime | None = None,
        *,
        number: str | None = None,
        invoice_count_from: int | None = None,
        invoice_count_to: int | None = None,
        created_in_current_context: bool | None = None,
        cancel: CancelToken | None = None,
    ) -> list[CollectiveIdentifier]:
        """The IZ created in this context, or for whose invoices it is the seller, created between the
        two moments (offsets required; ``date_to`` defaults to now). A range over 100 days is asked
        for in 100-day windows. Newest first, as KSeF sorts."""
        start, end = _utc(date_from), _utc(date_to) if date_to else datetime.now(UTC)
        if end < start:
            raise ValueError("date_to is before date_from")
        filters: dict[str, Any] = {}
        if number is not None:
            filters["collectiveIdentifierNumber"] = parse_collective_id(number, lenient=True).number
        if invoice_count_from is not None:
            filters["invoiceCountFrom"] = invoice_count_from
        if invoice_count_to is not None:
            filters["invoiceCountTo"] = invoice_count_to
        if created_in_current_context is not None:
            filters["createdInCurrentContext"] = created_in_current_context
        found: dict[str, CollectiveIdentifier] = {}
        window_start = start
        while True:
            window_end = min(end, window_start + MAX_RANGE)
            body = {"dateCreatedFrom": _stamp(window_start), "dateCreatedTo": _stamp(window_end), **filters}
            fetch = self._fetcher("POST", "/collective-identifiers/query", access_token, body, self.query_page, cancel)
            for item in self._pages(fetch, "collectiveIdentifiers", lambda item: _identifier(item, with_count=True)):
                found[item.number] = item  # windows share their edge moment
            if window_end >= end:
                break
            window_start = window_end
        return sorted(found.values(), key=_sort_key, reverse=True)

    def for_invoice(
        self, access_token: str, ksef_number: str, *, cancel: CancelToken | None = None
    ) -> list[CollectiveIdentifier]:
        """The IZ that hold the invoice ``ksef_number`` (``invoice_count`` is None: KSeF does not say)."""
        if not KSEF_NUMBER.match(ksef_number):
            raise UserError("collective.bad_ksef_number", value=ksef_number[:40])
        path = f"/collective-identifiers/ksef/{ksef_number}"
        fetch = self._fetcher("GET", path, access_token, None, self.query_page, cancel)
        return self._pages(fetch, "collectiveIdentifiers", lambda item: _identifier(item, with_count=False))

    def invoices(
        self, access_token: str, numbers: Sequence[str], *, cancel: CancelToken | None = None
    ) -> list[CollectiveInvoiceEntry]:
        """Every invoice of the IZ ``numbers`` (any count: asked for 10 at a time, 500 a page)."""
        checked = list(dict.fromkeys(parse_collective_id(n, lenient=True).number for n in numbers))
        entries: list[CollectiveInvoiceEntry] = []
        for first in range(0, len(checked), MAX_NUMBERS_PER_LISTING):
            body = {"collectiveIdentifierNumbers": checked[first : first + MAX_NUMBERS_PER_LISTING]}
            fetch = self._fetcher(
                "POST", "/collective-identifiers/invoices", access_token, body, self.listing_page, cancel
            )
            entries += self._pages(fetch, "invoices", _entry)
        return entries

    def _fetcher(
        self, method: str, path: str, token: str, body: Any, page_size: int, cancel: CancelToken | None
    ) -> Callable[[dict[str, str]], Any]:
        """One page of a listing for the given continuation headers (the POST listings only read)."""

        def fetch(headers: dict[str, str]) -> Any:
            return self.http.json(
                method,
                path,
                group=GROUP,
                token=token,
                json=body,
                headers=headers,
                params={"pageSize": page_size},
                cancel=cancel,
                retry_unsafe=True,
            )

        return fetch

    @_answer_checked
    def _pages(self, fetch: Callable[[dict[str, str]], Any], key: str, parse: Callable[[dict[str, Any]], T]) -> list[T]:
        """Every item of a listing, following continuation tokens. A token KSeF calls invalid (21418,
        e.g. the data changed under it) restarts the listing once from the first page."""
        for attempt in (1, 2):
            items: list[T] = []
            continuation: str | None = None
            try:
                while True:
                    body = fetch({"x-continuation-token": continuation} if continuation else {})
                    items += [parse(item) for item in body[key]]
                    continuation = body.get("continuationToken")
                    if not continuation:
                        return items
            except KsefApiError as exc:
                if exc.status != 400 or exc.ksef_code != 21418 or continuation is None:
                    raise
                if attempt == 2:
                    raise KsefApiError(
                        "collective.listing_restarted", status=400, ksef_code=21418, details=exc.details, body=exc.body
                    ) from exc
        raise AssertionError("unreachable")


def _entry(item: dict[str, Any]) -> CollectiveInvoiceEntry:
    payment = item.get("payment")
    amount = currency = None
    if isinstance(payment, dict):
        amount, currency = _decimal(payment["amount"]), str(payment["currency"])
    return CollectiveInvoiceEntry(
        _answered_number(item["collectiveIdentifierNumber"]),
        str(item["ksefNumber"]),
        amount,
        currency,
        item.get("description"),
        bool(item["detailsHidden"]),
    )
