"""KSeF's answers parsed at the API boundary: a missing or ill-typed field is ``ksef.bad_answer`` naming the
shape and the field (never a KeyError deep in a caller); fields KSeF adds later are ignored."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.numbers import ksef_number
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.ksef import answers
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests import harness

NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP))
STATUS = {"code": 200, "description": "Sukces"}
SESSION_INVOICE = {
    "ordinalNumber": 1,
    "referenceNumber": "20261124-EE-0000000001-0000000001-01",
    "invoiceHash": "aGFzaA==",
    "invoicingDate": "2026-11-24T09:23:00.123456Z",
    "ksefNumber": "5265877635-20261124-0100000000AA-01",
    "upoDownloadUrl": "https://storage.example/upo?sig=1",
    "status": {**STATUS, "extensions": {"originalKsefNumber": "x"}},
}
EXPORT_STATUS = {
    "status": STATUS,
    "package": {
        "invoiceCount": 2,
        "size": 10,
        "isTruncated": True,
        "permanentStorageHwmDate": "2026-11-24T10:00:00Z",
        "lastPermanentStorageDate": "2026-11-24T09:00:00+01:00",
        "compressionType": "TarGz",
        "parts": [
            {"ordinalNumber": 2, "url": "https://s/2", "encryptedPartHash": "b", "encryptedPartSize": 5},
            {"ordinalNumber": 1, "url": "https://s/1", "encryptedPartHash": "a", "encryptedPartSize": 5},
        ],
    },
}

# (parse function, a valid answer, a required field's path in it)
SHAPES: list[tuple[Callable[[Any], object], dict[str, Any], tuple[str | int, ...]]] = [
    (answers.parse_session_invoice, SESSION_INVOICE, ("referenceNumber",)),
    (answers.parse_session_invoice, SESSION_INVOICE, ("status", "code")),
    (answers.parse_export_status, EXPORT_STATUS, ("package", "parts", 0, "url")),
    (answers.parse_export_status, EXPORT_STATUS, ("package", "permanentStorageHwmDate")),
    (answers.parse_session_status, {"status": STATUS, "dateCreated": "x", "dateUpdated": "x"}, ("status",)),
    (answers.parse_created_token, {"referenceNumber": "r", "token": "t"}, ("token",)),
    (answers.parse_ksef_token, {"referenceNumber": "r", "status": "Active", "description": "d"}, ("status",)),
    (
        answers.parse_certificate_limits,
        {"canRequest": True, "enrollment": {"limit": 1, "remaining": 1}, "certificate": {"limit": 2, "remaining": 0}},
        ("certificate", "remaining"),
    ),
    (answers.parse_enrollment_data, {"commonName": "Anna", "countryName": "PL"}, ("countryName",)),
    (
        answers.parse_batch_session,
        {"referenceNumber": "r", "partUploadRequests": [{"ordinalNumber": 1, "method": "PUT", "url": "u"}]},
        ("partUploadRequests", 0, "ordinalNumber"),
    ),
    (
        answers.parse_auth_session,
        {
            "referenceNumber": "r",
            "startDate": "2026-11-24T09:00:00Z",
            "authenticationMethod": "Token",
            "status": STATUS,
        },
        ("startDate",),
    ),
    (
        answers.parse_retrieved_certificate,
        {"certificate": "AAEC", "certificateName": "n", "certificateSerialNumber": "01", "certificateType": "Offline"},
        ("certificateSerialNumber",),
    ),
]


def _without(answer: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(answer)
    node: Any = changed
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return changed


def _replaced(answer: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    changed = copy.deepcopy(answer)
    node: Any = changed
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return changed


@pytest.mark.parametrize(("parse", "answer", "path"), SHAPES)
def test_a_missing_required_field_is_a_clear_bad_answer(
    parse: Callable[[Any], object], answer: dict[str, Any], path: tuple[str | int, ...]
) -> None:
    parse(answer)  # the valid answer parses
    with pytest.raises(UserError) as caught:
        parse(_without(answer, path))
    assert caught.value.code == "ksef.bad_answer"
    assert f"{path[-1]} is missing" in caught.value.details  # names the field...
    assert caught.value.details.split(":")[0][0].isupper()  # ...and the contract's shape holding it


@pytest.mark.parametrize(("parse", "answer", "path"), SHAPES)
def test_an_ill_typed_required_field_is_a_clear_bad_answer(
    parse: Callable[[Any], object], answer: dict[str, Any], path: tuple[str | int, ...]
) -> None:
    with pytest.raises(UserError) as caught:
        parse(_replaced(answer, path, [{"not": "this"}]))
    assert caught.value.code == "ksef.bad_answer" and str(path[-1]) in caught.value.details


@pytest.mark.parametrize("answer", [[], "text", None, 7])
def test_an_answer_that_is_not_an_object_is_a_bad_answer(answer: object) -> None:
    with pytest.raises(UserError) as caught:
        answers.parse_session_status(answer)
    assert caught.value.code == "ksef.bad_answer" and "SessionStatusResponse" in caught.value.details


def _with_extras(node: Any) -> Any:
    """A field added to every object (but inside ``extensions``, an open map by the contract: kept whole)."""
    if isinstance(node, dict):
        kept = {k: v if k == "extensions" else _with_extras(v) for k, v in node.items()}
        return {**kept, "zzFutureField": {"added": "2.99"}}
    if isinstance(node, list):
        return [_with_extras(v) for v in node]
    return node


@pytest.mark.parametrize(("parse", "answer", "path"), SHAPES)
def test_fields_ksef_adds_later_are_ignored(
    parse: Callable[[Any], object], answer: dict[str, Any], path: tuple[str | int, ...]
) -> None:
    assert parse(_with_extras(answer)) == parse(answer)


def test_the_parsed_shapes_hold_typed_values() -> None:
    invoice = answers.parse_session_invoice(SESSION_INVOICE)
    assert invoice.status.code == 200 and invoice.ksef_number == SESSION_INVOICE["ksefNumber"]
    assert invoice.status.extensions == {"originalKsefNumber": "x"} and invoice.ordinal_number == 1
    status = answers.parse_export_status(EXPORT_STATUS)
    assert status.package is not None and [p.ordinal_number for p in status.package.parts] == [1, 2]  # in order
    assert status.package.last_permanent_storage_date is not None
    assert status.package.last_permanent_storage_date.isoformat() == "2026-11-24T08:00:00+00:00"  # in UTC
    assert answers.parse_export_status({"status": {"code": 100, "description": "w toku"}}).package is None
    data = answers.parse_enrollment_data({"surname": "Ż", "commonName": "Anna Ż", "countryName": "PL", "x": "y"})
    assert data.attributes == (("surname", "Ż"), ("commonName", "Anna Ż"), ("countryName", "PL"))  # KSeF's order
    assert data.replaced("surname", "Inny").get("surname") == "Inny"
    assert answers.parse_retrieved_certificate(SHAPES[-1][1]).der == b"\x00\x01\x02"


def test_invoice_metadata_keeps_amounts_exact_and_refuses_what_is_not_an_amount() -> None:
    entry = json.loads(
        f'{{"ksefNumber": "{ksef_number(NIP, date(2026, 11, 24))}", "invoiceHash": "h", "netAmount": 1003713.73,'
        ' "vatAmount": 230854.16, "grossAmount": 1234567.89, "buyer": {"identifier": {"type": "Nip", "value": "1"}}}',
        parse_float=Decimal,
    )
    meta = answers.parse_invoice_metadata(entry)
    assert (meta.net_amount, meta.vat_amount, meta.gross_amount) == (
        Decimal("1003713.73"),
        Decimal("230854.16"),
        Decimal("1234567.89"),
    )
    assert meta.net_amount + meta.vat_amount == meta.gross_amount and meta.buyer_id == "1"
    for hostile in ("12", True, {"a": 1}, Decimal("NaN"), Decimal("1e300")):
        with pytest.raises(UserError) as caught:
            answers.parse_invoice_metadata({**entry, "grossAmount": hostile})
        assert caught.value.code == "sync.bad_package" and "grossAmount" in caught.value.message("en")


# --- through the app: an answer of the sandbox with a field taken out ---------------------------------
class _Dropping(requests.Session):
    """KSeF (the sandbox) answering the token list without one required field."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        response = super().request(method, url, *args, **kwargs)
        if method == "GET" and str(url).split("?")[0].endswith("/tokens"):
            body = response.json()
            for token in body.get("tokens", []):
                token.pop("referenceNumber", None)
            response._content = json.dumps(body).encode()
        return response


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[harness.Desk]:
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))
    app = harness.Desk(tmp_path, server.base_url, session_factory=_Dropping)
    app.companies.add(NIP, Environment.SANDBOX)
    app.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    yield app
    app.db.close()


def test_a_broken_answer_reaches_the_caller_as_a_message(desk: harness.Desk) -> None:
    desk.auth.create_app_token(NIP)  # the token's own status answer is whole
    with pytest.raises(UserError) as caught:
        desk.auth.list_tokens(NIP)
    assert caught.value.code == "ksef.bad_answer"
    assert caught.value.details == "QueryTokensResponseItem: referenceNumber is missing"
    assert "unexpected way" in caught.value.message("en")
