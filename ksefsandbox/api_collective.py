"""Collective identifiers (IZ, API 2.7/2.8): one identifier to pay several invoices of one seller.

The sandbox makes and checks its numbers with its own CRC-8 (polynomial division below), not with the
client's ``core.collective_id``, so that a test can let each judge the other.

Who sees what (the contract's descriptions):
- create: 2..maxInvoices invoices visible in the context (as seller, buyer, third subject or
  authorized subject), all of one seller; an invoice in at most 132 IZ of one context;
- query and by-KSeF-number: the IZ created in the context, and for a NIP context those whose
  invoices it issued (Podmiot 1); ``createdInCurrentContext`` tells them apart;
- invoice listings: the KSeF numbers of any IZ asked for; payment and description only for the
  context that created the IZ or appears on the invoice, otherwise ``detailsHidden``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.wrappers import Response

from ksefsandbox.api_auth import INVALID_INPUT, testdata
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import Row, iso, now_utc

GROUP = "collectiveIdentifier"
PERMISSIONS = ("InvoiceRead", "InvoiceWrite", "CollectiveIdentifierManage")
DEFAULT_MAX_INVOICES = 500
MAX_PER_INVOICE = 132  # IZ one invoice may belong to within one context
MAX_RANGE = timedelta(days=100)
MAX_LISTED_NUMBERS = 10
MAX_DESCRIPTION = 512
BAD_TOKEN = "Przesłany token kontynuacji jest nieprawidłowy."
WARSAW = ZoneInfo("Europe/Warsaw")
# The contract's KsefNumber pattern (35 characters; the 36-character KSeF 1.0 form too).
KSEF_NUMBER = re.compile(
    r"^([1-9](\d[1-9]|[1-9]\d)\d{7})-(20[2-9][0-9]|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
    r"-([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$"
)
IZ_SHAPE = re.compile(r"^\d{10}-IZ\d{6}-[0-9A-F]{12}-[0-9A-F]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_IDENTIFIER_KEYS = ("DateCreated", "CollectiveIdentifierNumber")
_INVOICE_KEYS = ("KsefNumber", "CollectiveIdentifierNumber")


# --- numbers ---------------------------------------------------------------------------------------
def crc8(data: bytes) -> int:
    """CRC-8 (poly 0x07, init 0, no reflection, no final xor) as the remainder of data·x^8 divided by
    x^8+x^2+x+1 over GF(2): independent of the bitwise loop in core.numbers."""
    value = int.from_bytes(data, "big") << 8
    while value.bit_length() > 8:
        value ^= 0x107 << (value.bit_length() - 9)
    return value


def new_number(seller_nip: str, when: datetime) -> str:
    """``NIP-IZYYYYMM-12HEX-CC``, the CRC over the first 32 characters (the contract's example checks so)."""
    body = f"{seller_nip}-IZ{when.astimezone(WARSAW):%Y%m}-{secrets.token_hex(6).upper()}"
    return f"{body}-{crc8(body.encode('ascii')):02X}"


def number_ok(text: str) -> bool:
    return bool(IZ_SHAPE.match(text)) and crc8(text[:32].encode("ascii")) == int(text[33:], 16)


# --- helpers ---------------------------------------------------------------------------------------
def _invalid(detail: str) -> ApiError:
    return bad_request(21405, INVALID_INPUT, detail)


def max_invoices(call: Call) -> int:
    """The context's limit: /testdata/limits/context/session may set it (also shown by /limits/context)."""
    limits = testdata(call.sandbox, "session-limits", call.context).get("collectiveIdentifier", {})
    value = limits.get("maxInvoices", DEFAULT_MAX_INVOICES) if isinstance(limits, dict) else DEFAULT_MAX_INVOICES
    return int(value)


def _moment(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise _invalid(f"Pole '{name}' jest wymagane (data i czas ISO 8601).")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # OverflowError: year 1 with a positive offset
        raise _invalid(f"'{name}' musi być datą i czasem ISO 8601.") from exc


def _optional_int(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not -(2**31) <= value < 2**31:
        raise _invalid(f"'{name}' musi być liczbą całkowitą.")
    return value


def _visible(call: Call, row: Row) -> bool:
    """The context appears on the invoice (seller, buyer, third subject, authorized subject)."""
    context = call.context
    return (
        row["seller_nip"] == context
        or (row["buyer_type"] == "Nip" and row["buyer_value"] == context)
        or row["authorized_subject"] == context
        or call.sandbox.state.one(
            "SELECT 1 FROM third_subjects WHERE invoice_id = ? AND value = ?", (row["id"], context)
        )
        is not None
    )


def _invoice(call: Call, ksef_number: str) -> Row | None:
    row = call.sandbox.state.one(
        "SELECT id, seller_nip, buyer_type, buyer_value, authorized_subject FROM invoices"
        " WHERE ksef_number = ? AND status_code = 200",
        (ksef_number,),
    )
    return row if row is not None and _visible(call, row) else None


def _after(call: Call, keys: tuple[str, str]) -> tuple[str, str] | None:
    """The last item of the previous page, from x-continuation-token (21418 when it is not ours)."""
    token = call.request.headers.get("x-continuation-token")
    if not token:
        return None
    try:
        data = json.loads(base64.b64decode(token, validate=True).decode("utf-8"))
        first, second = data[keys[0]], data[keys[1]]
        if not isinstance(first, str) or not isinstance(second, str):
            raise TypeError
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise bad_request(21418, BAD_TOKEN) from exc
    return first, second


def _token(keys: tuple[str, str], first: str, second: str) -> str:
    return base64.b64encode(json.dumps({keys[0]: first, keys[1]: second}).encode()).decode()


def _page(
    rows: list[Row], size: int, key: str, items: list[Any], keys: tuple[str, str], columns: tuple[str, str]
) -> Response:
    body: dict[str, Any] = {key: items[:size]}
    if len(rows) > size:
        last = rows[size - 1]
        body["continuationToken"] = _token(keys, str(last[columns[0]]), str(last[columns[1]]))
    return json_response(body)


# --- POST /collective-identifiers --------------------------------------------------------------------
def _item(value: Any, index: int) -> tuple[str, float | None, str | None, str | None]:
    where = f"invoices[{index}]"
    if not isinstance(value, dict):
        raise _invalid(f"'{where}' musi być obiektem.")
    number = value.get("ksefNumber")
    if not isinstance(number, str) or not KSEF_NUMBER.match(number):
        raise _invalid(f"'{where}.ksefNumber' nie jest poprawnym numerem KSeF.")
    amount: float | None = None
    currency: str | None = None
    payment = value.get("payment")
    if payment is not None:
        if not isinstance(payment, dict):
            raise _invalid(f"'{where}.payment' musi być obiektem z polami 'amount' i 'currency'.")
        raw_amount, raw_currency = payment.get("amount"), payment.get("currency")
        if isinstance(raw_amount, bool) or not isinstance(raw_amount, int | float):
            raise _invalid(f"'{where}.payment.amount' jest wymagane i musi być liczbą.")
        if not isinstance(raw_currency, str) or not _CURRENCY.match(raw_currency):
            raise _invalid(f"'{where}.payment.currency' jest wymagane (kod waluty ISO 4217).")
        amount, currency = float(raw_amount), raw_currency
    description = value.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > MAX_DESCRIPTION):
        raise _invalid(f"'{where}.description' musi być tekstem o długości najwyżej {MAX_DESCRIPTION} znaków.")
    return number, amount, currency, description


def create(call: Call) -> Response:
    body = call.json()
    invoices = body.get("invoices")
    if not isinstance(invoices, list):
        raise _invalid("Pole 'invoices' jest wymagane i musi być listą.")
    limit = max_invoices(call)
    if len(invoices) < 2:
        raise _invalid(f"Identyfikator zbiorczy wymaga co najmniej 2 faktur (przesłano {len(invoices)}).")
    if len(invoices) > limit:
        raise _invalid(f"Liczba faktur ({len(invoices)}) przekracza limit {limit} dla identyfikatora zbiorczego.")
    items = [_item(value, index) for index, value in enumerate(invoices)]
    seen: set[str] = set()
    for number, *_ in items:
        if number in seen:
            raise bad_request(71005, "Powtórzony numer KSeF w żądaniu.", f"Powtórzony numer KSeF {number}.")
        seen.add(number)
    sandbox = call.sandbox
    with sandbox.lock:  # the 132-per-invoice count and the insert belong together
        sellers: list[tuple[str, str]] = []
        for number, *_ in items:
            row = _invoice(call, number)
            if row is None:
                raise bad_request(
                    71001,
                    "Faktura o podanym identyfikatorze nie istnieje.",
                    f"Faktura o numerze KSeF {number} nie została znaleziona.",
                )
            sellers.append((number, str(row["seller_nip"])))
        seller = sellers[0][1]
        for number, other in sellers:
            if other != seller:
                raise bad_request(
                    71004, "Faktury mają różnych sprzedawców.", f"Faktura o numerze KSeF {number} ma innego sprzedawcę."
                )
        for number, *_ in items:
            used = sandbox.state.one(
                "SELECT COUNT(*) AS n FROM collective_invoices ci JOIN collective_ids c ON c.number = ci.number"
                " WHERE ci.ksef_number = ? AND c.context_value = ?",
                (number, call.context),
            )
            if used and int(used["n"]) >= MAX_PER_INVOICE:
                raise bad_request(
                    71002,
                    "Faktura jest już przypisana do maksymalnej liczby Identyfikatorów Zbiorczych.",
                    f"Faktura o numerze KSeF {number} jest już przypisana do maksymalnej liczby"
                    " Identyfikatorów Zbiorczych.",
                )
        created = now_utc()
        while True:
            identifier = new_number(seller, created)
            try:
                with sandbox.state.db.transaction() as conn:
                    conn.execute(
                        "INSERT INTO collective_ids (number, context_value, seller_nip, date_created, invoice_count)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (identifier, call.context, seller, iso(created), len(items)),
                    )
                    conn.executemany(
                        "INSERT INTO collective_invoices (number, ksef_number, amount, currency, description)"
                        " VALUES (?, ?, ?, ?, ?)",
                        [(identifier, *item) for item in items],
                    )
            except sqlite3.IntegrityError:  # 48 random bits met an earlier number: draw again
                continue
            break
    return json_response({"collectiveIdentifierNumber": identifier}, 201)


# --- POST /collective-identifiers/query, GET /collective-identifiers/ksef/{ksefNumber} ---------------------
def _identifiers(call: Call, where: list[str], params: list[Any], size: int, with_count: bool) -> Response:
    after = _after(call, _IDENTIFIER_KEYS)
    if after:
        where.append("(c.date_created < ? OR (c.date_created = ? AND c.number < ?))")
        params += [after[0], after[0], after[1]]
    rows = call.sandbox.state.all(
        "SELECT c.number, c.context_value, c.date_created, c.invoice_count FROM collective_ids c"
        f" WHERE {' AND '.join(where)} ORDER BY c.date_created DESC, c.number DESC LIMIT ?",
        (*params, size + 1),
    )
    items = []
    for row in rows:
        item: dict[str, Any] = {
            "collectiveIdentifierNumber": row["number"],
            "dateCreated": row["date_created"],
            "createdInCurrentContext": row["context_value"] == call.context,
        }
        if with_count:
            item["invoiceCount"] = row["invoice_count"]
        items.append(item)
    return _page(rows, size, "collectiveIdentifiers", items, _IDENTIFIER_KEYS, ("date_created", "number"))


def query(call: Call) -> Response:
    body = call.json()
    start = _moment(body.get("dateCreatedFrom"), "dateCreatedFrom")
    end = _moment(body.get("dateCreatedTo"), "dateCreatedTo")
    if end < start:
        raise _invalid("'dateCreatedTo' nie może być wcześniejsze niż 'dateCreatedFrom'.")
    if end - start > MAX_RANGE:
        raise _invalid(f"Zakres dat utworzenia nie może przekraczać {MAX_RANGE.days} dni.")
    size = call.query_int("pageSize", 10, 10, 200)
    where = ["(c.context_value = ? OR c.seller_nip = ?)", "c.date_created >= ?", "c.date_created <= ?"]
    params: list[Any] = [call.context, call.context, iso(start), iso(end)]
    number = body.get("collectiveIdentifierNumber")
    if number is not None:
        if not isinstance(number, str):
            raise _invalid("'collectiveIdentifierNumber' musi być tekstem.")
        where.append("c.number = ?")
        params.append(number)
    for name, sql in (("invoiceCountFrom", "c.invoice_count >= ?"), ("invoiceCountTo", "c.invoice_count <= ?")):
        bound = _optional_int(body, name)
        if bound is not None:
            where.append(sql)
            params.append(bound)
    current = body.get("createdInCurrentContext")
    if current is not None:
        if not isinstance(current, bool):
            raise _invalid("'createdInCurrentContext' musi mieć wartość true albo false.")
        where.append("c.context_value = ?" if current else "c.context_value <> ?")
        params.append(call.context)
    return _identifiers(call, where, params, size, with_count=True)


def by_ksef_number(call: Call, ksefNumber: str) -> Response:
    if not KSEF_NUMBER.match(ksefNumber):
        raise _invalid("'ksefNumber' nie jest poprawnym numerem KSeF.")
    size = call.query_int("pageSize", 10, 10, 200)
    if _invoice(call, ksefNumber) is None:  # an invoice the context cannot see: nothing to tell
        _after(call, _IDENTIFIER_KEYS)
        return json_response({"collectiveIdentifiers": []})
    where = [
        "(c.context_value = ? OR c.seller_nip = ?)",
        "c.number IN (SELECT number FROM collective_invoices WHERE ksef_number = ?)",
    ]
    return _identifiers(call, where, [call.context, call.context, ksefNumber], size, with_count=False)


# --- POST /collective-identifiers/invoices (2.7.1+), GET /collective-identifiers/{number}/invoices (2.7.0) ---
def _invoice_items(call: Call, numbers: list[str], size: int, with_number: bool) -> Response:
    after = _after(call, _INVOICE_KEYS)
    where = [f"ci.number IN ({','.join('?' * len(numbers))})"]
    params: list[Any] = list(numbers)
    if after:
        where.append("(ci.ksef_number < ? OR (ci.ksef_number = ? AND ci.number < ?))")
        params += [after[0], after[0], after[1]]
    rows = call.sandbox.state.all(
        "SELECT ci.number, ci.ksef_number, ci.amount, ci.currency, ci.description, c.context_value"
        " FROM collective_invoices ci JOIN collective_ids c ON c.number = ci.number"
        f" WHERE {' AND '.join(where)} ORDER BY ci.ksef_number DESC, ci.number DESC LIMIT ?",
        (*params, size + 1),
    )
    items = []
    for row in rows[:size]:
        item: dict[str, Any] = {"ksefNumber": row["ksef_number"]}
        if with_number:
            item["collectiveIdentifierNumber"] = row["number"]
        has_details = row["amount"] is not None or row["description"] is not None
        shown = row["context_value"] == call.context or _invoice(call, row["ksef_number"]) is not None
        if has_details and not shown:
            item["detailsHidden"] = True
        else:
            if row["amount"] is not None:
                item["payment"] = {"amount": row["amount"], "currency": row["currency"]}
            if row["description"] is not None:
                item["description"] = row["description"]
            item["detailsHidden"] = False
        items.append(item)
    return _page(rows, size, "invoices", items, _INVOICE_KEYS, ("ksef_number", "number"))


def invoices(call: Call) -> Response:
    body = call.json()
    numbers = body.get("collectiveIdentifierNumbers")
    if not isinstance(numbers, list) or not numbers or not all(isinstance(n, str) for n in numbers):
        raise _invalid("Pole 'collectiveIdentifierNumbers' jest wymagane (lista numerów identyfikatorów zbiorczych).")
    if len(numbers) > MAX_LISTED_NUMBERS:
        raise _invalid(f"Można podać najwyżej {MAX_LISTED_NUMBERS} identyfikatorów zbiorczych (podano {len(numbers)}).")
    size = call.query_int("pageSize", 10, 10, 500)
    return _invoice_items(call, list(dict.fromkeys(numbers)), size, with_number=True)


def invoices_v270(call: Call, collectiveIdentifierNumber: str) -> Response:
    """The 2.7.0 form, replaced in 2.7.1 by the POST above; still served for clients written against 2.7.0."""
    size = call.query_int("pageSize", 10, 10, 200)
    return _invoice_items(call, [collectiveIdentifierNumber], size, with_number=False)


def register(router: Router) -> None:
    for method, path, handler in (
        ("POST", "/collective-identifiers", create),
        ("POST", "/collective-identifiers/query", query),
        ("GET", "/collective-identifiers/ksef/<ksefNumber>", by_ksef_number),
        ("POST", "/collective-identifiers/invoices", invoices),
        ("GET", "/collective-identifiers/<collectiveIdentifierNumber>/invoices", invoices_v270),
    ):
        router.route(method, path, group=GROUP, permissions=PERMISSIONS)(handler)
