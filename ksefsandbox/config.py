"""What the sandbox is told at start-up (its timings and limits) and what it does wrong on purpose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SandboxConfig:
    challenge_ttl_s: float = 600.0
    operation_token_ttl_s: float = 2700.0
    access_token_ttl_s: float = 900.0
    refresh_token_ttl_s: float = 604800.0
    session_ttl_s: float = 12 * 3600.0
    token_activation_s: float = 0.5  # a new KSeF token is Pending this long, then Active
    rate_scale: float = 1.0
    metadata_max_range_days: int = 100  # metadata queries and exports, in UTC (API 2.7.1)
    max_truncation: int = 10_000
    export_part_bytes: int = 50_000_000
    url_ttl_s: float = 3600.0
    hwm_lag_s: float = 1.0  # permanent-storage high-water mark trails "now" by this much
    # KSeF itself does not recompute an invoice's totals (it checks the schema): off by default. On, an
    # invoice whose summary disagrees with its lines is refused with 450 (ksefsandbox/arithmetic.py), so
    # an invoicing program's arithmetic is judged by code independent of it.
    strict_arithmetic: bool = False


@dataclass
class Faults:
    """What the sandbox does wrong on purpose (CLI flags and POST /_sandbox/faults)."""

    error_rate: float = 0.0  # share of requests answered 500/502/503
    latency_s: float = 0.0  # added to every request
    drop_rate: float = 0.0  # share of connections closed without an answer
    burst_429: int = 0  # the next N API requests get 429
    maintenance: bool = False  # every API request gets 503, the status feed says MAINTENANCE
    outage: str = "AVAILABLE"  # the availability feed: AVAILABLE, MAINTENANCE, FAILURE, TOTAL_FAILURE
    messages: list[dict[str, Any]] = field(default_factory=list)
    system_warning: str = ""  # sent as X-System-Warning with every API answer
    session_unavailable_after: int = -1  # after N more accepted online sends, that session answers 21184; -1: off

    def update(self, values: dict[str, Any]) -> None:
        """All or nothing: every value is checked before any is set."""
        checked = {name: _fault_value(name, value) for name, value in values.items()}
        for name, value in checked.items():
            setattr(self, name, value)


_OUTAGES = ("AVAILABLE", "MAINTENANCE", "FAILURE", "TOTAL_FAILURE")


def number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{name!r} musi być liczbą z zakresu {low:g}..{high:g}")
    return float(value)


def _fault_value(name: str, value: Any) -> Any:
    if name in ("error_rate", "drop_rate"):
        return number(name, value, 0, 1)
    if name == "latency_s":
        return number(name, value, 0, 60)
    if name == "burst_429":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise ValueError("'burst_429' musi być liczbą całkowitą z zakresu 0..1000000")
        return value
    if name == "session_unavailable_after":
        if isinstance(value, bool) or not isinstance(value, int) or not -1 <= value <= 1_000_000:
            raise ValueError("'session_unavailable_after' musi być liczbą całkowitą z zakresu -1..1000000")
        return value
    if name == "maintenance":
        if not isinstance(value, bool):
            raise ValueError("'maintenance' musi mieć wartość true albo false")
        return value
    if name == "outage":
        if value not in _OUTAGES:
            raise ValueError(f"'outage' musi być jednym z: {', '.join(_OUTAGES)}")
        return value
    if name == "messages":
        if not isinstance(value, list) or len(value) > 100 or not all(isinstance(m, dict) for m in value):
            raise ValueError("'messages' musi być listą (najwyżej 100) obiektów")
        return list(value)
    if name == "system_warning":
        # A header value: one line of Latin-1 (HTTP headers carry nothing else).
        printable = isinstance(value, str) and all(32 <= ord(c) < 256 and ord(c) != 127 for c in value)
        if not printable or len(value) > 500:
            raise ValueError("'system_warning' musi być jednym wierszem tekstu Latin-1 (najwyżej 500 znaków)")
        return value
    raise ValueError(f"nieznana usterka {name!r}")
