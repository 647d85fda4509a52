"""三务公开's board as a small state machine: the station's notices (from the platform, or kept from an earlier day
when offline), one category of them a page at a time, or one notice open. The screen shows it with its buttons
and pictures and decides how many titles fit a page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.base.i18n import _
from kiosk.core.results import Notice


def category_name(code: str) -> str:
    """A notice category in words ("" is every category)."""
    return {"": _("全部"), "party": _("党务公开"), "village": _("村务公开"), "finance": _("财务公开")}.get(code, "")


def short_date(day: dt.date) -> str:
    return _("{month}月{day}日").format(month=day.month, day=day.day)


class Source(StrEnum):
    """Where the list came from."""

    LOADING = "loading"  # the platform is being asked
    PLATFORM = "platform"
    CACHED = "cached"  # offline: the notices kept on an earlier day
    OFFLINE = "offline"  # offline, and nothing kept


@dataclass
class NoticeBoard:
    notices: list[Notice] = field(default_factory=list)  # every notice of the station, newest first
    source: Source = Source.PLATFORM
    saved_at: str = ""  # the day the cached list was kept, when offline
    category: str = ""  # "" for every category
    page: int = 0
    shown: Notice | None = None  # the notice open

    # -- where the notices come from ------------------------------------------------------------------------
    def loading(self) -> None:
        self.source = Source.LOADING

    def fetched(self, notices: list[Notice]) -> None:
        self.notices, self.source = notices, Source.PLATFORM

    def offline(self, saved_at: str, notices: list[Notice]) -> None:
        """No platform: the notices kept on `saved_at`, if any were."""
        self.notices, self.saved_at = notices, saved_at
        self.source = Source.CACHED if notices else Source.OFFLINE

    def status(self) -> tuple[str, str]:
        """The lines above the list, in the language of the moment: (calm news, a problem in red)."""
        message = {Source.LOADING: _("正在读取公开内容…"),
                   Source.PLATFORM: "" if self.notices else _("本站暂时没有公开内容")}.get(self.source, "")
        notice = {Source.CACHED: _("网络暂时不通，显示的是{day}保存的内容").format(day=self.saved_at),
                  Source.OFFLINE: _("网络暂时不通，请稍后再看")}.get(self.source, "")
        return message, notice

    # -- the list, a page at a time -------------------------------------------------------------------------
    @property
    def chosen(self) -> list[Notice]:
        """The notices of the chosen category."""
        return [n for n in self.notices if self.category in ("", n.category)]

    def pages(self, per_page: int) -> int:
        return max(1, -(-len(self.chosen) // per_page))

    def page_at(self, per_page: int) -> int:
        """The page turned to, within the pages there are (larger type makes more of them)."""
        return min(self.page, self.pages(per_page) - 1)

    def listed(self, per_page: int) -> list[Notice]:
        """The notices of the page turned to, `per_page` of them at most."""
        first = self.page_at(per_page) * per_page
        return self.chosen[first : first + per_page]

    def choose(self, category: str) -> None:
        self.category, self.page = category, 0

    def turn(self, step: int, per_page: int) -> None:
        self.page = min(max(0, self.page_at(per_page) + step), self.pages(per_page) - 1)

    # -- one notice -----------------------------------------------------------------------------------------
    def notice(self, notice_id: str) -> Notice | None:
        return next((n for n in self.notices if n.id == notice_id), None)

    def open(self, notice: Notice) -> None:
        self.shown = notice

    def close(self) -> bool:
        """Back to the list from a notice; False when none was open (the citizen leaves the service)."""
        if self.shown is None:
            return False
        self.shown = None
        return True
