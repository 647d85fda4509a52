"""预约办理 / 延时办 / 上门服务: the screen of kiosk.core.services.appointment.Booking. It shows the booking's
state (item and kind, the ID step, days and slots, the phone, the booked appointment) and turns touches, cards
and the platform's and printer's answers into calls on it; the actions it returns are carried out here through
the controller."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.results import Slot
from kiosk.core.services.appointment import (
    KINDS,
    Action,
    Ask,
    Booking,
    GoHome,
    PrintSlip,
    Speak,
    Stage,
    TakeCard,
    day_label,
    kind_hint,
    kind_name,
    next_days,
    slot_label,
    slot_text,
)
from kiosk.receipts import kinds as receipts
from kiosk.ui.screens.items.rate import ReasonButton
from kiosk.ui.screens.services.base import NO_NETWORK, ServiceScreen, fill_demo_cards, show_pane

__all__ = ["AppointmentScreen", "day_label", "next_days", "slot_label"]  # the tests take the words from here


def _wrapping(button: ReasonButton) -> ReasonButton:
    """A choice whose words wrap inside it rather than run over its edges (English is wider)."""
    button.halign, button.valign = "center", "middle"
    button.bind(size=lambda b, size: setattr(b, "text_size", (size[0] - 16, size[1])))
    return button


class AppointmentScreen(ServiceScreen):
    body_class = "AppointmentBody"
    # The booking's state, as the kv and the tests read it.
    stage = OptionProperty(Stage.ITEM.value, options=[s.value for s in Stage])
    item_code = StringProperty("")
    kind = StringProperty("counter")
    day = ObjectProperty(None, allownone=True)
    slots = ListProperty()
    slot = ObjectProperty(None, allownone=True)
    phone = StringProperty("")
    booked = StringProperty("")  # what was booked, in lines, once done
    kind_hint = StringProperty("")
    today = staticmethod(dt.date.today)
    booking: Booking

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
        self.booking = Booking(self.app.catalog, self.app.config_model.station.id, self.today(), item)
        self._show()

    def relabel(self) -> None:
        self.booking.relabel()
        self._show()

    def on_leave(self, *_: Any) -> None:
        self.booking.close()
        self._show()

    # -- touches and events -----------------------------------------------------------------------------------
    def choose_item(self, code: str) -> None:
        self.booking.choose_item(code)
        self._show()

    def choose_kind(self, kind: str) -> None:
        self.booking.choose_kind(kind)
        self._show()

    def choose_day(self, day: dt.date) -> None:
        self._do(self.booking.choose_day(day))

    def choose_slot(self, slot: Slot) -> None:
        self.booking.choose_slot(slot)
        self._show()

    def type_phone(self, key: str) -> None:
        self.booking.type_phone(key)
        self._show()

    def device_event(self, event: Any) -> None:
        """The reader's cards while this screen shows. Only the ID step takes one: a card laid down before stays
        with the controller's session until the booking asks for it (TakeCard)."""
        if event.device != "idcard" or not self.booking.wants_card:
            return
        if event.kind == "card":
            self.booking.card_read(self.app.controller.take_card() or event.payload)
        elif event.kind == "card_error":
            self.booking.card_unreadable(event.payload.message)
        self._show()

    def back(self) -> None:
        if not self.booking.back():
            super().back()
            return
        self._show()

    def primary(self) -> None:
        self._do(self.booking.primary())

    # -- the booking's actions --------------------------------------------------------------------------------
    def _do(self, actions: list[Action]) -> None:
        for action in actions:
            match action:
                case Ask():
                    self._ask(action)
                case TakeCard():
                    self._do(self.booking.card_taken(self.app.controller.take_card()))
                case PrintSlip(slip=slip):
                    self._print(slip)
                case Speak(prompt=prompt):
                    self.app.speak(prompt)
                case GoHome():
                    self.app.go_home()
        self._show()

    def _ask(self, ask: Ask) -> None:
        if not self.ask_platform(ask.question, lambda answer: self._do(ask.reply(answer)), self._failed):
            self._failed(NO_NETWORK)

    def _failed(self, message: str) -> None:
        self.booking.failed(message)
        self._show()

    def _print(self, slip: dict[str, Any]) -> None:
        config = self.app.config_model
        receipt = receipts.appointment_slip(slip, receipts.SlipStation.from_config(config),
                                            mask=config.privacy.mask_on_paper)
        booking = self.booking
        if not self.app.controller.print_receipt(receipt, lambda outcome: self._printed(booking, outcome)):
            booking.print_refused()

    def _printed(self, booking: Booking, outcome: Any) -> None:
        if booking is self.booking:  # not a slip of a booking left before
            self._do(booking.printed(outcome))

    # -- showing ----------------------------------------------------------------------------------------------
    def _show(self) -> None:
        b = self.booking
        self.stage, self.item_code, self.kind, self.day, self.slots, self.slot, self.phone = (
            b.stage.value, b.item_code, b.kind, b.day, b.slots, b.slot, b.phone)
        self.notice, self.message, self.booked = b.notice, b.message, b.booked_text()
        self.title, self.back_text, self.primary_text = b.title(), b.back_text(), b.primary_text()
        show_pane(self.body, list(self._panes.values()), self._panes["phone" if b.stage is Stage.BUSY else b.stage])
        for item in self.app.catalog.items:
            button = self._item_buttons[item.code]
            button.text, button.chosen = _(item.short_name), item.code == b.item_code
        for kind, button in self._kind_buttons.items():
            button.text, button.chosen = kind_name(kind), kind == b.kind
        self.kind_hint = kind_hint(b.kind)
        if b.stage is Stage.SLOT:
            self._fill_days()
            self._fill_slots()

    def _fill_days(self) -> None:
        box = self.body.ids.days
        box.clear_widgets()
        for day in self.booking.days:
            button = _wrapping(ReasonButton(text=day_label(day), chosen=day == self.booking.day))
            button.bind(on_release=lambda _, d=day: self.choose_day(d))
            box.add_widget(button)

    def _fill_slots(self) -> None:
        box = self.body.ids.slot_choices
        box.clear_widgets()
        for slot in self.booking.slots:
            button = _wrapping(ReasonButton(text=slot_text(slot), chosen=slot is self.booking.slot,
                                            disabled=slot.left <= 0))
            button.bind(on_release=lambda _, s=slot: self.choose_slot(s))
            box.add_widget(button)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {"item": "yb-bx"}
