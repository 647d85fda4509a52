"""The date picker's choices: the months and days offered, what a touch keeps, the ISO value it gives."""

from __future__ import annotations

import datetime as dt

from kiosk.core.catalog import FormField
from kiosk.core.datepick import DatePick, days, months, quick, start, touches, years
from kiosk.core.forms import field_error, form_errors

TODAY = dt.date(2026, 12, 4)


def test_the_picker_opens_on_the_fields_date_else_near_the_other_date_else_on_the_months() -> None:
    assert start("2026-10-08", TODAY) == DatePick(2026, 10, 8)
    assert start("", TODAY, near="2026-10-08") == DatePick(2026, 10)  # the discharge opens on the admission's month
    assert start("", TODAY) == DatePick(2026, 12, months_shown=True)
    assert start("2027-01-01", TODAY) == DatePick(2026, 12, months_shown=True)  # a date to come is not kept
    assert DatePick(2026, 10).other_month().with_month(9, TODAY) == DatePick(2026, 9)  # a month leads to its days


def test_no_day_after_today_and_no_day_past_the_months_end() -> None:
    offered = days(DatePick(2026, 12), TODAY)
    assert len(offered) == 31 and offered[3] == (4, True) and offered[4] == (5, False)
    assert len(days(DatePick(2024, 2), TODAY)) == 29 and len(days(DatePick(2025, 2), TODAY)) == 28
    assert [m for m, ok in months(DatePick(2026, 1), TODAY) if not ok] == []
    assert [m for m, ok in months(DatePick(2026, 12), TODAY) if ok] == list(range(1, 13))
    assert years(TODAY) == [2023, 2024, 2025, 2026]


def test_changing_year_or_month_drops_a_day_that_no_longer_fits() -> None:
    pick = DatePick(2024, 1, 31).with_month(2, TODAY)
    assert pick == DatePick(2024, 2) and pick.value == ""
    assert DatePick(2024, 1, 31, months_shown=True).with_month(3, TODAY) == DatePick(2024, 3, 31)
    assert DatePick(2025, 12, 20).with_year(2026, TODAY) == DatePick(2026, 12)  # 20 December 2026 is to come
    assert DatePick(2025, 11, 3).with_year(2026, TODAY) == DatePick(2026, 11, 3)


def test_a_picked_date_is_the_iso_value_the_form_accepts() -> None:
    admitted = FormField(key="admitted_on", label="入院日期", type="date")
    discharged = FormField(key="discharged_on", label="出院日期", type="date", not_before="admitted_on")
    first = start("", TODAY).with_month(10, TODAY).with_day(8).value
    second = start("", TODAY, near=first).with_day(15).value
    assert (first, second) == ("2026-10-08", "2026-10-15")
    assert field_error(admitted, first, TODAY) == ""
    assert form_errors([admitted, discharged], {"admitted_on": first, "discharged_on": second}, TODAY) == {}
    assert dict(quick(TODAY)) == {"今天": "2026-12-04", "昨天": "2026-12-03"}


def test_touches_count_a_quick_answer_as_one_and_only_what_differs_from_the_opening() -> None:
    assert touches("2026-12-03", TODAY) == 1
    assert touches("2026-10-08", TODAY) == 2  # month, day
    assert touches("2026-10-15", TODAY, near="2026-10-08") == 1  # day
    assert touches("2026-11-02", TODAY, near="2026-10-08") == 3  # 换月份, month, day
    assert touches("2025-03-01", TODAY) == 3  # year, month, day
