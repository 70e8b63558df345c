"""KSeF's rate-limit groups (the spec's ``x-rate-limits``), shared by the client and the sandbox.

``None`` in a ``Limit`` means "no limit" for that window; on the wire (``GET /rate-limits``, the
contract's EffectiveApiRateLimitValues) KSeF writes it as ``-1``.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

UNLIMITED = -1  # GET /rate-limits: "no limit" for a window


@dataclass(frozen=True)
class Limit:
    per_second: int | None
    per_minute: int | None = None
    per_hour: int | None = None

    @property
    def windows(self) -> tuple[int | None, int | None, int | None]:
        return (self.per_second, self.per_minute, self.per_hour)

    @property
    def unlimited(self) -> bool:
        return self.windows == (None, None, None)

    def to_wire(self) -> dict[str, int]:
        """The contract's EffectiveApiRateLimitValues: every window present, -1 for none."""
        second, minute, hour = (UNLIMITED if value is None else value for value in self.windows)
        return {"perSecond": second, "perMinute": minute, "perHour": hour}

    @classmethod
    def from_wire(cls, values: Mapping[str, Any]) -> Limit:
        """Parse ``{"perSecond", "perMinute", "perHour"}``: negative or missing = no limit; ``ValueError``
        for anything that is not a whole number."""

        def window(name: str) -> int | None:
            value = values.get(name)
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} is not a whole number: {value!r}")
            return None if value < 0 else value

        return cls(window("perSecond"), window("perMinute"), window("perHour"))


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
    "global": Limit(None),  # every request of one IP address (2.8.0); off on KSeF today
}
GLOBAL = "global"
# Groups GET /rate-limits reports (the 2.8.1 contract's EffectiveApiRateLimits, all required), in its order.
REPORTED = (
    "onlineSession",
    "onlineSessionClose",
    "batchSession",
    "batchSessionClose",
    "invoiceSend",
    "invoiceStatus",
    "sessionList",
    "sessionInvoiceList",
    "sessionMisc",
    "invoiceMetadata",
    "invoiceExport",
    "invoiceExportStatus",
    "invoiceDownload",
    "collectiveIdentifier",
    "other",
    "anonymous",
    "global",
)
# Groups POST /testdata/rate-limits must carry (the contract's ApiRateLimitsOverride, all required): the
# reported ones but the 2.8 close groups and the two KSeF sets itself.
OVERRIDE_REQUIRED = tuple(
    g for g in REPORTED if g not in ("onlineSessionClose", "batchSessionClose", "anonymous", GLOBAL)
)


def parse_reported(body: Any) -> dict[str, Limit]:
    """The groups of a ``GET /rate-limits`` answer that parse; unknown (newer) groups are kept too,
    malformed entries are skipped so that one odd value never costs the others."""
    limits: dict[str, Limit] = {}
    if not isinstance(body, Mapping):
        return limits
    for group, values in body.items():
        if isinstance(group, str) and isinstance(values, Mapping):
            try:
                limits[group] = Limit.from_wire(values)
            except ValueError:
                continue
    return limits


WINDOWS = ((1.0, "second"), (60.0, "minute"), (3600.0, "hour"))


@dataclass(frozen=True)
class Wait:
    """How long until one more request fits (0 = now), and which window is full."""

    seconds: float
    window: str = ""
    limit: int = 0


def wait_for(
    hits: Sequence[float], limits: tuple[int | None, int | None, int | None], now: float, slack: float = 0.0
) -> Wait:
    """How long until one more request fits, given the sorted times of earlier ones (``None`` = no limit).

    ``slack`` lengthens every window: a client counts send times, the server receipt times, so a
    client keeps a little headroom against network jitter."""
    longest = Wait(0.0)
    for (window, name), limit in zip(WINDOWS, limits, strict=True):
        if limit is None:
            continue
        seconds = window + slack
        first_inside = bisect.bisect_right(hits, now - seconds)
        in_window = len(hits) - first_inside
        if limit <= 0:  # nothing may be sent: wait out the window (never a valid KSeF value, but safe)
            wait = seconds
        elif in_window >= limit:
            wait = hits[len(hits) - limit] + seconds - now
        else:
            continue
        if wait > longest.seconds:
            longest = Wait(wait, name, max(limit, 0))
    return longest


def forget_before(hits: list[float], moment: float) -> None:
    """Drop the times at or before ``moment`` from a sorted list (in place)."""
    del hits[: bisect.bisect_right(hits, moment)]


class SlidingWindows:
    """Request times per key over the last hour; answers when the next one fits in all three windows.

    Not thread-safe by itself: callers hold their own lock around ``wait`` + ``record``.
    """

    def __init__(self) -> None:
        self._hits: dict[object, list[float]] = {}

    def wait(
        self, key: object, limits: tuple[int | None, int | None, int | None], now: float, slack: float = 0.0
    ) -> Wait:
        hits = self._hits.setdefault(key, [])
        forget_before(hits, now - 3600 - slack)
        return wait_for(hits, limits, now, slack)

    def count(self, key: object, since: float) -> int:
        hits = self._hits.get(key, [])
        return len(hits) - bisect.bisect_right(hits, since)

    def record(self, key: object, now: float) -> None:
        bisect.insort(self._hits.setdefault(key, []), now)

    def clear(self) -> None:
        self._hits.clear()
