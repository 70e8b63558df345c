"""core.sync_eta: hand-computed cases of when each company's sync runs and when all are up to date."""

from __future__ import annotations

from ksefdesk.core.sync_eta import CompanyFacts, GroupNeed, fit_requests, plan

NOW = 1_800_000_000.0
EXPORT = (8, 16, 20)  # invoiceExport: per second, minute, hour


def exports(count: int, hits: tuple[float, ...] = (), blocked_until: float = 0.0) -> GroupNeed:
    return GroupNeed("invoiceExport", count, EXPORT, hits, blocked_until)


# the hour used up: 20 exports sent 3500 s ago and every 10 s after (the last one 3310 s ago)
FULL_HOUR = tuple(NOW - 3500 + 10 * i for i in range(20))


def test_nothing_in_the_way_runs_when_due_and_ends_after_its_work() -> None:
    office = plan([CompanyFacts("A", NOW + 600, (exports(3),), 30.0)], NOW, slots=2)
    eta = office.of("A")
    assert eta is not None
    assert (eta.runs_at, eta.done_at, eta.held_by, eta.waits_for_slot) == (NOW + 600, NOW + 630, "", False)
    assert office.all_done_at == NOW + 630 and office.unplanned == ()


def test_a_used_up_hour_delays_each_export_until_an_old_one_leaves_the_window() -> None:
    # first: the oldest hit leaves at -3500 + 3600 = +100; then the next ones at +110 and +120
    fit = fit_requests([exports(3, FULL_HOUR)], NOW)
    assert (fit.first, fit.last, fit.held_by, fit.held_window) == (NOW + 100, NOW + 120, "invoiceExport", "hour")
    office = plan([CompanyFacts("A", NOW, (exports(3, FULL_HOUR),), 30.0)], NOW, slots=2)
    eta = office.of("A")
    assert eta is not None and (eta.runs_at, eta.done_at) == (NOW + 100, NOW + 120)
    assert (eta.held_by, eta.held_window) == ("invoiceExport", "hour")


def test_a_full_minute_waits_for_the_minute_only() -> None:
    minute = tuple([NOW - 30] * 16)  # 16 a minute: all sent 30 s ago, free again at +30
    fit = fit_requests([exports(1, minute)], NOW)
    assert (fit.first, fit.held_window) == (NOW + 30, "minute")


def test_a_retry_after_block_holds_the_group_until_it_ends() -> None:
    fit = fit_requests([exports(1, blocked_until=NOW + 300)], NOW)
    assert (fit.first, fit.last, fit.held_window) == (NOW + 300, NOW + 300, "retry-after")


def test_contexts_are_independent_but_slots_are_shared_least_recently_served_first() -> None:
    # slots 2; C never served, B served before A: C and B start now, A when the first slot frees (+60)
    facts = [
        CompanyFacts("A", NOW, (exports(3),), 60.0, queue_key=NOW - 100),
        CompanyFacts("B", NOW, (exports(3),), 60.0, queue_key=NOW - 500),
        CompanyFacts("C", NOW, (exports(3),), 60.0),
    ]
    office = plan(facts, NOW, slots=2)
    got = {eta.nip: (eta.runs_at, eta.done_at, eta.waits_for_slot) for eta in office.companies}
    assert got == {"A": (NOW + 60, NOW + 120, True), "B": (NOW, NOW + 60, False), "C": (NOW, NOW + 60, False)}
    assert office.all_done_at == NOW + 120


def test_one_companys_used_up_budget_never_delays_another_company_with_a_free_slot() -> None:
    facts = [
        CompanyFacts("A", NOW, (exports(3, FULL_HOUR),), 30.0),
        CompanyFacts("B", NOW, (exports(3),), 30.0),
    ]
    office = plan(facts, NOW, slots=2)
    assert [(e.nip, e.done_at) for e in office.companies] == [("A", NOW + 120), ("B", NOW + 30)]


def test_a_run_waiting_in_the_limiter_keeps_its_slot_so_the_next_company_waits_too() -> None:
    # one slot: A (served first) holds it until its last export at +120; B starts then, ends at +150
    facts = [
        CompanyFacts("A", NOW, (exports(3, FULL_HOUR),), 30.0),
        CompanyFacts("B", NOW, (exports(3),), 30.0, queue_key=0.0),
    ]
    office = plan(facts, NOW, slots=1)
    b = office.of("B")
    assert b is not None and (b.runs_at, b.done_at, b.waits_for_slot) == (NOW + 120, NOW + 150, True)
    assert office.all_done_at == NOW + 150


def test_a_running_company_holds_a_slot_until_its_estimated_end() -> None:
    facts = [
        CompanyFacts("A", None, (), 60.0, running_since=NOW - 20),  # ends at -20 + 60 = +40
        CompanyFacts("B", NOW - 5, (exports(3),), 10.0),  # overdue: as soon as the slot frees
    ]
    office = plan(facts, NOW, slots=1)
    a, b = office.of("A"), office.of("B")
    assert a is not None and a.running and a.done_at == NOW + 40
    assert b is not None and (b.runs_at, b.done_at) == (NOW + 40, NOW + 50)


def test_companies_without_a_planned_sync_are_listed_apart_and_not_waited_for() -> None:
    facts = [CompanyFacts("A", None, (), 30.0), CompanyFacts("B", NOW + 60, (exports(3),), 30.0)]
    office = plan(facts, NOW, slots=2)
    assert office.unplanned == ("A",) and office.of("A") is None
    assert office.all_done_at == NOW + 90
    assert plan([CompanyFacts("A", None, (), 30.0)], NOW, slots=2).all_done_at is None


def test_a_later_due_run_waits_for_its_time_even_with_free_slots() -> None:
    facts = [CompanyFacts("A", NOW + 900, (exports(3),), 30.0), CompanyFacts("B", NOW, (exports(3),), 30.0)]
    office = plan(facts, NOW, slots=1)
    assert [(e.nip, e.runs_at) for e in office.companies] == [("A", NOW + 900), ("B", NOW)]
    assert office.all_done_at == NOW + 930
