"""预约办理 / 延时办 / 上门服务 as a state machine without Kivy or the platform: pick the item and the kind of
service, give the ID card, pick a day and a time slot, leave a phone; the booking comes back with a number and a
slip to print. The screen shows `Booking`'s state, hands it the citizen's touches, the cards and the platform's
answers, and carries out the actions it returns (`Ask`, `TakeCard`, `PrintSlip`, `Speak`, `GoHome`).

The identity is held only from the card to the booking: wiped as soon as the slip's data is made, when the
citizen steps back to the card, and by `close()` when the screen is left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.base.i18n import N_, _
from kiosk.core.catalog import Catalog
from kiosk.core.checksums import phone_valid
from kiosk.core.identity import Identity, identity_problem
from kiosk.core.keypress import apply_key
from kiosk.core.results import Appointment, Slot

KINDS = ("counter", "extended", "home")
DAYS_AHEAD = 5


class Stage(StrEnum):
    ITEM = "item"
    IDENTIFY = "identify"
    SLOT = "slot"
    PHONE = "phone"
    BUSY = "busy"  # the booking is with the platform
    DONE = "done"


BACK = {Stage.IDENTIFY: Stage.ITEM, Stage.SLOT: Stage.IDENTIFY, Stage.PHONE: Stage.SLOT}


# -- what the screen is asked to do ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ask:
    """Put `question(client)` to the platform (controller.ask); hand the answer to `reply`, a failure's message
    to `Booking.failed`, and `Booking.failed(NO_NETWORK)` when there is no platform."""

    question: Callable[[Any], Any]
    reply: Callable[[Any], list[Action]]


@dataclass(frozen=True)
class TakeCard:
    """Hand `Booking.card_taken` the card left on the reader earlier in this session (controller.take_card)."""


@dataclass(frozen=True)
class PrintSlip:
    """Print the appointment slip: `slip` has the fields of kiosk.receipts.kinds.AppointmentDetails, in Chinese (the
    paper is the department's record). Hand the printer's outcome to `Booking.printed`, or call
    `Booking.print_refused` when the kiosk cannot print yet."""

    slip: dict[str, Any]


@dataclass(frozen=True)
class Speak:
    prompt: str  # a voice prompt's name


@dataclass(frozen=True)
class GoHome:
    """The citizen is done."""


Action = Ask | TakeCard | PrintSlip | Speak | GoHome


# -- words ------------------------------------------------------------------------------------------------------
def kind_name(kind: str) -> str:
    return {"counter": _("到窗口办理"), "extended": _("延时办理（下班后）"), "home": _("上门服务")}[kind]


def kind_hint(kind: str) -> str:
    return {"counter": _("按预约时间到本站窗口，不用排队"),
            "extended": _("白天没空、行动不便的，可约工作人员下班后等候"),
            "home": _("老弱病残等特殊困难群众，代办员上门帮办")}[kind]


def weekday_name(day: dt.date, _: Callable[[str], str] = _) -> str:
    return (_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日"))[day.weekday()]


def next_days(today: dt.date, count: int = DAYS_AHEAD) -> list[dt.date]:
    """The next `count` days from tomorrow, weekends left out (the centres' slots are on workdays)."""
    days: list[dt.date] = []
    day = today
    while len(days) < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def day_label(day: dt.date, _: Callable[[str], str] = _) -> str:
    return _("{month}月{day}日 {weekday}").format(month=day.month, day=day.day, weekday=weekday_name(day, _))


def slot_label(slot: Slot) -> str:
    return f"{slot.start:%H:%M}-{slot.end:%H:%M}"


def slot_text(slot: Slot) -> str:
    """A slot's choice: its time and how many places are left."""
    return slot_label(slot) + (_("（已满）") if slot.left <= 0 else _("（余{n}）").format(n=slot.left))


# -- the booking --------------------------------------------------------------------------------------------------
class Booking:
    """One citizen's booking, from the item to the printed slip. Methods take what happened and return the
    actions for the screen; `notice` is a problem to show in red, `message` good news or a wait."""

    def __init__(self, catalog: Catalog, station_id: str, today: dt.date, item_code: str = "") -> None:
        self.catalog, self.station_id, self.today = catalog, station_id, today
        self.stage = Stage.ITEM
        self.item_code, self.kind = item_code, "counter"
        self.day: dt.date | None = None
        self.slots: list[Slot] = []
        self.slot: Slot | None = None
        self.phone = ""
        self.identity: Identity | None = None
        self.appointment: Appointment | None = None
        self.print_outcome: Any = None  # the printer's answer about the slip (ok, message), once it gave one
        self.notice = self.message = ""

    @property
    def days(self) -> list[dt.date]:
        return next_days(self.today)

    # -- choices ----------------------------------------------------------------------------------------------
    def choose_item(self, code: str) -> None:
        self.item_code, self.notice = code, ""

    def choose_kind(self, kind: str) -> None:
        self.kind, self.notice = kind, ""

    def choose_day(self, day: dt.date) -> list[Action]:
        self.day, self.slot, self.slots, self.notice = day, None, [], ""
        self.message = _("正在查询可约时段…")
        item, station = self.item_code, self.station_id
        return [Ask(lambda client: client.slots(item, station, day), self.slots_answered)]

    def slots_answered(self, slots: list[Slot]) -> list[Action]:
        self.message, self.slots = "", slots
        if not any(s.left > 0 for s in slots):
            self.notice = _("这一天已约满或不办理，请换一天")
        return []

    def choose_slot(self, slot: Slot) -> None:
        self.slot, self.notice = slot, ""

    def type_phone(self, key: str) -> None:
        self.notice = ""
        self.phone = apply_key("phone", self.phone, key)

    # -- the card ---------------------------------------------------------------------------------------------
    def card_taken(self, card: Identity | None) -> list[Action]:
        """The card left on the reader before the ID step (None: none), given when the step begins."""
        if card is None:
            return [Speak("place_card")]
        self.card_read(card)
        return []

    def card_read(self, card: Identity) -> None:
        """A card laid on the reader; only the ID step takes it (an earlier one comes through `card_taken`)."""
        if not self.wants_card:
            return
        problem = identity_problem(card, ("idcard",), self.today)
        if problem:
            self.notice = problem
            return
        self._forget_person()
        self.identity, self.notice = card, ""
        self.stage = Stage.SLOT

    @property
    def wants_card(self) -> bool:
        """Whether a card laid now is taken (before the ID step it stays on the reader until `TakeCard`)."""
        return self.stage is Stage.IDENTIFY

    def card_unreadable(self, message: str) -> None:
        if self.wants_card:
            self.notice = message

    # -- moving on --------------------------------------------------------------------------------------------
    def primary(self) -> list[Action]:
        match self.stage:
            case Stage.ITEM:
                if not self.item_code:
                    self.notice = _("请先选要办的事")
                    return []
                self.notice, self.stage = "", Stage.IDENTIFY
                return [TakeCard()]
            case Stage.SLOT:
                if self.slot is None:
                    self.notice = _("请先选日子，再选一个时段")
                    return []
                self.notice, self.stage = "", Stage.PHONE
            case Stage.PHONE:
                if not phone_valid(self.phone):
                    self.notice = _("请输入11位手机号，方便工作人员联系您")
                    return []
                return [self._book()]
            case Stage.DONE:
                return [GoHome()]
        return []

    def back(self) -> bool:
        """One step back; False when there is none inside the booking (the screen leaves it)."""
        previous = BACK.get(self.stage)
        if previous is None:
            return False
        if previous is Stage.IDENTIFY:
            self._forget_person()
        self.notice, self.stage = "", previous
        return True

    def failed(self, message: str) -> None:
        """The platform could not answer (or there is none): say why; a booking can be tried again."""
        self.message, self.notice = "", message
        if self.stage is Stage.BUSY:
            self.stage = Stage.PHONE

    def _book(self) -> Ask:
        assert self.slot is not None and self.identity is not None
        slot_id, item, kind, phone = self.slot.slot_id, self.item_code, self.kind, self.phone
        id_number = self.identity.id_number
        self.stage = Stage.BUSY
        return Ask(lambda client: client.book_appointment(slot_id, item, id_number, phone, kind), self.booked)

    def booked(self, appointment: Appointment) -> list[Action]:
        """The platform's booking: the slip's data is made, then the person is forgotten."""
        self.appointment = appointment
        slip = self._slip(appointment)
        self._forget_person()
        self.stage = Stage.DONE
        self.relabel()
        return [PrintSlip(slip)]

    def _slip(self, appointment: Appointment) -> dict[str, Any]:
        assert self.identity is not None and self.slot is not None
        item = self.catalog.item(self.item_code)
        return {"appointment_no": appointment.appointment_no, "item": item.name,
                "person_name": self.identity.name, "person_phone": self.phone, "place": appointment.place,
                "date": day_label(appointment.start.date(), N_), "slot": slot_label(self.slot),
                "bring": [N_("本人身份证"), *(m.name for m in item.materials if m.required)],
                "check_in_qr": appointment.appointment_no}

    def printed(self, outcome: Any) -> list[Action]:
        """The printer's answer about the slip (`ok`, `message`)."""
        if self.stage is not Stage.DONE:
            return []
        self.print_outcome = outcome
        self.relabel()
        return [Speak("take_receipt")] if outcome.ok else []

    def print_refused(self) -> None:
        self.notice = _("终端还在准备，请稍后再试")

    # -- words ------------------------------------------------------------------------------------------------
    def relabel(self) -> None:
        """The language changed (or the slip's state did): a problem said in the old language is dropped rather
        than left untranslated; the printing is said anew."""
        self.notice = ""
        if self.stage is not Stage.DONE:
            return
        outcome = self.print_outcome
        if outcome is None:
            self.message = _("正在打印预约凭条…")
        elif outcome.ok:
            self.message = _("预约凭条已打印，请取走")
        else:
            self.message = ""
            self.notice = _("凭条没能打印（{reason}），请记下预约编号").format(reason=outcome.message)

    def booked_text(self) -> str:
        """What was booked, in lines, for the screen (the place is the platform's words: not translated)."""
        appointment, slot = self.appointment, self.slot
        if appointment is None or slot is None:
            return ""
        item = self.catalog.item(self.item_code)
        when = f"{day_label(appointment.start.date())} {slot_label(slot)}"
        return "\n".join([_("预约编号：{number}").format(number=appointment.appointment_no),
                          _("办理事项：{item}").format(item=_(item.name)), _("时间：{when}").format(when=when),
                          _("地点：{place}").format(place=appointment.place)])

    def title(self) -> str:
        return {Stage.ITEM: _("预约办理 · 办什么、怎么办"), Stage.IDENTIFY: _("预约办理 · 请刷身份证"),
                Stage.SLOT: _("预约办理 · 选日子和时间"), Stage.PHONE: _("预约办理 · 留个电话"),
                Stage.BUSY: _("正在预约，请稍候…"), Stage.DONE: _("预约成功")}[self.stage]

    def back_text(self) -> str:
        return _("上一步") if self.stage in BACK else ""

    def primary_text(self) -> str:
        return {Stage.ITEM: _("下一步"), Stage.SLOT: _("下一步"), Stage.PHONE: _("确认预约"),
                Stage.DONE: _("完成")}.get(self.stage, "")

    # -- forgetting -------------------------------------------------------------------------------------------
    def close(self) -> None:
        """The citizen left the booking, done or not: forget the person."""
        self._forget_person()

    def _forget_person(self) -> None:
        if self.identity is not None:
            self.identity.wipe()
        self.identity, self.phone = None, ""
