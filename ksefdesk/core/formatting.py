"""Dates and times as people read them: 24.11.2026, 09:23 in Polish, 24 Nov 2026 in English (no
day/month order to guess); always local time, never raw ISO."""

from __future__ import annotations

from datetime import date, datetime

from ksefdesk.core.errors import Lang

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: date | datetime, lang: Lang) -> str:
    """A date; a moment with a time zone is first turned into the local day."""
    if isinstance(day, datetime) and day.tzinfo is not None:
        day = day.astimezone()
    return f"{day:%d.%m.%Y}" if lang == "pl" else f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_moment(moment: datetime, lang: Lang, *, seconds: bool = False) -> str:
    """24.11.2026, 09:23 in local time; a moment without a time zone is taken as local already."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{format_date(local.date(), lang)}, {clock}"
