"""The county's full list of towns and villages (config/villages.yaml, from the National Bureau of Statistics'
codes) for the address picker, with the station directory's villages after them; a broken file is one clear
error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.base.errors import ConfigError
from kiosk.core.addresses import Place
from kiosk.core.stations import load_stations
from kiosk.core.villages import VILLAGES_FILE, county_places, load_villages


def test_the_shipped_list_has_every_town_and_the_countys_villages() -> None:
    villages = load_villages()
    names = [t.name for t in villages.towns]
    assert names[0] == "天义镇" and names[-3:] == ["铁西街道", "铁东街道", "温泉街道"]
    assert len(names) == 18 and sum(len(t.villages) for t in villages.towns) == 327
    assert "licence" in villages.source and "licence" in VILLAGES_FILE.read_text(encoding="utf-8").split("\n\n")[0]
    stations = Place.from_stations(load_stations().values())
    assert set(stations.towns) <= set(names)  # every town of a service centre is on the list
    assert not any(v.endswith(("委员会", "虚拟社区")) for t in villages.towns for v in t.villages)


def test_the_picker_offers_the_lists_villages_then_the_stations_it_lacks() -> None:
    place = county_places()
    tianyi = place.villages["天义镇"]
    official = next(t.villages for t in load_villages().towns if t.name == "天义镇")
    assert list(tianyi[: len(official)]) == official and tianyi[len(official):] == ("东井子村",)
    assert "北洼子村" in place.villages["右北平镇"] and place.villages["右北平镇"].count("北洼子村") == 1
    assert len(place.villages["汐子镇"]) == 35


def test_a_list_that_merges_towns_keeps_their_order_and_adds_unknown_ones() -> None:
    stations = load_stations().values()
    place = Place.from_directory([("天义镇", ["甲村"]), ("新镇", ["乙村"])], stations)
    assert place.towns[:2] == ("天义镇", "新镇") and place.villages["新镇"] == ("乙村",)
    assert place.villages["天义镇"] == ("甲村", "东井子村") and "右北平镇" in place.towns


@pytest.mark.parametrize("body, wrong", [
    ("source: x\ncounty: 宁城县\ntowns:\n  - {code: '150429100', name: 天义镇, villages: [甲村, 甲村]}\n", "甲村"),
    ("source: x\ncounty: 宁城县\ntowns:\n  - {code: '1504', name: 天义镇, villages: []}\n", "code"),
    ("source: x\ncounty: 宁城县\ntowns: []\n", "towns"),
])
def test_a_broken_list_is_one_clear_error(tmp_path: Path, body: str, wrong: str) -> None:
    path = tmp_path / "villages.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_villages(path)
    assert str(path) in str(caught.value.detail) and wrong in str(caught.value.detail)
