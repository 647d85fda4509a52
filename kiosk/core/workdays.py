"""The official working-day calendar (`config/holidays.yaml`): which days a department works, for counting a
promised date in working days. A public holiday is not one, though it falls on a weekday; a weekend day worked
instead (调休上班) is one. Past the years the file lists, Monday to Friday are the working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kiosk import CONFIG_DIR
from kiosk.base.errors import ConfigError
from kiosk.base.validation import load_model

HOLIDAYS_FILE = CONFIG_DIR / "holidays.yaml"


class Holiday(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    name: Annotated[str, Field(min_length=1, max_length=10)]
    first: dt.date = Field(alias="from")
    last: dt.date = Field(alias="to")

    @model_validator(mode="after")
    def _in_order(self) -> Holiday:
        if self.last < self.first or (self.last - self.first).days > 15:
            raise ValueError(f"{self.name}: 'to' must be on or after 'from', at most 15 days on")
        return self


class Year(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    official: bool
    source: Annotated[str, Field(min_length=1)]
    holidays: list[Holiday]
    workdays: list[dt.date]


class CalendarFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    years: dict[int, Year]


@dataclass(frozen=True)
class WorkCalendar:
    off: frozenset[dt.date] = frozenset()  # public holidays
    work: frozenset[dt.date] = frozenset()  # weekend days worked instead

    def is_working_day(self, day: dt.date) -> bool:
        return day in self.work or (day.weekday() < 5 and day not in self.off)

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The day `count` working days after `day` (the day itself when `count` is 0: done at once)."""
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


def load_calendar(path: Path = HOLIDAYS_FILE) -> WorkCalendar:
    parsed = load_model(path, CalendarFile, "节假日安排 (holiday calendar) ")
    off: set[dt.date] = set()
    work: set[dt.date] = set()
    for year, entry in parsed.years.items():
        for holiday in entry.holidays:
            days = {holiday.first + dt.timedelta(days=n) for n in range((holiday.last - holiday.first).days + 1)}
            if any(d.year != year for d in days):
                raise ConfigError(f"{path}: {year} {holiday.name} is not in {year}")
            off |= days
        for day in entry.workdays:
            if day.year != year or day.weekday() < 5:
                raise ConfigError(f"{path}: {day} is listed as a weekend day worked in {year}, and is not one")
        work |= set(entry.workdays)
    if off & work:
        raise ConfigError(f"{path}: {', '.join(sorted(str(d) for d in off & work))} both a holiday and worked")
    return WorkCalendar(frozenset(off), frozenset(work))
