"""The client's rate-limit budget of each context: when its recent requests went out, any Retry-After
block KSeF imposed, and the limits KSeF last reported (``GET /rate-limits``).

KSeF counts per context over sliding windows of up to an hour, so a budget kept only in memory is
wrong after a restart (a sync killed halfway and started again) and when the window and the command
line work on the same data folder at once. ``FolderBudgets`` therefore keeps one small JSON file per
context beside the database (``ratelimits/``), read and rewritten under a ``ProcessLock`` for each
request: written to a temporary file and atomically renamed over the old one, so a kill at any moment
leaves the old or the new state; a file that cannot be read (damaged, another version) counts as empty.
Only send times, blocks and limits are stored: no token or other secret.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ksefdesk.core.rate_limits import Limit, forget_before
from ksefdesk.services.locks import ProcessLock, lock_path, make_private_dirs

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
LOCK_TIMEOUT_S = 5.0  # the lock is held for a read-modify-write of a few KB: only a hung process holds it longer
MAX_BLOCK_S = 24 * 3600.0  # a Retry-After beyond a day (or a clock that jumped) is not honoured beyond that
_WINDOWS = (1.0, 60.0, 3600.0)


@dataclass
class ContextBudget:
    """One context's state. Times are wall-clock seconds (shared by processes and restarts)."""

    hits: dict[str, list[float]] = field(default_factory=dict)  # group -> sorted send times
    blocked_until: dict[str, float] = field(default_factory=dict)  # group -> end of a Retry-After
    limits: dict[str, Limit] = field(default_factory=dict)  # what GET /rate-limits said
    limits_next_at: float = 0.0  # when GET /rate-limits is due again (0 = never read)

    def trim(self, group: str, limits: tuple[int | None, int | None, int | None], now: float, slack: float) -> None:
        """Forget what no window of ``group`` can count any more (at most an hour back)."""
        longest = max((w for w, limit in zip(_WINDOWS, limits, strict=True) if limit is not None), default=0.0)
        hits = self.hits.get(group)
        if hits is not None:
            forget_before(hits, now - longest - slack)
            if not hits:
                del self.hits[group]
        if self.blocked_until.get(group, now + 1) <= now:
            del self.blocked_until[group]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            # rounded up to the millisecond: a stored time is never earlier than the real one
            "hits": {g: [math.ceil(t * 1000) / 1000 for t in times] for g, times in self.hits.items() if times},
            "blocked": self.blocked_until,
            "limits": {g: limit.to_wire() for g, limit in self.limits.items()},
            "limitsNextAt": self.limits_next_at,
        }

    @classmethod
    def from_json(cls, data: Any, now: float) -> ContextBudget:
        """Whatever can be trusted of a stored state; times in the future (the clock went back) count as now."""
        budget = cls()
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            return budget
        for group, times in dict(data.get("hits") or {}).items():
            if not isinstance(group, str) or not isinstance(times, list):
                continue
            try:
                clean = sorted(float(t) for t in times)  # stored sorted: sorting again costs next to nothing
            except (TypeError, ValueError):
                continue
            if clean and not (math.isfinite(clean[0]) and math.isfinite(clean[-1])):
                clean = [t for t in clean if math.isfinite(t)]
            if clean and clean[-1] > now:
                clean = [min(t, now) for t in clean]
            if clean:
                budget.hits[group] = clean
        for group, until in dict(data.get("blocked") or {}).items():
            if isinstance(group, str) and isinstance(until, int | float) and math.isfinite(until):
                budget.blocked_until[group] = min(float(until), now + MAX_BLOCK_S)
        for group, values in dict(data.get("limits") or {}).items():
            if isinstance(group, str) and isinstance(values, dict):
                with contextlib.suppress(ValueError):
                    budget.limits[group] = Limit.from_wire(values)
        next_at = data.get("limitsNextAt")
        if isinstance(next_at, int | float) and math.isfinite(next_at):
            budget.limits_next_at = min(float(next_at), now + 7 * 24 * 3600.0)
        return budget


class BudgetStore(Protocol):
    def open(self, scope: str, now: float) -> contextlib.AbstractContextManager[ContextBudget]:
        """The context's budget, exclusively (other threads and processes wait); saved on exit."""
        ...

    def peek(self, scope: str, now: float) -> ContextBudget:
        """A read-only copy of the context's budget (for showing it)."""
        ...


class MemoryBudgets:
    """Budgets of one process only (tests, benchmarks, a client without a data folder)."""

    def __init__(self) -> None:
        self._budgets: dict[str, ContextBudget] = {}
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def open(self, scope: str, now: float) -> Iterator[ContextBudget]:
        with self._lock:
            yield self._budgets.setdefault(scope, ContextBudget())

    def peek(self, scope: str, now: float) -> ContextBudget:
        with self._lock:
            budget = self._budgets.get(scope, ContextBudget())
            return ContextBudget.from_json(json.loads(json.dumps(budget.to_json())), now)


def file_name(scope: str) -> str:
    """A safe file name for a context (a NIP stays readable; anything else gets a hash suffix)."""
    if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", scope):
        return scope
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "_", scope)[:40]
    return f"{cleaned}-{hashlib.sha256(scope.encode()).hexdigest()[:12]}"


class FolderBudgets:
    """Budgets shared by every process on one data folder: ``ratelimits/<context>.json`` beside the
    database, each read-modify-write under the context's ``ProcessLock`` (``locks/ratelimits-<context>``)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.folder = database.parent / "ratelimits"
        self._lock = threading.Lock()  # one thread of this process at a time (flock is per open file)
        self._unsaved: dict[str, ContextBudget] = {}  # budgets a failed write kept in memory only
        self._swept = False

    def path(self, scope: str) -> Path:
        return self.folder / f"{file_name(scope)}.json"

    def _load(self, scope: str, now: float) -> ContextBudget:
        """The stored budget, read afresh each time (a few KB): another process may have replaced it."""
        path = self.path(scope)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return self._unsaved.get(scope) or ContextBudget()
        except (OSError, ValueError) as exc:
            log.warning("rate-limit state %s unreadable (%s): starting from an empty one", path.name, exc)
            return self._unsaved.get(scope) or ContextBudget()
        return ContextBudget.from_json(data, now)

    def _save(self, scope: str, budget: ContextBudget) -> None:
        path = self.path(scope)
        make_private_dirs(self.folder)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        payload = json.dumps(budget.to_json(), separators=(",", ":")).encode()
        try:
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                handle.write(payload)
            os.replace(temporary, path)  # atomic: readers see the old or the new file, never a torn one
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._unsaved.pop(scope, None)

    @contextlib.contextmanager
    def open(self, scope: str, now: float) -> Iterator[ContextBudget]:
        with self._lock:
            shared = ProcessLock(lock_path(self.database, f"ratelimits-{file_name(scope)}"))
            if not shared.acquire_wait(LOCK_TIMEOUT_S):
                # A process hangs while holding the lock: pacing from this process's own view beats stopping.
                log.warning("rate-limit state of %s locked for over %.0f s: using it unlocked", scope, LOCK_TIMEOUT_S)
            try:
                if not self._swept:
                    self._sweep()
                budget = self._load(scope, now)
                yield budget
                try:
                    self._save(scope, budget)
                except OSError as exc:  # a full disk must not stop the request: the state is then only in memory
                    log.warning("rate-limit state of %s not saved: %s", scope, exc)
                    self._unsaved[scope] = budget
            finally:
                shared.release()

    def peek(self, scope: str, now: float) -> ContextBudget:
        with self._lock:  # no file lock: a replaced file is read whole, old or new
            budget = self._load(scope, now)
            return budget if budget is not self._unsaved.get(scope) else ContextBudget.from_json(budget.to_json(), now)

    def _sweep(self) -> None:
        """Remove temporary files a process killed mid-write left behind (a live write takes milliseconds)."""
        self._swept = True
        with contextlib.suppress(OSError):
            for leftover in self.folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    if time.time() - leftover.stat().st_mtime > 60:
                        leftover.unlink()
