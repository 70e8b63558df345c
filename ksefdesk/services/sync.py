"""Receiving invoices: incremental, resumable, without duplicates.

The way the official guidance recommends: per company and subject type, export packages by
permanent-storage date from a stored cursor, clamped to KSeF's high-water mark (HWM), below which
the set of invoices is final. A truncated package continues from its last date; a complete one
moves the cursor to the HWM. Each package is decrypted piece by piece into an anonymous temporary
file and unzipped (bounded against zip bombs), checked against its metadata hashes, and stored
together with the new cursor in one transaction. Windows longer than KSeF's range limit are split.
When an export cannot be made, the metadata query plus single downloads do the same work for that window.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import logging
import math
import re
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.crypto import aes_decrypt_chunks, new_aes_key, new_iv, sha256_b64, sha256_b64_chunks
from ksefdesk.core.errors import UserError
from ksefdesk.core.invoices import SUBJECT_DIRECTIONS, Direction
from ksefdesk.core.models import Company
from ksefdesk.core.numbers import is_valid_ksef_number
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.api import MAX_PART_BYTES, KsefApi, parse_time
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.locks import ProcessLock, lock_path
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.invoices import InvoiceRepository, ReceivedInvoice

log = logging.getLogger(__name__)

RANGE_LIMIT = timedelta(days=90)  # KSeF allows 3 months (100 days from 2.7); stay safely inside
DEFAULT_SINCE = datetime(2026, 2, 1, tzinfo=UTC)  # KSeF production start: nothing is older
DEFAULT_SUBJECTS = ("Subject2", "Subject1", "Subject3")
MAX_INVOICE_BYTES = 3_000_000  # the largest invoice KSeF accepts (with attachments)
MAX_PACKAGE_BYTES = 2_000_000_000
MAX_RATIO = 200  # compressed-to-plain ratio beyond which a member is treated as a zip bomb
MAX_PACKAGE_INVOICES = 10_000  # KSeF cuts a package at 10,000 invoices (isTruncated)
MAX_MEMBERS = MAX_PACKAGE_INVOICES + 100  # the invoices, _metadata.json, and some slack
MAX_METADATA_BYTES = 200_000_000  # 10,000 entries of up to 20 KB each
_READ_STEP = 1 << 20
_EOCD_SEARCH = 22 + 0xFFFF + 20  # the end-of-directory record, its longest comment, a ZIP64 locator
_BROKEN = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    RecursionError,  # nesting deeper than the interpreter's stack
    EOFError,
    zlib.error,
    NotImplementedError,  # a compression method zipfile does not know
    OverflowError,
)
FALLBACK_MAX_DOWNLOADS = 60  # single downloads are limited to 64 an hour: beyond this, wait for an export


@dataclass
class SyncProgress:
    nip: str
    subject: str
    added: int = 0
    seen: int = 0
    packages: int = 0


@dataclass
class SyncResult:
    nip: str
    added: dict[str, int] = field(default_factory=dict)
    packages: int = 0
    fallback_windows: int = 0
    new_purchases: int = 0  # purchase invoices marked new (not counted on a company's first sync)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def _check_directory(handle: BinaryIO) -> None:
    """Refuse a ZIP whose central directory announces more members (or more directory bytes) than a
    KSeF package can have, before zipfile reads the whole directory into memory."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - _EOCD_SEARCH))
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return  # not a ZIP, or damaged: zipfile says so next
    entries, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
    locator = tail.rfind(b"PK\x06\x07", 0, at)
    if locator >= 0 and len(tail) >= locator + 20 and (entries == 0xFFFF or directory_bytes == 0xFFFFFFFF):
        (record_at,) = struct.unpack_from("<Q", tail, locator + 8)  # ZIP64: the real counts are there
        handle.seek(record_at)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            entries, directory_bytes = struct.unpack_from("<QQ", record, 32)
    handle.seek(0)
    if entries > MAX_MEMBERS or directory_bytes > MAX_MEMBERS * 400:
        raise UserError("sync.bad_package", reason=f"the package lists {entries} files; KSeF packages hold fewer")


def _read_member(package: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes read piece by piece, stopped as soon as it grows past its declared size or
    ``limit``: the size in the directory is the sender's claim, and inflating trusts nothing else."""
    allowed = min(member.file_size, limit)
    pieces, total = [], 0
    with package.open(member) as stream:
        while piece := stream.read(min(_READ_STEP, allowed + 1 - total)):
            total += len(piece)
            if total > allowed:
                raise UserError("sync.bad_package", reason=f"member {member.filename} is larger than it says")
            pieces.append(piece)
    return b"".join(pieces)


def unpack(archive: bytes | BinaryIO) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """(_metadata.json invoices, {file name: bytes}) of a package, refusing zip bombs and odd members.
    Only the members the metadata names are read (others are never inflated), each by streaming."""
    try:
        handle = io.BytesIO(archive) if isinstance(archive, bytes | bytearray) else archive
        _check_directory(handle)
        package = zipfile.ZipFile(handle)
        members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for member in package.infolist():
            if member.is_dir():
                continue
            if "/" in member.filename.strip("/") or "\\" in member.filename or member.filename.startswith("/"):
                # KSeF packages are flat: a path (../, absolute, folders) is a zip-slip attempt
                raise UserError("sync.bad_package", reason=f"member {member.filename!r} has a path")
            name = member.filename.rsplit("/", 1)[-1]
            limit = MAX_METADATA_BYTES if name == "_metadata.json" else MAX_INVOICE_BYTES
            if member.file_size > limit or member.file_size > max(member.compress_size, 1) * MAX_RATIO:
                raise UserError("sync.bad_package", reason=f"member {name} is too large when unpacked")
            total += member.file_size
            if total > MAX_PACKAGE_BYTES:
                raise UserError("sync.bad_package", reason="the package is too large when unpacked")
            members[name] = member
        metadata = json_list(_read_member(package, members["_metadata.json"], MAX_METADATA_BYTES), "invoices")
        if len(metadata) > MAX_PACKAGE_INVOICES:
            raise UserError("sync.bad_package", reason=f"the metadata lists {len(metadata)} invoices")
        files: dict[str, bytes] = {}
        for meta in metadata:
            number = meta.get("ksefNumber") if isinstance(meta, dict) else None
            if not isinstance(number, str):
                raise ValueError("an invoice in the metadata has no KSeF number")
            name = f"{number}.xml"
            if name in members and name not in files:
                files[name] = _read_member(package, members[name], MAX_INVOICE_BYTES)
    except _BROKEN as exc:
        raise UserError("sync.bad_package", reason=type(exc).__name__, details=str(exc)[:300]) from exc
    return metadata, files


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")  # Python's json reads NaN/Infinity unless told not to


def json_list(document: bytes, key: str) -> list[Any]:
    """``document[key]`` of a JSON object whose ``key`` holds a list, parsed item by item: the metadata
    of 10,000 invoices is megabytes, and one json.loads call would hold the interpreter (and so freeze
    the GUI thread) for tens of milliseconds."""
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    step = 1 << 18
    text = "".join(utf8.decode(document[i : i + step]) for i in range(0, len(document), step)) + utf8.decode(
        b"", final=True
    )
    decoder, space = json.JSONDecoder(parse_constant=_not_json), re.compile(r"[\s,:]*")

    def skip(position: int) -> int:  # past whitespace and separators (the pattern always matches)
        match = space.match(text, position)
        return match.end() if match else position

    position = skip(0)
    if text[position : position + 1] != "{":
        raise ValueError("the package metadata is not a JSON object")
    position += 1
    found: list[Any] | None = None
    while True:
        position = skip(position)
        if text[position : position + 1] == "}":
            break
        name, position = decoder.raw_decode(text, position)
        position = skip(position)
        if name == key and text[position : position + 1] == "[":
            found, position = [], position + 1
            while True:
                position = skip(position)
                if text[position : position + 1] == "]":
                    position += 1
                    break
                item, position = decoder.raw_decode(text, position)
                found.append(item)
        else:
            _, position = decoder.raw_decode(text, position)
    if found is None:
        raise ValueError(f"the package metadata has no {key} list")
    return found


def open_package(
    key: bytes, iv: bytes, parts: list[tuple[dict[str, Any], list[bytes]]], scratch: Path | None = None
) -> list[ReceivedInvoice]:
    """Check, decrypt and unpack an export package's parts (in order, each as downloaded pieces) into
    invoices, each checked against the hash in the package's metadata. The archive goes through an
    anonymous temporary file in ``scratch`` (the data folder: nothing is written anywhere else), not memory."""
    with tempfile.TemporaryFile(dir=scratch) as archive:
        for part, pieces in parts:
            if sha256_b64_chunks(pieces) != part["encryptedPartHash"]:
                raise UserError("sync.bad_package", reason=f"part {part['ordinalNumber']} is damaged")
            try:
                for plain in aes_decrypt_chunks(key, iv, pieces):
                    archive.write(plain)
            except ValueError as exc:
                raise UserError("sync.bad_package", reason="a part cannot be decrypted") from exc
            pieces.clear()  # the part's memory goes as soon as it is on disk
        archive.seek(0)
        metadata, files = unpack(archive)
    items = []
    for entry in metadata:
        meta = checked_metadata(entry)
        xml = files.pop(f"{meta['ksefNumber']}.xml", None)
        if xml is None or sha256_b64(xml) != meta["invoiceHash"]:
            raise UserError("sync.bad_package", reason=f"invoice {meta['ksefNumber']} is missing or damaged")
        items.append(ReceivedInvoice(meta, xml))
    return items


_TEXT_FIELDS = ("invoiceNumber", "invoiceType", "issueDate", "acquisitionDate", "permanentStorageDate", "currency")
_AMOUNT_FIELDS = ("netAmount", "vatAmount", "grossAmount")
MAX_AMOUNT = 1e15  # no invoice is a quadrillion; beyond this (or NaN, infinity) the server is not KSeF
MAX_FIELD = 1024


def checked_metadata(entry: Any) -> dict[str, Any]:
    """One invoice's metadata as KSeF defines it, or ``sync.bad_package``: everything stored or turned
    into a file name later (KSeF number, dates, amounts, parties) has the type and shape it must have."""

    def bad(why: str) -> UserError:
        return UserError("sync.bad_package", reason=f"invoice metadata: {why}")

    if not isinstance(entry, dict):
        raise bad("an entry is not an object")
    number = entry.get("ksefNumber")
    if not isinstance(number, str) or not is_valid_ksef_number(number):
        raise bad(f"{str(number)[:40]!r} is not a KSeF number")
    if not isinstance(entry.get("invoiceHash"), str):
        raise bad(f"{number} has no hash")
    for name in _TEXT_FIELDS:
        value = entry.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_FIELD):
            raise bad(f"{number}: {name} is not a text")
    for name in _AMOUNT_FIELDS:
        value = entry.get(name)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) > MAX_AMOUNT
        ):
            raise bad(f"{number}: {name} is not an amount")
    for party in ("seller", "buyer"):
        value = entry.get(party)
        if value is None:
            continue
        identifier = value.get("identifier") if isinstance(value, dict) else None
        texts = [value.get(k) for k in ("nip", "name")] if isinstance(value, dict) else []
        if identifier is not None and isinstance(identifier, dict):
            texts += [identifier.get(k) for k in ("type", "value")]
        if not isinstance(value, dict) or (identifier is not None and not isinstance(identifier, dict)):
            raise bad(f"{number}: {party} is not an object")
        if any(t is not None and (not isinstance(t, str) or len(t) > MAX_FIELD) for t in texts):
            raise bad(f"{number}: {party} holds something that is not a text")
    return entry


@contextlib.contextmanager
def _answer(what: str) -> Iterator[None]:
    """An answer of KSeF's missing a field or holding the wrong type is a message, not an internal error."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise UserError("ksef.bad_answer", status=200, details=f"{what}: {type(exc).__name__} {exc}"[:300]) from exc


class Receiver:
    def __init__(
        self,
        companies: CompanyRepository,
        invoices: InvoiceRepository,
        auth: AuthService,
        api_for: Callable[[Company], KsefApi],
        *,
        since: datetime = DEFAULT_SINCE,
        range_limit: timedelta = RANGE_LIMIT,
        poll_interval_s: float = 1.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.companies = companies
        self.invoices = invoices
        self.auth = auth
        self._api_for = api_for
        self.since = since
        self.range_limit = range_limit
        self.poll_interval_s = poll_interval_s
        self._clock = clock
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _lock(self, nip: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(nip, threading.Lock())

    def sync(
        self,
        nip: str,
        subjects: tuple[str, ...] = DEFAULT_SUBJECTS,
        *,
        cancel: CancelToken | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
    ) -> SyncResult:
        """Bring every invoice of the company up to KSeF's high-water mark; safe to interrupt."""
        cancel = cancel or CancelToken()
        company = self.companies.get(nip)
        lock = self._lock(company.nip)
        if not lock.acquire(blocking=False):
            raise UserError("sync.already_running", nip=company.nip)
        # ...and in no other process on this data folder (the window and the command line)
        shared = ProcessLock(lock_path(self.invoices.db.path, f"sync-{company.environment.value}-{company.nip}"))
        try:
            if not shared.acquire():
                raise UserError("sync.already_running", nip=company.nip)
            result = SyncResult(company.nip)
            for subject in subjects:
                work = partial(self._sync_subject, company, subject, cancel, progress, result)
                result.added[subject] = self.auth.renewing(company.nip, work)  # a revoked token: renewed once
                crashpoint(f"sync.subject_done.{subject}")
            self.companies.mark_synced(company.nip, self._clock())
            return result
        finally:
            shared.release()
            lock.release()

    # --- one subject type ------------------------------------------------------------------------------
    def _sync_subject(
        self,
        company: Company,
        subject: str,
        cancel: CancelToken,
        progress: Callable[[SyncProgress], None] | None,
        result: SyncResult,
    ) -> int:
        direction = SUBJECT_DIRECTIONS[subject]
        state = SyncProgress(company.nip, subject)
        stored_cursor = self.invoices.cursor(company.id, subject)
        first_sync = stored_cursor is None  # everything is old news: marked new, it would flood the user
        cursor = stored_cursor or self.since
        while True:
            cancel.raise_if_cancelled()
            window_end = cursor + self.range_limit if self._clock() - cursor > self.range_limit else None
            date_range: dict[str, Any] = {
                "dateType": "PermanentStorage",
                "from": cursor.isoformat(),
                "restrictToPermanentStorageHwmDate": True,
            }
            if window_end is not None:
                date_range["to"] = window_end.isoformat()
            filters = {"subjectType": subject, "dateRange": date_range}
            try:
                items, package = self._export(company, filters, cancel)
                result.packages += 1
                state.packages += 1
            except KsefApiError as exc:
                if exc.ksef_code == 21183:  # from is beyond the HWM: nothing new yet
                    return state.added
                if exc.ksef_code not in (21182,) and exc.status < 500:
                    raise
                log.info(
                    "export for %s/%s not possible (%s): using metadata + downloads", company.nip, subject, exc.code
                )
                items, package = self._metadata_window(company, filters, cancel, exc)
                result.fallback_windows += 1
            with _answer("export package"):
                high_water = parse_time(package["permanentStorageHwmDate"])
                if package.get("isTruncated"):
                    next_cursor = parse_time(package["lastPermanentStorageDate"])
                elif window_end is not None:
                    next_cursor = min(window_end, high_water)
                else:
                    next_cursor = high_water
            crashpoint("sync.before_store")
            added = self.invoices.store(
                company.id, direction, items, (subject, max(next_cursor, cursor)), new=not first_sync
            )
            crashpoint("sync.stored")
            if direction is Direction.PURCHASE and not first_sync:
                result.new_purchases += added
            state.added += added
            state.seen += len(items)
            if progress:
                progress(state)
            done = not package.get("isTruncated") and (window_end is None or window_end >= high_water)
            if done:
                return state.added
            if next_cursor <= cursor:  # more than a package of invoices stored at one instant: cannot split
                log.warning("sync of %s/%s cannot advance past %s", company.nip, subject, cursor)
                return state.added
            cursor = next_cursor

    def _export(
        self, company: Company, filters: dict[str, Any], cancel: CancelToken
    ) -> tuple[list[ReceivedInvoice], dict[str, Any]]:
        api = self._api_for(company)
        key, iv = new_aes_key(), new_iv()
        reference = api.start_export(self.auth.access_token(company.nip, cancel=cancel), filters, key, iv, cancel)
        crashpoint("sync.export_started")
        delay = self.poll_interval_s / 2
        while True:
            status = api.export_status(self.auth.access_token(company.nip, cancel=cancel), reference, cancel)
            with _answer("export status"):
                code = int(status["status"]["code"])
                if code == 200:
                    package = status["package"]
                    parts = sorted(package["parts"], key=lambda p: int(p["ordinalNumber"]))
                    sizes = [min(int(p.get("encryptedPartSize") or MAX_PART_BYTES), MAX_PART_BYTES) for p in parts]
                    break
            if code != 100:
                raise KsefApiError(
                    "sync.export_failed",
                    status=500,
                    ksef_code=code,
                    details=str(status["status"].get("description", "")),
                    code_value=code,
                )
            cancel.sleep(delay)
            delay = min(delay * 1.5, 5.0)
        crashpoint("sync.export_ready")
        encrypted = [  # each part cut off beyond its announced size: a server cannot fill the memory
            (part, api.download_chunks(str(part["url"]), cancel, max_bytes=size))
            for part, size in zip(parts, sizes, strict=True)
        ]
        crashpoint("sync.downloaded")
        return open_package(key, iv, encrypted, self.invoices.db.path.parent), package

    def _metadata_window(
        self, company: Company, filters: dict[str, Any], cancel: CancelToken, export_error: KsefApiError
    ) -> tuple[list[ReceivedInvoice], dict[str, Any]]:
        """The same window through the metadata query and single downloads. Only for small windows:
        when more invoices are missing than the download budget allows, the export error stands and
        the sync is retried later."""
        api = self._api_for(company)
        items: list[ReceivedInvoice] = []
        offset, page_size = 0, 250
        while True:
            page = api.query_metadata(
                self.auth.access_token(company.nip, cancel=cancel),
                filters,
                offset=offset,
                size=page_size,
                cancel=cancel,
            )
            with _answer("metadata page"):
                invoices = [checked_metadata(entry) for entry in page.get("invoices", [])]
            known = self.invoices.known(company.id, [i["ksefNumber"] for i in invoices])
            if len(items) + len(invoices) - len(known) > FALLBACK_MAX_DOWNLOADS:
                raise export_error
            for meta in invoices:
                if meta["ksefNumber"] in known:
                    continue
                xml = api.download_invoice(
                    self.auth.access_token(company.nip, cancel=cancel), meta["ksefNumber"], cancel
                )
                if sha256_b64(xml) != meta.get("invoiceHash"):
                    raise UserError("sync.bad_package", reason=f"invoice {meta['ksefNumber']} is damaged")
                items.append(ReceivedInvoice(meta, xml))
            with _answer("metadata page"):
                high_water = str(page["permanentStorageHwmDate"])
                if not page.get("hasMore"):
                    return items, {"permanentStorageHwmDate": high_water, "isTruncated": False}
                if page.get("isTruncated"):
                    last = invoices[-1]["permanentStorageDate"] if invoices else high_water
                    return items, {
                        "permanentStorageHwmDate": high_water,
                        "isTruncated": True,
                        "lastPermanentStorageDate": last,
                    }
            offset += page_size
