"""Hostile inputs on the client side end in catalogue messages, never an internal error or a traceback:
export package metadata, odd KSeF answers, an out-of-range port, a malformed invoice for ``ksefdesk pdf``;
numbers that would expand to gigabytes are refused; packages are unpacked by streaming."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from ksefdesk.core.crypto import aes_encrypt, new_aes_key, new_iv, sha256_b64
from ksefdesk.core.errors import CATALOG, UserError
from ksefdesk.core.fa3 import check_invoice_bytes, summarize
from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Environment
from ksefdesk.core.numbers import ksef_number
from ksefdesk.core.preview import amount, file_page, quantity, read_invoice
from ksefdesk.core.qr import InvoiceFacts
from ksefdesk.core.xml_safety import parse_untrusted
from ksefdesk.services.ksef.answers import PackagePart
from ksefdesk.services.ksef.api import AuthOperation, KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.services.store.invoices import InvoiceRepository
from ksefdesk.services.sync import open_package, unpack
from tests.sandbox.kit import invoice_xml
from tests.security.conftest import RecorderFactory
from tests.test_cli import cli

ROOT = Path(__file__).resolve().parents[2]
NIP = "5265877635"
GOOD = invoice_xml(NIP, number="FV/1/2026")


def _message(action: Callable[[], object]) -> UserError:
    with pytest.raises(UserError) as caught:
        action()
    error = caught.value
    assert error.code in CATALOG and not error.code.startswith("internal.")
    assert error.message("pl") and error.message("en")
    return error


# --- export package metadata ----------------------------------------------------------------------------
def _package(metadata: bytes, files: dict[str, bytes]) -> tuple[bytes, bytes, list[tuple[PackagePart, list[bytes]]]]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_metadata.json", metadata)
        for name, data in files.items():
            archive.writestr(name, data)
    key, iv = new_aes_key(), new_iv()
    encrypted = aes_encrypt(key, iv, buffer.getvalue())
    return key, iv, [(PackagePart(1, "https://storage.example/part1", sha256_b64(encrypted)), [encrypted])]


NUMBER = ksef_number(NIP, dt.date(2026, 11, 24))


def _meta(**changes: object) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "ksefNumber": NUMBER,
        "invoiceHash": sha256_b64(GOOD),
        "invoiceNumber": "FV/1/2026",
        "issueDate": "2026-11-24",
        "netAmount": 246.9,
        "vatAmount": 56.79,
        "grossAmount": 303.69,
        "seller": {"nip": NIP, "name": "Sprzedawca"},
        "buyer": {"identifier": {"type": "Nip", "value": "1111111111"}, "name": "Nabywca"},
    }
    meta.update(changes)
    return meta


HOSTILE_METADATA: dict[str, bytes] = {
    "deep-nesting": b'{"invoices": [' + b"[" * 200_000 + b"]" * 200_000 + b"]}",
    "deep-nesting-in-an-entry": b'{"invoices": [{"x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}]}",
    "nan-entry": b'{"invoices": [NaN]}',
    "nan-amount": json.dumps({"invoices": [_meta(netAmount=float("nan"))]}).encode(),
    "infinite-amount": json.dumps({"invoices": [_meta(grossAmount=float("inf"))]}).encode(),
    "huge-amount": json.dumps({"invoices": [_meta(grossAmount=1e300)]}).encode(),
    "empty-entry": b'{"invoices": [{}]}',
    "empty-object": b"{}",
    "entry-not-an-object": b'{"invoices": ["5265877635-20261124-0100000000AA-01"]}',
    "number-is-an-object": json.dumps({"invoices": [_meta(ksefNumber={})]}).encode(),
    "number-is-a-path": json.dumps({"invoices": [_meta(ksefNumber="../../evil")]}).encode(),
    "amount-is-an-object": json.dumps({"invoices": [_meta(netAmount={})]}).encode(),
    "buyer-is-a-string": json.dumps({"invoices": [_meta(buyer="Nabywca")]}).encode(),
    "identifier-is-a-list": json.dumps({"invoices": [_meta(buyer={"identifier": [1]})]}).encode(),
    "date-is-a-number": json.dumps({"invoices": [_meta(issueDate=20261124)]}).encode(),
    "hash-is-missing": json.dumps({"invoices": [_meta(invoiceHash=None)]}).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_METADATA))
def test_hostile_package_metadata_is_a_message(name: str, tmp_path: Path) -> None:
    key, iv, parts = _package(HOSTILE_METADATA[name], {f"{NUMBER}.xml": GOOD})
    db = Database(tmp_path / "app.db")
    company = CompanyRepository(db).add(NIP, Environment.SANDBOX)
    invoices = InvoiceRepository(db)
    started = time.perf_counter()
    try:
        with pytest.raises(UserError) as caught:
            items = open_package(key, iv, parts, tmp_path)
            invoices.store(company.id, Direction.PURCHASE, items)  # what the sync does next
        assert caught.value.code == "sync.bad_package", caught.value.code
    finally:
        db.close()
    assert time.perf_counter() - started < 5


def test_good_metadata_still_opens(tmp_path: Path) -> None:
    key, iv, parts = _package(json.dumps({"invoices": [_meta()]}).encode(), {f"{NUMBER}.xml": GOOD})
    (item,) = open_package(key, iv, parts, tmp_path)
    assert item.ksef_number == NUMBER and item.xml == GOOD


# --- memory on hostile packages --------------------------------------------------------------------------
def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        with contextlib.suppress(UserError):
            action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_members_the_metadata_does_not_name_are_never_read(tmp_path: Path) -> None:
    path = tmp_path / "package.zip"
    filler = bytes(range(256)) * (2_900_000 // 256)  # 2.9 MB each, stored: nothing a ratio check could flag
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("_metadata.json", json.dumps({"invoices": [_meta()]}))
        archive.writestr(f"{NUMBER}.xml", GOOD)
        for n in range(12):
            archive.writestr(f"extra-{n}.xml", filler)
    with path.open("rb") as handle:
        metadata, files = unpack(handle)
    assert [m["ksefNumber"] for m in metadata] == [NUMBER] and list(files) == [f"{NUMBER}.xml"]
    with path.open("rb") as handle:
        peak = _peak(lambda: unpack(handle))
    assert peak < 5_000_000, f"{peak / 1e6:.0f} MB held for a package with one invoice"


def _lying_zip(declared: int, real: bytes, name: str) -> bytes:
    """A member whose central-directory size says ``declared`` bytes but which inflates to ``real``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_metadata.json", json.dumps({"invoices": [_meta(ksefNumber=name)]}))
        archive.writestr(f"{name}.xml", real)
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature + b"\x14", 0)
        while at >= 0:
            header_name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[header_name_at : header_name_at + len(name)] == name.encode():
                struct.pack_into("<I", data, at + offset, declared)
            at = data.find(signature, at + 4)
    return bytes(data)


def test_a_member_that_inflates_beyond_its_declared_size_is_cut_off() -> None:
    bomb = _lying_zip(1000, b"\0" * 60_000_000, NUMBER)  # 60 MB of zeros, declared as 1 KB
    assert len(bomb) < 200_000
    peak = _peak(lambda: unpack(bomb))
    assert peak < 8_000_000, f"{peak / 1e6:.0f} MB inflated in memory"
    _message(lambda: unpack(bomb))


def test_a_package_with_more_members_than_a_package_can_hold_is_refused_before_reading_them() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("_metadata.json", b'{"invoices": []}')
        for n in range(20_050):
            archive.writestr(f"{n}.xml", b"")
    data = buffer.getvalue()
    error = _message(lambda: unpack(data))
    assert error.code == "sync.bad_package"
    assert _peak(lambda: unpack(data)) < len(data) // 2  # the directory was not loaded


# --- odd answers from KSeF ---------------------------------------------------------------------------------
ANSWERS = {"/v2/auth/xades-signature": 202, "/v2/auth/ksef-token": 202, "/v2/tokens": 202, "/v2/invoices/exports": 201}


@pytest.fixture
def empty_answers(recorder: RecorderFactory) -> Iterator[KsefApi]:
    def answer(request: Request) -> Response:
        return Response("{}", ANSWERS.get(request.path, 200), mimetype="application/json")

    server = recorder(answer)
    yield KsefApi(KsefHttp(f"{server.url}/v2", RateLimiter(scale=0), max_attempts=1))


OPERATION = AuthOperation("20261201-AU-1", "operation-token", dt.datetime.now(dt.UTC))
CALLS: dict[str, Callable[[KsefApi], object]] = {
    "challenge": lambda api: api.challenge(),
    "public keys": lambda api: api.public_key("KsefTokenEncryption"),
    "xades": lambda api: api.submit_xades(b"<signed/>"),
    "auth status": lambda api: api.auth_status(OPERATION),
    "redeem": lambda api: api.redeem(OPERATION),
    "refresh": lambda api: api.refresh("refresh-token"),
    "create token": lambda api: api.create_token("t", ["InvoiceRead"], "x"),
    "sessions": lambda api: api.auth_sessions("t"),
    "export status": lambda api: api.query_metadata("t", {}),
    "retrieve certificates": lambda api: api.retrieve_certificates("t", ["01"]),
    "query certificates": lambda api: api.query_certificates("t"),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_an_empty_answer_is_a_message(empty_answers: KsefApi, call: str) -> None:
    result: list[object] = []
    try:
        result.append(CALLS[call](empty_answers))
    except UserError as error:
        assert error.code in CATALOG and not error.code.startswith("internal.")
    else:  # an empty list is an answer; an empty status is "not done" (the caller says why), never success
        assert isinstance(result[0], dict | list) or not getattr(result[0], "succeeded", True)


def test_the_cli_says_so_when_the_challenge_answer_is_empty(recorder: RecorderFactory, tmp_path: Path) -> None:
    server = recorder(lambda request: Response("{}", mimetype="application/json"))
    data = str(tmp_path / "data")
    base = f"{server.url}/v2"
    assert cli("--data-dir", data, "company", "add", "--nip", NIP, "--env", "test", "--base-url", base)[0] == 0
    code, _, err = cli("--data-dir", data, "auth", "request", "--nip", NIP, "--out", str(tmp_path / "r.xml"))
    assert code == 1 and "[ksef.bad_answer]" in err and "Traceback" not in err


# --- an out-of-range port ------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["https://127.0.0.1:70000/v2", "http://localhost:0/v2", "https://api.example:99999/v2"])
def test_an_out_of_range_port_is_a_message(url: str, tmp_path: Path) -> None:
    code, _, err = cli("--data-dir", str(tmp_path), "company", "add", "--nip", NIP, "--env", "test", "--base-url", url)
    assert code == 1 and "[env.base_url_invalid]" in err and "Traceback" not in err


def test_a_stored_address_with_a_bad_port_is_a_message_too(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli("--data-dir", str(data), "company", "add", "--nip", NIP, "--env", "test")[0] == 0
    db = Database(data / "ksefdesk.db")  # e.g. written by an older version that did not check ports
    with db.transaction() as conn:
        conn.execute("UPDATE companies SET base_url = 'https://127.0.0.1:70000/v2'")
    db.close()
    code, _, err = cli("--data-dir", str(data), "auth", "request", "--nip", NIP, "--out", str(tmp_path / "r.xml"))
    assert code == 1 and "Traceback" not in err and "[internal." not in err


# --- ksefdesk pdf of a malformed invoice ----------------------------------------------------------------------
def _with(tag: str, value: str) -> bytes:
    return re.sub(rf"<{tag}>[^<]*</{tag}>".encode(), f"<{tag}>{value}</{tag}>".encode(), GOOD, count=1)


MALFORMED = {
    f"{tag}={value}": (tag, value)
    for tag in ("P_11", "P_13_1", "P_14_1", "P_15", "P_9A", "P_8B")
    for value in ("NaN", "sNaN", "-Infinity", "1E+99999999", "0E-99999999", "9" * 3000)
} | {f"P_1={value}": ("P_1", value) for value in ("2026-02-30", "0000-00-00", "2026-13-01")}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_every_reader_of_a_malformed_invoice_answers_with_a_message(case: str) -> None:
    data = _with(*MALFORMED[case])
    for read in (
        lambda: file_page("f.xml", data, Environment.TEST, "pl"),
        lambda: read_invoice(data, "en"),
        lambda: InvoiceFacts.of(data),
        lambda: summarize(parse_untrusted(data)),
        lambda: check_invoice_bytes(data),
    ):
        started = time.perf_counter()
        tracemalloc.start()
        try:
            read()
        except UserError as error:
            assert not error.code.startswith("internal."), error.code
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert time.perf_counter() - started < 2 and peak < 20_000_000, case


@pytest.mark.parametrize("text", ["1E+999999999", "-1e999999999", "1e-999999999", "1" * 200, "0." + "0" * 200 + "1"])
def test_numbers_no_invoice_holds_are_refused_not_expanded(text: str) -> None:
    for show in (amount, quantity):
        tracemalloc.start()
        try:
            error = _message(lambda show=show: show(text, "pl"))  # type: ignore[misc]
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert error.code == "invoice.number_out_of_range" and peak < 1_000_000
    assert amount("1234.5", "pl") == "1\u00a0234,50" and quantity("2.500", "en") == "2.5"  # real ones still shown


def test_the_3kb_invoice_that_cost_2_7_gb_is_refused_in_a_moment(tmp_path: Path) -> None:
    """The audit's file: ``ksefdesk pdf`` of an invoice with P_11 = 1E+999999999, in a process limited to 1 GB."""
    source = tmp_path / "bomba.xml"
    source.write_bytes(_with("P_11", "1E+999999999"))
    assert len(source.read_bytes()) < 3500
    limit = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        if sys.platform.startswith("linux")
        else ""
    )
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            limit + "import sys; from ksefdesk.__main__ import main; sys.exit(main(sys.argv[1:]))",
            "--lang",
            "en",
            "pdf",
            str(source),
            "--out",
            str(tmp_path / "bomba.pdf"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "[invoice.number_out_of_range]" in result.stderr and "Traceback" not in result.stderr
    assert time.perf_counter() - started < 15 and not (tmp_path / "bomba.pdf").exists()


@pytest.mark.parametrize("case", ["P_11=sNaN", "P_13_1=NaN", "P_1=2026-02-30"])
def test_ksefdesk_pdf_of_a_malformed_invoice_is_a_message(case: str, tmp_path: Path) -> None:
    source = tmp_path / "zla.xml"
    source.write_bytes(_with(*MALFORMED[case]))
    code, _, err = cli("pdf", str(source), "--out", str(tmp_path / "zla.pdf"))
    assert "Traceback" not in err and code in (0, 1), err
