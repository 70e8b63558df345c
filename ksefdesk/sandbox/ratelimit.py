"""KSeF's rate limits: sliding 1 s / 60 s / 3600 s windows per (context, group).

The values are the spec's ``x-rate-limits`` (ksefdesk.core.rate_limits; a test keeps them in step).
``scale`` multiplies them: 1 = production-like, 0 = off (tests and benchmarks).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ksefdesk.core.rate_limits import GROUPS, Limit, SlidingWindows


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    window: str = ""
    limit: int = 0


class RateLimiter:
    def __init__(self, scale: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.scale = scale
        self._clock = clock
        self._windows = SlidingWindows()
        self.overrides: dict[str, Limit] = {}  # /testdata/rate-limits
        self._lock = threading.Lock()

    def effective(self, group: str) -> tuple[int | None, int | None, int | None]:
        limit = self.overrides.get(group, GROUPS[group])
        scale = self.scale if self.scale > 0 else 1.0  # "off" still reports the configured values
        return tuple(  # type: ignore[return-value]
            None if value is None else max(1, math.floor(value * scale))
            for value in (limit.per_second, limit.per_minute, limit.per_hour)
        )

    def check(self, scope: str, group: str) -> Verdict:
        """Count one request unless a window is full; a refused request is not counted."""
        if self.scale <= 0:
            return Verdict(True)
        now = self._clock()
        with self._lock:
            wait = self._windows.wait((scope, group), self.effective(group), now)
            if wait.seconds > 0:
                return Verdict(False, max(1, math.ceil(wait.seconds)), wait.window, wait.limit)
            self._windows.record((scope, group), now)
        return Verdict(True)

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
