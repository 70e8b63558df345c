"""When each company's next sync can run within KSeF's limits, and when all of them will be up to date.

Pure: the service layer gathers the facts (the scheduler's plan, the rate limiter's budget per context,
how much a sync has to fetch) and this module only reckons. Times are wall-clock seconds, as the
limiter stores them.

The model follows the code, not an ideal:
- KSeF counts per context (NIP), so one company's budget never delays another's;
- but one desktop runs at most ``slots`` syncs at a time (``SyncScheduler.max_parallel``, or one for a
  bulk run), started in the scheduler's order: due ones first, the one served least recently first;
- the scheduler starts a due run whatever its budget, and the run then waits inside the limiter while
  holding its slot, so a company out of budget delays the companies queued behind it too;
- a run's requests of one group go out as soon as the group's sliding windows (and any Retry-After
  block) let them; a run ends when its work is done, or with its last such request if later.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ksefdesk.core.rate_limits import wait_for

Windows = tuple[int | None, int | None, int | None]  # per second, minute, hour (None = no limit)


@dataclass(frozen=True)
class GroupNeed:
    """The requests of one rate-limit group a sync will send, and that group's budget in its context."""

    group: str
    requests: int
    windows: Windows
    hits: tuple[float, ...] = ()  # send times already counted (sorted)
    blocked_until: float = 0.0  # end of a Retry-After block (0 = none)


@dataclass(frozen=True)
class CompanyFacts:
    nip: str
    due_at: float | None  # when the scheduler plans the next run (None = none planned)
    needs: tuple[GroupNeed, ...]
    work_s: float  # how long a run takes when no limit holds it back
    queue_key: float = float("-inf")  # the scheduler's fair share: when it last started (lower goes first)
    running_since: float | None = None  # a run in progress (it holds a slot since then)


@dataclass(frozen=True)
class CompanyEta:
    nip: str
    runs_at: float | None  # when the next sync really gets going (None = none planned)
    done_at: float | None  # when the company will be up to date
    held_by: str = ""  # the group whose limit delays it most ("" = nothing of KSeF's)
    held_window: str = ""  # "second", "minute", "hour" or "retry-after"
    waits_for_slot: bool = False  # other companies' runs occupy every slot at its due time
    running: bool = False


@dataclass(frozen=True)
class OfficeEta:
    companies: tuple[CompanyEta, ...]
    all_done_at: float | None  # when every planned company is up to date (None = nothing planned)
    unplanned: tuple[str, ...] = ()  # NIPs with no sync planned (not counted in all_done_at)

    def of(self, nip: str) -> CompanyEta | None:
        return next((eta for eta in self.companies if eta.nip == nip), None)


@dataclass(frozen=True)
class _Fit:
    first: float  # when the first request can go
    last: float  # when the last one can go
    held_by: str
    held_window: str


def fit_requests(needs: Sequence[GroupNeed], start: float, slack: float = 0.0) -> _Fit:
    """When a run starting at ``start`` gets its requests through: each group sends as soon as its
    windows allow (as ``RateLimiter.acquire`` does), groups independently of each other."""
    first = last = start
    held_by, held_window, longest = "", "", 0.0
    for need in needs:
        hits = list(need.hits)
        moment = max(start, need.blocked_until)
        window = "retry-after" if need.blocked_until > start else ""
        group_first = moment
        for index in range(max(need.requests, 0)):
            wait = wait_for(hits, need.windows, moment, slack)
            if wait.seconds > 0:
                moment += wait.seconds
                window = window or wait.window
            if index == 0:
                group_first = moment
            bisect.insort(hits, moment)
        first, last = max(first, group_first), max(last, moment)
        if moment - start > longest and window:
            held_by, held_window, longest = need.group, window, moment - start
    return _Fit(first, last, held_by, held_window)


def plan(facts: Sequence[CompanyFacts], now: float, slots: int, slack: float = 0.0) -> OfficeEta:
    """Each planned company's next sync and end, and when all of them are up to date."""
    slots = max(slots, 1)
    results: dict[str, CompanyEta] = {}
    busy: list[float] = []  # end times of runs holding a slot
    for fact in facts:
        if fact.running_since is not None:
            fit = fit_requests(fact.needs, now, slack)  # what is left goes out from now on
            done = max(fact.running_since + fact.work_s, fit.last, now)
            held = (fit.held_by, fit.held_window)
            results[fact.nip] = CompanyEta(fact.nip, fact.running_since, done, *held, running=True)
            busy.append(done)
    pending = [f for f in facts if f.running_since is None and f.due_at is not None]
    moment = now
    while pending:
        busy = [end for end in busy if end > moment]
        due = sorted((f for f in pending if max(f.due_at or now, now) <= moment), key=lambda f: (f.queue_key, f.nip))
        if due and len(busy) < slots:
            fact = due[0]
            pending.remove(fact)
            due_at = max(fact.due_at or now, now)
            fit = fit_requests(fact.needs, moment, slack)
            done = max(moment + fact.work_s, fit.last)
            results[fact.nip] = CompanyEta(
                fact.nip, fit.first, done, fit.held_by, fit.held_window, waits_for_slot=moment > due_at
            )
            busy.append(done)
            continue
        # nothing can start now: the next moment something can (a slot frees, or a run falls due)
        moment = min(busy) if due else min(max(f.due_at or now, now) for f in pending)
    unplanned = tuple(f.nip for f in facts if f.nip not in results)
    ordered = tuple(results[f.nip] for f in facts if f.nip in results)
    ends = [eta.done_at for eta in ordered if eta.done_at is not None]
    return OfficeEta(ordered, max(ends) if ends else None, unplanned)
