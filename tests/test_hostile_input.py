"""The hostile-input corpus (tests/data/hostile/, made by make_corpus.py): every file through every place
that reads files from outside — invoice import, preview/PDF, the file to sign, the signed-file check,
export packages. Each gives its own specific message (a catalogue code, never an internal error or a
traceback), returns in seconds, and nothing is written anywhere. Signed-file attacks (wrapping,
tampering, foreign formats...) are in tests/unit/test_signed_file.py, generated per run."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksefdesk.core.auth_request import request_to_sign
from ksefdesk.core.errors import CATALOG, UserError
from ksefdesk.core.fa3 import check_invoice_bytes
from ksefdesk.core.models import Environment
from ksefdesk.core.preview import file_page, read_invoice
from ksefdesk.core.signed_file import inspect_signed_request
from ksefdesk.core.xml_safety import UnsafeXml
from ksefdesk.services.send import Outbox, Sender
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.services.sync import json_list, unpack

CORPUS = Path(__file__).parent / "data" / "hostile"
INVOICES = sorted(CORPUS.glob("invoice-*.xml"))
PACKAGES = sorted(CORPUS.glob("package-*.zip"))
TIME_LIMIT_S = 5.0
NIP = "5265877635"


@pytest.fixture
def sender(tmp_path: Path) -> Iterator[Sender]:
    db = Database(tmp_path / "app.db")
    companies = CompanyRepository(db)
    companies.add(NIP, Environment.SANDBOX)
    yield Sender(companies, Outbox(db), None, lambda company: None)  # type: ignore[arg-type]
    db.close()


def _refused(action: Callable[[], object]) -> UserError | None:
    """Run one reader; None when it accepted the input. Any other exception fails the test."""
    started = time.perf_counter()
    try:
        action()
        error = None
    except UserError as exc:
        error = exc
    assert time.perf_counter() - started < TIME_LIMIT_S
    if error is not None:
        assert error.code in CATALOG and not error.code.startswith("internal.")
        assert error.message("pl") and error.message("en") and error.action("en")
    return error


def test_the_corpus_is_there() -> None:
    assert len(INVOICES) >= 10 and len(PACKAGES) >= 8


@pytest.mark.parametrize("path", INVOICES, ids=lambda p: p.name)
def test_hostile_invoices(path: Path, sender: Sender, tmp_path: Path) -> None:
    data = path.read_bytes()
    before = sorted(p.name for p in tmp_path.iterdir())
    queued = _refused(lambda: sender.enqueue(NIP, path.name, data))
    if path.name == "invoice-script-in-names.xml":  # a valid invoice with markup in the names
        assert queued is None
        page = file_page(path.name, data, Environment.TEST, "pl")
        assert "<script" not in page.html and "&lt;script&gt;" in page.html  # shown, never interpreted
    else:
        assert queued is not None and queued.code == "send.invalid_invoice", queued
        shown = _refused(lambda: file_page(path.name, data, Environment.TEST, "en"))
        assert shown is None or shown.code in ("pdf.not_xml", "qr.not_an_invoice")
    to_sign = _refused(lambda: request_to_sign(data, path.name))
    assert to_sign is not None and to_sign.code == "signfile.not_request"
    signed = _refused(lambda: inspect_signed_request(data, now=datetime.now(UTC)))
    assert signed is not None and signed.code.startswith("signed.")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


@pytest.mark.parametrize("path", PACKAGES, ids=lambda p: p.name)
def test_hostile_packages(path: Path, tmp_path: Path) -> None:
    error = _refused(lambda: unpack(path.read_bytes()))
    if path.name == "package-hash-mismatch.zip":
        assert error is None  # the archive itself is fine: its hashes are checked next (open_package)
    else:
        assert error is not None and error.code == "sync.bad_package", error
    assert not list(tmp_path.rglob("evil*")) and not Path("/tmp/evil.xml").exists()


def test_a_huge_invoice_is_refused_quickly(sender: Sender) -> None:
    huge = b'<?xml version="1.0"?><Faktura>' + b"<P_7>x</P_7>" * 1_000_000 + b"</Faktura>"
    error = _refused(lambda: sender.enqueue(NIP, "huge.xml", huge))
    assert error is not None and error.code == "send.invalid_invoice"


# --- fuzzing: random and mutated inputs never crash the parsers (bounded in time) --------------------
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
SAMPLE = (Path(__file__).parent / "data" / "examples" / "fa3" / "invoice-template-fa-3.xml").read_bytes()


@FUZZ
@given(st.data())
def test_mutated_invoices_never_crash_the_readers(data: st.DataObject) -> None:
    blob = bytearray(SAMPLE)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(blob) - 1))
        blob[position] = data.draw(st.integers(0, 255))
    mutated = bytes(blob)
    root, problems = check_invoice_bytes(mutated)
    assert root is not None or problems
    with contextlib.suppress(UnsafeXml):  # not XML any more: file_page says so as pdf.not_xml
        read_invoice(mutated, "en")
    _refused(lambda: file_page("f.xml", mutated, Environment.TEST, "en"))


@FUZZ
@given(st.binary(max_size=4000))
def test_random_packages_never_crash_the_unpacker(blob: bytes) -> None:
    _refused(lambda: unpack(b"PK\x03\x04" + blob))
    with contextlib.suppress(ValueError):
        json_list(blob, "invoices")
