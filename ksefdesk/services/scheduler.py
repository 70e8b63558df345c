"""Background work per company: send what the outbox holds, then receive new invoices.

One serial queue per company (never two runs of one company at once), a few companies in
parallel, and a fair share: when more companies are due than can run, the one served least
recently goes first, so an accounting office with fifty NIPs never starves the last one. Every
request still passes the process-wide rate limiter. The state of each company (running, progress,
next run, last error, remaining hourly budget) is readable at any time for the window, and ``eta``
estimates, from the limiter's budget per context, when each company's next sync can run and when all
of them are up to date (core.sync_eta).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Company, ConnectionStatus
from ksefdesk.core.sync_eta import CompanyFacts, GroupNeed, OfficeEta, Windows, plan
from ksefdesk.services.ksef.http import JITTER_SLACK_S, CancelToken, RateLimiter
from ksefdesk.services.ksef.rate_budget import ContextBudget
from ksefdesk.services.send import OutboxState, Sender, SendSummary
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.sync import Receiver, SyncProgress, SyncResult
from ksefdesk.services.tasks import TaskHandle, TaskRunner

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = timedelta(minutes=15)
RETRY_AFTER_ERROR = timedelta(minutes=5)
TICK_MS = 5_000
UNFINISHED = (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT, OutboxState.ACCEPTED)
TO_SEND = (OutboxState.QUEUED, OutboxState.SENDING)
DEFAULT_RUN_S = 30.0  # a company's run before one was measured: a few exports, polls and downloads
EXPORT_POLLS = 2  # status reads per export, as a small package is usually ready (sync.Receiver._export)
SUBJECTS = ("Subject2", "Subject1", "Subject3")  # what Receiver.sync fetches by default, one export each


@dataclass(frozen=True)
class CompanyRun:
    """What one run did."""

    sent: SendSummary | None
    received: SyncResult | None


@dataclass
class CompanyState:
    nip: str
    next_run: datetime | None = None
    running: bool = False
    received: int = 0  # during a run: invoices stored so far
    seen: int = 0
    phase: str = ""  # "sending" or "receiving" while running
    last_started: datetime | None = None
    last_finished: datetime | None = None
    last_error: UserError | None = None
    last_duration: timedelta | None = None  # how long the last run took (the estimate of the next)
    again: bool = False  # asked to run while running (e.g. an invoice issued meanwhile): once more right after
    handle: TaskHandle | None = field(default=None, repr=False)


class SyncScheduler(QObject):
    changed = Signal(str)  # a company's state changed (NIP)
    new_invoices = Signal(str, int)  # NIP, how many new purchase invoices a run brought
    run_finished = Signal(str, object)  # NIP, CompanyRun
    run_failed = Signal(str, object)  # NIP, UserError
    eta_changed = Signal(object)  # an OfficeEta, after refresh_eta
    _progress = Signal(str, str, int, int)  # from workers: NIP, phase, stored, seen

    def __init__(
        self,
        companies: CompanyRepository,
        receiver: Receiver,
        sender: Sender,
        runner: TaskRunner,
        limiter: RateLimiter,
        *,
        interval: timedelta | None = DEFAULT_INTERVAL,
        max_parallel: int = 2,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.companies, self.receiver, self.outbox_sender = companies, receiver, sender
        self.runner, self.limiter = runner, limiter
        self.interval = interval  # None: only when asked
        self.max_parallel = max_parallel
        self._clock = clock
        self._states: dict[str, CompanyState] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.dispatch)
        self._progress.connect(self._on_progress)
        self._stopped = False
        self.last_eta: OfficeEta | None = None
        self._eta_handle: TaskHandle | None = None
        self._eta_again = False

    # --- control -----------------------------------------------------------------------------------
    def start(self) -> None:
        self._stopped = False
        self.dispatch()
        self._timer.start()

    def stop(self) -> None:
        """Cancel the runs in progress (they stop between requests) and plan nothing more."""
        self._stopped = True
        self._timer.stop()
        for state in self._states.values():
            if state.handle is not None:
                state.handle.cancel.cancel()

    def set_interval(self, interval: timedelta | None) -> None:
        self.interval = interval
        for state in self._states.values():
            if not state.running:
                state.next_run = self._next_after(state.last_finished)
                self.changed.emit(state.nip)

    def run_now(self, nip: str) -> None:
        state = self.state(nip)
        state.next_run = self._clock()
        state.again = state.running  # the run under way may have read the outbox before what asks now
        self.changed.emit(nip)
        self.dispatch()

    def cancel(self, nip: str) -> None:
        state = self.state(nip)
        if state.handle is not None:
            state.handle.cancel.cancel()

    # --- what the window shows ---------------------------------------------------------------------
    def state(self, nip: str) -> CompanyState:
        if nip not in self._states:
            self._states[nip] = CompanyState(nip, next_run=self._first_run(nip))
        return self._states[nip]

    def snapshot(self, nip: str) -> CompanyState:
        return replace(self.state(nip), handle=None)

    def next_run_in(self, nip: str) -> timedelta | None:
        state = self.state(nip)
        if state.running or state.next_run is None:
            return None
        return max(state.next_run - self._clock(), timedelta(0))

    def export_budget(self, nip: str) -> tuple[int, int]:
        """(exports left this hour, hourly limit): what a sync of this company can still start."""
        limit = self.limiter.limit(nip, "invoiceExport").per_hour or 0  # as KSeF reports it
        return max(limit - self.limiter.used(nip, "invoiceExport", 3600.0), 0), limit

    # --- when everyone is up to date (core.sync_eta) ----------------------------------------------------
    def eta(self, *, bulk: bool = False) -> OfficeEta:
        """Per company when its next sync can run within KSeF's limits of its context, and when all are up
        to date. ``bulk``: as "receive for all" would go (every connected company now, one after another,
        in the list's order) instead of the scheduler's plan. Reads the database and the limiter's budget
        files: call it off the GUI thread (``refresh_eta``)."""
        now = self._clock()
        facts = []
        for index, company in enumerate(self.companies.list()):
            state = self._peek(company.nip)
            connected = company.status is ConnectionStatus.CONNECTED
            due: float | None = None
            if connected:
                if bulk:
                    due = now.timestamp()
                elif state.next_run is not None:
                    due = state.next_run.timestamp()
            run_s = state.last_duration.total_seconds() if state.last_duration else DEFAULT_RUN_S
            if bulk:
                key, since = float(index), None
            else:
                key = state.last_started.timestamp() if state.last_started else float("-inf")
                since = state.last_started.timestamp() if state.running and state.last_started else None
            needs = self._needs(company, now) if connected else ()
            facts.append(CompanyFacts(company.nip, due, needs, run_s, key, since))
        return plan(facts, now.timestamp(), 1 if bulk else self.max_parallel, JITTER_SLACK_S)

    def _peek(self, nip: str) -> CompanyState:
        """A copy of the company's state from any thread: one not made yet is not stored from here (only
        the GUI thread adds states, so a run and its state are never split over two objects)."""
        state = self._states.get(nip)
        return replace(state, handle=None) if state is not None else CompanyState(nip, next_run=self._first_run(nip))

    def refresh_eta(self) -> None:
        """Reckon ``eta()`` in the background; ``eta_changed`` brings it (asked again while one is under
        way: once more after it)."""
        if self._eta_handle is not None:
            self._eta_again = True
            return
        self._eta_again = False
        self._eta_handle = self.runner.run(
            lambda cancel: self.eta(), self._eta_done, self._eta_failed, lambda: self._eta_failed(None)
        )

    def _eta_done(self, result: object) -> None:
        self._eta_handle = None
        if isinstance(result, OfficeEta):
            self.last_eta = result
            self.eta_changed.emit(result)
        if self._eta_again:
            self.refresh_eta()

    def _eta_failed(self, error: UserError | None) -> None:  # e.g. the database busy: the next refresh tries again
        self._eta_handle = None
        log.info("sync estimate not computed: %s", error.code if error else "cancelled")

    def _needs(self, company: Company, now: datetime) -> tuple[GroupNeed, ...]:
        """The requests the company's next run will send, in the groups whose limits can hold it back."""
        invoices = getattr(self.receiver, "invoices", None)
        since: datetime = getattr(self.receiver, "since", now)
        span = getattr(self.receiver, "range_limit", timedelta(days=99))
        exports = 0
        for subject in SUBJECTS:  # one export per window of at most ``range_limit`` since the cursor
            cursor = (invoices.cursor(company.id, subject) if invoices is not None else None) or since
            exports += max(1, math.ceil((now - cursor) / span))
        to_send = len(self.outbox_sender.outbox.items(company.id, TO_SEND))
        budget = self.limiter.budgets.peek(company.nip, now.timestamp())
        counts = {"invoiceExport": exports, "invoiceExportStatus": exports * EXPORT_POLLS}
        if to_send:
            counts |= {"onlineSession": 1, "invoiceSend": to_send, "onlineSessionClose": 1}
        return tuple(
            GroupNeed(
                group,
                count,
                self._windows(budget, group),
                tuple(budget.hits.get(group, ())),
                budget.blocked_until.get(group, 0.0),
            )
            for group, count in counts.items()
        )

    def _windows(self, budget: ContextBudget, group: str) -> Windows:
        """The windows the limiter paces by (its ``scale`` applied, as in ``RateLimiter.acquire``)."""
        if self.limiter.scale <= 0:  # a limiter that paces nothing (tests, tools)
            return None, None, None
        second, minute, hour = (
            None if value is None else max(1, math.floor(value * self.limiter.scale))
            for value in self.limiter.configured(budget, group).windows
        )
        return second, minute, hour

    # --- dispatching -------------------------------------------------------------------------------
    def _first_run(self, nip: str) -> datetime | None:
        company = self.companies.find(nip)
        last = company.last_sync_at if company else None
        return self._next_after(last) if last else (self._clock() if self.interval else None)

    def _next_after(self, moment: datetime | None) -> datetime | None:
        if self.interval is None:
            return None
        return (moment or self._clock()) + self.interval

    @Slot()
    def dispatch(self) -> None:
        """Start due companies, least recently served first, up to the parallel limit."""
        if self._stopped:
            return
        connected = [c.nip for c in self.companies.list() if c.status is ConnectionStatus.CONNECTED]
        states = [self.state(nip) for nip in connected]
        now = self._clock()
        running = sum(1 for s in self._states.values() if s.running)
        due = [s for s in states if not s.running and s.next_run is not None and s.next_run <= now]
        oldest = datetime.min.replace(tzinfo=UTC)
        due.sort(key=lambda s: (s.last_started or oldest, s.nip))
        for state in due[: max(self.max_parallel - running, 0)]:
            self._start(state)

    def _start(self, state: CompanyState) -> None:
        nip = state.nip
        state.running, state.received, state.seen, state.phase = True, 0, 0, ""
        state.last_started, state.last_error = self._clock(), None
        state.handle = self.runner.run(
            lambda cancel: self._work(nip, cancel),
            lambda result: self._finished(nip, result),
            lambda error: self._failed(nip, error),
            lambda: self._cancelled(nip),
        )
        self.changed.emit(nip)

    def _work(self, nip: str, cancel: CancelToken) -> CompanyRun:
        """In a worker thread: the company's outbox first (the user is waiting for those), then receiving."""
        company = self.companies.get(nip)
        sent = None
        if self.outbox_sender.outbox.items(company.id, UNFINISHED):
            self._progress.emit(nip, "sending", 0, 0)
            sent = self.outbox_sender.send(nip, cancel=cancel)
        self._progress.emit(nip, "receiving", 0, 0)

        def progress(step: SyncProgress) -> None:
            self._progress.emit(nip, "receiving", step.added, step.seen)

        received = self.receiver.sync(nip, cancel=cancel, progress=progress)
        return CompanyRun(sent, received)

    @Slot(str, str, int, int)
    def _on_progress(self, nip: str, phase: str, stored: int, seen: int) -> None:
        state = self.state(nip)
        state.phase = phase
        state.received, state.seen = max(state.received, stored), max(state.seen, seen)
        self.changed.emit(nip)

    def _done(self, state: CompanyState, next_run: datetime | None) -> None:
        state.running, state.handle, state.phase = False, None, ""
        state.last_finished = self._clock()
        state.next_run = self._clock() if state.again else next_run
        state.again = False

    def _finished(self, nip: str, result: object) -> None:
        state = self.state(nip)
        self._done(state, self._next_after(self._clock()))
        if state.last_started is not None and state.last_finished is not None:  # only a whole run measures one
            state.last_duration = state.last_finished - state.last_started
        assert isinstance(result, CompanyRun)
        if result.received and result.received.new_purchases:
            self.new_invoices.emit(nip, result.received.new_purchases)
        self.run_finished.emit(nip, result)
        self.changed.emit(nip)
        self.dispatch()

    def _failed(self, nip: str, error: UserError) -> None:
        state = self.state(nip)
        self._done(state, self._retry_at())
        state.last_error = error
        log.info("background run of %s failed: %s", nip, error.code)
        self.run_failed.emit(nip, error)
        self.changed.emit(nip)
        self.dispatch()

    def _cancelled(self, nip: str) -> None:
        """Stopped by the user or by shutdown: no error to show, the next run comes as after an error."""
        self._done(self.state(nip), self._retry_at())
        log.info("background run of %s cancelled", nip)
        self.changed.emit(nip)
        self.dispatch()

    def _retry_at(self) -> datetime | None:
        return None if self.interval is None else self._clock() + min(self.interval, RETRY_AFTER_ERROR)
