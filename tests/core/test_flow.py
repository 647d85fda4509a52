"""The flow engine, without Kivy: all 11 items from identification to evaluation, back-navigation, refusals,
validation, offline submission, printer out, and the wipe at the end of a session."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.catalog import FormField, load_catalog
from kiosk.core.flow import (
    AtCounter,
    Back,
    Consent,
    ContactKnown,
    Evaluated,
    FieldSet,
    FieldTyped,
    IdentityRead,
    ItemFlow,
    Next,
    PageAdded,
    PageRemoved,
    PaymentCreated,
    Printed,
    PrintRequested,
    Step,
    WorkDone,
    WorkFailed,
)
from kiosk.core.identity import Identity, IdentitySource, IdentityType
from kiosk.core.session import CitizenSession

TODAY = dt.date(2026, 11, 27)
CATALOG = load_catalog()


def card(valid_to: dt.date | None = dt.date(2036, 5, 12), id_number: str = "150429196203150012",
         source: IdentitySource = IdentitySource.IDCARD) -> Identity:
    """王建国 as the reader (or, with another source, the e-ID) gives him."""
    return Identity(type=IdentityType.RESIDENT, name="王建国", id_number=id_number,
                    address="内蒙古自治区赤峰市宁城县右北平镇北洼子村三组18号", valid_to=valid_to, source=source)


SAMPLES = {
    "text": "宁城县中心医院", "id_number": "150429201506060026", "phone": "13947651234",
    "bank_card": "6222021234567890128", "date": "2026-03-01", "money": "1234.5",
    "address": "宁城县天义镇中京大街东段66号", "uscc": "91110000600037341L",
}


def sample(spec: FormField) -> object:
    if spec.type == "choice":
        return spec.choices[0]
    if spec.type == "persons":
        person = {c.key: sample(c) for c in spec.fields}
        return [person]
    if spec.key == "discharged_on":
        return "2026-03-10"
    return SAMPLES[spec.type]


def start(code: str, identity: Identity | None = None, source: IdentitySource = IdentitySource.IDCARD) -> ItemFlow:
    flow = ItemFlow(CATALOG.item(code), CitizenSession(), today=TODAY)
    flow.handle(IdentityRead(identity or card(source=source)))
    return flow


def fill(flow: ItemFlow) -> None:
    for spec in flow.item.fields:
        flow.handle(FieldSet(spec.key, sample(spec)))


def walk_to_work(flow: ItemFlow) -> None:
    """From after identification to the WORKING step with valid answers and every material photographed."""
    if flow.step is Step.FORM:
        fill(flow)
        assert flow.handle(Next()) is not Step.FORM, flow.errors
    if flow.step is Step.MATERIALS:
        for material in flow.item.materials:
            flow.handle(PageAdded(material.code, b"\xff\xd8 page"))
        flow.handle(Next())
    if flow.step is Step.CONFIRM:
        flow.handle(Consent(True))
        flow.handle(Next())
    assert flow.step is Step.WORKING


EXPECTED_ACTION = {
    "yb-jf": "pay", "yb-cx": "query", "yb-bx": "submit", "sb-jl": "query", "sb-rz": "submit", "sb-gs": "submit",
    "qy-sl": "submit", "gt-dj": "submit", "gjj-cx": "query", "bdc-cx": "query", "db-sq": "submit",
}


def test_every_item_of_the_catalog_has_an_expectation() -> None:
    assert sorted(EXPECTED_ACTION) == sorted(i.code for i in CATALOG.items)


@pytest.mark.parametrize("code", list(EXPECTED_ACTION))
def test_each_item_end_to_end(code: str) -> None:
    flow = start(code)
    walk_to_work(flow)
    assert flow.action.kind == EXPECTED_ACTION[code]
    if flow.action.kind == "pay":
        flow.handle(PaymentCreated({"payment_id": "P1", "amount": "400.00", "qr_text": "pay://P1"}))
        assert flow.payment["qr_text"] == "pay://P1"
        flow.handle(WorkDone({"payment_status": "paid"}))
    elif flow.action.kind == "submit":
        assert flow.action.payload["applicant"]["id_number"] == "150429196203150012"
        assert {m["material_code"] for m in flow.action.payload["materials"]} == {m.code for m in flow.item.materials}
        flow.handle(WorkDone({"receipt_no": "NC20261127000001", "promised_date": "2026-12-25"}))
    else:
        assert flow.action.payload["id_number"] == "150429196203150012"
        flow.handle(WorkDone({"summary": {"balance": "1.00"}, "rows": []}))
    assert flow.step is Step.RESULT
    if flow.prints_by_itself:
        # The citizen's proof prints by itself: an application's receipt, a payment's 缴费凭证, the certificate
        # asked for.
        assert flow.action.kind == "print"
        expected = {"payment": "payment", "certificate": "certificate"}.get(flow.item.result, "acceptance")
        assert flow.is_application or expected != "acceptance"
        assert flow.action.payload == {"receipt": expected}
    else:
        assert flow.action is None
        flow.handle(PrintRequested())
        assert flow.action.kind == "print" and flow.action.payload == {"receipt": "query"}
    flow.handle(Printed(ok=True))
    assert flow.session.outcome["printed"] is True
    flow.handle(Next())
    assert flow.step is Step.EVALUATE
    flow.handle(Evaluated(5))
    assert flow.step is Step.DONE
    assert flow.session.outcome["evaluation"] == {"level": 5, "reasons": []}
    assert [label for label, _, _ in flow.bar()][-1] == "完成"


def test_step_bar_follows_the_item() -> None:
    labels = lambda code: [label for label, _, _ in start(code).bar()]  # noqa: E731
    assert labels("yb-bx") == ["身份识别", "填写信息", "拍摄材料", "确认提交", "完成"]
    assert labels("gjj-cx") == ["身份识别", "完成"]
    assert labels("sb-rz") == ["身份识别", "拍摄材料", "确认提交", "完成"]
    flow = start("yb-bx")
    assert [(done, current) for _, done, current in flow.bar()][:2] == [(True, False), (False, True)]


def test_back_and_forward_keep_the_answers() -> None:
    flow = start("yb-bx")
    fill(flow)
    flow.handle(Next())
    assert flow.step is Step.MATERIALS
    flow.handle(PageAdded("invoice", b"page-1"))
    flow.handle(Back())
    assert flow.step is Step.FORM
    assert flow.session.answers["hospital"] == "宁城县中心医院"
    flow.handle(Next())
    assert flow.session.materials["invoice"] == [b"page-1"]
    flow.handle(Back())
    flow.handle(Back())
    assert flow.step is Step.IDENTIFY  # back to the start; the identity stays until the session ends
    assert flow.session.identity is not None


def test_identity_refusals() -> None:
    flow = start("yb-bx", source=IdentitySource.EID)
    assert flow.step is Step.IDENTIFY
    assert "身份证" in flow.notice
    expired = start("gjj-cx", card(valid_to=dt.date(2024, 6, 10)))
    assert expired.step is Step.IDENTIFY and "过期" in expired.notice
    bad = start("gjj-cx", card(id_number="150429196203150013"))
    assert bad.step is Step.IDENTIFY and "校验" in bad.notice
    assert start("gjj-cx", source=IdentitySource.EID).step is Step.WORKING


def test_prefill_puts_the_applicant_first() -> None:
    household = start("db-sq").session.answers["members"]
    assert household == [{"relation": "本人", "name": "王建国", "id_number": "150429196203150012", "health": "",
                          "work": ""}]
    assert start("yb-jf").session.answers["insured"][0]["id_number"] == "150429196203150012"


def test_errors_show_while_typing_and_when_the_page_is_done() -> None:
    flow = start("yb-bx")
    flow.handle(FieldTyped("phone", "13a"))
    assert flow.errors["phone"] == "手机号是1开头的11位数字"
    flow.handle(FieldTyped("phone", "1394765"))
    assert "phone" not in flow.errors  # incomplete is not wrong yet
    flow.handle(FieldTyped("bank_card", "6222021234567890127"))
    assert "不对" in flow.errors["bank_card"]
    flow.handle(Next())
    assert flow.step is Step.FORM
    assert flow.errors["hospital"] == "请填写“就诊医院”"
    fill(flow)
    flow.handle(FieldSet("admitted_on", "2026-03-12"))
    flow.handle(Next())
    assert flow.errors == {"discharged_on": "“出院日期”不能早于“入院日期”，请重新选"}
    flow.handle(FieldSet("discharged_on", "2099-01-01"))
    assert flow.errors["discharged_on"] == "“出院日期”不能是今天以后的日子，请重新选"
    flow.handle(FieldSet("discharged_on", "2026-02-30"))
    assert flow.errors["discharged_on"] == "没有这一天，请重新选年、月、日"


def test_persons_lists_are_checked_person_by_person() -> None:
    flow = start("qy-sl")
    fill(flow)
    flow.handle(FieldSet("shareholders", [{"name": "张伟", "id_number": "150429198809190034", "share": "10"},
                                          {"name": "张伟", "id_number": "150429198809190034", "share": "5"}]))
    assert flow.errors["shareholders"] == "同一个人不能添加两次"
    flow.handle(FieldSet("shareholders", [{"name": "张伟", "id_number": "150429198809190035", "share": "10"}]))
    assert flow.errors["shareholders"].startswith("第1人：身份证号")


def test_materials_are_required_unless_handed_in_at_the_counter() -> None:
    flow = start("gt-dj")
    fill(flow)
    flow.handle(Next())
    flow.handle(Next())
    assert flow.step is Step.MATERIALS and "premises" in flow.errors
    flow.handle(AtCounter("premises"))
    flow.handle(Next())
    assert flow.step is Step.CONFIRM
    flow.handle(Next())
    assert flow.notice == "请先阅读并勾选同意"
    flow.handle(Consent(True))
    flow.handle(Next())
    assert flow.action.payload["materials"] == [{"material_code": "premises", "pages": 0, "at_counter": True}]


def test_optional_material_and_page_limit() -> None:
    flow = start("db-sq")
    fill(flow)
    flow.handle(Next())
    for code in ("hukou", "income-proof", "bank-card"):
        flow.handle(PageAdded(code, b"p"))
    flow.handle(PageAdded("bank-card", b"p2"))
    assert flow.errors["bank-card"] == "这份材料最多拍1页"
    flow.handle(Next())
    assert flow.step is Step.CONFIRM  # the disability proof is optional


def test_offline_submission_gives_a_provisional_receipt_that_prints() -> None:
    flow = start("sb-gs")
    walk_to_work(flow)
    flow.handle(WorkFailed("网络暂时不可用，您的申请已保存，将自动提交", queued=True,
                           outcome={"provisional_no": "150429-YBP-BWZ-0001"}))
    assert flow.step is Step.RESULT
    assert flow.session.outcome["status"] == "queued"
    assert flow.session.outcome["provisional_no"] == "150429-YBP-BWZ-0001"
    assert flow.action.kind == "print"


def test_a_failed_query_says_so_and_prints_nothing() -> None:
    flow = start("gjj-cx")
    flow.handle(WorkFailed("服务暂时不可用，请稍后再试"))
    assert flow.step is Step.RESULT
    assert flow.session.outcome["status"] == "failed"
    flow.handle(PrintRequested())
    assert flow.action is None


def test_printer_out_shows_the_receipt_on_screen() -> None:
    flow = start("sb-gs")
    walk_to_work(flow)
    flow.handle(WorkDone({"receipt_no": "NC20261127000002"}))
    flow.handle(Printed(ok=False, message="打印纸用完了"))
    assert flow.print_problem == "打印纸用完了"
    assert flow.session.outcome["printed"] is False
    assert flow.action is None


def test_a_receipt_sent_but_not_confirmed_is_taken_and_also_shown_on_screen() -> None:
    flow = start("sb-gs")
    walk_to_work(flow)
    flow.handle(WorkDone({"receipt_no": "NC20261127000002"}))
    flow.handle(Printed(ok=True, message="请取走凭条", confirmed=False))
    assert flow.print_unconfirmed and flow.print_problem == ""
    assert flow.session.outcome["printed"] is True and flow.action is None


def test_low_evaluations_ask_for_a_reason_and_evaluation_can_be_skipped() -> None:
    flow = start("gjj-cx")
    flow.handle(WorkDone({"summary": {}}))
    flow.handle(Next())
    flow.handle(Evaluated(2))
    assert flow.step is Step.EVALUATE and "原因" in flow.notice
    flow.handle(Evaluated(2, ("等待时间太长",)))
    assert flow.step is Step.DONE
    skipped = start("gjj-cx")
    skipped.handle(WorkDone({"summary": {}}))
    skipped.handle(Next())
    skipped.handle(Next())
    assert skipped.step is Step.DONE and "evaluation" not in skipped.session.outcome


def test_ending_the_session_wipes_everything() -> None:
    flow = start("db-sq")
    fill(flow)
    flow.handle(Next())
    flow.handle(PageAdded("hukou", b"page"))
    flow.handle(AtCounter("income-proof"))
    card = flow.session.identity
    assert flow.session.personal
    flow.session.wipe()
    assert not flow.session.personal
    assert card.name == "" and card.id_number == ""
    assert "王建国" not in repr(flow.session)


def test_unknown_field_or_material_is_a_programming_error() -> None:
    flow = start("yb-bx")
    with pytest.raises(KeyError):
        flow.handle(FieldSet("nonexistent", "x"))
    with pytest.raises(KeyError):
        flow.handle(PageAdded("nonexistent", b""))


def test_a_phone_number_a_digit_short_is_told_how_many_digits_it_has() -> None:
    flow = start("yb-bx")
    flow.handle(FieldTyped("phone", "1394765123"))
    assert "phone" not in flow.errors  # still being typed
    flow.handle(FieldSet("phone", "1394765123"))
    assert flow.errors["phone"] == "手机号是11位数字，这里只有10位，请再核对一遍"
    flow.handle(FieldSet("phone", "23947651234"))
    assert flow.errors["phone"] == "手机号是1开头的11位数字"


def test_a_payment_shows_its_amount_before_it_is_confirmed_and_names_each_insured_person() -> None:
    flow = start("yb-jf")
    flow.handle(FieldSet("year", "2027"))
    flow.handle(FieldSet("insured", [{"name": "王建国", "id_number": "150429196203150012"},
                                     {"name": "王小雨", "id_number": "150429201506060026"}]))
    flow.handle(Next())
    assert flow.step is Step.CONFIRM
    assert flow.amount_due() == 2 * flow.item.amount_per_person
    flow.handle(Consent(True))
    flow.handle(Next())
    assert [(x["name"], x["year"]) for x in flow.action.payload["lines"]] == [("王建国", "2027"), ("王小雨", "2027")]
    assert start("gjj-cx").amount_due() is None  # only a payment has an amount


def test_the_phone_is_prefilled_from_the_platform_and_stays_editable() -> None:
    flow = start("sb-gs")
    phone = next(s.key for s in flow.item.fields if s.prefill == "phone")
    assert flow.wants_record and not flow.session.answers.get(phone)  # the card has no phone
    flow.handle(ContactKnown("13947651234"))
    assert flow.session.answers[phone] == "13947651234" and not flow.wants_record
    flow.handle(FieldSet(phone, "15004768899"))  # the citizen's own number wins
    flow.handle(ContactKnown("13947651234"))
    assert flow.session.answers[phone] == "15004768899"


def test_no_phone_on_record_or_a_wrong_one_leaves_the_field_for_the_citizen() -> None:
    for known in ("", "12345"):
        flow = start("yb-bx")
        flow.handle(ContactKnown(known))
        assert not any(flow.session.answers.get(s.key) for s in flow.item.fields if s.prefill == "phone")
    assert not start("gjj-cx").wants_record  # an item without a phone field asks nobody

def test_a_refused_page_says_how_many_are_wrong_and_the_count_follows_the_corrections() -> None:
    flow = start("sb-gs")  # 王建国's card gives the name and the number; phone and reason are left
    flow.handle(FieldSet("phone", "1394765123"))  # a digit short
    assert flow.handle(Next()) is Step.FORM
    assert set(flow.errors) == {"phone", "reason"}
    assert flow.notice == "还有2项没有填好，请按红字改好，再点“下一步”"
    flow.handle(FieldSet("phone", "13947651234"))
    assert flow.notice == "还有1项没有填好，请按红字改好，再点“下一步”"
    flow.handle(FieldSet("reason", "丢失"))
    assert flow.notice == "" and not flow.refused
    assert flow.handle(Next()) is Step.CONFIRM


def test_a_refused_materials_page_says_what_to_do() -> None:
    flow = start("db-sq")
    fill(flow)
    flow.handle(Next())
    flow.handle(PageAdded("hukou", b"p"))
    assert flow.handle(Next()) is Step.MATERIALS
    assert flow.notice == "还有2份材料没有拍，请拍好或选“到窗口交”，再点“下一步”"
    flow.handle(AtCounter("income-proof"))
    flow.handle(PageAdded("bank-card", b"p"))
    assert flow.notice == ""


def test_next_on_the_materials_goes_to_the_next_material_still_needing_pages() -> None:
    flow = start("db-sq")  # hukou, income-proof, health-proof (optional), bank-card
    fill(flow)
    flow.handle(Next())
    assert flow.next_material_to_take(0) == 1
    flow.handle(PageAdded("hukou", b"p"))
    flow.handle(AtCounter("income-proof"))
    assert flow.next_material_to_take(0) == 3  # the optional one is passed over
    assert flow.next_material_to_take(3) is None  # the current one is not "the next"
    flow.handle(PageAdded("bank-card", b"p"))
    assert flow.next_material_to_take(0) is None
    flow.handle(PageRemoved("hukou", 0))
    assert flow.next_material_to_take(3) is None  # not round to the start: the page's check names it
    assert flow.next_material_to_take(-1) == 0


def test_a_choice_with_one_option_is_chosen_by_itself() -> None:
    flow = start("yb-jf")
    year = flow.item.fields[0]
    assert year.type == "choice" and len(year.choices) == 1
    assert flow.session.answers["year"] == year.choices[0]
    several = next(f for f in CATALOG.item("sb-gs").fields if f.type == "choice")
    assert several.key not in start("sb-gs").session.answers


def test_the_evaluation_faces_are_in_the_icon_font_and_none_has_x_eyes() -> None:
    import json

    from kiosk import ASSETS_DIR
    from kiosk.core.flow import EVALUATION_LEVELS

    icons = json.loads((ASSETS_DIR / "icons" / "icons.json").read_text(encoding="utf-8"))
    faces = [face for _level, _word, face in EVALUATION_LEVELS]
    assert all(face in icons for face in faces)
    # Tabler's "crazy" and "dizzy" faces have X or spiral eyes: 非常满意 read as dizzy.
    assert not [face for face in faces if "crazy" in face or "dizzy" in face]
