"""维护登录: the PIN pad that stands between the hidden corner gesture (or a staff card) and maintenance. Staff
choose their name (a staff card chooses it for them), then type that account's PIN: only the chosen account's PIN is
compared, so nothing here depends on another account's PIN. On the demo terminal without accounts no name is offered
and the demo PIN opens. The PIN is checked off the UI thread (scrypt is slow on purpose); wrong PINs lock entry for
longer each time (kiosk.staff.accounts)."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.keypress import BACKSPACE, CLEAR
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.staff.page import refusal
from kiosk.ui.widgets.common import BigButton

MAX_DIGITS = 12
UNTOUCHED_S = 60  # the pad opened by mistake (a child tapping the corner) goes back to the start by itself


class StaffPinScreen(KioskScreen):
    for_staff = True
    in_session = False
    pin = StringProperty("")
    message = StringProperty("")
    checking = BooleanProperty(False)
    holder = StringProperty("")  # the account chosen on the pad or by a staff card ("": the demo PIN)
    names = ListProperty([])  # the accounts offered; empty on the demo terminal without accounts

    def prepare(self, holder: str = "", **_params: Any) -> None:
        self.names = self.app.staff_desk.holders()
        self.holder = holder
        self.pin = ""
        self.checking = False
        self.message = self._ask()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.staff.accounts import SAMPLE_NAME

        return {"holder": SAMPLE_NAME}

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        # Bound after construction: see kiosk.ui.widgets.common.StepBar
        self.bind(names=self._show_names, holder=self._show_names)
        self._show_names()

    def _show_names(self, *_args: Any) -> None:
        row = self.ids["names"]
        row.clear_widgets()
        names = self.names or ([self.holder] if self.holder else [])
        for name in names:
            button = BigButton(text=name, icon="user" if name != self.holder else "check",
                               kind="header" if name == self.holder else "secondary")
            button.bind(on_release=lambda _b, chosen=name: self.choose(chosen))
            row.add_widget(button)

    def choose(self, name: str) -> None:
        if self.checking:
            return
        self.holder = name
        self.message = self._ask()

    def _ask(self) -> str:
        if self.holder:
            return _("{name}，请输入您的维护密码").format(name=self.holder)
        if self.names:
            return _("请先点您的姓名，再输入维护密码")
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
        if self.checking or not self.pin or (self.names and not self.holder):
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
