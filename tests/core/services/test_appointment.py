"""预约办理 without Kivy or a platform: the Booking from the item to the printed slip, cards refused and cards laid
early, the platform's failures, the way back, and the identity forgotten when the booking ends."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from dataclasses import dataclass
from typing import Any

from kiosk.core.catalog import load_catalog
from kiosk.core.identity import Identity, IdentitySource, IdentityType
from kiosk.core.results import Appointment, Slot
from kiosk.core.services.appointment import (
    Ask,
    Booking,
    GoHome,
    PrintSlip,
    Speak,
    Stage,
    TakeCard,
    day_label,
    next_days,
)
from kiosk.receipts import kinds

TODAY = dt.date(2026, 11, 27)  # a Friday
CATALOG = load_catalog()
MONDAY = dt.date(2026, 11, 30)
FREE = Slot("S1", dt.datetime(2026, 11, 30, 9), dt.datetime(2026, 11, 30, 9, 30), "3号窗口", 2)
FULL = Slot("S2", dt.datetime(2026, 11, 30, 10), dt.datetime(2026, 11, 30, 10, 30), "3号窗口", 0)
BOOKED = Appointment("YY20261130000001", dt.datetime(2026, 11, 30, 9), "宁城县政务服务中心 3号窗口")


def card(valid_to: dt.date | None = dt.date(2036, 5, 12),
         source: IdentitySource = IdentitySource.IDCARD) -> Identity:
    return Identity(type=IdentityType.RESIDENT, name="王建国", id_number="150429196203150012",
                    valid_to=valid_to, source=source, photo=bytearray(b"WLT photo"))


class Platform:
    """A client that answers as the platform would and records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[Any, ...]] = []

    def slots(self, item_code: str, station_id: str, date: dt.date) -> list[Slot]:
        self.asked.append(("slots", item_code, station_id, date))
        return [FREE, FULL]

    def book_appointment(self, slot_id: str, item_code: str, id_number: str, phone: str, kind: str) -> Appointment:
        self.asked.append(("book", slot_id, item_code, id_number, phone, kind))
        return BOOKED


def answer(actions: list[Any], platform: Platform) -> list[Any]:
    """What the screen does with a single Ask: put it to the platform and hand the answer back."""
    assert len(actions) == 1 and isinstance(actions[0], Ask)
    return actions[0].reply(actions[0].question(platform))


def booking() -> Booking:
    return Booking(CATALOG, "NC-01", TODAY)


def to_identify(b: Booking) -> None:
    b.choose_item("yb-bx")
    assert b.primary() == [TakeCard()] and b.stage is Stage.IDENTIFY


def to_phone(b: Booking, platform: Platform) -> None:
    to_identify(b)
    assert b.card_taken(card()) == []
    answer(b.choose_day(MONDAY), platform)
    b.choose_slot(FREE)
    b.primary()
    assert b.stage is Stage.PHONE


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str = ""


def test_a_whole_booking_from_the_item_to_the_printed_slip() -> None:
    b, platform = booking(), Platform()
    assert b.primary() == [] and b.notice == "请先选要办的事"
    b.choose_item("yb-bx")
    b.choose_kind("extended")
    assert b.notice == "" and b.primary() == [TakeCard()] and b.stage is Stage.IDENTIFY
    assert b.card_taken(None) == [Speak("place_card")] and b.stage is Stage.IDENTIFY
    b.card_read(card())
    assert b.stage is Stage.SLOT and b.identity is not None
    assert b.days == next_days(TODAY) and b.days[0] == MONDAY
    assert b.primary() == [] and b.notice == "请先选日子，再选一个时段"
    asked = b.choose_day(MONDAY)
    assert b.message == "正在查询可约时段…" and b.notice == ""
    assert answer(asked, platform) == [] and b.slots == [FREE, FULL] and b.message == ""
    assert platform.asked == [("slots", "yb-bx", "NC-01", MONDAY)]
    b.choose_slot(FREE)
    assert b.primary() == [] and b.stage is Stage.PHONE
    for key in "1394765123":
        b.type_phone(key)
    assert b.primary() == [] and b.notice == "请输入11位手机号，方便工作人员联系您"
    b.type_phone("4")
    asked = b.primary()
    assert b.stage is Stage.BUSY and b.notice == ""
    (slip,) = answer(asked, platform)
    assert platform.asked[-1] == ("book", "S1", "yb-bx", "150429196203150012", "13947651234", "extended")
    assert b.stage is Stage.DONE and b.identity is None and b.phone == ""
    assert isinstance(slip, PrintSlip) and slip.slip["person_name"] == "王建国"
    assert slip.slip["date"] == "11月30日 星期一" and slip.slip["slot"] == "09:00-09:30"
    assert slip.slip["bring"][0] == "本人身份证" and slip.slip["person_phone"] == "13947651234"
    assert b.booked_text().splitlines() == ["预约编号：YY20261130000001", "办理事项：医疗费用手工报销申请",
                                            "时间：11月30日 星期一 09:00-09:30", "地点：宁城县政务服务中心 3号窗口"]
    assert b.message == "正在打印预约凭条…"
    paper = kinds.appointment_slip(slip.slip, kinds.SlipStation("宁城县政务服务中心")).plain_text()
    assert "预约凭条" in paper and "王*国" in paper and "王建国" not in paper and "13947651234" not in paper
    assert b.printed(Outcome(True)) == [Speak("take_receipt")] and b.message == "预约凭条已打印，请取走"
    assert b.primary() == [GoHome()]


def test_a_slip_that_did_not_print_says_so_and_a_kiosk_not_ready_too() -> None:
    b, platform = booking(), Platform()
    to_phone(b, platform)
    for key in "13947651234":
        b.type_phone(key)
    answer(b.primary(), platform)
    assert b.printed(Outcome(False, "缺纸")) == []
    assert b.message == "" and b.notice == "凭条没能打印（缺纸），请记下预约编号"
    b.print_refused()
    assert b.notice == "终端还在准备，请稍后再试"


def test_an_expired_card_is_refused_with_the_core_s_words_and_another_card_goes_through() -> None:
    b = booking()
    to_identify(b)
    b.card_read(card(valid_to=dt.date(2026, 11, 26)))
    assert b.stage is Stage.IDENTIFY and b.identity is None
    assert b.notice == "您的证件已过期，请到派出所换领新证后再来办理"
    b.card_read(card(source=IdentitySource.TYPED))
    assert b.stage is Stage.IDENTIFY and b.notice == "办理此事项需要刷本人身份证，请把身份证放在读卡区"
    b.card_unreadable("读卡失败，请重新放置身份证")
    assert b.notice == "读卡失败，请重新放置身份证"
    b.card_read(card())
    assert b.stage is Stage.SLOT and b.notice == ""


def test_a_card_laid_before_the_id_step_is_taken_when_the_step_begins() -> None:
    b = booking()
    early = card()
    assert not b.wants_card
    b.card_read(early)  # a card event while still choosing: not this step's
    b.card_unreadable("读卡失败")
    assert b.stage is Stage.ITEM and b.identity is None and b.notice == ""
    to_identify(b)
    assert b.wants_card
    assert b.card_taken(early) == [] and b.stage is Stage.SLOT and b.identity is early
    assert not b.wants_card


def test_the_platform_s_failures_are_said_and_a_failed_booking_can_be_tried_again() -> None:
    b, platform = booking(), Platform()
    to_identify(b)
    b.card_read(card())
    b.choose_day(MONDAY)
    b.failed("网络不通，请稍后再试")
    assert b.message == "" and b.notice == "网络不通，请稍后再试" and b.stage is Stage.SLOT
    b.choose_day(MONDAY)[0].reply([FULL])
    assert b.notice == "这一天已约满或不办理，请换一天"
    b.choose_slot(FREE)
    b.primary()
    for key in "13947651234":
        b.type_phone(key)
    b.primary()
    assert b.stage is Stage.BUSY
    b.failed("该时段已约满，请换一个时段")
    assert b.stage is Stage.PHONE and b.notice == "该时段已约满，请换一个时段" and b.identity is not None
    answer(b.primary(), platform)
    assert b.stage is Stage.DONE


def test_back_steps_one_at_a_time_and_the_card_is_forgotten_going_back_to_it() -> None:
    b, platform = booking(), Platform()
    to_phone(b, platform)
    b.type_phone("1")
    held = b.identity
    assert b.back() and b.stage is Stage.SLOT and b.identity is held and b.phone == "1"
    assert b.back() and b.stage is Stage.IDENTIFY and b.identity is None and b.phone == ""
    assert held is not None and held.is_empty and held.photo == bytearray()
    assert b.back() and b.stage is Stage.ITEM and b.item_code == "yb-bx"
    assert not b.back()  # nothing before the item: the screen leaves


def test_days_skip_weekends_and_are_labelled_for_screen_and_paper() -> None:
    assert next_days(TODAY, 3) == [MONDAY, dt.date(2026, 12, 1), dt.date(2026, 12, 2)]
    assert len(next_days(TODAY)) == 5 and all(d.weekday() < 5 for d in next_days(TODAY))
    assert day_label(MONDAY) == "11月30日 星期一"


def test_no_identity_survives_a_finished_booking() -> None:
    b, platform = booking(), Platform()
    to_identify(b)
    identity = card()
    ref = weakref.ref(identity)
    b.card_read(identity)
    del identity
    answer(b.choose_day(MONDAY), platform)
    b.choose_slot(FREE)
    b.primary()
    for key in "13947651234":
        b.type_phone(key)
    actions = answer(b.primary(), platform)
    b.printed(Outcome(True))
    b.close()
    assert b.identity is None
    gc.collect()
    assert ref() is None  # the booking, its actions and its slip's data keep no Identity
    assert actions  # still held here: the slip's data is not the person's card


def test_no_identity_survives_an_abandoned_booking_and_it_is_wiped() -> None:
    b = booking()
    to_identify(b)
    identity = card()
    ref = weakref.ref(identity)
    b.card_taken(identity)
    assert b.identity is identity
    b.close()
    assert identity.is_empty and identity.photo == bytearray()
    del identity
    gc.collect()
    assert ref() is None and b.stage is Stage.SLOT
