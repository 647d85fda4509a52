"""An address from town -> village -> 组 and 门牌号: the places of the station directory, the one text kept."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.addresses import Address, Place, parse, touches
from kiosk.core.catalog import FormField
from kiosk.core.forms import field_error
from kiosk.core.stations import load_stations

PLACE = Place.from_stations(load_stations().values())


def test_the_towns_are_the_directorys_and_the_villages_its_village_stations() -> None:
    assert len(PLACE.towns) == 15 and PLACE.towns[0] == "天义镇" and "存金沟乡" in PLACE.towns
    assert "北洼子村" in PLACE.villages["右北平镇"] and "东井子村" in PLACE.villages["天义镇"]
    assert not any("银行" in v for villages in PLACE.villages.values() for v in villages)


def test_a_picked_address_is_one_text_the_form_accepts_and_parses_back() -> None:
    field = FormField(key="address", label="经营场所", type="address")
    address = Address().with_town("右北平镇").with_village("北洼子村")
    address = Address(address.town, address.village, "3", "18")
    assert address.value == "宁城县右北平镇北洼子村3组18号"
    assert field_error(field, address.value, dt.date(2026, 12, 4)) == ""
    assert parse(address.value, PLACE) == address
    assert parse("宁城县天义镇中京大街66号", PLACE) == Address("天义镇", "中京大街", "", "66")
    assert parse("赤峰市红山区", PLACE) == Address()
    assert Address("天义镇", "东井子村").with_town("大明镇") == Address("大明镇")  # another town: its villages anew


def test_touches_count_town_village_and_the_digits_and_name_a_village_to_type() -> None:
    assert touches("宁城县右北平镇北洼子村3组18号", PLACE) == (1 + 1 + 1 + 1 + 2, "")
    assert touches("宁城县天义镇中京大街66号", PLACE) == (1 + 1 + 1 + 1 + 2, "中京大街")  # 其他村, 好了
    with pytest.raises(ValueError):
        touches("北京市", PLACE)
