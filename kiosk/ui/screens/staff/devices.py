"""设备: each device's state, refreshed when a device reports a change, with its reconnect button; the self-test
ticket, the card-reading test, the way to the camera page, and the simulators' controls (simulated devices only)."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen


class DeviceCard(BoxLayout):
    name = StringProperty("")
    label = StringProperty("")
    state = StringProperty("")
    state_label = StringProperty("")
    message = StringProperty("")
    detail = StringProperty("")
    screen = ObjectProperty(None, allownone=True)


class DevicesScreen(MaintenanceScreen):
    body_class = "DevicesBody"
    watches_devices = True
    card_result = StringProperty("")
    simulated = BooleanProperty(False)

    def title(self) -> str:
        return _("设备状态与测试")

    def prepare(self, **params: Any) -> None:
        self.simulated = self.app.config_model.simulated
        super().prepare(**params)

    def relabel(self) -> None:
        result = self.card_result
        super().relabel()
        self.card_result = result

    def refresh(self) -> None:
        cards = self.body.ids.devices
        rows = self.desk.devices()
        if len(cards.children) != len(rows):
            cards.clear_widgets()
            for _row in rows:
                cards.add_widget(DeviceCard(screen=self))
        for card, row in zip(reversed(cards.children), rows):
            card.name, card.label, card.state = row.name, _(row.label), row.state
            card.state_label, card.message, card.detail = _(row.state_label), row.message, row.detail

    def on_leave(self, *args: Any) -> None:
        self._stop_card_test()
        super().on_leave(*args)

    def test_card(self) -> None:
        self._stop_card_test()
        self._unwatch = self.act(lambda: self.desk.watch_cards(
            lambda text: self.app.post(lambda: setattr(self, "card_result", text))))
        if self._unwatch is not None:
            self.card_result = _("请放一张身份证到读卡器上")

    def _stop_card_test(self) -> None:
        unwatch = getattr(self, "_unwatch", None)
        if unwatch is not None:
            unwatch()
        self._unwatch = None

    def print_selftest(self) -> None:
        self.act(self.desk.print_selftest, _("自检单已发送到打印机"))

    def reconnect(self, name: str) -> None:
        self.act(lambda: self.desk.reconnect(name), _("正在重新连接…"))

    def simulate(self, control: str) -> None:
        self.act(lambda: self.desk.simulate(control))
