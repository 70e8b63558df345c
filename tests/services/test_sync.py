"""Receiving invoices from the sandbox: complete, incremental, resumable, never duplicated."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ksefdesk.core.crypto import sha256_b64, sha256_b64_chunks
from ksefdesk.core.errors import Cancelled, UserError
from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.ksef.answers import ExportStatus
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.sync import RANGE_LIMIT, Receiver, SyncProgress, unpack
from ksefsandbox.api_blobs import damage_downloads
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import seed_invoices
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.sandbox.kit import Client, invoice_xml

NIP = "5265877635"
SEEDED = 150
PERSON = self_signed(person_subject(nip=NIP))


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url, since_days=200)
        self.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
        self.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))

    @property
    def company_id(self) -> int:
        return self.companies.get(NIP).id


def _expected(server: SandboxServer) -> set[str]:
    rows = server.sandbox.state.all(
        "SELECT ksef_number FROM invoices WHERE status_code = 200 AND (buyer_value = ? OR id IN"
        " (SELECT invoice_id FROM third_subjects WHERE value = ?))",
        (NIP, NIP),
    )
    return {r["ksef_number"] for r in rows}


@pytest.fixture
def seeded(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    # Small packages and a 90-day range limit force truncation and window splitting.
    server = start_sandbox(SandboxConfig(rate_scale=0, max_truncation=40, token_activation_s=0.05))
    seed_invoices(server.sandbox, NIP, SEEDED, months=6)
    return server


@pytest.fixture
def desk(tmp_path: Path, seeded: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, seeded)
    yield app
    app.db.close()


def test_first_sync_brings_everything_and_the_second_nothing(desk: Desk, seeded: SandboxServer) -> None:
    result = desk.receiver.sync(NIP)
    expected = _expected(seeded)
    stored = desk.invoices.list(desk.company_id)
    assert {i.ksef_number for i in stored} == expected and len(stored) == len(expected) >= SEEDED
    assert result.packages > 4  # truncated packages and several windows
    assert {i.direction for i in stored} <= {Direction.PURCHASE, Direction.THIRD_PARTY}
    sample = stored[0]
    xml = desk.invoices.xml(desk.company_id, sample.ksef_number)
    assert xml is not None and sha256_b64(xml) == sample.sha256
    again = desk.receiver.sync(NIP)
    assert again.total_added == 0 and desk.invoices.count(desk.company_id) == len(expected)
    assert desk.companies.get(NIP).last_sync_at is not None


def test_an_interrupted_sync_resumes_where_it_stopped(desk: Desk, seeded: SandboxServer) -> None:
    cancel = CancelToken()

    def stop_after_two(progress: SyncProgress) -> None:
        if progress.packages >= 2:
            cancel.cancel()

    with pytest.raises(Cancelled):  # not a UserError: nothing to show
        desk.receiver.sync(NIP, cancel=cancel, progress=stop_after_two)
    partial = desk.invoices.count(desk.company_id)
    assert 0 < partial < len(_expected(seeded))
    resumed = desk.receiver.sync(NIP)
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(seeded)
    assert resumed.total_added == len(_expected(seeded)) - partial


def test_new_and_back_dated_invoices_arrive_on_the_next_sync(desk: Desk, seeded: SandboxServer) -> None:
    first = desk.receiver.sync(NIP)
    assert first.new_purchases == 0  # the first sync brings history, not news
    assert not any(i.is_new for i in desk.invoices.list(desk.company_id))
    before = desk.invoices.count(desk.company_id)
    seller = Client(seeded.base_url).login_xades("7251801126")
    session = seller.open_session()
    old = invoice_xml("7251801126", buyer=NIP, issue_date=date.today() - timedelta(days=40))
    seller.send_ok(session, old)
    seller.send_ok(session, invoice_xml("7251801126", buyer=NIP))
    import time

    time.sleep(1.2)  # past the high-water mark's lag
    result = desk.receiver.sync(NIP)
    assert result.added["Subject2"] == 2 and desk.invoices.count(desk.company_id) == before + 2
    assert result.new_purchases == 2
    fresh = [i.ksef_number for i in desk.invoices.list(desk.company_id) if i.is_new]
    assert len(fresh) == 2
    assert desk.invoices.mark_seen(desk.company_id, fresh[:1]) == 1
    assert desk.invoices.mark_seen(desk.company_id) == 1
    assert not any(i.is_new for i in desk.invoices.list(desk.company_id))


def test_sales_invoices_are_received_as_sales(desk: Desk, seeded: SandboxServer) -> None:
    seller = Client(seeded.base_url).login_xades(NIP)
    session = seller.open_session()
    numbers = {seller.send_ok(session, invoice_xml(NIP))["ksefNumber"] for _ in range(3)}
    import time

    time.sleep(1.2)
    desk.receiver.sync(NIP, ("Subject1",))
    sales = {i.ksef_number for i in desk.invoices.list(desk.company_id) if i.direction is Direction.SALES}
    assert sales == numbers


def _no_export(*args: object, **kwargs: object) -> str:
    raise KsefApiError("ksef.rejected", status=400, ksef_code=21182, description="too many exports")


def test_metadata_fallback_for_a_small_window(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=0))
    seed_invoices(server.sandbox, NIP, 25, months=2)
    desk = Desk(tmp_path, server)
    desk.api.http.limiter.scale = 0  # 25 downloads at KSeF's 16 a minute would take two minutes
    monkeypatch.setattr(desk.api, "start_export", _no_export)
    result = desk.receiver.sync(NIP)
    assert result.fallback_windows > 0 and result.packages == 0
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(server)
    desk.db.close()


def test_large_windows_wait_for_an_export(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=0))
    seed_invoices(server.sandbox, NIP, 150, months=2)  # one window, far more than 64 downloads an hour
    desk = Desk(tmp_path, server)
    monkeypatch.setattr(desk.api, "start_export", _no_export)
    with pytest.raises(KsefApiError) as caught:
        desk.receiver.sync(NIP)
    assert caught.value.ksef_code == 21182 and desk.invoices.count(desk.company_id) == 0
    desk.db.close()


def test_production_rate_limits_are_never_exceeded_and_calls_stay_near_the_minimum(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    server = start_sandbox(SandboxConfig(rate_scale=1, max_truncation=60, token_activation_s=0.05))
    seed_invoices(server.sandbox, NIP, 300, months=6)
    desk = Desk(tmp_path, server)  # the client paces itself at KSeF's production limits too
    server.sandbox.calls.clear()
    result = desk.receiver.sync(NIP)
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(server)
    assert not server.sandbox.refused, server.sandbox.refused  # no 429 the client caused itself
    calls = server.sandbox.calls
    assert calls["invoiceExport"] == result.packages  # one export per package, none wasted
    assert calls["invoiceExportStatus"] <= 2 * result.packages  # status polls: close to one per package
    desk.db.close()


def test_two_syncs_of_one_company_never_run_at_once(desk: Desk) -> None:
    lock = desk.receiver._lock(NIP)
    lock.acquire()
    try:
        with pytest.raises(UserError) as caught:
            desk.receiver.sync(NIP)
        assert caught.value.code == "sync.already_running"
    finally:
        lock.release()
    worker = threading.Thread(target=desk.receiver.sync, args=(NIP,))  # afterwards it runs normally
    worker.start()
    worker.join(60)
    assert desk.invoices.count(desk.company_id) > 0


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_packages_are_refused() -> None:
    bomb = _zip({"_metadata.json": b'{"invoices": []}', "x.xml": b"0" * 50_000_000})
    for archive in (bomb, b"not a zip", _zip({"a.xml": b"<a/>"}), _zip({"_metadata.json": b"[1]"})):
        with pytest.raises(UserError) as caught:
            unpack(archive)
        assert caught.value.code == "sync.bad_package"
    with pytest.raises(UserError) as caught:  # zip-slip: refused outright (names are never paths on disk anyway)
        unpack(_zip({"../../etc/evil.xml": b"<a/>", "_metadata.json": b'{"invoices": []}'}))
    assert "has a path" in caught.value.message("en")


# --- 2.7/2.8: compression, status 420, 100-day windows with offsets, x-ms-meta-hash ----------------------------
def _record_statuses(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> list[ExportStatus]:
    statuses: list[ExportStatus] = []
    real = desk.api.export_status

    def recording(*args: Any, **kwargs: Any) -> ExportStatus:
        status = real(*args, **kwargs)
        statuses.append(status)
        return status

    monkeypatch.setattr(desk.api, "export_status", recording)
    return statuses


@pytest.mark.parametrize("compression", ["TarGz", "Zip"])
def test_targz_and_zip_exports_end_to_end(
    desk: Desk, seeded: SandboxServer, monkeypatch: pytest.MonkeyPatch, compression: str
) -> None:
    desk.receiver.compression = compression
    statuses = _record_statuses(desk, monkeypatch)
    result = desk.receiver.sync(NIP)
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(seeded)
    packages = [s.package for s in statuses if s.status.code == 200 and s.package]
    assert len(packages) == result.packages > 4
    assert {p.compression_type for p in packages} == {compression}


def test_the_package_is_read_as_its_status_says_whatever_was_asked(
    desk: Desk, seeded: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desk.receiver.compression == "TarGz"  # what the client asks for by default (it saves bytes)
    real = desk.api.start_export

    def zip_instead(*args: Any, **kwargs: Any) -> str:  # a server that makes Zip whatever it is asked
        return real(*args, **{**kwargs, "compression": None})

    monkeypatch.setattr(desk.api, "start_export", zip_instead)
    statuses = _record_statuses(desk, monkeypatch)
    desk.receiver.sync(NIP)
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(seeded)
    assert {s.package.compression_type for s in statuses if s.package} == {"Zip"}


def test_an_export_past_the_hwm_ends_with_420_which_means_nothing_new_yet(desk: Desk, seeded: SandboxServer) -> None:
    ahead = Receiver(
        desk.companies,
        desk.invoices,
        desk.auth,
        lambda company: desk.api,
        since=datetime.now(UTC) + timedelta(hours=1),
        poll_interval_s=0.05,
    )
    seeded.sandbox.calls.clear()
    result = ahead.sync(NIP)
    assert result.total_added == 0 and result.packages == 0 and result.fallback_windows == 0
    codes = [r["status_code"] for r in seeded.sandbox.state.all("SELECT status_code FROM exports")]
    assert codes == [420, 420, 420]  # accepted, one per subject type, each ended with 420
    assert seeded.sandbox.calls["invoiceMetadata"] == 0  # no fallback: 420 is not a failure
    assert desk.invoices.count(desk.company_id) == 0


_OFFSET = re.compile(r"(Z|[+-]\d\d:\d\d)$")


def test_every_date_sent_has_an_explicit_offset_and_windows_use_the_100_days(
    desk: Desk, seeded: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies: list[Any] = []
    real = desk.api.http.request

    def capture(method: str, path: str, **kwargs: Any) -> Any:
        if kwargs.get("json") is not None:
            bodies.append(kwargs["json"])
        return real(method, path, **kwargs)

    monkeypatch.setattr(desk.api.http, "request", capture)
    desk.receiver.sync(NIP)  # exports, in 99-day windows
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(seeded)
    monkeypatch.setattr(desk.api, "start_export", _no_export)
    desk.receiver.sync(NIP)  # and the metadata query of the fallback, with the same filters

    def dates(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key in ("from", "to") or key.endswith("Date")):
                    yield value
                yield from dates(value)
        elif isinstance(node, list):
            for value in node:
                yield from dates(value)

    sent = [d for body in bodies for d in dates(body)]
    assert len(sent) > 6 and all(_OFFSET.search(d) for d in sent), sent
    ranges = [b["filters"]["dateRange"] for b in bodies if "filters" in b]  # exports
    queried = [b["dateRange"] for b in bodies if "dateRange" in b]  # metadata queries
    assert ranges and queried

    def days(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    windows = [days(r["to"]) - days(r["from"]) for r in ranges + queried if r.get("to")]
    assert windows and max(windows) == RANGE_LIMIT and timedelta(days=90) < RANGE_LIMIT < timedelta(days=100)


def test_a_part_damaged_on_the_way_is_fetched_again(desk: Desk, seeded: SandboxServer) -> None:
    damage_downloads(seeded.sandbox, "export-part", 1)
    desk.receiver.sync(NIP)
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(seeded)


def test_a_part_damaged_twice_is_refused_and_nothing_is_stored(desk: Desk, seeded: SandboxServer) -> None:
    damage_downloads(seeded.sandbox, "export-part", 2)
    with pytest.raises(UserError) as caught:
        desk.receiver.sync(NIP)
    assert caught.value.code == "ksef.bad_download" and "x-ms-meta-hash" in caught.value.message("en")
    assert "x-ms-meta-hash" in caught.value.message("pl")
    assert desk.invoices.count(desk.company_id) == 0
    desk.receiver.sync(NIP)  # the next attempt gets the package whole
    assert {i.ksef_number for i in desk.invoices.list(desk.company_id)} == _expected(seeded)


class _Served:
    """One answer of a fake storage: its bytes and the hash it announces."""

    def __init__(self, content: bytes, announced: str | None) -> None:
        self.content = content
        self.headers = {"x-ms-meta-hash": announced} if announced is not None else {}
        self.status_code = 200

    def iter_content(self, size: int) -> Iterator[bytes]:
        for at in range(0, len(self.content), size):
            yield self.content[at : at + size]

    def __enter__(self) -> _Served:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class _Storage:
    def __init__(self, *answers: _Served) -> None:
        self.answers = list(answers)
        self.calls = 0
        self.host = "storage.test"

    def request(self, *args: object, **kwargs: object) -> _Served:
        self.calls += 1
        return self.answers.pop(0)


GOOD = b"<Faktura>" + b"x" * 3_000_000 + b"</Faktura>"  # more than one download piece
DAMAGED = GOOD[:-1] + b"?"


@pytest.mark.parametrize("download", ["part", "upo", "invoice"])
def test_downloads_are_checked_against_x_ms_meta_hash(download: str) -> None:
    def fetch(api: KsefApi) -> bytes:
        if download == "part":
            return b"".join(api.download_chunks("https://storage.test/p", max_bytes=len(GOOD)))
        if download == "upo":
            return api.download_presigned("https://storage.test/u", max_bytes=len(GOOD))
        return api.download_invoice("token", "5265877635-20261201-0100A0B1C2D3-4F")

    right = sha256_b64(GOOD)
    assert sha256_b64_chunks([GOOD]) == right
    storage = _Storage(_Served(DAMAGED, right), _Served(GOOD, right))
    assert fetch(KsefApi(storage)) == GOOD  # type: ignore[arg-type]
    assert storage.calls == 2  # damaged once: fetched again
    storage = _Storage(_Served(GOOD, None))
    assert fetch(KsefApi(storage)) == GOOD  # type: ignore[arg-type]
    assert storage.calls == 1  # no header: the caller's own hashes decide
    storage = _Storage(_Served(DAMAGED, right), _Served(DAMAGED, right), _Served(GOOD, right))
    with pytest.raises(UserError) as caught:
        fetch(KsefApi(storage))  # type: ignore[arg-type]
    assert caught.value.code == "ksef.bad_download" and storage.calls == 2
    storage = _Storage(_Served(GOOD, "not base64!"), _Served(GOOD, "not base64!"))
    with pytest.raises(UserError):
        fetch(KsefApi(storage))  # type: ignore[arg-type]
