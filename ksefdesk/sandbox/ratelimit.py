"""KSeF's rate limits: sliding 1 s / 60 s / 3600 s windows per (context, group).

The values are the spec's ``x-rate-limits`` (a test keeps them in step with open-api.json).
``scale`` multiplies them: 1 = production-like, 0 = off (tests and benchmarks).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    per_second: int
    per_minute: int | None = None
    per_hour: int | None = None


GROUPS: dict[str, Limit] = {
    "anonymous": Limit(60),
    "onlineSession": Limit(10, 30, 120),
    "invoiceSend": Limit(10, 30, 180),
    "batchSession": Limit(10, 20, 60),
    "invoiceStatus": Limit(30, 120, 1200),
    "sessionList": Limit(5, 10, 60),
    "sessionInvoiceList": Limit(10, 20, 200),
    "sessionMisc": Limit(10, 120, 1200),
    "invoiceMetadata": Limit(8, 16, 20),
    "invoiceExport": Limit(8, 16, 20),
    "invoiceExportStatus": Limit(10, 60, 600),
    "invoiceDownload": Limit(8, 16, 64),
    "other": Limit(10, 30, 120),
}
# Groups reported by GET /rate-limits (the spec's EffectiveApiRateLimits).
REPORTED = (
    "onlineSession",
    "batchSession",
    "invoiceSend",
    "invoiceStatus",
    "sessionList",
    "sessionInvoiceList",
    "sessionMisc",
    "invoiceMetadata",
    "invoiceExport",
    "invoiceExportStatus",
    "invoiceDownload",
    "other",
)


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
        self._hits: dict[tuple[str, str], deque[float]] = {}
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
            hits = self._hits.setdefault((scope, group), deque())
            while hits and hits[0] <= now - 3600:
                hits.popleft()
            for seconds, name, limit in zip(
                (1, 60, 3600), ("second", "minute", "hour"), self.effective(group), strict=True
            ):
                if limit is None:
                    continue
                in_window = [t for t in hits if t > now - seconds] if seconds < 3600 else hits
                if len(in_window) >= limit:
                    oldest = in_window[-limit]
                    retry = max(1, math.ceil(oldest + seconds - now))
                    return Verdict(False, retry, name, limit)
            hits.append(now)
        return Verdict(True)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
