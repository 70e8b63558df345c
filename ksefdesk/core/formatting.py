"""Numbers, amounts and dates as people read them, in one place: 12 345,60 and 24.11.2026, 09:23 in
Polish, 12,345.60 and 24 Nov 2026 in English (no day/month order to guess); always local time, never raw ISO."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ksefdesk.core.errors import Lang

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Polish groups thousands with a non-breaking space so an amount never wraps in the middle.
_GROUP_PL = "\u00a0"


def _decimal_comma(shown: str, lang: Lang, *, group: str = _GROUP_PL) -> str:
    """English digits ("12,345.60") in the language's notation."""
    if lang != "pl":
        return shown
    return shown.replace(",", "\0").replace(".", ",").replace("\0", group)


def format_amount(value: Decimal, lang: Lang) -> str:
    """12345.6 -> "12 345,60" (Polish) or "12,345.60" (English): at least two places, more if the value has them."""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return _decimal_comma(f"{value:,.{places}f}", lang)


def format_money(value: Decimal | float, lang: Lang) -> str:
    """Exactly two places, as a transfer shows it: "1 234,50" (Polish, plain spaces) or "1,234.50" (English)."""
    return _decimal_comma(f"{value:,.2f}", lang, group=" ")


def format_money_plain(value: Decimal | float, lang: Lang) -> str:
    """Exactly two places, ungrouped, as a bank form takes it: "1234,50" (Polish) or "1234.50" (English)."""
    return _decimal_comma(f"{value:.2f}", lang)


def format_quantity(value: Decimal, lang: Lang) -> str:
    """A quantity as written, without trailing zeros: 2.500 -> "2,5" (Polish) or "2.5" (English)."""
    return _decimal_comma(f"{value.normalize():f}", lang)


def format_editable(value: Decimal, lang: Lang) -> str:
    """A number for an edit field, as typed (no grouping, no exponent, the places it has): "7,50" / "7.50"."""
    return _decimal_comma(format(value, "f"), lang)


def format_date(day: date | datetime, lang: Lang) -> str:
    """A date; a moment with a time zone is first turned into the local day."""
    if isinstance(day, datetime) and day.tzinfo is not None:
        day = day.astimezone()
    return f"{day:%d.%m.%Y}" if lang == "pl" else f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_bank_date(day: date, lang: Lang) -> str:
    """A date as a bank transfer form takes it: 24.11.2026 (Polish) or 2026-11-24 (English)."""
    return f"{day:%d.%m.%Y}" if lang == "pl" else f"{day:%Y-%m-%d}"


def date_edit_pattern(lang: Lang) -> str:
    """The same dates as ``format_date`` in Qt's display-format syntax (for QDateEdit)."""
    return "dd.MM.yyyy" if lang == "pl" else "d MMM yyyy"


def format_moment(moment: datetime, lang: Lang, *, seconds: bool = False) -> str:
    """24.11.2026, 09:23 in local time; a moment without a time zone is taken as local already."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{format_date(local.date(), lang)}, {clock}"
