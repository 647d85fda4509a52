"""维护登录: the PIN pad that stands between the hidden corner gesture and maintenance. The PIN is checked off
the UI thread (scrypt is slow on purpose); five wrong PINs lock entry for five minutes."""

from __future__ import annotations

import threading
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.keys import BACKSPACE, CLEAR
from kiosk.screens.base import KioskScreen
from kiosk.staff import StaffError

MAX_DIGITS = 12
UNTOUCHED_S = 60  # the pad opened by mistake (a child tapping the corner) goes back to the start by itself


class StaffPinScreen(KioskScreen):
    in_session = False
    pin = StringProperty("")
    message = StringProperty("")
    checking = BooleanProperty(False)

    def prepare(self, **_: Any) -> None:
        self.pin = ""
        self.checking = False
        desk = self.app.staff_desk
        if desk.needs_setup():
            self.message = "本机还没有维护账户，请在终端上运行 kiosk staff add 建立"
        else:
            self.message = "请输入维护密码"

    def on_enter(self, *_: Any) -> None:
        self._tick = Clock.schedule_interval(self._check_untouched, 1)

    def on_leave(self, *_: Any) -> None:
        self._tick.cancel()

    def _check_untouched(self, _: float) -> None:
        app = self.app
        if app.screens.current != self.name:
            self._tick.cancel()
        elif app.now() - app.idle.last_touch >= UNTOUCHED_S and not self.checking:
            app.end_session("maintenance entry untouched")

    def on_key(self, key: str) -> None:
        if self.checking:
            return
        if key == BACKSPACE:
            self.pin = self.pin[:-1]
        elif key == CLEAR:
            self.pin = ""
        elif key.isdigit() and len(self.pin) < MAX_DIGITS:
            self.pin += key

    def submit(self) -> None:
        if self.checking or not self.pin:
            return
        pin, self.pin = self.pin, ""
        self.checking = True
        self.message = "正在核对…"
        desk = self.app.staff_desk

        def check() -> None:
            try:
                desk.sign_in(pin)
                outcome = ""
            except StaffError as exc:
                outcome = exc.message
            Clock.schedule_once(lambda _: self._answer(outcome))

        threading.Thread(target=check, name="staff-pin", daemon=True).start()

    def _answer(self, refusal: str) -> None:
        self.checking = False
        if self.app.screens.current != self.name:
            return
        if refusal:
            self.message = refusal
        else:
            self.app.enter_maintenance()
