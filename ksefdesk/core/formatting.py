"""Dates and times as people read them: 24.11.2026, 09:23 in Polish; local time, never raw ISO."""

from __future__ import annotations

from datetime import date, datetime

from ksefdesk.core.errors import Lang


def format_date(value: date | datetime, lang: Lang) -> str:
    if isinstance(value, datetime):
        value = value.astimezone().date() if value.tzinfo else value.date()
    return value.strftime("%d.%m.%Y") if lang == "pl" else value.strftime("%d %b %Y")


def format_datetime(value: datetime, lang: Lang) -> str:
    """Local time, to the minute."""
    local = value.astimezone() if value.tzinfo else value
    if lang == "pl":
        return local.strftime("%d.%m.%Y, %H:%M")
    return local.strftime("%d %b %Y, %H:%M")
