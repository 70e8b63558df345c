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
import io
import json
import logging
import re
import tempfile
import threading
import zipfile
from collections.abc import Callable
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
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.api import KsefApi, parse_time
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


def unpack(archive: bytes | BinaryIO) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """(_metadata.json invoices, {file name: bytes}) of a package, refusing zip bombs and odd members."""
    try:
        package = zipfile.ZipFile(io.BytesIO(archive) if isinstance(archive, bytes | bytearray) else archive)
        members = package.infolist()
        total = 0
        files: dict[str, bytes] = {}
        for member in members:
            if member.is_dir():
                continue
            if "/" in member.filename.strip("/") or "\\" in member.filename or member.filename.startswith("/"):
                # KSeF packages are flat: a path (../, absolute, folders) is a zip-slip attempt
                raise UserError("sync.bad_package", reason=f"member {member.filename!r} has a path")
            name = member.filename.rsplit("/", 1)[-1]
            limit = MAX_PACKAGE_BYTES if name == "_metadata.json" else MAX_INVOICE_BYTES
            if member.file_size > limit or member.file_size > max(member.compress_size, 1) * MAX_RATIO:
                raise UserError("sync.bad_package", reason=f"member {name} is too large when unpacked")
            total += member.file_size
            if total > MAX_PACKAGE_BYTES:
                raise UserError("sync.bad_package", reason="the package is too large when unpacked")
            files[name] = package.read(member)
        metadata = json_list(files.pop("_metadata.json"), "invoices")
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise UserError("sync.bad_package", reason=type(exc).__name__, details=str(exc)) from exc
    return metadata, files


def json_list(document: bytes, key: str) -> list[Any]:
    """``document[key]`` of a JSON object whose ``key`` holds a list, parsed item by item: the metadata
    of 10,000 invoices is megabytes, and one json.loads call would hold the interpreter (and so freeze
    the GUI thread) for tens of milliseconds."""
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    step = 1 << 18
    text = "".join(utf8.decode(document[i : i + step]) for i in range(0, len(document), step)) + utf8.decode(
        b"", final=True
    )
    decoder, space = json.JSONDecoder(), re.compile(r"[\s,:]*")

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
    for meta in metadata:
        xml = files.pop(f"{meta['ksefNumber']}.xml", None)
        if xml is None or sha256_b64(xml) != meta.get("invoiceHash"):
            raise UserError("sync.bad_package", reason=f"invoice {meta.get('ksefNumber')} is missing or damaged")
        items.append(ReceivedInvoice(meta, xml))
    return items


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
            code = int(status["status"]["code"])
            if code == 200:
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
        package = status["package"]
        parts = sorted(package["parts"], key=lambda p: p["ordinalNumber"])
        crashpoint("sync.export_ready")
        encrypted = [(part, api.download_chunks(part["url"], cancel)) for part in parts]
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
            invoices = page.get("invoices", [])
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
            if not page.get("hasMore"):
                return items, {"permanentStorageHwmDate": page["permanentStorageHwmDate"], "isTruncated": False}
            if page.get("isTruncated"):
                last = invoices[-1]["permanentStorageDate"] if invoices else page["permanentStorageHwmDate"]
                return items, {
                    "permanentStorageHwmDate": page["permanentStorageHwmDate"],
                    "isTruncated": True,
                    "lastPermanentStorageDate": last,
                }
            offset += page_size
