"""Offline modes: Polish business days and each mode's legal send-by deadline."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksefdesk.core.offline import (
    OfflineMode,
    add_business_days,
    deadline_moment,
    easter,
    holidays,
    is_business_day,
    send_deadline,
)


@pytest.mark.parametrize(
    ("year", "sunday"), [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
                         (2027, date(2027, 3, 28))],
)  # fmt: skip
def test_easter(year: int, sunday: date) -> None:
    assert easter(year) == sunday


def test_polish_holidays_2026() -> None:
    days = holidays(2026)
    assert date(2026, 4, 6) in days  # Easter Monday
    assert date(2026, 6, 4) in days  # Corpus Christi
    assert date(2026, 12, 24) in days and date(2026, 11, 11) in days
    assert date(2024, 12, 24) not in holidays(2024)  # Christmas Eve is a day off only from 2025


@pytest.mark.parametrize(
    ("issued", "deadline"),
    [
        (date(2026, 11, 23), date(2026, 11, 24)),  # Monday -> Tuesday
        (date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 10), date(2026, 11, 12)),  # before Independence Day (Wednesday 11th)
        (date(2026, 12, 23), date(2026, 12, 28)),  # 24, 25, 26 Dec and the Sunday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday: the weekend and Easter Monday
    ],
)
def test_offline24_is_due_the_next_business_day(issued: date, deadline: date) -> None:
    assert send_deadline(OfflineMode.OFFLINE24, issued) == deadline


def test_outage_modes_wait_for_the_end_of_the_outage() -> None:
    issued = date(2026, 11, 23)
    assert send_deadline(OfflineMode.UNAVAILABLE, issued) is None
    assert send_deadline(OfflineMode.EMERGENCY, issued) is None
    assert send_deadline(OfflineMode.UNAVAILABLE, issued, outage_end=date(2026, 11, 25)) == date(2026, 11, 26)
    # 7 business days after Wednesday 25 Nov: Thu, Fri, Mon, Tue, Wed, Thu, Fri -> 4 Dec
    assert send_deadline(OfflineMode.EMERGENCY, issued, outage_end=date(2026, 11, 25)) == date(2026, 12, 4)


def test_a_failure_during_an_offline24_deadline_moves_it() -> None:
    moved = send_deadline(OfflineMode.OFFLINE24, date(2026, 11, 23), failure_end=date(2026, 11, 24))
    assert moved == date(2026, 12, 3)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 20))
def test_business_days_skip_weekends_and_holidays(day: date, count: int) -> None:
    later = add_business_days(day, count)
    assert is_business_day(later) and later > day
    between = [day.fromordinal(n) for n in range(day.toordinal() + 1, later.toordinal() + 1)]
    assert sum(is_business_day(d) for d in between) == count


def test_the_deadline_ends_at_midnight_polish_time() -> None:
    moment = deadline_moment(date(2026, 7, 1))
    assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 7200  # CEST
    assert (moment.hour, moment.minute) == (23, 59)
