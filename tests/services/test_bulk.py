"""One action over many companies: one company's failure never stops the rest, a cancel stops before
the next one, and the export writes the previous month of each company (against the sandbox)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ksefdesk.core.errors import NotAuthorized
from ksefdesk.core.invoices import Direction
from ksefdesk.core.models import Environment
from ksefdesk.services.bulk import BulkAction, previous_month
from ksefdesk.services.cancel import CancelToken
from ksefsandbox.seed import login_kit, seed_invoices
from ksefsandbox.server import SandboxServer
from tests.harness import Desk

CONNECTED = ("5265877635", "7251801126")
NEVER = "1111111111"


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Desk:
    server = start_sandbox()
    app = Desk(tmp_path, server.base_url)
    for nip in CONNECTED:
        seed_invoices(server.sandbox, nip, 6, months=2)
        app.companies.add(nip, Environment.SANDBOX)
        app.auth.login_with_token(nip, login_kit(server.sandbox, nip).ksef_token)
    app.companies.add(NEVER, Environment.SANDBOX)
    time.sleep(1.1)  # the seeded invoices fall below KSeF's high-water mark
    return app


def test_previous_month_across_the_year() -> None:
    assert previous_month(date(2027, 1, 15)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert previous_month(date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))


def test_a_failing_company_does_not_stop_the_others(desk: Desk) -> None:
    seen: list[tuple[int, int, str]] = []
    items = desk.bulk.run(BulkAction.CHECK, [CONNECTED[0], NEVER, CONNECTED[1]], progress=lambda *a: seen.append(a))
    assert [(i.nip, i.ok) for i in items] == [(CONNECTED[0], True), (NEVER, False), (CONNECTED[1], True)]
    assert isinstance(items[1].error, NotAuthorized) and items[1].summary.text("pl")
    assert seen[0] == (0, 3, CONNECTED[0]) and seen[-1] == (3, 3, "")

    synced = desk.bulk.run(BulkAction.SYNC, list(CONNECTED))
    assert all(i.ok for i in synced)
    for item in synced:  # the seeded invoices are purchases: each direction is counted apart
        bought = len(desk.invoices.list(desk.companies.get(item.nip).id))
        assert item.summary.text("en").startswith(f"New invoices: purchase {bought}, sales 0")
    assert all(desk.invoices.list(desk.companies.get(nip).id) for nip in CONNECTED)


def test_a_cancel_stops_before_the_next_company(desk: Desk) -> None:
    cancel = CancelToken()

    def progress(done: int, total: int, nip: str) -> None:
        if done == 1:
            cancel.cancel()

    items = desk.bulk.run(BulkAction.CHECK, [*CONNECTED, NEVER], cancel=cancel, progress=progress)
    assert [i.nip for i in items] == [CONNECTED[0]]


def test_export_of_last_month_writes_each_company_apart(desk: Desk, tmp_path: Path) -> None:
    desk.bulk.run(BulkAction.SYNC, list(CONNECTED))
    first, last = previous_month(date.today())
    out = tmp_path / "eksport"
    items = desk.bulk.run(BulkAction.EXPORT_LAST_MONTH, list(CONNECTED), folder=out)
    assert all(i.ok for i in items)
    written = 0
    for nip in CONNECTED:
        stored = desk.invoices.list(desk.companies.get(nip).id)
        # purchase invoices count from the day KSeF received them (their acquisitionDate), not their issue date
        expected = [i for i in stored if first <= date.fromisoformat(str(i.acquisition_date)[:10]) <= last]
        assert all(i.direction is Direction.PURCHASE for i in stored)
        files = sorted((out / nip).rglob("*.xml"))
        assert len(files) == len(expected)
        assert all(f.parent.name == f"{first:%m}" for f in files)
        written += len(files)
    assert written  # the seeded months include the previous one: the check above is not vacuous
