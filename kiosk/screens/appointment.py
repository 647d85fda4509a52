"""预约办理 / 延时办 / 上门服务: pick the item and the kind of service, read the ID card, pick a day and a time slot
from the platform, leave a phone; the booking comes back with a number and a printed slip. The identity is held
only while the screen shows and wiped when the citizen leaves it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.clock import Clock
from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty

from kiosk.backend.results import Slot
from kiosk.checksums import phone_valid
from kiosk.devices.base import DeviceEvent
from kiosk.keys import apply_key
from kiosk.screens.evaluate import ReasonButton
from kiosk.screens.service_base import NO_NETWORK, ServiceScreen, fill_demo_cards, show_pane

KINDS = {"counter": "到窗口办理", "extended": "延时办理（下班后）", "home": "上门服务"}
KIND_HINTS = {"counter": "按预约时间到本站窗口，不用排队",
              "extended": "白天没空、行动不便的，可约工作人员下班后等候",
              "home": "老弱病残等特殊困难群众，代办员上门帮办"}
DAYS_AHEAD = 5
WEEKDAYS = "一二三四五六日"


def next_days(today: dt.date, count: int = DAYS_AHEAD) -> list[dt.date]:
    """The next `count` days from tomorrow, weekends left out (the centres' slots are on workdays)."""
    days, day = [], today
    while len(days) < count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def day_label(day: dt.date) -> str:
    return f"{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def slot_label(slot: Slot) -> str:
    return f"{slot.start:%H:%M}-{slot.end:%H:%M}"


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
    today = staticmethod(dt.date.today)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("item", "identify", "slot", "phone", "done")}
        fill_demo_cards(self.app, ids.demo)
        for item in self.app.catalog.items:
            button = ReasonButton(text=item.short_name)
            button.bind(on_release=lambda _, code=item.code: self.choose_item(code))
            ids.item_choices.add_widget(button)
        for kind, label in KINDS.items():
            button = ReasonButton(text=label)
            button.bind(on_release=lambda _, k=kind: self.choose_kind(k))
            ids.kinds.add_widget(button)

    def prepare(self, item: str = "", **_: Any) -> None:
        self.forget_questions()
        self._identity: Any = None
        self.item_code, self.kind, self.day, self.slots, self.slot, self.phone, self.booked = (
            item, "counter", None, [], None, "", "")
        self.notice = self.message = ""
        self.stage = "item"
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
        name = self.app.catalog.item(self.item_code).short_name if self.item_code else ""
        for button in self.body.ids.item_choices.children:
            button.chosen = button.text == name
        for button in self.body.ids.kinds.children:
            button.chosen = button.text == KINDS[self.kind]

    def _fill(self) -> None:
        stage = self.stage
        show_pane(self.body, list(self._panes.values()), self._panes["phone" if stage == "busy" else stage])
        self.title = {"item": "预约办理 · 办什么、怎么办", "identify": "预约办理 · 请刷身份证",
                      "slot": "预约办理 · 选日子和时间", "phone": "预约办理 · 留个电话",
                      "busy": "正在预约，请稍候…", "done": "预约成功"}[stage]
        self.back_text = "上一步" if stage in ("identify", "slot", "phone") else ""
        self.primary_text = {"item": "下一步", "slot": "下一步", "phone": "确认预约", "done": "完成"}.get(stage, "")
        self._mark_choices()
        if stage == "slot":
            self._fill_days()

    # -- choices --------------------------------------------------------------------------------------------
    def choose_item(self, code: str) -> None:
        self.item_code, self.notice = code, ""

    def choose_kind(self, kind: str) -> None:
        self.kind, self.notice = kind, ""

    def device_event(self, event: DeviceEvent) -> None:
        """The app hands this screen the reader's cards while it shows; only the identify stage takes them."""
        if self.stage != "identify" or event.device != "idcard":
            return
        if event.kind == "card":
            identity = event.payload
            if identity.expired(self.today()):
                self.notice = "您的证件已过期，请到派出所换领新证后再来办理"
                return
            self._forget_person()
            self._identity, self.notice = identity, ""
            self.stage = "slot"
        elif event.kind == "card_error":
            self.notice = event.payload.message

    def _fill_days(self) -> None:
        box = self.body.ids.days
        box.clear_widgets()
        for day in next_days(self.today()):
            button = ReasonButton(text=day_label(day), chosen=day == self.day)
            button.bind(on_release=lambda _, d=day: self.choose_day(d))
            box.add_widget(button)
        self._fill_slots()

    def choose_day(self, day: dt.date) -> None:
        self.day, self.slot, self.slots, self.notice = day, None, [], ""
        for button in self.body.ids.days.children:
            button.chosen = button.text == day_label(day)
        self._fill_slots()
        station, item = self.app.config_model.station.id, self.item_code
        self.message = "正在查询可约时段…"
        if not self.ask_platform(lambda client: client.slots(item, station, day), self._got_slots, self._failed):
            self._failed(NO_NETWORK)

    def _got_slots(self, slots: list[Slot]) -> None:
        self.message = ""
        self.slots = slots
        if not any(s.left > 0 for s in slots):
            self.notice = "这一天已约满或不办理，请换一天"
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
            text = slot_label(slot) + ("（已满）" if full else f"（余{slot.left}）")
            button = ReasonButton(text=text, chosen=slot is self.slot, disabled=full)
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
                self.notice = "请先选要办的事"
                return
            self.notice, self.stage = "", "identify"
            self.app.speak("place_card")
        elif self.stage == "slot":
            if self.slot is None:
                self.notice = "请先选日子，再选一个时段"
                return
            self.notice, self.stage = "", "phone"
        elif self.stage == "phone":
            if not phone_valid(self.phone):
                self.notice = "请输入11位手机号，方便工作人员联系您"
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
        item = self.app.catalog.item(self.item_code)
        when = f"{day_label(appointment.start.date())} {slot_label(self.slot)}"
        self.booked = "\n".join([f"预约编号：{appointment.appointment_no}", f"办理事项：{item.name}",
                                 f"时间：{when}", f"地点：{appointment.place}"])
        receipt = self._slip(appointment, item, when)
        self._forget_person()
        self.stage = "done"
        self.message = "正在打印预约凭条…"

        def done(printed: Any) -> None:
            Clock.schedule_once(lambda _: self._printed(appointment.appointment_no, printed))

        self.app.runtime.work.print_receipt(receipt, done)

    def _slip(self, appointment: Any, item: Any, when: str) -> Any:
        from kiosk.receipts import kinds

        return kinds.appointment_slip(kinds.Appointment(
            appointment_no=appointment.appointment_no, item=item.name, person_name=self._identity.name,
            person_phone=self.phone, place=appointment.place, date=day_label(appointment.start.date()),
            slot=slot_label(self.slot), bring=["本人身份证", *(m.name for m in item.materials if m.required)],
            check_in_qr=appointment.appointment_no,
        ), kinds.StationInfo.from_config(self.app.config_model), mask=self.app.config_model.privacy.mask_on_paper)

    def _printed(self, number: str, printed: Any) -> None:
        if self.stage != "done" or number not in self.booked:
            return
        if printed.ok:
            self.message = "预约凭条已打印，请取走"
            self.app.speak("take_receipt")
        else:
            self.message, self.notice = "", f"凭条没能打印（{printed.message}），请记下预约编号"

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {"item": "yb-bx"}
