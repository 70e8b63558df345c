"""SyncScheduler.eta: the facts come from the real limiter's budget, the stored cursors and the scheduler's
plan; the numbers below are reckoned by hand from those facts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.services.ksef.http import RateLimiter
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.tasks import TaskRunner
from tests import harness

NOW = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
T = NOW.timestamp()
SLACK = 0.25  # the limiter's headroom on every window (http.JITTER_SLACK_S)
A, B, C = "9645428414", "1366485627", "9023288357"


class Clock:
    def __init__(self) -> None:
        self.now = T

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[harness.Desk]:
    desk = harness.Desk(tmp_path, "http://127.0.0.1:9")  # nothing here talks to KSeF
    yield desk
    desk.close()


def connected(desk: harness.Desk, nip: str, *, cursor_age: timedelta = timedelta(days=1)) -> None:
    company = desk.companies.add(nip, Environment.SANDBOX)
    desk.companies.set_status(nip, ConnectionStatus.CONNECTED)
    for subject in ("Subject1", "Subject2", "Subject3"):  # a sync a day ago: one export per subject now
        desk.invoices.store(company.id, Direction.PURCHASE, [], (subject, NOW - cursor_age))


def send_exports(limiter: RateLimiter, clock: Clock, nip: str, times: list[float]) -> None:
    """Exports really counted by the limiter, at the given moments."""
    for moment in times:
        clock.now = moment
        assert limiter.acquire(nip, "invoiceExport") == 0.0
    clock.now = T


def scheduler(desk: harness.Desk, limiter: RateLimiter, **kw: object) -> SyncScheduler:
    return SyncScheduler(
        desk.companies,
        desk.receiver,
        desk.sender,
        TaskRunner(),
        limiter,
        interval=timedelta(minutes=15),
        clock=lambda: NOW,
        **kw,  # type: ignore[arg-type]
    )


def test_a_used_up_hour_of_exports_sets_the_next_sync_and_the_office_end(desk: harness.Desk) -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock)
    connected(desk, A)
    connected(desk, B)
    # A: 20 exports, the hourly limit, sent 3500 s ago and every 10 s after
    send_exports(limiter, clock, A, [T - 3500 + 10 * i for i in range(20)])
    office = scheduler(desk, limiter).eta()
    a, b = office.of(A), office.of(B)
    assert a is not None and b is not None
    # A's 3 exports: when the first hit leaves the hour (+100, plus the headroom), then 10 s apart
    assert a.runs_at == pytest.approx(T + 100 + SLACK) and a.done_at == pytest.approx(T + 120 + SLACK)
    assert (a.held_by, a.held_window) == ("invoiceExport", "hour")
    # B has its own context: due now (first run), nothing holds it, done after the default run of 30 s
    assert (b.runs_at, b.done_at, b.held_by) == (T, T + 30, "")
    assert office.all_done_at == pytest.approx(T + 120 + SLACK)


def test_a_long_backlog_needs_more_exports_than_the_hour_has_left(desk: harness.Desk) -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock)
    connected(desk, A, cursor_age=timedelta(days=250))  # 3 windows of 99 days per subject: 9 exports
    send_exports(limiter, clock, A, [T - 3000 + 10 * i for i in range(15)])  # 5 of the hour's 20 left
    a = scheduler(desk, limiter).eta().of(A)
    assert a is not None and a.runs_at == T  # 5 go at once; the 6th when the first of the 15 leaves (+600)
    assert a.done_at == pytest.approx(T + 630 + SLACK)  # ...and the 9th 30 s after that


def test_a_retry_after_block_is_honoured(desk: harness.Desk) -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock)
    connected(desk, A)
    limiter.block(A, "invoiceExport", 600)
    a = scheduler(desk, limiter).eta().of(A)
    assert a is not None and a.runs_at == T + 600 and a.held_window == "retry-after"


def test_receiving_for_all_runs_one_company_after_another_and_skips_the_unconnected(desk: harness.Desk) -> None:
    limiter = RateLimiter(clock=Clock())
    connected(desk, A)
    connected(desk, B)
    desk.companies.add(C, Environment.SANDBOX)  # not authorized: nothing to receive for it
    sched = scheduler(desk, limiter, max_parallel=4)
    office = sched.eta(bulk=True)
    order = [c.nip for c in desk.companies.list() if c.nip != C]
    assert [(e.nip, e.runs_at, e.done_at) for e in office.companies] == [
        (order[0], T, T + 30),
        (order[1], T + 30, T + 60),
    ]
    assert office.unplanned == (C,) and office.all_done_at == T + 60
    # the scheduler's own plan runs both at once (max_parallel) and C still not at all
    assert sched.eta().all_done_at == T + 30


def test_refresh_eta_brings_the_estimate_by_signal(qtbot: QtBot, desk: harness.Desk) -> None:
    limiter = RateLimiter(clock=Clock())
    connected(desk, A)
    sched = scheduler(desk, limiter)
    with qtbot.waitSignal(sched.eta_changed, timeout=5000) as signal:
        sched.refresh_eta()
    assert sched.last_eta is signal.args[0] and sched.last_eta.all_done_at == T + 30
    sched.runner.wait()
