"""Demo states of an item's steps, with the demo citizens, for `kiosk screenshot` and the demo: each is reached
by driving the real flow engine with the events a citizen would cause."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kiosk.core.flow import (
    Consent,
    ContactKnown,
    FieldSet,
    IdentityRead,
    ItemFlow,
    Next,
    PageAdded,
    PaymentCreated,
    Printed,
    Step,
    WorkDone,
)
from kiosk.core.household import BankCard, Member, bank_filled, offers_household, tick
from kiosk.core.identity import Identity
from kiosk.core.results import IssuedCertificate, PaymentLine, PaymentStatus
from kiosk.devices.idcard.text import build_text_block, parse_text_block
from kiosk.devices.sim.citizens import load_citizens

DEMO_ANSWERS = {
    "yb-bx": {"hospital": "宁城县中心医院", "admitted_on": "2026-10-08", "discharged_on": "2026-10-15",
              "total": "8650.40", "bank_card": "6228480402564890018", "bank": "中国农业银行", "phone": "13947651234"},
    "gt-dj": {"scope": "蔬菜、水果零售；日用百货销售", "shop_name": "宁城县天义镇建国蔬菜店"},
    "db-sq": {"reason": "因病致贫；缺乏劳动能力"},
    "qy-sl": {"scope": "农副产品销售；粮食收购；饲料销售", "company_name": "宁城县丰盛农业科技有限公司",
              "alt_name_1": "宁城县金丰农业科技有限公司", "alt_name_2": "宁城县宏盛农业科技有限公司"},
}
DEMO_OUTCOMES = {
    "gjj-cx": {"summary": {"账户状态": "正常缴存", "账户余额": "23,486.52 元", "月缴存额": "864.00 元",
                           "最近缴存": "2026年10月"},
               "rows": [{"月份": "2026-10", "金额": "864.00"}, {"月份": "2026-09", "金额": "864.00"},
                        {"月份": "2026-08", "金额": "864.00"}]},
    "sb-rz": {"receipt_no": "NC20261127000125",
              "check": {"passed": True, "note": "待遇资格认证通过，本年度认证有效期至2027年11月。"}},
    # Certificates, as printed: on A4 (a terminal with a document printer) and as a slip (one without).
    # As the platform answers it: a timestamp and a verification address, which are shown in words.
    "bdc-cx": {"summary": {"查询结果": "经查询，在宁城县范围内未发现您名下的不动产登记记录", "查询用途": "子女入学",
                           "证明编号": "BDC2026112700012", "核验地址": "https://bdc.sandbox.invalid/verify/BDC2026112700012",
                           "查询时间": "2026-11-27T10:42:18+08:00"},
               "rows": [],
               "certificate": IssuedCertificate(
                   "ZM20261127000045", "https://zwfw.sandbox.invalid/verify/ZM20261127000045", "有无房产证明",
                   "经查询宁城县不动产登记信息系统，截至2026年11月27日，上述人员在本县范围内无登记在其名下的不动产。",
                   "宁城县不动产登记中心", dt.datetime(2026, 11, 27, 10, 2),
                   (("查询范围", "宁城县"), ("查询用途", "子女入学"))),
               "printed_document": {"kind": "certificate-property", "title": "有无房产证明", "route": "a4",
                                    "number": "ZM20261127000045"}},
    "yb-cx": {"summary": {"险种": "城乡居民基本医疗保险", "参保状态": "参保缴费正常", "参保年度": "2026",
                          "个人账户余额(元)": "1,286.40", "参保地": "内蒙古自治区赤峰市宁城县"},
              "rows": [{"年度": 2026, "参保状态": "已参保", "个人缴费(元)": "400.00"},
                       {"年度": 2025, "参保状态": "已参保", "个人缴费(元)": "380.00"}],
              "certificate": IssuedCertificate(
                  "ZM20261127000046", "https://zwfw.sandbox.invalid/verify/ZM20261127000046", "参保凭证",
                  "经查询，参保人参加城乡居民基本医疗保险，参保地为内蒙古自治区赤峰市宁城县，2026年度参保状态为“参保缴费正常”。"
                  "特此证明。", "宁城县医疗保障局", dt.datetime(2026, 11, 27, 10, 2),
                  (("险种", "城乡居民基本医疗保险"), ("2026年度", "已参保，个人缴费 400.00"))),
              "printed_document": {"kind": "certificate-insurance", "title": "参保凭证", "route": "slip",
                                   "number": "ZM20261127000046"}},
}

# The platform's record of 王建国 (demo_identity), as the sandbox holds it (config/sim/identities.yaml).
DEMO_RECORD = ContactKnown(
    "13947651234",
    (Member("150429196407220027", "刘桂芝", "配偶"), Member("150429198811030013", "王海涛", "子女"),
     Member("150429201506060026", "王小雨", "孙子女")),
    BankCard("6228480402564890018", "中国农业银行"),
)
# 孟庆山's, a household of eight: more than a screen's list of persons shows at once.
LARGE_RECORD = ContactKnown(
    "13847609911",
    (Member("150429196009230289", "韩玉荣", "配偶"), Member("150429198203060315", "孟宪军", "子女"),
     Member("150429198407120447", "李春燕", "其他"), Member("150429198611250513", "孟宪民", "子女"),
     Member("150429199002180622", "孟宪华", "子女"), Member("150429200908300796", "孟子豪", "孙子女"),
     Member("150429201305050868", "孟雨欣", "孙子女"), Member("150429193401090205", "赵淑芬", "父母")),
    BankCard("6228480402315770006", "中国农业银行"),
)
RECORDS = {"wang-jianguo": DEMO_RECORD, "meng-qingshan": LARGE_RECORD}

# By field (a person's name, the day out of hospital), else by the field's type.
SAMPLE_BY_KEY = {"name": "王秀英", "discharged_on": "2026-10-15"}
SAMPLE_ANSWERS = {"text": "天义镇", "address": "宁城县天义镇东井子村3组18号", "phone": "18647601188",
                  "money": "1200", "date": "2026-10-08", "bank_card": "6228480402564890018",
                  "id_number": "150429198809190034", "uscc": "91110000600037341L"}


def answer_for(spec: Any, code: str) -> Any:
    """A plausible answer for a field of item `code` (its demo answer when there is one)."""
    if spec.key in DEMO_ANSWERS.get(code, {}):
        return DEMO_ANSWERS[code][spec.key]
    if spec.type == "choice":
        return spec.choices[0]
    if spec.type == "persons":
        return [{c.key: answer_for(c, code) for c in spec.fields}]
    return SAMPLE_BY_KEY.get(spec.key) or SAMPLE_ANSWERS[spec.type]


def demo_identity(key: str = "wang-jianguo") -> Identity:
    """A demo citizen's identity, read from the same text block the simulated card carries."""
    citizen = load_citizens()[key]
    layout = citizen.layouts[0]
    return parse_text_block(build_text_block(layout, citizen.text_values(layout)), citizen.photo())


def form_answers(flow: ItemFlow, household: bool = True) -> list[FieldSet]:
    """Plausible answers to every field of the flow's form, on top of what the card filled in, as a citizen gives
    them: the household on record ticked (and what the record does not say answered; not with `household`
    False: the card holder alone), the bank card on record taken, the phone on record kept."""
    events = []
    session = flow.session
    code = flow.item.code

    def complete(spec: Any, person: dict[str, Any]) -> dict[str, Any]:
        return {c.key: person.get(c.key) or answer_for(c, code) for c in spec.fields}

    for spec in flow.item.fields:
        if spec.type == "persons" and session.answers.get(spec.key):
            # The applicant is already listed: complete what the card did not say.
            persons = [complete(spec, p) for p in session.answers[spec.key]]
            for member in session.household if household and offers_household(spec) else ():
                persons, added = tick(spec, persons, member)
                if added >= 0:
                    persons[added] = complete(spec, persons[added])
            events.append(FieldSet(spec.key, persons))
        elif spec.type == "bank_card" and session.bank_card is not None:
            events.append(FieldSet(spec.key, session.bank_card.number))
        elif spec.prefill == "phone" and session.answers.get(spec.key):
            continue  # the phone on record, kept
        elif bank_filled(spec, session.answers, session.bank_card):
            continue  # the bank of the card on record, taken with it
        else:
            events.append(FieldSet(spec.key, answer_for(spec, code)))
    return events


def drive(flow: ItemFlow, step: Step, citizen: str = "wang-jianguo") -> ItemFlow:
    """Walk `flow` forward with plausible answers until it reaches `step`, with the card of `citizen` (a key of
    RECORDS)."""
    if flow.step is Step.IDENTIFY and step is not Step.IDENTIFY:
        flow.handle(IdentityRead(demo_identity(citizen)))
        if flow.wants_record:
            flow.handle(RECORDS[citizen])
    while flow.step is not step:
        if flow.step is Step.FORM:
            for event in form_answers(flow):
                flow.handle(event)
        elif flow.step is Step.MATERIALS:
            for material in flow.item.materials:
                flow.handle(PageAdded(material.code, b"demo page"))
        elif flow.step is Step.CONFIRM:
            flow.handle(Consent(True))
        elif flow.step is Step.WORKING:
            if flow.action is not None and flow.action.kind == "pay":
                flow.handle(PaymentCreated(demo_order(flow)))
                flow.handle(WorkDone({"payment_status": "paid", "payment": demo_payment(flow)}))
            else:
                flow.handle(WorkDone(DEMO_OUTCOMES.get(flow.item.code, {"receipt_no": "NC20261127000123",
                                                                         "promised_date": "2026-12-25"})))
            continue
        before = flow.step
        flow.handle(Next())
        if flow.step is before:
            raise ValueError(f"demo answers for {flow.item.code} stop at {before}: {flow.errors or flow.notice}")
    if flow.step is Step.RESULT and flow.action is not None and "printed_document" in flow.session.outcome:
        flow.handle(Printed(True))  # the demo certificate came out of its printer
    if flow.step is Step.WORKING and flow.action.kind == "pay":
        flow.handle(PaymentCreated(demo_order(flow)))
    return flow


def demo_order(flow: ItemFlow) -> dict[str, Any]:
    """The payment QR of a demo payment, for the amount the confirm step showed."""
    return {"payment_id": "P20261127000042", "amount": f"{flow.amount_due():.2f}",
            "qr_text": "https://pay.example/P20261127000042",
            "expires_at": (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)).isoformat(timespec="seconds")}


def demo_payment(flow: ItemFlow) -> PaymentStatus:
    """The demo payment as the platform records it once paid."""
    year = int(flow.session.answers.get("year") or dt.date.today().year)
    each = flow.item.amount_per_person or Decimal("0")
    lines = tuple(PaymentLine(p["id_number"], year, each, p.get("name", ""))
                  for p in flow.session.answers.get("insured", []))
    now = dt.datetime.now(dt.UTC)
    payer = flow.session.identity.id_number if flow.session.identity else ""
    return PaymentStatus("paid", now, "P20261127000042", each * len(lines), lines, "YB20261127000042140312", now,
                         now + dt.timedelta(minutes=15), payer)


def sample_flow(app: Any, code: str, step: str, citizen: str = "wang-jianguo") -> None:
    """Put `app` on item `code` at `step` as `citizen` would have got there."""
    app.go_home()
    app.controller.flow = drive(ItemFlow(app.catalog.item(code), app.session, today=dt.date.today()), Step(step),
                                citizen)
