"""KSeF's rate-limit groups (the spec's ``x-rate-limits``), shared by the client and the sandbox."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    per_second: int
    per_minute: int | None = None
    per_hour: int | None = None


GROUPS: dict[str, Limit] = {
    "anonymous": Limit(60),
    "onlineSession": Limit(10, 30, 120),
    "onlineSessionClose": Limit(20, 60, 240),  # its own group since 2.8.0
    "invoiceSend": Limit(10, 30, 180),
    "batchSession": Limit(10, 20, 60),
    "batchSessionClose": Limit(20, 40, 120),  # its own group since 2.8.0
    "collectiveIdentifier": Limit(20, 120, 240),  # since 2.7.1
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
WINDOWS = ((1.0, "second"), (60.0, "minute"), (3600.0, "hour"))


@dataclass(frozen=True)
class Wait:
    """How long until one more request fits (0 = now), and which window is full."""

    seconds: float
    window: str = ""
    limit: int = 0


class SlidingWindows:
    """Request times per key over the last hour; answers when the next one fits in all three windows.

    Not thread-safe by itself: callers hold their own lock around ``wait`` + ``record``.
    """

    def __init__(self) -> None:
        self._hits: dict[object, deque[float]] = {}

    def wait(
        self, key: object, limits: tuple[int | None, int | None, int | None], now: float, slack: float = 0.0
    ) -> Wait:
        """``slack`` lengthens every window: a client counts send times, the server receipt times,
        so a client keeps a little headroom against network jitter."""
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - 3600 - slack:
            hits.popleft()
        longest = Wait(0.0)
        for (window, name), limit in zip(WINDOWS, limits, strict=True):
            if limit is None:
                continue
            seconds = window + slack
            in_window = sum(1 for t in reversed(hits) if t > now - seconds)
            if in_window >= limit:
                oldest_to_expire = hits[len(hits) - limit]
                wait = oldest_to_expire + seconds - now
                if wait > longest.seconds:
                    longest = Wait(wait, name, limit)
        return longest

    def count(self, key: object, since: float) -> int:
        return sum(1 for t in self._hits.get(key, ()) if t > since)

    def record(self, key: object, now: float) -> None:
        self._hits.setdefault(key, deque()).append(now)

    def clear(self) -> None:
        self._hits.clear()
