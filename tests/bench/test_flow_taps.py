"""How `kiosk bench flow` counts a citizen's touches (kiosk/bench/flow.py): what is chosen, what is typed on the
pinyin keyboard, what is written by hand."""

from __future__ import annotations

import pytest

from kiosk.bench.flow import Writer, taps_for, taps_for_typing
from kiosk.core.catalog import load_catalog
from kiosk.core.household import BankCard, Member
from kiosk.core.session import CitizenSession
from kiosk.demo.handwriting import medians

ITEM = load_catalog().item("qy-sl")
FIELDS = {f.key: f for f in ITEM.fields}


def test_a_composed_name_costs_its_zihao_and_the_trades_touched_and_a_name_typed_whole_costs_it_all() -> None:
    session = CitizenSession(answers={"company_type": "有限责任公司（自然人独资）", "scope": "农副产品销售"})
    name = FIELDS["company_name"]
    assert taps_for(name, "宁城县丰盛农业科技有限公司", session, fields=ITEM.fields) == taps_for_typing("丰盛")
    assert taps_for(name, "宁城县丰盛商贸有限公司", session, fields=ITEM.fields) == taps_for_typing("丰盛") + 1
    whole = "赤峰丰盛养殖场"
    assert taps_for(name, whole, session, fields=ITEM.fields) == 1 + taps_for_typing(whole)
    assert taps_for(FIELDS["alt_name_2"], "", session, fields=ITEM.fields) == 0  # skipped


def test_a_sum_is_typed_without_the_cents_the_form_adds_and_a_choice_is_one_touch() -> None:
    assert taps_for(FIELDS["capital"], "1200.00") == 4
    assert taps_for(FIELDS["capital"], "1200.50") == 7
    assert taps_for(FIELDS["company_type"], "合伙企业") == 1


def test_a_shareholder_from_the_record_costs_a_tick_and_the_share_with_its_next_key() -> None:
    spouse = Member("150429196407220027", "刘桂芝", "配偶")
    session = CitizenSession(household=(spouse,))
    holders = FIELDS["shareholders"]
    card_holder = {"share": "50"}  # name and ID number from the card
    ticked = {"name": spouse.name, "id_number": spouse.id_number, "share": "30"}
    assert taps_for(holders, [card_holder, ticked], session) == 1 + (2 + 1) + (1 + 2 + 1)


def test_the_card_on_record_is_one_touch_and_a_typed_card_every_digit() -> None:
    card = BankCard("6228480402564890018", "中国农业银行")
    spec = load_catalog().item("db-sq").fields[-2]
    assert spec.type == "bank_card"
    assert taps_for(spec, card.number, CitizenSession(bank_card=card)) == 1
    assert taps_for(spec, card.number) == 19


def recognising(answers: list[list[str]]):
    """A recogniser answering each writing with the next list of candidates."""
    def recognise(strokes, box, limit, kind, before):
        return answers.pop(0)
    return recognise


@pytest.mark.parametrize(("candidates", "taps"), [
    ([["宁", "宇"]], 0),  # first: entered by itself after the pause
    ([["宇", "宁"]], 1),  # among the candidates: one touch on it
    ([["宇"], ["宁"]], 1),  # 重写, written again
])
def test_writing_by_hand_counts_the_switch_the_corrections_and_every_stroke(candidates, taps) -> None:
    writings = len(candidates)
    writer = Writer(recognising(candidates))
    assert writer.taps("宁", "text") == 1 + taps  # the switch to handwriting first
    assert writer.strokes == len(medians()["宁"]) * writings


def test_a_character_never_recognised_stops_the_walk() -> None:
    writer = Writer(lambda *args: ["宇"])
    with pytest.raises(ValueError, match="not recognised"):
        writer.taps("宁", "text")
