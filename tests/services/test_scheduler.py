"""The scheduler: one run per company at a time, least recently served first, visible state."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.nip import random_nip
from ksefdesk.services.ksef.http import CancelToken, RateLimiter
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.send import Outbox
from ksefdesk.services.store import CompanyRepository, Database
from ksefdesk.services.sync import SyncProgress, SyncResult
from ksefdesk.services.tasks import TaskRunner

RNG = random.Random(7)


class FakeReceiver:
    """Records which company ran when; each run takes a moment, like a real sync."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.active: dict[str, int] = {}
        self.overlap = False
        self.lock = threading.Lock()

    def sync(self, nip: str, *, cancel: CancelToken, progress: Any = None) -> SyncResult:
        with self.lock:
            self.order.append(nip)
            self.active[nip] = self.active.get(nip, 0) + 1
            self.overlap |= self.active[nip] > 1
        progress(SyncProgress(nip, "Subject2", added=3, seen=3))
        cancel.sleep(0.05)
        with self.lock:
            self.active[nip] -= 1
        return SyncResult(nip, added={"Subject2": 3}, new_purchases=3)


class FakeSender:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[CompanyRepository, FakeReceiver, Database]]:
    db = Database(tmp_path / "s.db")
    companies = CompanyRepository(db)
    yield companies, FakeReceiver(), db
    db.close()


def _scheduler(
    companies: CompanyRepository, receiver: FakeReceiver, db: Database, **kw: Any
) -> tuple[SyncScheduler, TaskRunner]:
    runner = TaskRunner()
    scheduler = SyncScheduler(companies, receiver, FakeSender(Outbox(db)), runner, RateLimiter(), **kw)  # type: ignore[arg-type]
    return scheduler, runner


def test_every_company_gets_its_turn_and_never_two_runs_at_once(
    qtbot: QtBot, setup: tuple[CompanyRepository, FakeReceiver, Database]
) -> None:
    companies, receiver, db = setup
    nips = [random_nip(RNG) for _ in range(6)]
    for nip in nips:
        companies.add(nip, Environment.SANDBOX)
        companies.set_status(nip, ConnectionStatus.CONNECTED)
    companies.add(random_nip(RNG), Environment.SANDBOX)  # not authorized: never scheduled
    scheduler, runner = _scheduler(companies, receiver, db, interval=timedelta(minutes=15), max_parallel=2)
    new: list[tuple[str, int]] = []
    scheduler.new_invoices.connect(lambda nip, count: new.append((nip, count)))
    scheduler.start()
    qtbot.waitUntil(lambda: len(receiver.order) == 6 and not any(scheduler.snapshot(n).running for n in nips))
    assert sorted(receiver.order) == sorted(nips) and not receiver.overlap
    assert sorted(new) == sorted((nip, 3) for nip in nips)  # one notification per run
    wait = scheduler.next_run_in(nips[0])
    assert wait is not None and timedelta(minutes=14) < wait <= timedelta(minutes=15)
    # asking again for one company while it runs does not start a second run of it at the same time; the
    # requests made during the run (an invoice issued meanwhile) make one more run right after it
    for _ in range(5):
        scheduler.run_now(nips[0])
    qtbot.waitUntil(lambda: receiver.order.count(nips[0]) == 3 and not scheduler.snapshot(nips[0]).running)
    time.sleep(0.2)
    assert receiver.order.count(nips[0]) == 3 and not receiver.overlap
    scheduler.stop()
    runner.wait()


def test_least_recently_served_goes_first(
    qtbot: QtBot, setup: tuple[CompanyRepository, FakeReceiver, Database]
) -> None:
    companies, receiver, db = setup
    now = datetime.now(UTC)
    nips = [random_nip(RNG) for _ in range(4)]
    for nip in nips:
        companies.add(nip, Environment.SANDBOX)
        companies.set_status(nip, ConnectionStatus.CONNECTED)
    scheduler, runner = _scheduler(companies, receiver, db, interval=None, max_parallel=1)
    for age, nip in enumerate(nips):  # nips[3] was served longest ago
        scheduler.state(nip).last_started = now - timedelta(minutes=age)
        scheduler.state(nip).next_run = now
    scheduler.start()
    qtbot.waitUntil(lambda: len(receiver.order) == 4 and not any(scheduler.snapshot(n).running for n in nips))
    assert receiver.order == list(reversed(nips))
    assert scheduler.next_run_in(nips[0]) is None  # manual mode: nothing planned
    scheduler.stop()
    runner.wait()


def test_state_shows_progress_and_the_export_budget(
    qtbot: QtBot, setup: tuple[CompanyRepository, FakeReceiver, Database]
) -> None:
    companies, receiver, db = setup
    nip = random_nip(RNG)
    companies.add(nip, Environment.SANDBOX)
    companies.set_status(nip, ConnectionStatus.CONNECTED)
    scheduler, runner = _scheduler(companies, receiver, db, interval=None)
    for _ in range(3):
        scheduler.limiter.acquire(nip, "invoiceExport")
    assert scheduler.export_budget(nip) == (17, 20)
    seen: list[int] = []
    scheduler.changed.connect(lambda changed: seen.append(scheduler.snapshot(changed).received))
    scheduler.run_now(nip)
    qtbot.waitUntil(lambda: not scheduler.snapshot(nip).running and 3 in seen)
    time.sleep(0.01)
    scheduler.stop()
    runner.wait()


class SlowReceiver(FakeReceiver):
    """A run that waits until it is cancelled (a long download the user stops)."""

    def sync(self, nip: str, *, cancel: CancelToken, progress: Any = None) -> SyncResult:
        self.order.append(nip)
        cancel.sleep(30)
        raise AssertionError("never reached: the sleep ends in Cancelled")


def test_a_cancelled_run_is_no_error_and_frees_the_company(
    qtbot: QtBot, setup: tuple[CompanyRepository, FakeReceiver, Database]
) -> None:
    companies, _, db = setup
    nip = random_nip(RNG)
    companies.add(nip, Environment.SANDBOX)
    companies.set_status(nip, ConnectionStatus.CONNECTED)
    receiver = SlowReceiver()
    scheduler, runner = _scheduler(companies, receiver, db, interval=timedelta(minutes=15))  # type: ignore[arg-type]
    failures: list[object] = []
    scheduler.run_failed.connect(lambda failed, error: failures.append(error))
    scheduler.run_now(nip)
    qtbot.waitUntil(lambda: receiver.order == [nip] and scheduler.snapshot(nip).running)
    started = time.monotonic()
    scheduler.cancel(nip)
    qtbot.waitUntil(lambda: not scheduler.snapshot(nip).running)
    assert time.monotonic() - started < 5 and not runner.busy
    state = scheduler.snapshot(nip)
    assert failures == [] and state.last_error is None  # nothing to show: the user asked for it
    assert state.next_run is not None  # it runs again later, as after any other interruption
    scheduler.stop()
    runner.wait()
