"""The maintenance pages (staff only, after the PIN): devices (with the camera and scanner test page), paper,
outbox, statistics, log, settings, leave.

Every page shares the frame in maintenance.kv: the pages down the left, who is signed in, and the page's own
body. The work behind the buttons is kiosk.staff.desk.StaffDesk; pages only show its answers. Maintenance
returns to the citizens' screens by itself after [maintenance] idle_exit_s without a touch.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.core.keypress import BACKSPACE, CLEAR
from kiosk.ui.screens.base import KioskScreen
from kiosk.runtime.stats import Statistics
from kiosk.ui.widgets.common import BigButton, InfoLine
from kiosk.ui.widgets.live import LivePicture



def pages() -> list[tuple[str, str, str]]:
    """The pages down the left: (screen, label, icon), in the language on show."""
    return [("maint-devices", _("设备"), "tool"), ("maint-paper", _("纸张"), "receipt"),
            ("maint-outbox", _("待提交"), "progress"), ("maint-stats", _("统计"), "list-search"),
            ("maint-logs", _("日志"), "clipboard-check"), ("maint-settings", _("设置"), "settings"),
            ("maint-leave", _("离开"), "home")]


class PageBody(BoxLayout):
    """The page's own part; its kv rules read the screen through `root.screen`."""

    screen = ObjectProperty(None, allownone=True, rebind=True)


class DeviceCard(BoxLayout):
    name = StringProperty("")
    label = StringProperty("")
    state = StringProperty("")
    state_label = StringProperty("")
    message = StringProperty("")
    detail = StringProperty("")
    screen = ObjectProperty(None, allownone=True)


class MaintenanceScreen(KioskScreen):
    in_session = False  # the citizens' idle countdown does not apply; maintenance has its own
    body_class = ""
    nav_page = ""  # the page highlighted on the left ("": this screen)
    refresh_s = 0.0  # pages showing live state refresh this often
    heading = StringProperty("")
    who = StringProperty("")
    notice = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        self.body = Factory.get(self.body_class)(screen=self)
        self.ids.content.add_widget(self.body)
        self._nav()

    def _nav(self) -> None:
        nav = self.ids.nav
        nav.clear_widgets()
        for name, label, icon in pages():
            kind = "primary" if name == (self.nav_page or self.name) else "secondary"
            button = BigButton(text=label, icon=icon, kind=kind)
            button.bind(on_release=lambda _b, page=name: self.app.show(page))
            nav.add_widget(button)
        nav.add_widget(Widget())

    def title(self) -> str:
        """The page's heading, in the language on show."""
        return ""

    def relabel(self) -> None:
        notice = self.notice
        self._nav()
        super().relabel()
        self.notice = notice  # what the last action answered stays (in the language it was said in)

    @property
    def desk(self) -> Any:
        return self.app.staff_desk

    def prepare(self, **_params: Any) -> None:
        member = self.desk.member
        self.heading = self.title()
        self.who = _("维护人员：{name}（{role}）").format(name=member.name, role=member.role.label) if member else ""
        self.notice = ""
        self.refresh()

    def on_enter(self, *_: Any) -> None:
        self._cancel_ticks()
        self._ticks = [Clock.schedule_interval(self._tick, 1)]
        if self.refresh_s:
            self._ticks.append(Clock.schedule_interval(self._tick_refresh, self.refresh_s))

    def on_leave(self, *_: Any) -> None:
        self._cancel_ticks()
        Clock.schedule_once(self._left)

    def _cancel_ticks(self) -> None:
        for tick in getattr(self, "_ticks", []):
            tick.cancel()
        self._ticks = []

    def _showing(self) -> bool:
        # on_enter can come after the screen was already left again (quick navigation): then stop ticking.
        if self.manager is not None and self.manager.current == self.name:
            return True
        self._cancel_ticks()
        return False

    def _left(self, _dt: float) -> None:
        # Leaving for a citizen's screen (返回首页 in the header, the idle exit) signs the staff member out.
        if not self.app.screens.current.startswith("maint-"):
            self.desk.sign_out("left maintenance")

    def _tick(self, _dt: float) -> None:
        if self._showing() and (not self.desk.signed_in or self.desk.idle_expired()):
            self.app.leave_maintenance("idle")

    def _tick_refresh(self, _dt: float) -> None:
        if self._showing():
            self.refresh()

    def refresh(self) -> None:
        """Show the current state; pages override."""

    def run(self, action: Any, done: str = "") -> Any:
        """Carry out a desk action, showing its refusal (or `done`) in the notice line."""
        try:
            result = action()
        except KioskError as exc:
            self.notice = exc.message
            return None
        self.notice = done
        self.refresh()
        return result

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {}


class DevicesScreen(MaintenanceScreen):
    body_class = "DevicesBody"
    refresh_s = 1.0
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
        self._unwatch = self.run(lambda: self.desk.watch_cards(
            lambda text: Clock.schedule_once(lambda _dt: setattr(self, "card_result", text))))
        if self._unwatch is not None:
            self.card_result = _("请放一张身份证到读卡器上")

    def _stop_card_test(self) -> None:
        unwatch = getattr(self, "_unwatch", None)
        if unwatch is not None:
            unwatch()
        self._unwatch = None

    def print_selftest(self) -> None:
        self.run(self.desk.print_selftest, _("自检单已发送到打印机"))

    def reconnect(self, name: str) -> None:
        self.run(lambda: self.desk.reconnect(name), _("正在重新连接…"))

    def simulate(self, control: str) -> None:
        self.run(lambda: self.desk.simulate(control))


class CameraTestScreen(MaintenanceScreen):
    """The document camera's live picture with the page outline the capture worker finds (the same feeds as
    the materials step), and the scan test: the next codes read, masked where they look personal."""

    body_class = "CameraTestBody"
    nav_page = "maint-devices"
    outline = ListProperty()  # points for a Line over the preview, in window coordinates
    guidance = StringProperty("")
    camera_info = StringProperty("")
    scan_result = StringProperty("")
    scanning = BooleanProperty(False)
    settle_s = 1.5

    def title(self) -> str:
        return _("高拍仪预览与扫码测试")

    def prepare(self, **params: Any) -> None:
        self.scanning, self.scan_result, self.guidance, self.outline = False, "", "", []
        super().prepare(**params)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        source = getattr(getattr(app.runtime, "camera", None), "source", None)
        if hasattr(source, "lay_document"):
            source.lay_document("a4")
        return {}

    def relabel(self) -> None:
        kept = (self.scanning, self.scan_result)
        super().relabel()
        self.scanning, self.scan_result = kept

    def refresh(self) -> None:
        runtime = self.app.runtime
        camera = runtime.camera if runtime is not None else None
        self.camera_info = (f"{_(camera.status.message)}  {camera.status.detail}".strip() if camera is not None
                            else _("没有配置高拍仪"))

    def _feeds(self) -> list[Any]:
        runtime = self.app.runtime
        return [feed for feed in (getattr(runtime, "preview", None), getattr(runtime, "capture", None))
                if feed is not None]

    def on_enter(self, *args: Any) -> None:
        super().on_enter(*args)
        for feed in self._feeds():
            feed.set_active(True)
        self._live = LivePicture(self.body.ids.preview)
        self._frames = Clock.schedule_interval(self._show_frame, 1 / 15)
        if self._feeds():
            self.run(lambda: self.desk.act("test_camera"))

    def on_leave(self, *args: Any) -> None:
        self._frames.cancel()
        for feed in self._feeds():
            feed.set_active(False)
        self.body.ids.preview.texture = None
        self.outline = []
        super().on_leave(*args)

    def _show_frame(self, _dt: float) -> None:
        self._live.show_latest(getattr(self.app.runtime, "preview", None))

    def device_event(self, event: Any) -> None:
        """The app hands this page the devices' events (no citizen's item is open in maintenance)."""
        if event.device == "capture" and event.kind == "guidance":
            self._show_guidance(event.payload)
        elif event.device == "scanner" and event.kind == "code" and self.scanning:
            self.scan_result = self.desk.shown_code(event.payload.text)
            self.desk.touch()

    def _show_guidance(self, preview: Any) -> None:
        from kiosk.vision.capture import outline_points

        guidance = preview.guidance
        self.guidance = guidance.message
        view = self.body.ids.preview
        if guidance.corners is None or not view.norm_image_size[0]:
            self.outline = []
            return
        width, height = view.norm_image_size
        left, bottom = view.center_x - width / 2, view.center_y - height / 2
        points = outline_points(guidance.corners, (preview.width, preview.height), (width, height))
        self.outline = [v + (left if i % 2 == 0 else bottom) for i, v in enumerate(points)]

    def test_scan(self) -> None:
        self.run(self.desk.start_scan_test)
        if not self.notice:  # not refused
            self.scanning = True
            self.scan_result = _("请把二维码或条码对准扫码器")


class PaperScreen(MaintenanceScreen):
    body_class = "PaperBody"
    refresh_s = 2.0
    receipts = StringProperty("")
    metres = StringProperty("")
    since = StringProperty("")
    condition = StringProperty("")
    warning = StringProperty("")

    def title(self) -> str:
        return _("纸张")

    def refresh(self) -> None:
        printer = self.app.runtime.printer if self.app.runtime else None
        if printer is None:
            self.condition = _("没有配置打印机")
            return
        count = printer.paper
        self.receipts = _("{n} 张").format(n=count.receipts)
        self.metres = _("{n} 米").format(n=f"{count.metres:.1f}")
        self.since = time.strftime("%Y-%m-%d %H:%M", time.localtime(count.since)) if count.since else _("未记录")
        self.condition = printer.condition.message or _(printer.status.message)
        reason = printer.condition.reason.value
        warnings = {"paper_near_end": _("纸快用完了，请准备换纸"), "paper_out": _("没有纸了，请立即换纸")}
        self.warning = warnings.get(reason, "")

    def replaced(self) -> None:
        self.run(self.desk.paper_replaced, _("已记录换纸，计数重新开始"))


class OutboxScreen(MaintenanceScreen):
    body_class = "OutboxBody"
    refresh_s = 2.0
    summary = StringProperty("")
    lines = ListProperty()  # (label, value)

    def title(self) -> str:
        return _("待提交的办件")

    def refresh(self) -> None:
        status = self.desk.outbox_status()
        if status is None:
            self.summary, self.lines = _("平台连接未启动"), []
            return
        self.summary = status.message
        self.lines = [
            (_("待提交"), _("{n} 件").format(n=status.depth)),
            (_("被平台退回"), _("{n} 件").format(n=status.failed)),
            (_("最早一件已等待"), _age(status.oldest_age_s)),
            (_("上次成功提交"), _clock_time(status.last_delivery_at)),
            (_("最近的错误"), status.last_error or _("无")),
            (_("发送程序"), _("运行中") if status.sending else _("未运行")),
        ]

    def on_lines(self, *_args: Any) -> None:
        box = self.body.ids.lines
        box.clear_widgets()
        for label, value in self.lines:
            box.add_widget(InfoLine(label=label, value=value))

    def retry(self) -> None:
        count = self.run(self.desk.retry_outbox)
        if count is not None:
            self.notice = _("已重新排队 {n} 件").format(n=count) if count else _("没有被退回的办件")


class StatsScreen(MaintenanceScreen):
    body_class = "StatsBody"
    headers = ListProperty()
    records = ListProperty()
    _shown: Any = None  # the statistics shown: the runtime's, or a demo's for screenshots

    def title(self) -> str:
        return _("使用统计（近7天）")

    def prepare(self, statistics: Any = None, **params: Any) -> None:
        self._shown = statistics
        self.headers = [_("日期"), _("事项"), _("开始"), _("完成"), _("放弃"), _("平均用时"), _("满意度")]
        super().prepare(**params)

    def relabel(self) -> None:
        self.prepare(statistics=self._shown)

    def refresh(self) -> None:
        stats = self._shown or (self.app.runtime.statistics if self.app.runtime else None)
        if stats is None:
            self.records = []
            return
        since = (dt.date.today() - dt.timedelta(days=6)).isoformat()
        names = {item.code: _(item.short_name) for item in self.app.catalog.items}
        self.records = [
            (r.day[5:], names.get(r.item, r.item), r.started, r.completed,
             r.abandoned if not r.abandoned_at else f"{r.abandoned} ({_steps(r.abandoned_at)})",
             "—" if r.average_s is None else _("{n}分").format(n=f"{r.average_s / 60:.1f}"),
             _satisfaction(r.satisfaction))
            for r in stats.summary(since)
        ]

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {"statistics": _demo_statistics([item.code for item in app.catalog.items[:5]])}

    def print_summary(self) -> None:
        names = {item.code: item.short_name for item in self.app.catalog.items}  # the slip stays Chinese
        self.run(lambda: self.desk.print_statistics(names), _("统计汇总已发送到打印机"))

    def export(self) -> None:
        path = self.run(self.desk.export_statistics)
        if path is not None:
            self.notice = _("已导出到 {path}").format(path=path)


class LogsScreen(MaintenanceScreen):
    body_class = "LogsBody"
    text = StringProperty("")
    _given: list[str] | None = None  # lines to show instead of the log file (screenshots)

    def title(self) -> str:
        return _("运行日志（最近40行，已脱敏）")

    def prepare(self, lines: list[str] | None = None, **params: Any) -> None:
        self._given = lines
        super().prepare(**params)

    def relabel(self) -> None:
        self.prepare(lines=self._given)

    def refresh(self) -> None:
        lines = self._given if self._given is not None else self.desk.log_tail(40)
        self.text = "\n".join(lines) if lines else _("（日志为空）")

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {"lines": [
            "08:31:02 info kiosk.runtime.runtime: devices started",
            "08:31:03 info kiosk.devices.idcard.reader: reader ready, SAM 05.01-20260101-0000012345-0987654321",
            "09:12:40 info kiosk.ui.app: session 3f2a91c0 ended: idle timeout",
            "09:40:15 info kiosk.devices.idcard.reader: card read: 1504**********0010",
            "09:46:52 info kiosk.backend.outbox: submission NC20261127000123 delivered",
            "10:05:09 warning kiosk.runtime.heartbeat: heartbeat not delivered: connect timeout",
            "11:20:33 warning kiosk.devices.printer.printer: paper near end",
        ]}


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
        from kiosk.ui.widgets.keyboards import KEY_LABELS, Key

        for key in [*self.KEYS, BACKSPACE, CLEAR]:
            button = Key(key=key, text=_(KEY_LABELS.get(key, key)))
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
    """Station name and hours, timeouts, voice, default language, platform address: typed on the keyboard the
    value needs, saved into the config file (validated, atomic, audited). An operator edits the voice only and
    sees the rest read-only. Also the catalog's reload, validated, off the UI thread."""

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
        from kiosk.staff.settings import SETTINGS

        member = self.desk.member
        self.admin = bool(member and member.is_admin)
        box = self.body.ids.rows
        box.clear_widgets()
        for setting in SETTINGS:
            box.add_widget(SettingRow(path=setting.path, label=_(setting.label),
                                      value=setting.shown(setting.value_in(self.desk.config)), screen=self,
                                      editable=bool(member) and (self.admin or not setting.admin),
                                      chosen=setting.path == self.chosen))

    def choose(self, path: str, typed: str = "") -> None:
        """Edit a setting (`path` ""): nothing is edited). Text settings start from their current value."""
        from kiosk.staff.settings import SETTING_BY_PATH

        setting = SETTING_BY_PATH.get(path)
        if setting is not None and setting.admin and not self.admin:
            self.notice = _("此操作需要管理员")
            return
        self.chosen = path
        if setting is not None and not typed and setting.kind in ("text", "url"):
            typed = str(setting.value_in(self.desk.config))
        self.typed = typed
        hints = {"hours": _("每段输入8位数字：08301200 即 08:30-12:00，可输入多段"),
                 "percent": _("输入0到100"), "url": _("例如 https://zwfw.example.gov.cn/api")}
        self.hint = hints.get(setting.kind, "") if setting is not None else ""
        self._keyboard(setting)
        self._preview()
        self.refresh()

    def _keyboard(self, setting: Any) -> None:
        from kiosk.base.i18n import LANGUAGES
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
            keyboard = ChoiceKeys(list(LANGUAGES.items()))
        else:
            keyboard = KeyPad(layout="numeric")
        keyboard.bind(on_key=lambda _kb, key: self.on_key(key))
        keys.add_widget(keyboard)

    def on_key(self, key: str) -> None:
        from kiosk.staff.settings import SETTING_BY_PATH

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
        from kiosk.staff.settings import SETTING_BY_PATH, hours_text

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
        from kiosk.staff.settings import SETTING_BY_PATH

        setting = SETTING_BY_PATH.get(self.chosen)
        if setting is None or not self.typed:
            return
        try:
            change = {setting.path: setting.typed_value(self.typed)}
        except KioskError as exc:
            self.notice = exc.message
            return
        if self.run(lambda: self.desk.change_settings(change)) is None:
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
        desk = self.desk

        def work() -> None:
            try:
                catalog, refusal = desk.reload_catalog(), ""
            except KioskError as exc:
                catalog, refusal = None, exc.message
            Clock.schedule_once(lambda _dt: self._reloaded(catalog, refusal))

        threading.Thread(target=work, name="catalog-reload", daemon=True).start()

    def _reloaded(self, catalog: Any, refusal: str) -> None:
        self.reloading = False
        if catalog is None:
            self.notice = refusal
            return
        self.app.catalog = catalog
        self.notice = _("已载入新的事项目录：{n} 个事项").format(n=len(catalog.items))


class LeaveScreen(MaintenanceScreen):
    body_class = "LeaveBody"
    admin = BooleanProperty(False)

    def title(self) -> str:
        return _("离开维护")

    def refresh(self) -> None:
        self.admin = bool(self.desk.member and self.desk.member.is_admin)

    def restart(self) -> None:
        self.run(lambda: self.app.quit_kiosk(restart=True))

    def exit_to_desktop(self) -> None:
        self.run(lambda: self.app.quit_kiosk(restart=False))


def _demo_statistics(items: list[str]) -> Statistics:
    """A week of plausible sessions in memory (for the screenshot), recorded through the real calls."""
    rng = random.Random(7)
    today = dt.date.today()
    now = [0.0]
    stats = Statistics(Path(":memory:"), clock=lambda: now[0])
    for day in range(7):
        # Opening time on each of the last seven days, so no session spills into tomorrow.
        now[0] = dt.datetime.combine(today - dt.timedelta(days=6 - day), dt.time(8, 30)).timestamp()
        for item in items[: 2 + day % 4]:
            for _n in range(rng.randint(1, 6)):
                row = stats.started(item)
                now[0] += rng.randint(90, 600)
                if rng.random() < 0.8:
                    stats.completed(row, rng.choice([5, 5, 5, 4, 4, 3, None]))
                else:
                    stats.abandoned(row, rng.choice(["identify", "form", "materials"]))
    return stats


def _step_name(step: str) -> str:
    names = {"identify": _("识别"), "form": _("填写"), "materials": _("材料"), "confirm": _("确认"),
             "working": _("办理"), "result": _("结果"), "evaluate": _("评价")}
    return names.get(step, step)


def _steps(abandoned_at: dict[str, int]) -> str:
    return " ".join(f"{_step_name(step)} {n}" for step, n in sorted(abandoned_at.items(), key=lambda x: -x[1]))


def _satisfaction(levels: dict[int, int]) -> str:
    given = sum(levels.values())
    if not given:
        return "—"
    score = sum(level * n for level, n in levels.items()) / given
    return _("{score}分/{n}人").format(score=f"{score:.1f}", n=given)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return _("无")
    if seconds < 3600:
        return _("{n} 分钟").format(n=int(seconds // 60))
    return _("{n} 小时").format(n=f"{seconds / 3600:.1f}")


def _clock_time(at: float | None) -> str:
    return time.strftime("%m-%d %H:%M", time.localtime(at)) if at else _("本次开机以来没有")
