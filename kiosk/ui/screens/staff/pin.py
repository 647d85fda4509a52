"""维护登录: the PIN pad that stands between the hidden corner gesture (or a staff card) and maintenance. The PIN
is checked off the UI thread (scrypt is slow on purpose); five wrong PINs lock entry for five minutes. A staff card
chooses its holder's account: only that account's PIN opens then."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.keypress import BACKSPACE, CLEAR
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.staff.page import refusal

MAX_DIGITS = 12
UNTOUCHED_S = 60  # the pad opened by mistake (a child tapping the corner) goes back to the start by itself


class StaffPinScreen(KioskScreen):
    in_session = False
    pin = StringProperty("")
    message = StringProperty("")
    checking = BooleanProperty(False)
    holder = StringProperty("")  # the account a staff card chose ("": any account's PIN)

    def prepare(self, holder: str = "", **_params: Any) -> None:
        self.holder = holder
        self.pin = ""
        self.checking = False
        self.message = self._ask()

    def _ask(self) -> str:
        if self.holder:
            return _("{name}，请输入您的维护密码").format(name=self.holder)
        return _("请输入维护密码")

    def relabel(self) -> None:
        # Keep the digits typed so far; the question is asked again in the new language.
        if not self.checking:
            self.message = self._ask()

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
        self.message = _("正在核对…")
        self.app.controller.run(self.app.staff_desk.sign_in, pin, self.holder, then=lambda _member: self._answer(""),
                                failed=lambda exc: self._answer(refusal(exc)))

    def _answer(self, refusal: str) -> None:
        self.checking = False
        if self.app.screens.current != self.name:
            return
        if refusal:
            self.message = refusal
        else:
            self.app.enter_maintenance()
