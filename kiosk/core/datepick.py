"""The date picker's choices: a year, a month and a day touched on large grids, or 今天 / 昨天, never typed
digits. What it gives is the ISO `YYYY-MM-DD` a date field stores (kiosk.core.forms checks it as before).

Pure: the picker widget (kiosk/ui/widgets/pickers.py) shows what this says and sends the touches back."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from kiosk.base.i18n import N_
from kiosk.core.forms import parse_date

YEARS_SHOWN = 4  # this year and the three before: a bill or a stay older than that is not claimed at a kiosk


@dataclass(frozen=True)
class DatePick:
    """What is chosen so far; `day` is 0 until a day is touched (a month alone is not a date). The picker shows
    either the years and months (`months_shown`) or the picked month's days, never both: few keys, large."""

    year: int
    month: int
    day: int = 0
    months_shown: bool = False

    @property
    def value(self) -> str:
        return dt.date(self.year, self.month, self.day).isoformat() if self.day else ""

    def with_year(self, year: int, today: dt.date) -> DatePick:
        return _fitted(replace(self, year=year), today)

    def with_month(self, month: int, today: dt.date) -> DatePick:
        """The month chosen: its days are shown next."""
        return _fitted(replace(self, month=month, months_shown=False), today)

    def other_month(self) -> DatePick:
        return replace(self, months_shown=True)

    def with_day(self, day: int) -> DatePick:
        return replace(self, day=day)


def start(value: str, today: dt.date, near: str = "") -> DatePick:
    """Where the picker opens: on the days of the field's own date's month; else on the days of the month of
    `near` (the admission, for the discharge that may not be earlier); else on the months, this one marked."""
    own = parse_date(value)
    if own is not None and own <= today:
        return DatePick(own.year, own.month, own.day)
    other = parse_date(near)
    if other is not None and other <= today:
        return DatePick(other.year, other.month)
    return DatePick(today.year, today.month, months_shown=True)


def years(today: dt.date) -> list[int]:
    return list(range(today.year - YEARS_SHOWN + 1, today.year + 1))


def days(pick: DatePick, today: dt.date) -> list[tuple[int, bool]]:
    """Every day of the picked month with whether it can be chosen (no day after today)."""
    count = calendar.monthrange(pick.year, pick.month)[1]
    return [(d, dt.date(pick.year, pick.month, d) <= today) for d in range(1, count + 1)]


def months(pick: DatePick, today: dt.date) -> list[tuple[int, bool]]:
    return [(m, (pick.year, m) <= (today.year, today.month)) for m in range(1, 13)]


def quick(today: dt.date) -> list[tuple[str, str]]:
    """The quick answers: (what the button says, untranslated; the date)."""
    return [(N_("今天"), today.isoformat()), (N_("昨天"), (today - dt.timedelta(days=1)).isoformat())]


def touches(value: str, today: dt.date, near: str = "") -> int:
    """Touches to give `value` from where the picker opens: one for 今天 or 昨天; else 换月份 when it opened on
    the days of another month, the year where it differs, the month, and the day. (kiosk bench flow counts a
    citizen's taps with it.)"""
    if value in {day for _, day in quick(today)}:
        return 1
    wanted, opened = parse_date(value), start("", today, near)
    if wanted is None:
        raise ValueError(f"not a date: {value!r}")
    if (wanted.year, wanted.month) == (opened.year, opened.month) and not opened.months_shown:
        return 1
    return (not opened.months_shown) + (wanted.year != opened.year) + 1 + 1


def _fitted(pick: DatePick, today: dt.date) -> DatePick:
    """A month after today's in today's year goes back to today's month; a day past the month's end (31 in
    February) or after today is dropped, to be chosen again."""
    if (pick.year, pick.month) > (today.year, today.month):
        pick = replace(pick, month=today.month)
    if pick.day and (pick.day > calendar.monthrange(pick.year, pick.month)[1]
                     or dt.date(pick.year, pick.month, pick.day) > today):
        pick = replace(pick, day=0)
    return pick
