"""Finding guides by characters, full pinyin, initials and mixes of them."""

import pytest

from kiosk.core.catalog import load_catalog
from kiosk.core.services.guide_search import normalize, search, spell, words


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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_odd_input_never_raises(items, lang):
    for query in ["\x00", "😀", "a" * 500, "１２３", "医" * 100, "'", "a b c d e f g h"]:
        assert isinstance(search(items, query, lang=lang), list)


# -- in English: the words of the translated names (kiosk/locale/en/catalog.po) --------------------------------------
@pytest.mark.parametrize("query, expected", [
    ("pension", {"sb-rz"}),                 # 养老资格认证: Pension check
    ("provident", {"gjj-cx"}),              # 公积金查询: Provident fund
    ("PROVIDENT", {"gjj-cx"}),
    ("Provident Fund", {"gjj-cx"}),
    ("fund housing", {"gjj-cx"}),           # the words in any order, from the name or the short name
    ("medical insurance", {"yb-jf", "yb-cx"}),
    ("med ins", {"yb-jf", "yb-cx"}),        # each word the start of a word of the name
    ("lost card", {"sb-gs"}),
    ("allowance", {"db-sq"}),
    ("company", {"qy-sl"}),
    ("registration", {"qy-sl", "gt-dj"}),
    ("medical pension", set()),             # every word must be found in the same item
    ("insurence", set()),                   # a misspelt word is not a start of any
])
def test_in_english_finds_items_by_the_words_of_their_english_names(items, query, expected):
    assert {i.code for i in search(items, query, lang="en")} == expected


@pytest.mark.parametrize("query, expected", [
    ("医保", {"yb-jf", "yb-cx"}),
    ("yibao", {"yb-jf", "yb-cx"}),
    ("gjj", {"gjj-cx"}),
    ("社保kgs", {"sb-gs"}),
])
def test_in_english_chinese_pinyin_and_initials_keep_working(items, query, expected):
    assert {i.code for i in search(items, query, lang="en")} == expected


@pytest.mark.parametrize("query", ["pension", "provident", "lost card"])
def test_english_words_find_nothing_in_chinese(items, query):
    assert search(items, query, lang="zh") == []


def test_the_session_language_is_the_default(items):
    from kiosk.base import i18n
    assert search(items, "pension") == []
    i18n.set_language("en")
    try:
        assert [i.code for i in search(items, "pension")] == ["sb-rz"]
    finally:
        i18n.set_language(i18n.SOURCE)


def test_in_english_a_short_name_starting_with_the_first_word_comes_first(items):
    found = [i.code for i in search(items, "p", lang="en")]
    assert set(found[:4]) == {"yb-jf", "sb-rz", "gjj-cx", "bdc-cx"}  # Pay…, Pension…, Provident…, Property…
    assert {"yb-cx", "sb-jl"} <= set(found[4:])  # 凭证 in its pinyin; "Print your social insurance record"


def test_words_are_lower_case_and_split_at_anything_but_letters_and_digits():
    assert words("Pay medical ins.") == ("pay", "medical", "ins")
    assert words("Urban and rural residents' (2027)") == ("urban", "and", "rural", "residents", "2027")
