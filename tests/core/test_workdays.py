"""The working-day calendar: promised dates counted in working days never land on a public holiday, and a
weekend day worked instead counts; the file is checked when it is read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.base.errors import ConfigError
from kiosk.core.workdays import load_calendar

CALENDAR = load_calendar()
D = dt.date


def test_the_2026_holidays_are_not_working_days_and_the_weekends_worked_are() -> None:
    assert not CALENDAR.is_working_day(D(2026, 10, 5))  # 国庆 on a Monday
    assert not CALENDAR.is_working_day(D(2026, 2, 23))  # 春节's last day, a Monday
    assert CALENDAR.is_working_day(D(2026, 10, 10))  # a Saturday worked instead
    assert CALENDAR.is_working_day(D(2026, 2, 14))
    assert not CALENDAR.is_working_day(D(2026, 10, 11))  # an ordinary Sunday
    assert CALENDAR.is_working_day(D(2026, 10, 8))


def test_a_promise_counted_across_a_holiday_skips_it() -> None:
    # Accepted on Tuesday 29 September 2026, 3 working days: 30 Sep, then 8 and 9 Oct (1-7 Oct off).
    assert CALENDAR.add_working_days(D(2026, 9, 29), 3) == D(2026, 10, 9)
    # Accepted on Friday 9 October: Saturday 10 October is worked, so one working day later is that Saturday.
    assert CALENDAR.add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)
    assert CALENDAR.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CALENDAR.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert CALENDAR.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)  # done at once: the day itself


def test_no_promise_of_20_working_days_or_less_falls_on_a_holiday_in_2026_and_2027() -> None:
    holidays = CALENDAR.off
    day = D(2026, 1, 1)
    while day < D(2027, 12, 1):
        for count in (1, 3, 5, 10, 15, 20):
            promised = CALENDAR.add_working_days(day, count)
            assert promised not in holidays and CALENDAR.is_working_day(promised), (day, count)
        day += dt.timedelta(days=1)


def test_the_2027_statutory_holidays_are_there_before_the_notice() -> None:
    for day in (D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 10, 1), D(2027, 10, 3)):
        assert not CALENDAR.is_working_day(day), day
    assert CALENDAR.is_working_day(D(2028, 1, 3))  # past the file: Monday to Friday


@pytest.mark.parametrize("body, words", [
    ("years: {2026: {official: true, source: x, holidays: [{name: 国庆节, from: 2026-10-07, to: 2026-10-01}],"
     " workdays: []}}", "'to' must be on or after"),
    ("years: {2026: {official: true, source: x, holidays: [], workdays: [2026-10-12]}}", "is not one"),
    ("years: {2026: {official: true, source: x, holidays: [{name: 元旦, from: 2027-01-01, to: 2027-01-01}],"
     " workdays: []}}", "is not in 2026"),
    ("years: {2026: {official: true, source: x, holidays: [{name: x, from: 2026-10-10, to: 2026-10-10}],"
     " workdays: [2026-10-10]}}", "both a holiday and worked"),
])
def test_a_wrong_calendar_file_is_refused_with_its_fault(tmp_path: Path, body: str, words: str) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_calendar(path)
