"""设置: station name and hours, timeouts, voice, default language, platform address: typed on the keyboard the
value needs, saved into the config file (validated, atomic, audited). An operator edits the voice only and sees the
rest read-only. Also the catalog's reload, validated, off the UI thread."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.core.keypress import BACKSPACE, CLEAR
from kiosk.staff.settings import SETTING_BY_PATH, Setting, hours_text
from kiosk.ui.screens.staff.page import MaintenanceScreen, refusal
from kiosk.ui.widgets.common import BigButton


class SettingRow(BoxLayout):
    path = StringProperty("")
    label = StringProperty("")
    value = StringProperty("")
    editable = BooleanProperty(False)
    chosen = BooleanProperty(False)
    screen = ObjectProperty(None, allownone=True)


class UrlKeys(GridLayout):
    """Letters, digits and the signs of a web address, for the platform's URL."""

    __events__ = ("on_key",)
    KEYS = "abcdefghijklmnopqrstuvwxyz0123456789.:/-_"

    def on_kv_post(self, base_widget: Any) -> None:
        from kiosk.ui.widgets.keyboards import Key, key_label

        for key in [*self.KEYS, BACKSPACE, CLEAR]:
            button = Key(key=key, text=key_label(key))
            button.bind(on_release=lambda b: self.dispatch("on_key", b.key))
            self.add_widget(button)

    def on_key(self, key: str) -> None:
        pass


class ChoiceKeys(BoxLayout):
    """The choices of a yes/no or language setting, as buttons; sends the chosen value as the key."""

    __events__ = ("on_key",)

    def __init__(self, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for value, label in choices:
            button = BigButton(text=label, kind="secondary")
            button.bind(on_release=lambda _b, v=value: self.dispatch("on_key", v))
            self.add_widget(button)

    def on_key(self, key: str) -> None:
        pass


class SettingsScreen(MaintenanceScreen):
    body_class = "SettingsBody"
    chosen = StringProperty("")  # the setting being edited
    typed = StringProperty("")
    preview = StringProperty("")  # what was typed, as it will be saved
    hint = StringProperty("")  # how to type the setting being edited
    admin = BooleanProperty(False)
    reloading = BooleanProperty(False)

    def title(self) -> str:
        return _("设置")

    def prepare(self, editing: str = "", typed: str = "", **params: Any) -> None:
        super().prepare(**params)
        self.reloading = False
        self.choose(editing, typed)

    def relabel(self) -> None:
        chosen, typed = self.chosen, self.typed
        super().relabel()
        self.choose(chosen, typed)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {"editing": "station.hours", "typed": "0830120014001730"}

    def refresh(self) -> None:
        member = self.desk.member
        self.admin = bool(member and member.is_admin)
        box = self.body.ids.rows
        box.clear_widgets()
        for line in self.desk.settings():
            box.add_widget(SettingRow(path=line.path, label=_(line.label), value=line.shown, screen=self,
                                      editable=line.editable, chosen=line.path == self.chosen))

    def choose(self, path: str, typed: str = "") -> None:
        """Edit a setting (`path` ""): nothing is edited). Text settings start from their current value."""
        setting = SETTING_BY_PATH.get(path)
        if setting is not None and setting.admin and not self.admin:
            self.notice = _("此操作需要管理员")
            return
        self.chosen = path
        if setting is not None and not typed and setting.kind in ("text", "url"):
            typed = str(self.desk.setting_value(path))
        self.typed = typed
        hints = {"hours": _("每段输入8位数字：08301200 即 08:30-12:00，可输入多段"),
                 "percent": _("输入0到100"), "url": _("例如 https://zwfw.example.gov.cn/api")}
        self.hint = hints.get(setting.kind, "") if setting is not None else ""
        self._keyboard(setting)
        self._preview()
        self.refresh()

    def _keyboard(self, setting: Setting | None) -> None:
        from kiosk.base.i18n import LANGUAGES, offered
        from kiosk.ui.widgets.keyboards import KeyPad, PinyinKeyboard

        keys = self.body.ids.editor_keys
        keys.clear_widgets()
        if setting is None:
            return
        if setting.kind == "text":
            keyboard: Any = PinyinKeyboard()
        elif setting.kind == "url":
            keyboard = Factory.UrlKeys()
        elif setting.kind == "bool":
            keyboard = ChoiceKeys([("true", _("是")), ("false", _("否"))])
        elif setting.kind == "language":
            # Only the languages the station's display mode offers ([display] languages).
            keyboard = ChoiceKeys([(code, LANGUAGES[code]) for code in offered(self.app.config_model.display.languages)])
        else:
            keyboard = KeyPad(layout="numeric")
        keyboard.bind(on_key=lambda _kb, key: self.on_key(key))
        keys.add_widget(keyboard)

    def on_key(self, key: str) -> None:
        setting = SETTING_BY_PATH.get(self.chosen)
        if setting is None:
            return
        if key == BACKSPACE:
            self.typed = self.typed[:-1]
        elif key == CLEAR:
            self.typed = ""
        elif setting.kind in ("bool", "language"):
            self.typed = key
        elif setting.kind in ("text", "url"):
            self.typed = (self.typed + key)[:200]
        elif key.isdigit() and len(self.typed) < (32 if setting.kind == "hours" else 5):
            self.typed += key
        self._preview()

    def _preview(self) -> None:
        setting = SETTING_BY_PATH.get(self.chosen)
        if setting is None or not self.typed:
            self.preview = "—"
        elif setting.kind == "hours":
            self.preview = hours_text(self.typed)
        elif setting.kind == "percent":
            self.preview = f"{self.typed}%"
        elif setting.kind in ("bool", "language"):
            self.preview = setting.shown(setting.typed_value(self.typed) if setting.kind == "bool" else self.typed)
        else:
            self.preview = self.typed

    def save(self) -> None:
        setting = SETTING_BY_PATH.get(self.chosen)
        if setting is None or not self.typed:
            return
        try:
            change = {setting.path: setting.typed_value(self.typed)}
        except KioskError as exc:
            self.notice = exc.message
            return
        if self.act(lambda: self.desk.change_settings(change)) is None:
            return
        if setting.live:
            self._use_now()
        self.notice = _("已保存，立即生效") if setting.live else _("已保存，重启终端程序后生效")
        self.choose("")

    def _use_now(self) -> None:
        """The voice and the default language are used from now on, without a restart."""
        app, config = self.app, self.desk.config
        app.voice.settings = config.voice
        display = app.config_model.display.model_copy(update={"language": config.display.language})
        app.config_model = app.config_model.model_copy(update={"display": display, "voice": config.voice})

    def reload_catalog(self) -> None:
        if self.reloading:
            return
        self.reloading = True
        self.notice = _("正在检查事项目录…")
        self.app.controller.run(self.desk.reload_catalog, then=self._reloaded,
                                failed=lambda exc: self._refused(refusal(exc)))

    def _reloaded(self, catalog: Any) -> None:
        self.reloading = False
        self.app.catalog = catalog
        self.notice = _("已载入新的事项目录：{n} 个事项").format(n=len(catalog.items))

    def _refused(self, message: str) -> None:
        self.reloading = False
        self.notice = message
