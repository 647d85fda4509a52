"""预约办理 / 延时办 / 上门服务: pick the item and the kind of service, read the ID card, pick a day and a time slot
from the platform, leave a phone; the booking comes back with a number and a printed slip. The identity is held
only while the screen shows and wiped when the citizen leaves it. A card laid on the reader earlier in the session
(the reader delivers a card once per placing) counts when the screen comes to the card."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from kivy.clock import Clock
from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty

from kiosk.core.results import Slot
from kiosk.core.checksums import phone_valid
from kiosk.devices.base import DeviceEvent
from kiosk.core.identity import Identity, identity_problem
from kiosk.base.i18n import _
from kiosk.core.keypress import apply_key
from kiosk.ui.screens.items.rate import ReasonButton
from kiosk.ui.screens.services.base import NO_NETWORK, ServiceScreen, fill_demo_cards, show_pane

KINDS = ("counter", "extended", "home")
DAYS_AHEAD = 5


def kind_name(kind: str) -> str:
    return {"counter": _("到窗口办理"), "extended": _("延时办理（下班后）"), "home": _("上门服务")}[kind]


def kind_hint(kind: str) -> str:
    return {"counter": _("按预约时间到本站窗口，不用排队"),
            "extended": _("白天没空、行动不便的，可约工作人员下班后等候"),
            "home": _("老弱病残等特殊困难群众，代办员上门帮办")}[kind]


def on_paper(text: str) -> str:
    """The translator of what is printed: receipts stay Chinese (the paper is the department's record)."""
    return text


def weekday_name(day: dt.date, _: Callable[[str], str] = _) -> str:
    return (_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日"))[day.weekday()]


def next_days(today: dt.date, count: int = DAYS_AHEAD) -> list[dt.date]:
    """The next `count` days from tomorrow, weekends left out (the centres' slots are on workdays)."""
    days, day = [], today
    while len(days) < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def day_label(day: dt.date, _: Callable[[str], str] = _) -> str:
    return _("{month}月{day}日 {weekday}").format(month=day.month, day=day.day, weekday=weekday_name(day, _))


def slot_label(slot: Slot) -> str:
    return f"{slot.start:%H:%M}-{slot.end:%H:%M}"


def _wrapping(button: ReasonButton) -> ReasonButton:
    """A choice whose words wrap inside it rather than run over its edges (English is wider)."""
    button.halign, button.valign = "center", "middle"
    button.bind(size=lambda b, size: setattr(b, "text_size", (size[0] - 16, size[1])))
    return button


class AppointmentScreen(ServiceScreen):
    body_class = "AppointmentBody"
    stage = OptionProperty("item", options=["item", "identify", "slot", "phone", "busy", "done"])
    item_code = StringProperty("")
    kind = StringProperty("counter")
    day = ObjectProperty(None, allownone=True)
    slots = ListProperty()
    slot = ObjectProperty(None, allownone=True)
    phone = StringProperty("")
    booked = StringProperty("")  # what was booked, in lines, once done
    kind_hint = StringProperty("")
    today = staticmethod(dt.date.today)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("item", "identify", "slot", "phone", "done")}
        fill_demo_cards(self.app.controller, ids.demo)
        self._item_buttons: dict[str, ReasonButton] = {}
        self._kind_buttons: dict[str, ReasonButton] = {}
        for item in self.app.catalog.items:
            button = self._item_buttons[item.code] = _wrapping(ReasonButton())
            button.bind(on_release=lambda _, code=item.code: self.choose_item(code))
            ids.item_choices.add_widget(button)
        for kind in KINDS:
            button = self._kind_buttons[kind] = _wrapping(ReasonButton())
            button.bind(on_release=lambda _, k=kind: self.choose_kind(k))
            ids.kinds.add_widget(button)

    def prepare(self, item: str = "", **_ignored: Any) -> None:
        self.forget_questions()
        self._identity: Any = None
        self._appointment: Any = None
        self._print: Any = None  # the slip's PrintResult once the printer answered
        self.item_code, self.kind, self.day, self.slots, self.slot, self.phone, self.booked = (
            item, "counter", None, [], None, "", "")
        self.notice = self.message = ""
        self.stage = "item"
        self._fill()

    def relabel(self) -> None:
        """The language changed: the same item, kind, day, slot and phone, in the new words. A problem said in
        the old language is dropped rather than left untranslated."""
        self.notice = ""
        if self.stage == "done":
            self.booked = self._booked_text()
            self._say_printed()
        self._fill()

    def on_leave(self, *_: Any) -> None:
        self._forget_person()

    def _forget_person(self) -> None:
        if self._identity is not None and hasattr(self._identity, "wipe"):
            self._identity.wipe()
        self._identity, self.phone = None, ""

    def on_stage(self, *_: Any) -> None:
        self._fill()

    def on_item_code(self, *_: Any) -> None:
        self._mark_choices()

    def on_kind(self, *_: Any) -> None:
        self._mark_choices()

    def _mark_choices(self) -> None:
        for item in self.app.catalog.items:
            button = self._item_buttons[item.code]
            button.text, button.chosen = _(item.short_name), item.code == self.item_code
        for kind, button in self._kind_buttons.items():
            button.text, button.chosen = kind_name(kind), kind == self.kind
        self.kind_hint = kind_hint(self.kind)

    def _fill(self) -> None:
        stage = self.stage
        show_pane(self.body, list(self._panes.values()), self._panes["phone" if stage == "busy" else stage])
        self.title = {"item": _("预约办理 · 办什么、怎么办"), "identify": _("预约办理 · 请刷身份证"),
                      "slot": _("预约办理 · 选日子和时间"), "phone": _("预约办理 · 留个电话"),
                      "busy": _("正在预约，请稍候…"), "done": _("预约成功")}[stage]
        self.back_text = _("上一步") if stage in ("identify", "slot", "phone") else ""
        self.primary_text = {"item": _("下一步"), "slot": _("下一步"), "phone": _("确认预约"),
                             "done": _("完成")}.get(stage, "")
        self._mark_choices()
        if stage == "slot":
            self._fill_days()

    # -- choices --------------------------------------------------------------------------------------------
    def choose_item(self, code: str) -> None:
        self.item_code, self.notice = code, ""

    def choose_kind(self, kind: str) -> None:
        self.kind, self.notice = kind, ""

    def device_event(self, event: DeviceEvent) -> None:
        """The app hands this screen the reader's cards while it shows; only the identify stage takes them (a card
        laid down before stays with the app's session until then: see _ask_for_card)."""
        if self.stage != "identify" or event.device != "idcard":
            return
        if event.kind == "card":
            self._use_card(self.app.controller.take_card() or event.payload)
        elif event.kind == "card_error":
            self.notice = event.payload.message

    def _ask_for_card(self) -> None:
        self.notice, self.stage = "", "identify"
        card = self.app.controller.take_card()
        if card is None:
            self.app.speak("place_card")
        else:
            self._use_card(card)

    def _use_card(self, identity: Identity) -> None:
        problem = identity_problem(identity, ("idcard",), self.today())
        if problem:
            self.notice = problem
            return
        self._forget_person()
        self._identity, self.notice = identity, ""
        self.stage = "slot"

    def _fill_days(self) -> None:
        box = self.body.ids.days
        box.clear_widgets()
        for day in next_days(self.today()):
            button = _wrapping(ReasonButton(text=day_label(day), chosen=day == self.day))
            button.bind(on_release=lambda _, d=day: self.choose_day(d))
            box.add_widget(button)
        self._fill_slots()

    def choose_day(self, day: dt.date) -> None:
        self.day, self.slot, self.slots, self.notice = day, None, [], ""
        for button in self.body.ids.days.children:
            button.chosen = button.text == day_label(day)
        self._fill_slots()
        station, item = self.app.config_model.station.id, self.item_code
        self.message = _("正在查询可约时段…")
        if not self.ask_platform(lambda client: client.slots(item, station, day), self._got_slots, self._failed):
            self._failed(NO_NETWORK)

    def _got_slots(self, slots: list[Slot]) -> None:
        self.message = ""
        self.slots = slots
        if not any(s.left > 0 for s in slots):
            self.notice = _("这一天已约满或不办理，请换一天")
        self._fill_slots()

    def _failed(self, message: str) -> None:
        self.message, self.notice = "", message
        if self.stage == "busy":
            self.stage = "phone"

    def _fill_slots(self) -> None:
        box = self.body.ids.slot_choices
        box.clear_widgets()
        for slot in self.slots:
            full = slot.left <= 0
            text = slot_label(slot) + (_("（已满）") if full else _("（余{n}）").format(n=slot.left))
            button = _wrapping(ReasonButton(text=text, chosen=slot is self.slot, disabled=full))
            button.bind(on_release=lambda _, s=slot: self.choose_slot(s))
            box.add_widget(button)

    def choose_slot(self, slot: Slot) -> None:
        self.slot, self.notice = slot, ""
        self._fill_slots()

    def type_phone(self, key: str) -> None:
        self.notice = ""
        self.phone = apply_key("phone", self.phone, key)

    # -- moving on ------------------------------------------------------------------------------------------
    def back(self) -> None:
        previous = {"identify": "item", "slot": "identify", "phone": "slot"}.get(self.stage)
        if previous is None:
            super().back()
            return
        if previous == "identify":
            self._forget_person()
        self.notice = ""
        self.stage = previous

    def primary(self) -> None:
        if self.stage == "item":
            if not self.item_code:
                self.notice = _("请先选要办的事")
                return
            self._ask_for_card()
        elif self.stage == "slot":
            if self.slot is None:
                self.notice = _("请先选日子，再选一个时段")
                return
            self.notice, self.stage = "", "phone"
        elif self.stage == "phone":
            if not phone_valid(self.phone):
                self.notice = _("请输入11位手机号，方便工作人员联系您")
                return
            self._book()
        elif self.stage == "done":
            self.app.go_home()

    def _book(self) -> None:
        slot, item, kind, phone = self.slot, self.item_code, self.kind, self.phone
        id_number = self._identity.id_number
        self.stage = "busy"
        if not self.ask_platform(lambda client: client.book_appointment(slot.slot_id, item, id_number, phone, kind),
                                 self._booked, self._failed):
            self._failed(NO_NETWORK)

    def _booked(self, appointment: Any) -> None:
        self._appointment = appointment
        self.booked = self._booked_text()
        receipt = self._slip(appointment, self.app.catalog.item(self.item_code))
        self._forget_person()
        self.stage = "done"
        self._say_printed()

        number = appointment.appointment_no
        if not self.app.controller.print_receipt(receipt, lambda printed: self._printed(number, printed)):
            self.notice = _("终端还在准备，请稍后再试")

    def _booked_text(self) -> str:
        """What was booked, for the screen (the place is the platform's words: not translated)."""
        appointment, item = self._appointment, self.app.catalog.item(self.item_code)
        when = f"{day_label(appointment.start.date())} {slot_label(self.slot)}"
        return "\n".join([_("预约编号：{number}").format(number=appointment.appointment_no),
                          _("办理事项：{item}").format(item=_(item.name)), _("时间：{when}").format(when=when),
                          _("地点：{place}").format(place=appointment.place)])

    def _slip(self, appointment: Any, item: Any) -> Any:
        from kiosk.receipts import kinds

        _ = on_paper
        return kinds.appointment_slip(kinds.Appointment(
            appointment_no=appointment.appointment_no, item=item.name, person_name=self._identity.name,
            person_phone=self.phone, place=appointment.place, date=day_label(appointment.start.date(), on_paper),
            slot=slot_label(self.slot), bring=[_("本人身份证"), *(m.name for m in item.materials if m.required)],
            check_in_qr=appointment.appointment_no,
        ), kinds.StationInfo.from_config(self.app.config_model), mask=self.app.config_model.privacy.mask_on_paper)

    def _printed(self, number: str, printed: Any) -> None:
        if self.stage != "done" or number not in self.booked:
            return
        self._print = printed
        self._say_printed()
        if printed.ok:
            self.app.speak("take_receipt")

    def _say_printed(self) -> None:
        printed = self._print
        if printed is None:
            self.message, self.notice = _("正在打印预约凭条…"), ""
        elif printed.ok:
            self.message, self.notice = _("预约凭条已打印，请取走"), ""
        else:
            self.message, self.notice = "", _("凭条没能打印（{reason}），请记下预约编号").format(reason=printed.message)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {"item": "yb-bx"}
