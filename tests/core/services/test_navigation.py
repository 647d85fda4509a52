"""办事导航's state and words, without Kivy: the county's directory filtered by town and item, centres before
stations before bank posts, whether a place is open now, what a place says, and the way back to the list."""

from __future__ import annotations

import datetime as dt

from kiosk.core.catalog import load_catalog
from kiosk.core.results import StationInfo
from kiosk.core.services.navigation import Mode, Navigation, detail_lines, filtered, open_now
from kiosk.core.stations import load_stations

CATALOG = load_catalog()
DIRECTORY = [StationInfo.from_json(e.public()) for e in load_stations().values()]


def place(station_id: str, level: str, town: str = "天义镇", items: tuple[str, ...] = ("yb-jf",),
          hours: tuple[str, ...] = ("08:30-12:00", "14:00-17:30")) -> StationInfo:
    return StationInfo(station_id, f"{station_id}便民服务点", level, town, "中心街1号", hours, "0476-4222000", items,
                       41.6, 119.3)


def test_open_now_follows_the_opening_spans() -> None:
    hours = ["08:30-12:00", "14:00-17:30"]
    assert open_now(hours, dt.time(8, 30)) and open_now(hours, dt.time(11, 59)) and open_now(hours, dt.time(17, 29))
    assert not open_now(hours, dt.time(12, 0)) and not open_now(hours, dt.time(13, 0))
    assert not open_now(hours, dt.time(7, 0)) and not open_now(hours, dt.time(17, 30)) and not open_now([], dt.time(9))


def test_centres_come_first_then_stations_then_bank_posts() -> None:
    stations = [place("A-bank", "bank"), place("B-village", "village"), place("C-township", "township"),
                place("D-county", "county"), place("E-odd", "kiosk"), place("A-village", "village")]
    assert [s.station_id for s in filtered(stations, "", "")] == ["D-county", "C-township", "A-village", "B-village",
                                                                  "A-bank", "E-odd"]


def test_the_list_is_of_the_chosen_town_and_item() -> None:
    navigation = Navigation("右北平镇", DIRECTORY)
    listed = navigation.places
    assert {s.town for s in listed} == {"右北平镇"}
    assert len(listed) == sum(s.town == "右北平镇" for s in DIRECTORY)
    assert [s.level for s in listed[:2]] == ["township", "village"] and listed[-1].level == "bank"
    navigation.ask_town()
    assert navigation.mode is Mode.TOWNS and "八里罕镇" in navigation.towns
    assert navigation.towns == sorted(set(navigation.towns))
    navigation.choose_town("八里罕镇")
    in_town = navigation.places
    assert navigation.mode is Mode.LIST and {s.town for s in in_town} == {"八里罕镇"}
    navigation.ask_item()
    assert navigation.mode is Mode.ITEMS
    navigation.choose_item("qy-sl")  # 开办公司: not at the village stations
    with_company = navigation.places
    assert navigation.mode is Mode.LIST and with_company and len(with_company) < len(in_town)
    assert all("qy-sl" in s.items for s in with_company) and "village" not in {s.level for s in with_company}
    navigation.choose_town("")
    assert {s.town for s in navigation.places} > {"八里罕镇"}
    assert all("qy-sl" in s.items for s in navigation.places)
    assert not navigation.nothing_here


def test_nothing_here_only_when_the_directory_has_no_such_place() -> None:
    assert not Navigation("右北平镇").nothing_here  # the directory is still being read
    navigation = Navigation("右北平镇", [place("V", "village", "右北平镇", items=("yb-jf",))])
    navigation.choose_item("qy-sl")
    assert navigation.places == [] and navigation.nothing_here


def test_a_place_in_lines() -> None:
    station = place("T", "township", items=("yb-jf", "qy-sl", "no-such-item"))
    lines = detail_lines(station, CATALOG, dt.time(9, 30))
    names = [i.short_name for i in CATALOG.items if i.code in ("yb-jf", "qy-sl")]
    assert lines == ["便民服务中心（天义镇）", "地址：中心街1号", "开放时间：08:30-12:00、14:00-17:30（现在开放）",
                     "电话：0476-4222000", "可办事项：" + "、".join(names)]
    assert "开办公司" in lines[-1]
    assert detail_lines(station, CATALOG, dt.time(12, 30))[2].endswith("（现在不在开放时间）")


def test_back_from_a_place_or_a_choice_is_the_list_and_from_the_list_leaves() -> None:
    navigation = Navigation("右北平镇", DIRECTORY)
    navigation.choose_item("qy-sl")
    navigation.open(navigation.places[0])
    assert navigation.mode is Mode.DETAIL and navigation.shown is not None
    assert navigation.back() and navigation.mode is Mode.LIST and navigation.shown is None
    assert (navigation.town, navigation.item) == ("右北平镇", "qy-sl")  # the filters stay
    navigation.ask_town()
    assert navigation.back() and navigation.mode is Mode.LIST and navigation.town == "右北平镇"
    navigation.ask_item()
    assert navigation.back() and navigation.mode is Mode.LIST and navigation.item == "qy-sl"
    assert not navigation.back() and navigation.mode is Mode.LIST


def test_a_place_given_at_the_start_is_shown_and_the_directory_comes_later() -> None:
    shown = DIRECTORY[0]
    navigation = Navigation("右北平镇", shown=shown)
    assert navigation.mode is Mode.DETAIL and navigation.places == []
    navigation.fetched(DIRECTORY)
    assert navigation.mode is Mode.DETAIL and navigation.places
