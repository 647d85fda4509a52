"""Finding guides by characters, full pinyin, initials and mixes of them."""

import pytest

from kiosk.catalog import load_catalog
from kiosk.guide_search import normalize, search, spell


@pytest.fixture(scope="module")
def items():
    return load_catalog().items


def codes(items, query):
    return [i.code for i in search(items, query)]


@pytest.mark.parametrize("query, expected", [
    ("医保", {"yb-jf", "yb-cx"}),
    ("yibao", {"yb-jf", "yb-cx"}),
    ("yb", {"yb-jf", "yb-cx", "yb-bx"}),  # 医疗费用报销: ...费用报... has y-b too
    ("ybjf", {"yb-jf"}),
    ("yibaojiaofei", {"yb-jf"}),
    ("低保", {"db-sq"}),
    ("dibao", {"db-sq"}),
    ("dbsq", {"db-sq"}),
    ("公积金", {"gjj-cx"}),
    ("gjj", {"gjj-cx"}),
    ("gongjijin", {"gjj-cx"}),
    ("挂失", {"sb-gs"}),
    ("guashi", {"sb-gs"}),
    ("个体户", {"gt-dj"}),
    ("gth", {"gt-dj"}),
    ("wufang", {"bdc-cx"}),   # 无房证明查询
    ("不动产", {"bdc-cx"}),
    ("医保jf", {"yb-jf"}),     # a character chosen, then letters typed
    ("社保kgs", {"sb-gs"}),    # 社保卡挂失: letters after the characters
    ("医保gs", set()),          # the letters must follow the characters in the same name
    ("YiBao", {"yb-jf", "yb-cx"}),
    ("yi bao", {"yb-jf", "yb-cx"}),
])
def test_finds_items(items, query, expected):
    assert set(codes(items, query)) == expected


@pytest.mark.parametrize("query", ["火车票", "xyzq", "qqqq", "飞机"])
def test_finds_nothing_for_what_is_not_there(items, query):
    assert codes(items, query) == []


@pytest.mark.parametrize("query", ["", "  ", "？！"])
def test_empty_query_lists_every_item_in_catalog_order(items, query):
    assert codes(items, query) == [i.code for i in items]


def test_short_name_matches_at_start_come_first(items):
    found = codes(items, "sb")
    short_first = [c for c in found if spell(next(i for i in items if i.code == c).short_name).initials.startswith("sb")]
    assert found[: len(short_first)] == short_first
    assert "sb-jl" in short_first


def test_spelling_and_normalizing():
    assert spell("银行卡") == spell("银行卡")
    assert spell("银行卡").full == "yinhangka" and spell("银行卡").initials == "yhk"
    assert spell("无房证明（有无）").full == "wufangzhengmingyouwu"
    assert normalize(" Yi-Bao ") == "yibao"


def test_odd_input_never_raises(items):
    for query in ["\x00", "😀", "a" * 500, "１２３", "医" * 100]:
        assert isinstance(search(items, query), list)
