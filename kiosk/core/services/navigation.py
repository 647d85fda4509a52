"""办事导航 as a small state machine: the county's service centres, village stations and bank posts, filtered by
town and by item (list), a town or an item being chosen (towns, items), one place shown (detail). The screen shows
it, forwards the touches, and asks the platform for the directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.base.i18n import _
from kiosk.core.catalog import Catalog
from kiosk.core.results import StationInfo

LEVEL_ORDER = {"county": 0, "township": 1, "village": 2, "bank": 3}


def level_word(level: str) -> str:
    """What kind of place a station of the directory is."""
    words = {"township": _("便民服务中心"), "village": _("村便民服务站"), "bank": _("银行便民点"),
             "county": _("政务服务中心")}
    return words.get(level, "")


def open_now(hours: Iterable[str], now: dt.time) -> bool:
    """Within one of the opening spans ("08:30-12:00"); the spans are the platform's, the same every workday."""
    clock = now.strftime("%H:%M")
    return any(span[:5] <= clock < span[6:11] for span in hours)


def filtered(stations: Iterable[StationInfo], town: str, item: str) -> list[StationInfo]:
    """The places of `town` that handle `item` ("" for any), centres first, then stations, then bank posts."""
    chosen = [s for s in stations if town in ("", s.town) and (not item or item in s.items)]
    return sorted(chosen, key=lambda s: (LEVEL_ORDER.get(s.level, 9), s.name))


def detail_lines(station: StationInfo, catalog: Catalog, now: dt.time) -> list[str]:
    """One place in words: its kind and town, address, hours (open now or not), phone and what it handles."""
    names = [_(i.short_name) for i in catalog.items if i.code in station.items]
    state = _("现在开放") if open_now(station.hours, now) else _("现在不在开放时间")
    separator = _("、")
    return [
        _("{kind}（{town}）").format(kind=level_word(station.level), town=station.town),
        _("地址：{address}").format(address=station.address),
        _("开放时间：{hours}（{state}）").format(hours=separator.join(station.hours), state=state),
        _("电话：{phone}").format(phone=station.phone),
        _("可办事项：{items}").format(items=separator.join(names)),
    ]


def elsewhere_words(item_name: str) -> str:
    """Said above the list when the citizen chose an item this terminal does not offer."""
    return _("本机不能办理“{item}”，请到下面列出的地方办理").format(item=item_name)


class Mode(StrEnum):
    LIST = "list"
    TOWNS = "towns"
    ITEMS = "items"
    DETAIL = "detail"


@dataclass
class Navigation:
    town: str = ""  # "" for every town
    stations: list[StationInfo] = field(default_factory=list)  # the whole directory, as the platform gave it
    shown: StationInfo | None = None  # the place in detail
    item: str = ""  # an item code, "" for any
    mode: Mode = Mode.LIST

    def __post_init__(self) -> None:
        # A sample (kiosk screenshot) or a QR may start on one place.
        self.mode = Mode.DETAIL if self.shown else Mode.LIST

    @property
    def places(self) -> list[StationInfo]:
        """The places listed: of the chosen town, handling the chosen item."""
        return filtered(self.stations, self.town, self.item)

    @property
    def towns(self) -> list[str]:
        """The towns of the directory, to choose from (place names as the platform names them)."""
        return sorted({s.town for s in self.stations})

    @property
    def nothing_here(self) -> bool:
        """The directory is there but nothing of it fits the town and the item."""
        return bool(self.stations) and not self.places

    def fetched(self, stations: list[StationInfo]) -> None:
        self.stations = stations

    def ask_town(self) -> None:
        self.mode = Mode.TOWNS

    def ask_item(self) -> None:
        self.mode = Mode.ITEMS

    def choose_town(self, town: str) -> None:
        self.town, self.mode = town, Mode.LIST

    def choose_item(self, code: str) -> None:
        self.item, self.mode = code, Mode.LIST

    def open(self, station: StationInfo) -> None:
        self.shown, self.mode = station, Mode.DETAIL

    def back(self) -> bool:
        """To the list from a place or a choice; False on the list itself (the citizen leaves the service)."""
        if self.mode is Mode.LIST:
            return False
        self.shown, self.mode = None, Mode.LIST
        return True
