"""The catalog: the shipped one holds the 11 items and the public services; each kind of mistake in it is refused
with a message naming the key."""

from pathlib import Path

import pytest
import yaml

from kiosk.base.errors import ConfigError
from kiosk.core.catalog import DEFAULT_CATALOG, load_catalog

ELEVEN = ["yb-jf", "yb-cx", "yb-bx", "sb-jl", "sb-rz", "sb-gs", "qy-sl", "gt-dj", "gjj-cx", "bdc-cx", "db-sq"]
SERVICES = ["guide", "progress", "queries", "notices", "navigation", "appointment", "copy", "complaint", "evaluation"]


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(DEFAULT_CATALOG.read_text(encoding="utf-8"))


def error_of(tmp_path: Path, document: dict) -> str:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalog(path)
    assert str(path) in caught.value.message
    return caught.value.message


def test_shipped_catalog_has_the_eleven_items_and_the_services() -> None:
    catalog = load_catalog()
    assert [i.code for i in catalog.items] == ELEVEN
    assert [s.code for s in catalog.services] == SERVICES
    assert catalog.item("yb-bx").promise_text == "20个工作日"
    assert catalog.item("db-sq").promise_text == "30天"
    shareholders = next(f for f in catalog.item("qy-sl").fields if f.key == "shareholders")
    assert [f.type for f in shareholders.fields] == ["text", "id_number", "money"]
    assert catalog.item("sb-rz").materials[0].source == "face_camera"
    grouped = [i.code for _, items in catalog.home_groups() for i in items]
    assert sorted(grouped) == sorted(ELEVEN)
    assert len(catalog.elder_items()) == 6


def test_every_application_item_has_materials_and_a_guide() -> None:
    for item in load_catalog().items:
        assert item.guide.conditions and item.guide.legal_basis and item.guide.where
        if item.result == "acceptance":
            assert item.materials, item.code


def test_unknown_field_type(tmp_path, raw) -> None:
    raw["items"][2]["fields"][0]["type"] = "signature"
    message = error_of(tmp_path, raw)
    assert "items[2].fields[0].type" in message and "'signature'" in message and "'id_number'" in message


def test_duplicate_item_code(tmp_path, raw) -> None:
    raw["items"][1]["code"] = "yb-jf"
    assert "repeated: yb-jf" in error_of(tmp_path, raw)


def test_duplicate_field_key(tmp_path, raw) -> None:
    fields = raw["items"][2]["fields"]
    fields[1]["key"] = fields[0]["key"]
    assert f"repeated: {fields[0]['key']}" in error_of(tmp_path, raw)


def test_duplicate_material_code(tmp_path, raw) -> None:
    materials = raw["items"][2]["materials"]
    materials[1]["code"] = materials[0]["code"]
    assert "material code of item 'yb-bx'" in error_of(tmp_path, raw)


def test_unknown_department(tmp_path, raw) -> None:
    raw["items"][0]["dept"] = "tax"
    assert "not 'tax'" in error_of(tmp_path, raw)


def test_promised_days_and_way_must_agree(tmp_path, raw) -> None:
    del raw["items"][2]["promised_days"]
    assert "promised_days set exactly when the way is 'promised'" in error_of(tmp_path, raw)


def test_choice_without_choices(tmp_path, raw) -> None:
    raw["items"][0]["fields"][0]["choices"] = []
    assert "type choice to list its choices" in error_of(tmp_path, raw)


def test_persons_without_columns(tmp_path, raw) -> None:
    raw["items"][0]["fields"][1]["fields"] = []
    assert "persons to list the fields of each person" in error_of(tmp_path, raw)


def test_unknown_icon(tmp_path, raw) -> None:
    raw["services"][0]["icon"] = "unicorn"
    assert "unknown: unicorn" in error_of(tmp_path, raw)


def test_home_groups_must_place_every_department(tmp_path, raw) -> None:
    raw["home"]["groups"].pop()
    assert "home.groups to place every department" in error_of(tmp_path, raw)


def test_elder_items_must_exist(tmp_path, raw) -> None:
    raw["home"]["elder_items"][0] = "xx-yy"
    assert "unknown: xx-yy" in error_of(tmp_path, raw)


def test_unknown_key_in_an_item(tmp_path, raw) -> None:
    raw["items"][0]["colour"] = "red"
    assert "unknown key 'items[0].colour'" in error_of(tmp_path, raw)


def test_not_yaml_and_not_a_mapping(tmp_path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_catalog(path)
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mapping"):
        load_catalog(path)


def test_each_item_says_which_document_it_prints(tmp_path, raw) -> None:
    catalog = load_catalog()
    assert catalog.item("yb-cx").prints.kind == "certificate-insurance"
    assert catalog.item("bdc-cx").prints.title == "有无房产证明"
    assert catalog.item("sb-rz").prints.kind == "check" and catalog.item("gjj-cx").prints.kind == "query"
    raw["items"][1]["prints"] = {"kind": "query", "title": "查询结果"}  # 医保查询打印 promises a certificate
    assert "prints a 'certificate' document, not 'query'" in error_of(tmp_path, raw)


def test_the_catalog_levels_say_what_a_station_level_offers() -> None:
    catalog = load_catalog()
    village = {i.code for i in catalog.offered_at("village")}
    assert "qy-sl" not in village and "bdc-cx" not in village and "yb-bx" not in village
    assert {"yb-jf", "sb-rz", "gt-dj", "db-sq"} <= village
    assert "qy-sl" not in {i.code for i in catalog.offered_at("bank")}
    assert [i.code for i in catalog.offered_at("township")] == ELEVEN
