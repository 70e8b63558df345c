"""Receiving invoices: incremental, resumable, without duplicates.

The way the official guidance recommends: per company and subject type, export packages by
permanent-storage date from a stored cursor, clamped to KSeF's high-water mark (HWM), below which
the set of invoices is final. A truncated package continues from its last date; a complete one
moves the cursor to the HWM. Each package is decrypted piece by piece into an anonymous temporary
file and unpacked as the Zip or TarGz it says it is (services/packages.py: bounded against bombs,
links and paths), checked against its metadata hashes, and stored
together with the new cursor in one transaction. Windows longer than KSeF's range limit are split.
When an export cannot be made, the metadata query plus single downloads do the same work for that window.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.crypto import aes_decrypt_chunks, new_aes_key, new_iv, sha256_b64, sha256_b64_chunks
from ksefdesk.core.errors import UserError
from ksefdesk.core.invoices import SUBJECT_DIRECTIONS, Direction
from ksefdesk.core.models import Company
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.answers import (
    InvoiceMetadata,
    InvoicePackage,
    PackagePart,
    bad_answer,
    parse_invoice_metadata,
    parse_time,
)
from ksefdesk.services.ksef.api import MAX_PART_BYTES, KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.locks import ProcessLock, lock_path

# re-exported: tests and tools import them from here
from ksefdesk.services.packages import json_list as json_list
from ksefdesk.services.packages import unpack as unpack
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.invoices import InvoiceRepository, ReceivedInvoice

log = logging.getLogger(__name__)

# KSeF allows 100 days in UTC (2.7.1); a day less keeps a window valid whatever this computer's clock is off by
RANGE_LIMIT = timedelta(days=99)
# TarGz compresses across invoices where Zip compresses each file alone: measured on 1,000 FA(3) invoices
# (2.62 MB of XML and metadata), Zip 1.12 MB, TarGz 0.28 MB (25 % of Zip), so exports ask for TarGz.
# Whatever was asked, a package is read as its export status says it is.
EXPORT_COMPRESSION = "TarGz"
DEFAULT_SINCE = datetime(2026, 2, 1, tzinfo=UTC)  # KSeF production start: nothing is older
DEFAULT_SUBJECTS = ("Subject2", "Subject1", "Subject3")
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


def open_package(
    key: bytes,
    iv: bytes,
    parts: list[tuple[PackagePart, list[bytes]]],
    scratch: Path | None = None,
    compression: str | None = None,
) -> list[ReceivedInvoice]:
    """Check, decrypt and unpack an export package's parts (in order, each as downloaded pieces) into
    invoices, each checked against the hash in the package's metadata. The archive goes through an
    anonymous temporary file in ``scratch`` (the data folder: nothing is written anywhere else), not memory.
    ``compression`` is the package's ``compressionType`` (None when KSeF did not say: told by its bytes)."""
    with tempfile.TemporaryFile(dir=scratch) as archive:
        for part, pieces in parts:
            if sha256_b64_chunks(pieces) != part.encrypted_part_hash:
                raise UserError("sync.bad_package", reason=f"part {part.ordinal_number} is damaged")
            try:
                for plain in aes_decrypt_chunks(key, iv, pieces):
                    archive.write(plain)
            except ValueError as exc:
                raise UserError("sync.bad_package", reason="a part cannot be decrypted") from exc
            pieces.clear()  # the part's memory goes as soon as it is on disk
        archive.seek(0)
        metadata, files = unpack(archive, compression, scratch=scratch)
    items = []
    for entry in metadata:
        meta = checked_metadata(entry)
        xml = files.pop(f"{meta.ksef_number}.xml", None)
        if xml is None or sha256_b64(xml) != meta.invoice_hash:
            raise UserError("sync.bad_package", reason=f"invoice {meta.ksef_number} is missing or damaged")
        items.append(ReceivedInvoice(meta, xml))
    return items


def checked_metadata(entry: Any) -> InvoiceMetadata:
    """One invoice's metadata as KSeF defines it, or ``sync.bad_package``: everything stored or turned
    into a file name later (KSeF number, dates, amounts, parties) has the type and shape it must have."""
    return parse_invoice_metadata(entry)


def utc_text(moment: datetime) -> str:
    """A date for KSeF: always in UTC with ``Z`` (2.8 no longer defines dates without an offset)."""
    if moment.tzinfo is None:
        raise ValueError("a date sent to KSeF must carry its time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class _NothingNewYet(Exception):
    """The export ended with status 420: its range starts after the high-water mark."""


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
        compression: str = EXPORT_COMPRESSION,
        poll_interval_s: float = 1.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.companies = companies
        self.invoices = invoices
        self.auth = auth
        self._api_for = api_for
        self.since = since
        self.range_limit = range_limit
        self.compression = compression
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
                "from": utc_text(cursor),
                "restrictToPermanentStorageHwmDate": True,
            }
            if window_end is not None:
                date_range["to"] = utc_text(window_end)
            filters = {"subjectType": subject, "dateRange": date_range}
            try:
                items, package = self._export(company, filters, cancel)
                result.packages += 1
                state.packages += 1
            except _NothingNewYet:  # the range starts after the HWM (status 420 since 2.8)
                return state.added
            except KsefApiError as exc:
                if exc.ksef_code == 21183:  # the same refused at submission (before 2.8, and the metadata query)
                    return state.added
                if exc.ksef_code not in (21182,) and exc.status < 500:
                    raise
                log.info(
                    "export for %s/%s not possible (%s): using metadata + downloads", company.nip, subject, exc.code
                )
                items, package = self._metadata_window(company, filters, cancel, exc)
                result.fallback_windows += 1
            high_water = package.permanent_storage_hwm_date
            if high_water is None:
                raise bad_answer("InvoicePackage", "permanentStorageHwmDate", "is missing")
            if package.is_truncated:
                if package.last_permanent_storage_date is None:
                    raise bad_answer("InvoicePackage", "lastPermanentStorageDate", "is missing in a truncated package")
                next_cursor = package.last_permanent_storage_date
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
            done = not package.is_truncated and (window_end is None or window_end >= high_water)
            if done:
                return state.added
            if next_cursor <= cursor:  # more than a package of invoices stored at one instant: cannot split
                log.warning("sync of %s/%s cannot advance past %s", company.nip, subject, cursor)
                return state.added
            cursor = next_cursor

    def _export(
        self, company: Company, filters: dict[str, Any], cancel: CancelToken
    ) -> tuple[list[ReceivedInvoice], InvoicePackage]:
        api = self._api_for(company)
        key, iv = new_aes_key(), new_iv()
        reference = api.start_export(
            self.auth.access_token(company.nip, cancel=cancel), filters, key, iv, cancel, compression=self.compression
        )
        crashpoint("sync.export_started")
        delay = self.poll_interval_s / 2
        while True:
            status = api.export_status(self.auth.access_token(company.nip, cancel=cancel), reference, cancel)
            code = status.status.code
            if code == 200 and status.package is not None:
                package = status.package
                sizes = [min(p.encrypted_part_size or MAX_PART_BYTES, MAX_PART_BYTES) for p in package.parts]
                break
            if code == 420:  # "Zakres filtrowania wykracza poza dostępny zakres danych": from is past the HWM
                raise _NothingNewYet(status.status.description)
            if code != 100:
                raise KsefApiError(
                    "sync.export_failed",
                    status=500,
                    ksef_code=code,
                    details=status.status.description,
                    code_value=code,
                )
            cancel.sleep(delay)
            delay = min(delay * 1.5, 5.0)
        crashpoint("sync.export_ready")
        encrypted = [  # each part cut off beyond its announced size: a server cannot fill the memory
            (part, api.download_chunks(part.url, cancel, max_bytes=size))
            for part, size in zip(package.parts, sizes, strict=True)
        ]
        crashpoint("sync.downloaded")
        # compressionType is required from 2.8.1; absent before: told by the bytes
        scratch = self.invoices.db.path.parent
        return open_package(key, iv, encrypted, scratch, package.compression_type), package

    def _metadata_window(
        self, company: Company, filters: dict[str, Any], cancel: CancelToken, export_error: KsefApiError
    ) -> tuple[list[ReceivedInvoice], InvoicePackage]:
        """The same window through the metadata query and single downloads. Only for small windows:
        when more invoices are missing than the download budget allows, the export error stands and
        the sync is retried later. Returns what it reached as a package without parts would say it."""
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
            invoices = page.invoices
            known = self.invoices.known(company.id, [i.ksef_number for i in invoices])
            if len(items) + len(invoices) - len(known) > FALLBACK_MAX_DOWNLOADS:
                raise export_error
            for meta in invoices:
                if meta.ksef_number in known:
                    continue
                xml = api.download_invoice(self.auth.access_token(company.nip, cancel=cancel), meta.ksef_number, cancel)
                if sha256_b64(xml) != meta.invoice_hash:
                    raise UserError("sync.bad_package", reason=f"invoice {meta.ksef_number} is damaged")
                items.append(ReceivedInvoice(meta, xml))
            high_water = page.permanent_storage_hwm_date
            if high_water is None:
                raise bad_answer("QueryInvoicesMetadataResponse", "permanentStorageHwmDate", "is missing")
            if not page.has_more:
                return items, InvoicePackage((), False, high_water)
            if page.is_truncated:
                last = invoices[-1].permanent_storage_date if invoices else None
                with _answer("metadata page"):
                    reached = parse_time(last) if last else high_water
                return items, InvoicePackage((), True, high_water, reached)
            offset += page_size
