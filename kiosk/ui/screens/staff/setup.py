"""首次启动: a terminal without any staff account (outside the demo) asks, on the hidden gesture, for its first
admin: the one-time provisioning code that `kiosk staff provision` printed on the terminal (so a passer-by who finds
the gesture cannot make himself admin), a name on the pinyin keyboard and the PIN twice on the number pad, under the
rules of `kiosk staff add`. The account is created off the UI thread (scrypt is slow on purpose), audited, and its
holder enters maintenance.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.keypress import BACKSPACE, CLEAR
from kiosk.staff.accounts import PROVISION_DIGITS, SAMPLE_NAME
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.staff.page import refusal
from kiosk.ui.screens.staff.pin import MAX_DIGITS, UNTOUCHED_S

MAX_NAME = 20


class StaffSetupScreen(KioskScreen):
    for_staff = True
    in_session = False
    field = StringProperty("code")  # where the keys go: "code", "name", "pin" or "repeated"
    code = StringProperty("")
    code_shown = StringProperty("")  # the code in groups of four, as `kiosk staff provision` prints it
    name_typed = StringProperty("")
    pin = StringProperty("")
    repeated = StringProperty("")
    message = StringProperty("")
    busy = BooleanProperty(False)

    def on_kv_post(self, base_widget: Any) -> None:
        from kiosk.ui.widgets.keyboards import KeyPad, PinyinKeyboard

        self._pinyin = PinyinKeyboard()
        self._digits = KeyPad(layout="numeric", size_hint_x=None, width=self.app.theme.button_h * 5)
        for keyboard in (self._pinyin, self._digits):
            keyboard.bind(on_key=lambda _kb, key: self.on_key(key))
        self.bind(field=self._show_keys)  # bound after construction: see kiosk.ui.widgets.common.StepBar
        self._show_keys()

    def on_code(self, *_args: Any) -> None:
        self.code_shown = " ".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))

    def _show_keys(self, *_args: Any) -> None:
        keys = self.ids["keys"]  # (ids.keys is the dict method)
        keys.clear_widgets()
        keys.add_widget(self._pinyin if self.field == "name" else self._digits)

    def prepare(self, typed_name: str = "", field: str = "code", code: str = "", **_params: Any) -> None:
        self.field, self.code, self.name_typed, self.pin, self.repeated = field, code, typed_name, "", ""
        self.busy = False
        self.message = self._explain()

    def _explain(self) -> str:
        if self.app.staff_desk.provisioning_pending():
            return _("本机还没有维护账户：请输入开通码，建立第一个管理员账户")
        return _("本机还没有维护账户。请技术人员在终端上运行 kiosk staff provision 取得开通码，或用 kiosk staff add 建立账户")

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {"typed_name": SAMPLE_NAME, "field": "code", "code": "48219375"}

    def relabel(self) -> None:
        # What was typed stays; only the explanation changes language.
        if not self.busy:
            self.message = self._explain()

    def on_enter(self, *_args: Any) -> None:
        self._tick = Clock.schedule_interval(self._check_untouched, 1)

    def on_leave(self, *_args: Any) -> None:
        self._tick.cancel()

    def _check_untouched(self, _dt: float) -> None:
        app = self.app
        if app.screens.current != self.name:
            self._tick.cancel()
        elif app.now() - app.idle.last_touch >= UNTOUCHED_S and not self.busy:
            app.end_session("first start untouched")

    def choose(self, field: str) -> None:
        self.field = field

    def on_key(self, key: str) -> None:
        if self.busy:
            return
        attr = "name_typed" if self.field == "name" else self.field
        value = getattr(self, attr)
        longest = PROVISION_DIGITS if self.field == "code" else MAX_DIGITS
        if key == BACKSPACE:
            value = value[:-1]
        elif key == CLEAR:
            value = ""
        elif self.field == "name":
            value = (value + key)[:MAX_NAME]
        elif key.isdigit() and len(value) < longest:
            value += key
        setattr(self, attr, value)

    def create(self) -> None:
        if self.busy:
            return
        name, pin, repeated, code = self.name_typed, self.pin, self.repeated, self.code
        self.busy = True
        self.message = _("正在保存…")
        self.app.controller.run(self.app.staff_desk.create_first_admin, name, pin, repeated, code,
                                then=lambda _member: self._answer(""), failed=lambda exc: self._answer(refusal(exc)))

    def _answer(self, refusal: str) -> None:
        self.busy = False
        if self.app.screens.current != self.name:
            return
        if refusal:
            self.message = refusal
            self.pin, self.repeated = "", ""
            self.field = "pin" if self.name_typed and self.code else "name" if self.code else "code"
        else:
            self.app.enter_maintenance()
