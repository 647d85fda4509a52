"""经营范围 from standard phrases: the shipped list, choosing up to the limit, the one text the field keeps."""

from __future__ import annotations

import datetime as dt

from kiosk.core.catalog import load_catalog
from kiosk.core.forms import field_error
from kiosk.core.scopes import compose, load_scopes, split, toggle, touches

PHRASES = ["日用百货销售", "蔬菜、水果零售", "餐饮服务"]


def test_the_shipped_phrases_fit_the_scope_fields_even_all_chosen_at_the_limit() -> None:
    scopes = load_scopes()
    longest = compose(sorted(scopes.phrases, key=len)[-scopes.max_choices:], "")
    for code in ("gt-dj", "qy-sl"):
        field = next(f for f in load_catalog().item(code).fields if f.key == "scope")
        assert field.choose_from == "business_scopes"
        assert field_error(field, longest, dt.date(2026, 12, 4)) == ""


def test_touching_a_phrase_adds_it_or_takes_it_off_and_no_more_than_the_limit() -> None:
    chosen = toggle([], "餐饮服务", 2)
    chosen = toggle(chosen, "日用百货销售", 2)
    assert toggle(chosen, "蔬菜、水果零售", 2) == ["餐饮服务", "日用百货销售"]  # the limit
    assert toggle(chosen, "餐饮服务", 2) == ["日用百货销售"]


def test_the_field_keeps_one_text_that_splits_back_into_phrases_and_what_was_typed() -> None:
    value = compose(["蔬菜、水果零售", "餐饮服务"], "手工艺品制作 ")
    assert value == "蔬菜、水果零售；餐饮服务；手工艺品制作"
    assert split(value, PHRASES) == (["蔬菜、水果零售", "餐饮服务"], "手工艺品制作")
    assert split("以前手写的经营范围", PHRASES) == ([], "以前手写的经营范围")
    assert compose([], "") == ""
    assert touches(value, PHRASES) == (3, "手工艺品制作")  # two phrases and 其他, then the typing


def test_every_list_a_field_chooses_from_loads_and_the_catalog_names_only_those() -> None:
    from kiosk.core.catalog import load_catalog
    from kiosk.core.scopes import PHRASE_FILES, phrase_list

    for name in PHRASE_FILES:
        assert phrase_list(name).phrases
    chosen = {f.choose_from for item in load_catalog().items for f in item.fields if f.choose_from}
    assert {"business_scopes", "relief_reasons"} <= chosen
    reasons = phrase_list("relief_reasons").phrases
    assert touches("因病致贫；缺乏劳动能力", reasons) == (2, "")
