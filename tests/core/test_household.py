"""The platform's record of the card holder offered on the form: household members ticked onto a list of persons,
the bank card on record taken as one choice and shown only by its last four digits."""

from __future__ import annotations

import datetime as dt
import logging

from kiosk.base.config import load_config
from kiosk.base.privacy import MaskingFilter
from kiosk.core.catalog import load_catalog
from kiosk.core.flow import ContactKnown, FieldSet, IdentityRead, ItemFlow, Next, Step
from kiosk.core.household import (
    BankCard,
    Member,
    bank_card_shown,
    bank_card_value,
    bank_filled,
    card_label,
    first_missing,
    member_line,
    member_person,
    offers_household,
    tick,
)
from kiosk.core.identity import Identity, IdentitySource, IdentityType
from kiosk.core.session import CitizenSession

CATALOG = load_catalog(load_config(environ={}).catalog_path)
TODAY = dt.date(2026, 11, 27)
CARD = BankCard("6228480402564890018", "中国农业银行")
SPOUSE = Member("150429196407220027", "刘桂芝", "配偶")
CHILD = Member("150429198811030013", "王海涛", "子女")
GRANDCHILD = Member("150429201506060026", "王小雨", "孙子女")


def persons_field(code: str):
    return next(f for f in CATALOG.item(code).fields if f.type == "persons")


def wang() -> Identity:
    return Identity(type=IdentityType.RESIDENT, name="王建国", id_number="150429196203150012",
                    address="内蒙古自治区赤峰市宁城县右北平镇北洼子村三组18号", valid_to=dt.date(2036, 5, 12),
                    source=IdentitySource.IDCARD)


def on_form(code: str) -> ItemFlow:
    flow = ItemFlow(CATALOG.item(code), CitizenSession(), today=TODAY)
    flow.handle(IdentityRead(wang()))
    assert flow.step is Step.FORM
    return flow


def test_the_household_lists_of_db_sq_yb_jf_and_the_shareholders_take_the_record() -> None:
    assert offers_household(persons_field("db-sq")) and offers_household(persons_field("yb-jf"))
    shareholders = persons_field("qy-sl")
    assert offers_household(shareholders)
    # A family member ticked as a shareholder: name and ID number from the record, the share left to type.
    assert member_person(shareholders, SPOUSE) == {"name": "刘桂芝", "id_number": SPOUSE.id_number}
    assert first_missing(shareholders, member_person(shareholders, SPOUSE)) == 2


def test_a_member_fills_the_columns_the_record_knows_and_leaves_the_rest_for_the_citizen() -> None:
    spec = persons_field("db-sq")
    person = member_person(spec, CHILD)
    assert person == {"relation": "子女", "name": "王海涛", "id_number": "150429198811030013"}
    assert spec.fields[first_missing(spec, person)].key == "health"
    assert member_person(persons_field("yb-jf"), CHILD) == {"name": "王海涛", "id_number": "150429198811030013"}
    assert first_missing(persons_field("yb-jf"), member_person(persons_field("yb-jf"), CHILD)) == -1


def test_a_relation_the_list_does_not_have_is_other() -> None:
    spec = persons_field("db-sq")
    assert member_person(spec, Member("150429194503010063", "孙玉珍", "外祖母"))["relation"] == "其他"


def test_ticking_adds_a_member_after_the_applicant_and_ticking_again_takes_them_off() -> None:
    spec = persons_field("db-sq")
    applicant = {"relation": "本人", "name": "王建国", "id_number": "150429196203150012"}
    persons, added = tick(spec, [applicant], SPOUSE)
    assert added == 1 and [p["name"] for p in persons] == ["王建国", "刘桂芝"]
    persons, added = tick(spec, persons, GRANDCHILD)
    assert added == 2 and persons[2]["relation"] == "孙子女"
    persons, added = tick(spec, persons, SPOUSE)
    assert added == -1 and [p["name"] for p in persons] == ["王建国", "王小雨"]


def test_a_member_typed_in_by_hand_counts_as_ticked_however_the_x_was_typed() -> None:
    spec = persons_field("yb-jf")
    member = Member("15042919800101001X", "某人", "子女")
    typed = [{"name": "王建国", "id_number": "150429196203150012"}, {"name": "某人", "id_number": "15042919800101001x"}]
    persons, added = tick(spec, typed, member)
    assert added == -1 and len(persons) == 1


def test_the_card_on_record_is_shown_by_its_last_four_digits_and_answers_with_its_number() -> None:
    assert card_label(CARD) == "尾号 0018 的银行卡"
    assert bank_card_shown(CARD.number, CARD) == "尾号 0018 的银行卡"
    assert bank_card_value("尾号 0018 的银行卡", CARD) == CARD.number
    assert bank_card_value("Card ending 0018", CARD) == CARD.number  # the label in another language
    typed = "6217996190001231231"
    assert bank_card_shown(typed, CARD) == typed and bank_card_value(typed, CARD) == typed
    assert bank_card_value("", CARD) == "" and bank_card_shown(CARD.number, None) == CARD.number


def test_nothing_of_the_record_shows_in_full_in_a_repr_or_a_log_line(caplog) -> None:
    caplog.set_level(logging.INFO)
    for record in (CARD, SPOUSE, ContactKnown("13947651234", (SPOUSE,), CARD)):
        assert CARD.number not in repr(record) and SPOUSE.id_number not in repr(record)
        assert "刘桂芝" not in repr(record)
    logger = logging.getLogger("kiosk.test.household")
    logger.addFilter(MaskingFilter())
    logger.info("offered %s", card_label(CARD))
    assert CARD.number not in caplog.text and "0018" in caplog.text
    assert member_line(SPOUSE) == ("刘桂芝  配偶", "1504**********0027")


def test_the_record_is_offered_never_put_in_by_itself_and_is_wiped_with_the_session() -> None:
    flow = on_form("db-sq")
    assert flow.wants_record and flow.wants_household
    flow.handle(ContactKnown("13947651234", (SPOUSE, CHILD), CARD))
    session = flow.session
    assert session.household == (SPOUSE, CHILD) and session.bank_card == CARD
    assert len(session.answers["members"]) == 1 and not session.answers.get("bank_card")
    session.wipe()
    assert session.household == () and session.bank_card is None and not session.personal


def test_members_ticked_and_completed_and_the_card_on_record_make_an_application() -> None:
    flow = on_form("db-sq")
    flow.handle(ContactKnown("13947651234", (SPOUSE, CHILD), CARD))
    spec = persons_field("db-sq")
    persons = [dict(flow.session.answers["members"][0], health="健康", work="务农")]
    for member in (SPOUSE, CHILD):
        persons, added = tick(spec, persons, member)
        persons[added].update(health="慢性病", work="务农")
    flow.handle(FieldSet("members", persons))
    flow.handle(FieldSet("income", "3600"))
    flow.handle(FieldSet("reason", "因病致贫"))
    flow.handle(FieldSet("bank_card", bank_card_value(card_label(CARD), flow.session.bank_card)))
    flow.handle(Next())
    assert flow.step is Step.MATERIALS, flow.errors
    assert flow.session.answers["bank_card"] == CARD.number
    assert [p["relation"] for p in flow.session.answers["members"]] == ["本人", "配偶", "子女"]


def test_a_member_ticked_but_not_completed_is_named_when_the_page_is_refused() -> None:
    flow = on_form("db-sq")
    spec = persons_field("db-sq")
    persons, _ = tick(spec, [dict(flow.session.answers["members"][0], health="健康", work="务农")], SPOUSE)
    flow.handle(FieldSet("members", persons))
    flow.handle(Next())
    assert flow.errors["members"].startswith("第2人")


def test_an_item_without_a_household_list_does_not_ask_for_it() -> None:
    flow = on_form("yb-bx")
    assert flow.wants_record and not flow.wants_household  # its bank card field takes the card on record


def test_taking_the_card_on_record_fills_its_bank_and_a_typed_card_does_not() -> None:
    flow = on_form("yb-bx")
    flow.handle(ContactKnown("13947651234", (), CARD))
    bank = next(f for f in flow.item.fields if f.key == "bank")
    flow.handle(FieldSet("bank", "中国银行"))
    flow.handle(FieldSet("bank_card", "6222021234567890128"))
    assert flow.session.answers["bank"] == "中国银行"
    assert not bank_filled(bank, flow.session.answers, CARD)
    flow.handle(FieldSet("bank_card", bank_card_value(card_label(CARD), CARD)))
    assert flow.session.answers["bank"] == "中国农业银行"  # that card's bank, whatever was chosen before
    assert bank_filled(bank, flow.session.answers, CARD)
    flow.handle(FieldSet("bank", "中国银行"))  # still the citizen's to change
    assert not bank_filled(bank, flow.session.answers, CARD)


def test_a_bank_the_field_does_not_offer_is_left_for_the_citizen() -> None:
    flow = on_form("yb-bx")
    card = BankCard(CARD.number, "某某村镇银行")
    flow.handle(ContactKnown("13947651234", (), card))
    flow.handle(FieldSet("bank_card", card.number))
    assert not flow.session.answers.get("bank") and "bank" not in flow.errors
