"""Offline invoicing: the modes KSeF defines and each invoice's legal send-by deadline.

| mode        | when                                  | send to KSeF by                                   |
| offline24   | the taxpayer's choice                 | the next business day after the issue date (P_1)  |
| unavailable | KSeF unavailability (announced)       | the next business day after it ends               |
| emergency   | a KSeF failure (awaria, announced)    | 7 business days after it ends                     |
A failure announced while an offline24/unavailable deadline runs moves it to 7 business days after the
failure ends. Business days skip weekends and Polish public holidays. A deadline is the end of that day
in Polish time.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from ksefdesk.core.errors import Bilingual, Lang

POLAND = ZoneInfo("Europe/Warsaw")
EMERGENCY_BUSINESS_DAYS = 7


class OfflineMode(enum.StrEnum):
    OFFLINE24 = "offline24"
    UNAVAILABLE = "unavailable"
    EMERGENCY = "emergency"

    def label(self, lang: Lang = "en") -> str:
        return _MODE_LABELS[self].text(lang)


_MODE_LABELS = {
    OfflineMode.OFFLINE24: Bilingual("offline24 (z wyboru)", "offline24 (by choice)"),
    OfflineMode.UNAVAILABLE: Bilingual("niedostępność KSeF", "KSeF unavailable"),
    OfflineMode.EMERGENCY: Bilingual("awaria KSeF", "KSeF failure"),
}


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return date(year, month, day)


@cache
def holidays(year: int) -> frozenset[date]:
    """Polish public holidays (days off work) of ``year``; Christmas Eve is one from 2025."""
    sunday = easter(year)
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if year >= 2025:
        fixed.append((12, 24))
    days = {date(year, month, day) for month, day in fixed}
    days |= {sunday, sunday + timedelta(days=1), sunday + timedelta(days=49), sunday + timedelta(days=60)}
    return frozenset(days)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_business_days(day: date, count: int) -> date:
    """The ``count``-th business day after ``day`` (1 = the next business day)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            count -= 1
    return current


def send_deadline(
    mode: OfflineMode, issue_date: date, *, outage_end: date | None = None, failure_end: date | None = None
) -> date | None:
    """The last day to send the invoice to KSeF; None while it depends on an outage that has not ended.
    ``outage_end``: the day the unavailability (or failure, for emergency) ended. ``failure_end``: the end
    of a failure announced while the deadline ran (it extends offline24/unavailable deadlines)."""
    if mode is OfflineMode.OFFLINE24:
        deadline: date | None = add_business_days(issue_date, 1)
    elif mode is OfflineMode.UNAVAILABLE:
        deadline = add_business_days(outage_end, 1) if outage_end else None
    else:
        return add_business_days(outage_end, EMERGENCY_BUSINESS_DAYS) if outage_end else None
    if failure_end is not None and deadline is not None:
        deadline = max(deadline, add_business_days(failure_end, EMERGENCY_BUSINESS_DAYS))
    return deadline


def deadline_moment(day: date) -> datetime:
    """The end of the deadline day, Polish time."""
    return datetime.combine(day, time(23, 59, 59), POLAND)
