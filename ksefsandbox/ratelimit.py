"""KSeF's rate limits: sliding 1 s / 60 s / 3600 s windows per (context, group), plus the ``global``
group over every request of one IP address (API 2.8; ``-1`` = no limit, KSeF's default for it).

The values are the spec's ``x-rate-limits`` (ksefdesk.core.rate_limits; a test keeps them in step).
``scale`` multiplies them: 1 = production-like, 0 = off (tests and benchmarks). A context that set its
own values through ``/testdata/rate-limits`` (or asked for production ones) gets exactly those, as on
KSeF's TEST environment, whatever the scale.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ksefdesk.core.rate_limits import GLOBAL, GROUPS, Limit, SlidingWindows


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    window: str = ""
    limit: int = 0


Windows = tuple[int | None, int | None, int | None]


class RateLimiter:
    def __init__(self, scale: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.scale = scale
        self._clock = clock
        self._windows = SlidingWindows()
        self.overrides: dict[str, dict[str, Limit]] = {}  # per context: /testdata/rate-limits
        self._lock = threading.Lock()

    def configured(self, group: str, context: str = "") -> Limit:
        """The values KSeF reports for ``group`` in ``context`` (GET /rate-limits)."""
        return self.overrides.get(context, {}).get(group) or GROUPS.get(group, GROUPS["other"])

    def effective(self, group: str, context: str = "") -> Windows:
        """The enforced windows (``None`` = no limit), as GET /rate-limits reports them: overrides as
        set, defaults scaled, and with the limits off none at all (a client that adapts then needs not
        pace itself against a sandbox that counts nothing)."""
        limit = self.configured(group, context)
        if context in self.overrides:
            return limit.windows
        if self.scale <= 0:
            return (None, None, None)
        scale = self.scale
        return tuple(  # type: ignore[return-value]
            None if value is None else max(1, math.floor(value * scale)) for value in limit.windows
        )

    def _enforced(self, context: str) -> bool:
        return self.scale > 0 or context in self.overrides

    def check(self, scope: str, group: str, ip: str = "") -> Verdict:
        """Count one request unless a window is full (its group's, or the global one of ``ip``); a
        refused request is not counted. ``scope`` is the context, or the IP for anonymous calls."""
        if not self._enforced(scope):
            return Verdict(True)
        now = self._clock()
        checks: list[tuple[tuple[str, str], Windows]] = [((scope, group), self.effective(group, scope))]
        global_limits = self.effective(GLOBAL, scope)
        if ip and global_limits != (None, None, None):
            checks.append(((ip, GLOBAL), global_limits))
        with self._lock:
            for key, limits in checks:
                wait = self._windows.wait(key, limits, now)
                if wait.seconds > 0:
                    return Verdict(False, max(1, math.ceil(wait.seconds)), wait.window, wait.limit)
            for key, _ in checks:
                self._windows.record(key, now)
        return Verdict(True)

    def set_overrides(self, context: str, limits: Mapping[str, Limit]) -> None:
        """/testdata/rate-limits: ``limits`` replace the context's values (other groups keep theirs)."""
        with self._lock:
            current = self.overrides.setdefault(context, {})
            current.update(limits)
            self._windows.clear()

    def production(self, context: str) -> None:
        """/testdata/rate-limits/production: the context gets KSeF's production values, enforced."""
        with self._lock:
            self.overrides[context] = dict(GROUPS)
            self._windows.clear()

    def drop_overrides(self, context: str) -> None:
        """DELETE /testdata/rate-limits: back to the defaults."""
        with self._lock:
            self.overrides.pop(context, None)
            self._windows.clear()

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
