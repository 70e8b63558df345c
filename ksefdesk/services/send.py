"""Sending sales invoices exactly once.

Every invoice goes through the outbox, whose state is written before and after each network step:
queued -> sending (session recorded, then POST) -> sent (KSeF's reference recorded) -> accepted (KSeF
number) or rejected (reasons) -> done (UPO stored). After a crash or a lost connection the next run
resumes from the recorded state. An invoice left "sending" may or may not have reached KSeF: it is
sent again, and KSeF's duplicate answer (440) carries the original KSeF number, which is taken, so
the user never ends up with the invoice twice nor without it. When KSeF pauses an online session for
maintenance (21184, API 2.8.0) it has refused that invoice: it is queued again and goes, with the rest,
in a new session.
"""

from __future__ import annotations

import enum
import io
import logging
import sqlite3
import tarfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.crypto import aes_encrypt, new_aes_key, new_iv, sha256_b64
from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.fa3 import check_invoice_bytes, summarize
from ksefdesk.core.models import Company, Environment
from ksefdesk.core.offline import OfflineMode, send_deadline
from ksefdesk.core.schemas import UPO_NS, upo_schema
from ksefdesk.core.xml_safety import UnsafeXml, parse_untrusted
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.answers import Fields, SessionInvoice, bad_answer
from ksefdesk.services.ksef.api import SUBJECT_VALIDATION, KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.locks import ProcessLock, lock_path
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.database import Database, to_db_time, utc_now

log = logging.getLogger(__name__)
STATUS_TIMEOUT_S = 120.0
SESSION_PROCESSING = 150  # a closed session whose invoices KSeF is still checking
BATCH_FROM = 20  # more queued invoices than this go as one batch package instead of one call each
BATCH_MAX_INVOICES = 10_000  # KSeF's limit per session
PART_BYTES = 50_000_000  # parts may have up to 100 MB; stay well inside
SESSION_UNAVAILABLE = 21184  # API 2.8.0: KSeF paused this online session (maintenance); open a new one
COMPRESSIONS = ("Zip", "TarGz")  # batch packages (TarGz since API 2.6.0); on equal sizes the first wins
MAX_ONLINE_SESSIONS = 10  # per run: sessions KSeF may pause one after another before the rest waits


class OutboxState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    ACCEPTED = "accepted"  # has a KSeF number, UPO pending
    DONE = "done"  # KSeF number and UPO
    REJECTED = "rejected"


@dataclass(frozen=True)
class OutboxItem:
    id: int
    file_name: str
    invoice_number: str
    sha256: str
    state: OutboxState
    session_ref: str | None
    invoice_ref: str | None
    ksef_number: str | None
    error_code: int | None
    error_text: str
    offline_mode: OfflineMode | None = None
    issue_date: date | None = None
    deadline: date | None = None  # the last day to send it (offline invoices); None: not known yet


@dataclass
class SendSummary:
    done: list[OutboxItem] = field(default_factory=list)
    upo_pending: list[OutboxItem] = field(default_factory=list)
    rejected: list[OutboxItem] = field(default_factory=list)


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _item(self, row: Any) -> OutboxItem:
        return OutboxItem(
            row["id"],
            row["file_name"],
            row["invoice_number"],
            row["sha256"],
            OutboxState(row["state"]),
            row["session_ref"],
            row["invoice_ref"],
            row["ksef_number"],
            row["error_code"],
            row["error_text"],
            OfflineMode(row["offline_mode"]) if row["offline_mode"] else None,
            date.fromisoformat(row["issue_date"]) if row["issue_date"] else None,
            date.fromisoformat(row["deadline"]) if row["deadline"] else None,
        )

    def add(
        self,
        company_id: int,
        file_name: str,
        invoice_number: str,
        xml: bytes,
        *,
        offline_mode: OfflineMode | None = None,
        issue_date: date | None = None,
    ) -> OutboxItem:
        """Queue an invoice; the same file twice is the same outbox item."""
        with self.db.transaction() as conn:
            return self.add_in(
                conn, company_id, file_name, invoice_number, xml, offline_mode=offline_mode, issue_date=issue_date
            )

    def add_in(
        self,
        conn: sqlite3.Connection,
        company_id: int,
        file_name: str,
        invoice_number: str,
        xml: bytes,
        *,
        offline_mode: OfflineMode | None = None,
        issue_date: date | None = None,
    ) -> OutboxItem:
        """``add`` inside the caller's transaction (an invoice issued in the app takes its number with it)."""
        now = to_db_time(utc_now())
        digest = sha256_b64(xml)
        deadline = send_deadline(offline_mode, issue_date) if offline_mode and issue_date else None
        conn.execute(
            "INSERT OR IGNORE INTO outbox (company_id, file_name, invoice_number, sha256, xml, state, created_at,"
            " updated_at, offline_mode, issue_date, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                company_id,
                file_name,
                invoice_number,
                digest,
                xml,
                OutboxState.QUEUED.value,
                now,
                now,
                offline_mode.value if offline_mode else None,
                issue_date.isoformat() if issue_date else None,
                deadline.isoformat() if deadline else None,
            ),
        )
        row = conn.execute("SELECT * FROM outbox WHERE company_id = ? AND sha256 = ?", (company_id, digest)).fetchone()
        return self._item(row)

    def items(self, company_id: int, states: tuple[OutboxState, ...] | None = None) -> list[OutboxItem]:
        sql, params = "SELECT * FROM outbox WHERE company_id = ?", list[Any]([company_id])
        if states:
            sql += f" AND state IN ({','.join('?' * len(states))})"
            params += [s.value for s in states]
        return [self._item(r) for r in self.db.connection().execute(sql + " ORDER BY id", params).fetchall()]

    def listing(self) -> list[tuple[str, OutboxItem]]:
        """Every item of every company with the company's name (or NIP), newest first (for the outbox view)."""
        rows = (
            self.db.connection()
            .execute(
                "SELECT o.*, COALESCE(NULLIF(c.name, ''), c.nip) AS company FROM outbox o"
                " JOIN companies c ON c.id = o.company_id WHERE c.archived_at IS NULL ORDER BY o.id DESC"
            )
            .fetchall()
        )
        return [(row["company"], self._item(row)) for row in rows]

    def withdraw(self, item_id: int) -> bool:
        """Take an invoice back out of the outbox, only while nothing of it has reached KSeF."""
        with self.db.transaction() as conn:
            cur = conn.execute("DELETE FROM outbox WHERE id = ? AND state = ?", (item_id, OutboxState.QUEUED.value))
        return cur.rowcount == 1

    def get(self, item_id: int) -> tuple[int, OutboxItem] | None:
        """(company id, item) of one outbox item, or None when it is gone."""
        row = self.db.connection().execute("SELECT * FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return (int(row["company_id"]), self._item(row)) if row else None

    def xml(self, item_id: int) -> bytes:
        return bytes(self.db.connection().execute("SELECT xml FROM outbox WHERE id = ?", (item_id,)).fetchone()["xml"])

    def upo(self, item_id: int) -> bytes | None:
        row = self.db.connection().execute("SELECT upo FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return bytes(row["upo"]) if row and row["upo"] else None

    def update(self, item_id: int, **values: Any) -> None:
        self.update_many([item_id], **values)

    def update_many(self, item_ids: list[int], **values: Any) -> None:
        """Change several items in one transaction: all or none."""
        values = {k: (v.value if isinstance(v, OutboxState) else v) for k, v in values.items()}
        assignments = ", ".join(f"{column} = ?" for column in values)
        now = to_db_time(utc_now())
        with self.db.transaction() as conn:
            conn.executemany(
                f"UPDATE outbox SET {assignments}, updated_at = ? WHERE id = ?",  # noqa: S608
                [(*values.values(), now, item_id) for item_id in item_ids],
            )


class Sender:
    def __init__(
        self,
        companies: CompanyRepository,
        outbox: Outbox,
        auth: AuthService,
        api_for: Callable[[Company], KsefApi],
        *,
        poll_interval_s: float = 1.0,
        batch_from: int = BATCH_FROM,
        part_bytes: int = PART_BYTES,
        compressions: tuple[str, ...] = COMPRESSIONS,
    ) -> None:
        self.companies = companies
        self.outbox = outbox
        self.auth = auth
        self._api_for = api_for
        self.poll_interval_s = poll_interval_s
        self.batch_from = batch_from
        self.part_bytes = part_bytes
        self.compressions = compressions  # batch package formats to choose from: the smaller wins

    def enqueue(
        self, nip: str | None, file_name: str, xml: bytes, *, offline_mode: OfflineMode | None = None
    ) -> tuple[str, OutboxItem]:
        """Check an invoice (schema, seller) before it is queued; readable problems otherwise.
        Without ``nip`` the invoice goes to the company that is its seller. ``offline_mode``: it was
        issued while KSeF could not be used; it is sent with KSeF's offline flag by its deadline.
        Returns (NIP, item)."""
        root, problems = check_invoice_bytes(xml)
        if root is None or problems:
            raise UserError(
                "send.invalid_invoice",
                file=file_name,
                problems=Bilingual(
                    "; ".join(p.text("pl") for p in problems[:5]), "; ".join(p.text("en") for p in problems[:5])
                ),
            )
        summary = summarize(root)
        if nip is None:
            found = self.companies.find(summary.seller_nip or "")
            if found is None:
                raise UserError("send.unknown_seller", file=file_name, found=summary.seller_nip or "?")
            company = found
        else:
            company = self.companies.get(nip)
        if summary.seller_nip != company.nip:
            raise UserError("send.wrong_seller", file=file_name, found=summary.seller_nip or "?", nip=company.nip)
        item = self.outbox.add(
            company.id, file_name, summary.invoice_number, xml, offline_mode=offline_mode, issue_date=summary.issue_date
        )
        return company.nip, item

    def outage_ended(self, nip: str, *, ended: date, failure: bool) -> int:
        """KSeF is back: the waiting offline invoices get their deadlines (7 business days after a
        failure, the next business day after an unavailability; a failure also extends offline24).
        Returns how many deadlines were set or moved."""
        company = self.companies.get(nip)
        changed = 0
        for item in self.outbox.items(company.id, (OutboxState.QUEUED, OutboxState.SENDING)):
            if item.offline_mode is None or item.issue_date is None:
                continue
            mode = item.offline_mode
            deadline = send_deadline(
                mode,
                item.issue_date,
                outage_end=ended if mode is not OfflineMode.OFFLINE24 else None,
                failure_end=ended if failure and mode is not OfflineMode.EMERGENCY else None,
            )
            if deadline is not None and deadline != item.deadline:
                self.outbox.update(item.id, deadline=deadline.isoformat())
                changed += 1
        return changed

    def due_soon(self, nip: str, within_days: int = 1, today: date | None = None) -> list[OutboxItem]:
        """Offline invoices not yet in KSeF whose deadline is at most ``within_days`` away (or past)."""
        company = self.companies.get(nip)
        limit = (today or date.today()) + timedelta(days=within_days)
        pending = self.outbox.items(company.id, (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT))
        return [item for item in pending if item.deadline is not None and item.deadline <= limit]

    def pending_count(self, nip: str) -> int:
        company = self.companies.get(nip)
        return len(self.outbox.items(company.id, (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT)))

    def send(self, nip: str, *, cancel: CancelToken | None = None) -> SendSummary:
        """Send what is queued for the company, once; only one process sends a company's outbox at a time."""
        company = self.companies.get(nip)
        with ProcessLock(lock_path(self.outbox.db.path, f"send-{company.environment.value}-{company.nip}")) as lock:
            if not lock.acquire():
                raise UserError("send.already_running", nip=company.nip)
            token = cancel or CancelToken()
            return self.auth.renewing(company.nip, lambda: self._send(company, token))

    def _send(self, company: Company, cancel: CancelToken) -> SendSummary:
        api = self._api_for(company)
        self._reconcile(company, api, cancel)
        queued = self.outbox.items(company.id, (OutboxState.QUEUED, OutboxState.SENDING))
        paused = 0  # invoices left queued because KSeF paused even new online sessions (21184)
        # Offline invoices carry KSeF's offline flag: per invoice online, per session in a batch.
        for offline in (True, False):
            pending = [item for item in queued if (item.offline_mode is not None) is offline]
            if len(pending) > self.batch_from:
                for start in range(0, len(pending), BATCH_MAX_INVOICES):
                    self._send_batch(company, api, pending[start : start + BATCH_MAX_INVOICES], cancel, offline)
            elif pending:
                paused += self._send_online(company, api, pending, cancel)
        self._settle(company, api, cancel)
        self._fetch_upos(company, api, cancel)
        if paused:  # what KSeF did take is settled above; the rest waits, queued, for the next run
            raise UserError("send.session_unavailable", count=paused)
        return self.summary(company)

    def _token(self, company: Company, cancel: CancelToken) -> str:
        return self.auth.access_token(company.nip, cancel=cancel)

    def _send_online(self, company: Company, api: KsefApi, items: list[OutboxItem], cancel: CancelToken) -> int:
        """Send in online sessions; when KSeF pauses a session (21184, maintenance) the invoices it did
        not take go in a new one. Returns how many are left queued because even new sessions were paused."""
        pending = items
        for attempt in range(MAX_ONLINE_SESSIONS):
            pending, taken = self._send_in_session(company, api, pending, cancel)
            if not pending:
                return 0
            if taken == 0 and attempt > 0:  # even a replacement took nothing: the maintenance is not one session's
                break
        return len(pending)

    def _send_in_session(
        self, company: Company, api: KsefApi, items: list[OutboxItem], cancel: CancelToken
    ) -> tuple[list[OutboxItem], int]:
        """(the items this session did not take because KSeF paused it, how many it took)."""
        key, iv = new_aes_key(), new_iv()
        session = api.open_online_session(
            self._token(company, cancel), key, iv, cancel, features=session_features(company)
        )
        crashpoint("send.online.session_opened")
        for index, item in enumerate(items):
            cancel.raise_if_cancelled()
            self.outbox.update(item.id, state=OutboxState.SENDING, session_ref=session)  # before the POST
            crashpoint("send.online.recorded_sending")
            try:
                reference = api.send_invoice(
                    self._token(company, cancel),
                    session,
                    self.outbox.xml(item.id),
                    key,
                    iv,
                    cancel,
                    offline=item.offline_mode is not None,
                )
            except KsefApiError as exc:
                if exc.ksef_code != SESSION_UNAVAILABLE:
                    raise
                # Refused, so not in KSeF. A crash before the next line leaves it "sending": _reconcile
                # then does not find it in this session and queues it again, as here.
                crashpoint("send.online.unavailable")
                self.outbox.update(item.id, state=OutboxState.QUEUED, session_ref=None)
                crashpoint("send.online.requeued")
                log.info("KSeF paused session %s (21184) after %d invoices; the rest go in a new one", session, index)
                self._close_paused(company, api, session, cancel)
                return items[index:], index
            crashpoint("send.online.posted")  # KSeF has it, the outbox does not know yet
            self.outbox.update(item.id, state=OutboxState.SENT, invoice_ref=reference)  # after it
            crashpoint("send.online.recorded_sent")
        api.close_online_session(self._token(company, cancel), session, cancel)
        crashpoint("send.online.session_closed")
        return [], len(items)

    def _close_paused(self, company: Company, api: KsefApi, session: str, cancel: CancelToken) -> None:
        """Close a session KSeF paused, so that its session UPO is issued. What it took is settled by its
        invoice statuses either way, and KSeF closes a session left open by itself (12 hours)."""
        try:
            api.close_online_session(self._token(company, cancel), session, cancel)
        except KsefApiError as exc:
            log.info("paused session %s not closed: %s", session, exc.details or exc.code)

    def _send_batch(
        self, company: Company, api: KsefApi, items: list[OutboxItem], cancel: CancelToken, offline: bool = False
    ) -> None:
        """One package (Zip or TarGz, whichever is smaller), split into encrypted parts, uploaded to
        pre-signed addresses."""
        files = [(f"{item.id}.xml", self.outbox.xml(item.id)) for item in items]
        archive, compression = build_package(files, self.compressions)
        key, iv = new_aes_key(), new_iv()
        parts = [
            aes_encrypt(key, iv, archive[i : i + self.part_bytes]) for i in range(0, len(archive), self.part_bytes)
        ]
        opened = api.open_batch_session(
            self._token(company, cancel),
            archive,
            parts,
            key,
            iv,
            cancel,
            offline=offline,
            compression=compression,
            features=session_features(company),
        )
        session = opened.reference_number
        crashpoint("send.batch.session_opened")
        self.outbox.update_many([i.id for i in items], state=OutboxState.SENDING, session_ref=session)
        crashpoint("send.batch.recorded_sending")
        by_ordinal = {u.ordinal_number: u for u in opened.part_uploads}
        for ordinal, part in enumerate(parts, start=1):
            cancel.raise_if_cancelled()
            api.upload_part(by_ordinal[ordinal], part, cancel)
            crashpoint("send.batch.part_uploaded")
        api.close_batch_session(self._token(company, cancel), session, cancel)
        crashpoint("send.batch.session_closed")
        self._wait_processed(company, api, session, cancel)
        crashpoint("send.batch.processed")
        self._reconcile(company, api, cancel)

    def _wait_processed(self, company: Company, api: KsefApi, session: str, cancel: CancelToken) -> int:
        started = time.monotonic()
        while True:
            code = api.session_status(self._token(company, cancel), session, cancel).status.code
            if code != SESSION_PROCESSING or time.monotonic() - started > STATUS_TIMEOUT_S:
                return code
            cancel.sleep(self.poll_interval_s)

    def _reconcile(self, company: Company, api: KsefApi, cancel: CancelToken) -> None:
        """Invoices left "sending" (a crash or a lost answer): find them in their session by hash.
        Found ones take KSeF's status; the others never reached KSeF and are queued again, unless
        their batch package is still being processed."""
        for session, items in _by_session(self.outbox.items(company.id, (OutboxState.SENDING,))).items():
            code = api.session_status(self._token(company, cancel), session, cancel).status.code
            if code == SESSION_PROCESSING:
                continue
            listed = {e.invoice_hash: e for e in api.session_invoices(self._token(company, cancel), session, cancel)}
            for item in items:
                entry = listed.get(item.sha256)
                if entry is None:
                    self.outbox.update(item.id, state=OutboxState.QUEUED, session_ref=None)
                else:
                    self.outbox.update(item.id, state=OutboxState.SENT, invoice_ref=entry.reference_number)
                    self._apply(item, entry, api, cancel)

    def _settle(self, company: Company, api: KsefApi, cancel: CancelToken) -> None:
        """Ask KSeF what became of every sent invoice: one list call per session, not one per invoice."""
        started = time.monotonic()
        while True:
            waiting = False
            for session, items in _by_session(self.outbox.items(company.id, (OutboxState.SENT,))).items():
                listed = {
                    e.reference_number: e for e in api.session_invoices(self._token(company, cancel), session, cancel)
                }
                for item in items:
                    entry = listed.get(item.invoice_ref or "")
                    if entry is None or not self._apply(item, entry, api, cancel):
                        waiting = True
            if not waiting or time.monotonic() - started > STATUS_TIMEOUT_S:
                return
            cancel.sleep(self.poll_interval_s)

    def _apply(self, item: OutboxItem, entry: SessionInvoice, api: KsefApi, cancel: CancelToken) -> bool:
        """Record KSeF's answer for one invoice; False while it is still being processed."""
        status = entry.status
        code = status.code
        if 100 <= code < 200:  # 100 and 150 today; a 1xx code KSeF adds later still means "processing"
            return False
        if code == 200:
            if entry.ksef_number is None:
                raise bad_answer("SessionInvoiceStatusResponse", "ksefNumber", "is missing for an accepted invoice")
            self.outbox.update(item.id, state=OutboxState.ACCEPTED, ksef_number=entry.ksef_number)
            crashpoint("send.accepted_before_upo")
            url = entry.upo_download_url
            if url:  # a pre-signed address: no rate limit, so take the UPO at once
                try:
                    upo = check_upo(api.download_presigned(url, cancel), entry.ksef_number, item.session_ref)
                    self.outbox.update(item.id, state=OutboxState.DONE, upo=upo)
                    crashpoint("send.upo_stored")
                except UserError as exc:  # refused or not there: _fetch_upos asks KSeF's API for it
                    log.info("UPO for %s not downloaded: %s %s", entry.ksef_number, exc.code, exc.message("en"))
        elif code == 440:  # a duplicate: KSeF already has it, under its original number
            extensions = Fields("InvoiceStatusInfo.extensions", dict(status.extensions))
            self.outbox.update(
                item.id,
                state=OutboxState.ACCEPTED,
                ksef_number=extensions.text("originalKsefNumber"),
                session_ref=extensions.opt_text("originalSessionReferenceNumber") or item.session_ref,
            )
        else:
            details = "; ".join(status.details) or status.description
            self.outbox.update(item.id, state=OutboxState.REJECTED, error_code=code, error_text=details)
        return True

    def _fetch_upos(self, company: Company, api: KsefApi, cancel: CancelToken) -> None:
        for item in self.outbox.items(company.id, (OutboxState.ACCEPTED,)):
            assert item.session_ref and item.ksef_number
            try:
                upo = api.invoice_upo(self._token(company, cancel), item.session_ref, item.ksef_number, cancel)
                check_upo(upo, item.ksef_number, item.session_ref)
            except UserError as exc:  # not ready yet, KSeF unreachable, or not this UPO: fetched on the next run
                log.info("UPO for %s not available yet: %s %s", item.ksef_number, exc.code, exc.message("en"))
                continue
            self.outbox.update(item.id, state=OutboxState.DONE, upo=upo)
            crashpoint("send.upo_stored")

    def summary(self, company: Company) -> SendSummary:
        result = SendSummary()
        for item in self.outbox.items(company.id, (OutboxState.DONE, OutboxState.ACCEPTED, OutboxState.REJECTED)):
            {
                OutboxState.DONE: result.done,
                OutboxState.ACCEPTED: result.upo_pending,
                OutboxState.REJECTED: result.rejected,
            }[item.state].append(item)
        return result


def session_features(company: Company) -> tuple[str, ...]:
    """Production checks the NIPs on every invoice; test environments only when asked (API 2.8.0), so a
    mistake shows up on TEST, not first in production."""
    return () if company.environment is Environment.PROD else (SUBJECT_VALIDATION,)


def zip_package(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files:
            package.writestr(name, data)
    return buffer.getvalue()


def targz_package(files: list[tuple[str, bytes]]) -> bytes:
    """Plain files only (no links, no folders, no owner names): what KSeF's unpacking accepts."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.USTAR_FORMAT) as package:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, int(time.time())
            package.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def build_package(files: list[tuple[str, bytes]], compressions: tuple[str, ...] = COMPRESSIONS) -> tuple[bytes, str]:
    """(the package, its compressionType): each allowed format is built and the smallest is sent. Zip
    deflates each file alone, TarGz the whole stream, so similar invoices share their repeated text:
    measured on FA(3) invoices, 100 take 74.9 KB as Zip and 2.6 KB as TarGz (1,000: 752 KB and 18 KB);
    one invoice, or dissimilar content, comes out about the same either way (Zip then wins by a few
    bytes). Building both costs ~0.1 s per 1,000 invoices."""
    builders = {"Zip": zip_package, "TarGz": targz_package}
    packages = [(builders[name](files), name) for name in compressions]
    return min(packages, key=lambda package: len(package[0]))


def _bad_upo(pl: str, en: str) -> UserError:
    return UserError("ksef.bad_download", what="UPO", reason=Bilingual(pl, en))


def check_upo(document: bytes, ksef_number: str, session: str | None) -> bytes:
    """``document`` if it is a UPO valid against its XSD that confirms this invoice (its KSeF number) in
    this session; a ``ksef.bad_download`` error otherwise. Only a checked UPO is ever stored."""
    try:
        root = parse_untrusted(document)
    except UnsafeXml as exc:
        raise _bad_upo("to nie jest dokument XML", "it is not an XML document") from exc
    if root.tag != f"{{{UPO_NS}}}Potwierdzenie" or not upo_schema().validate(root):
        raise _bad_upo("nie jest zgodny ze schematem UPO", "it does not match the UPO schema")
    confirmed = {(e.text or "").strip() for e in root.iter(f"{{{UPO_NS}}}NumerKSeFDokumentu")}
    if ksef_number not in confirmed:
        raise _bad_upo(f"nie potwierdza faktury {ksef_number}", f"it does not confirm invoice {ksef_number}")
    if session and (root.findtext(f"{{{UPO_NS}}}NumerReferencyjnySesji") or "").strip() != session:
        raise _bad_upo(f"dotyczy innej sesji niż {session}", f"it is for another session than {session}")
    return document


def _by_session(items: list[OutboxItem]) -> dict[str, list[OutboxItem]]:
    sessions: dict[str, list[OutboxItem]] = {}
    for item in items:
        if item.session_ref:
            sessions.setdefault(item.session_ref, []).append(item)
    return sessions
