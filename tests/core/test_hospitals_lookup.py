"""The hospital list (config/hospitals.yaml) and finding a name in a list by characters or pinyin initials."""

from __future__ import annotations

import pytest

from kiosk.base.errors import ConfigError
from kiosk.core.hospitals import load_hospitals, names
from kiosk.core.lookup import search
from kiosk.core.stations import load_stations

# A character's initials as the pinyin keyboard's lexicon gives them (kiosk.ime.engine.letters), for these tests.
INITIALS = {"宁": "nz", "城": "c", "县": "x", "中": "z", "医": "y", "蒙": "m", "院": "y", "八": "b", "里": "l",
            "罕": "h", "镇": "z", "心": "x", "卫": "w", "生": "s", "妇": "f", "幼": "y", "保": "b", "健": "j"}


def letters(name: str) -> list[frozenset[str]]:
    return [frozenset(INITIALS.get(ch, "")) for ch in name]


LIST = ["宁城县中心医院", "宁城县中医蒙医医院", "宁城县妇幼保健院", "八里罕镇中心卫生院"]


def test_the_shipped_list_has_the_county_hospitals_first_and_one_centre_for_every_town() -> None:
    hospitals = load_hospitals()
    shown = names(hospitals)
    county = [h.name for h in hospitals.hospitals if h.level == "county"]
    assert shown[: len(county)] == county and "宁城县中医蒙医医院" in county
    towns = {s.town for s in load_stations().values()}
    assert {h.town for h in hospitals.hospitals} <= towns
    assert towns == {h.town for h in hospitals.hospitals if h.level == "township"}
    assert hospitals.checked is False  # until the county's health bureau has checked it


def test_a_hospital_named_twice_is_refused(tmp_path) -> None:
    path = tmp_path / "hospitals.yaml"
    path.write_text("checked: false\nhospitals:\n  - {name: 宁城县医院, town: 天义镇, level: county}\n"
                    "  - {name: 宁城县医院, town: 天义镇, level: county}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="宁城县医院"):
        load_hospitals(path)


def test_characters_find_names_that_hold_them_in_order_those_starting_with_them_first() -> None:
    assert search(LIST, "中医") == ["宁城县中医蒙医医院", "宁城县中心医院"]  # unbroken before spread
    assert search(LIST, "八里") == ["八里罕镇中心卫生院"]
    assert search(LIST, "妇保") == ["宁城县妇幼保健院"]
    assert search(LIST, "北京") == []
    assert search(LIST, "") == LIST


def test_pinyin_initials_find_names_under_any_reading_of_a_character() -> None:
    assert search(LIST, "blh", letters) == ["八里罕镇中心卫生院"]
    assert search(LIST, "zymy", letters) == ["宁城县中医蒙医医院"]
    assert search(LIST, "zy", letters)[0] == "宁城县中医蒙医医院"  # 中医 unbroken; 宁(zhu)...医 spread after it
    assert search(LIST, "nc", letters)[:3] == LIST[:3]
    assert search(LIST, "zc", letters)[:1] == ["宁城县中心医院"]  # 宁 read zhu starts it too
    assert search(LIST, "blh") == []  # without the lexicon's initials letters find nothing
