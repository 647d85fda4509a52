"""The maintenance pages (staff only, after the PIN): devices, paper, outbox, statistics, log, settings, leave.

Every page shares the frame in maintenance.kv: the pages down the left, who is signed in, and the page's own
body. The work behind the buttons is kiosk.maintenance.StaffDesk; pages only show its answers. Maintenance
returns to the citizens' screens by itself after [maintenance] idle_exit_s without a touch.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.errors import KioskError
from kiosk.screens.base import KioskScreen
from kiosk.stats import Statistics
from kiosk.widgets.common import BigButton, InfoLine

PAGES = [("maint-devices", "设备", "tool"), ("maint-paper", "纸张", "receipt"), ("maint-outbox", "待提交", "progress"),
         ("maint-stats", "统计", "list-search"), ("maint-logs", "日志", "clipboard-check"),
         ("maint-settings", "设置", "settings"), ("maint-leave", "离开", "home")]


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
    title = ""
    refresh_s = 0.0  # pages showing live state refresh this often
    who = StringProperty("")
    notice = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        self.body = Factory.get(self.body_class)(screen=self)
        self.ids.content.add_widget(self.body)
        for name, label, icon in PAGES:
            button = BigButton(text=label, icon=icon, kind="primary" if name == self.name else "secondary")
            button.bind(on_release=lambda _, page=name: self.app.show(page))
            self.ids.nav.add_widget(button)
        self.ids.nav.add_widget(Widget())

    @property
    def desk(self) -> Any:
        return self.app.staff_desk

    def prepare(self, **_: Any) -> None:
        member = self.desk.member
        self.who = f"{member.name}（{member.role.label}）" if member else ""
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

    def _left(self, _: float) -> None:
        # Leaving for a citizen's screen (返回首页 in the header, the idle exit) signs the staff member out.
        if not self.app.screens.current.startswith("maint-"):
            self.desk.sign_out("left maintenance")

    def _tick(self, _: float) -> None:
        if self._showing() and (not self.desk.signed_in or self.desk.idle_expired()):
            self.app.leave_maintenance("idle")

    def _tick_refresh(self, _: float) -> None:
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
    title = "设备状态与测试"
    refresh_s = 1.0
    card_result = StringProperty("")
    simulated = BooleanProperty(False)

    def prepare(self, **params: Any) -> None:
        self.simulated = self.app.config_model.simulated
        super().prepare(**params)

    def refresh(self) -> None:
        cards = self.body.ids.devices
        rows = self.desk.devices()
        if len(cards.children) != len(rows):
            cards.clear_widgets()
            for _ in rows:
                cards.add_widget(DeviceCard(screen=self))
        for card, row in zip(reversed(cards.children), rows):
            card.name, card.label, card.state = row.name, row.label, row.state
            card.state_label, card.message, card.detail = row.state_label, row.message, row.detail

    def on_leave(self, *args: Any) -> None:
        self._stop_card_test()
        super().on_leave(*args)

    def test_card(self) -> None:
        self._stop_card_test()
        self._unwatch = self.run(lambda: self.desk.watch_cards(
            lambda text: Clock.schedule_once(lambda _: setattr(self, "card_result", text))))
        if self._unwatch is not None:
            self.card_result = "请放一张身份证到读卡器上"

    def _stop_card_test(self) -> None:
        unwatch = getattr(self, "_unwatch", None)
        if unwatch is not None:
            unwatch()
        self._unwatch = None

    def print_selftest(self) -> None:
        self.run(self.desk.print_selftest, "自检单已发送到打印机")

    def reconnect(self, name: str) -> None:
        self.run(lambda: self.desk.reconnect(name), "正在重新连接…")

    def simulate(self, control: str) -> None:
        self.run(lambda: self.desk.simulate(control))


class PaperScreen(MaintenanceScreen):
    body_class = "PaperBody"
    title = "纸张"
    refresh_s = 2.0
    receipts = StringProperty("")
    metres = StringProperty("")
    since = StringProperty("")
    condition = StringProperty("")
    warning = StringProperty("")

    def refresh(self) -> None:
        printer = self.app.runtime.printer if self.app.runtime else None
        if printer is None:
            self.condition = "没有配置打印机"
            return
        count = printer.paper
        self.receipts = f"{count.receipts} 张"
        self.metres = f"{count.metres:.1f} 米"
        self.since = time.strftime("%Y-%m-%d %H:%M", time.localtime(count.since)) if count.since else "未记录"
        self.condition = printer.condition.message or printer.status.message
        reason = printer.condition.reason.value
        self.warning = {"paper_near_end": "纸快用完了，请准备换纸", "paper_out": "没有纸了，请立即换纸"}.get(reason, "")

    def replaced(self) -> None:
        self.run(self.desk.paper_replaced, "已记录换纸，计数重新开始")


class OutboxScreen(MaintenanceScreen):
    body_class = "OutboxBody"
    title = "待提交的办件"
    refresh_s = 2.0
    summary = StringProperty("")
    lines = ListProperty()  # (label, value)

    def refresh(self) -> None:
        status = self.desk.outbox_status()
        if status is None:
            self.summary, self.lines = "平台连接未启动", []
            return
        self.summary = status.message
        self.lines = [
            ("待提交", f"{status.depth} 件"),
            ("被平台退回", f"{status.failed} 件"),
            ("最早一件已等待", _age(status.oldest_age_s)),
            ("上次成功提交", _clock_time(status.last_delivery_at)),
            ("最近的错误", status.last_error or "无"),
            ("发送程序", "运行中" if status.sending else "未运行"),
        ]

    def on_lines(self, *_: Any) -> None:
        box = self.body.ids.lines
        box.clear_widgets()
        for label, value in self.lines:
            box.add_widget(InfoLine(label=label, value=value))

    def retry(self) -> None:
        count = self.run(self.desk.retry_outbox)
        if count is not None:
            self.notice = f"已重新排队 {count} 件" if count else "没有被退回的办件"


class StatsScreen(MaintenanceScreen):
    body_class = "StatsBody"
    title = "使用统计（近7天）"
    headers = ListProperty(["日期", "事项", "开始", "完成", "放弃", "平均用时", "满意度"])
    records = ListProperty()
    _shown: Any = None  # the statistics shown: the runtime's, or a demo's for screenshots

    def prepare(self, statistics: Any = None, **params: Any) -> None:
        self._shown = statistics
        super().prepare(**params)

    def refresh(self) -> None:
        stats = self._shown or (self.app.runtime.statistics if self.app.runtime else None)
        if stats is None:
            self.records = []
            return
        since = (dt.date.today() - dt.timedelta(days=6)).isoformat()
        names = {item.code: item.short_name for item in self.app.catalog.items}
        self.records = [
            (r.day[5:], names.get(r.item, r.item), r.started, r.completed,
             r.abandoned if not r.abandoned_at else f"{r.abandoned}（{_steps(r.abandoned_at)}）",
             "—" if r.average_s is None else f"{r.average_s / 60:.1f}分",
             _satisfaction(r.satisfaction))
            for r in stats.summary(since)
        ]

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {"statistics": _demo_statistics([item.code for item in app.catalog.items[:5]])}

    def print_summary(self) -> None:
        names = {item.code: item.short_name for item in self.app.catalog.items}
        self.run(lambda: self.desk.print_statistics(names), "统计汇总已发送到打印机")

    def export(self) -> None:
        path = self.run(self.desk.export_statistics)
        if path is not None:
            self.notice = f"已导出到 {path}"


class LogsScreen(MaintenanceScreen):
    body_class = "LogsBody"
    title = "运行日志（最近40行，已脱敏）"
    text = StringProperty("")
    _given: list[str] | None = None  # lines to show instead of the log file (screenshots)

    def prepare(self, lines: list[str] | None = None, **params: Any) -> None:
        self._given = lines
        super().prepare(**params)

    def refresh(self) -> None:
        lines = self._given if self._given is not None else self.desk.log_tail(40)
        self.text = "\n".join(lines) if lines else "（日志为空）"

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {"lines": [
            "08:31:02 info kiosk.runtime: devices started",
            "08:31:03 info kiosk.devices.idcard: 身份证读卡器就绪 SAM 05.01-20260101-0000012345-0987654321",
            "09:12:40 info kiosk.app: session 3f2a91c0 ended: idle timeout",
            "09:40:15 info kiosk.devices.idcard: card read: Identity(王*国, 1504**********0010)",
            "09:46:52 info kiosk.backend.outbox: submission NC20261127000123 delivered",
            "10:05:09 warning kiosk.heartbeat: heartbeat not delivered: connect timeout",
            "11:20:33 warning kiosk.devices.printer: paper near end",
        ]}


class SettingRow(BoxLayout):
    path = StringProperty("")
    label = StringProperty("")
    value = StringProperty("")
    chosen = BooleanProperty(False)
    screen = ObjectProperty(None, allownone=True)


class SettingsScreen(MaintenanceScreen):
    """Admin only: the session timeouts and maintenance's own, typed on the number pad; saved into the config
    file (validated, atomic, audited) and used from the next start."""

    body_class = "SettingsBody"
    title = "设置"
    chosen = StringProperty("")  # the setting being typed
    typed = StringProperty("")
    admin = BooleanProperty(False)

    def prepare(self, editing: str = "", typed: str = "", **params: Any) -> None:
        self._saved: dict[str, Any] = getattr(self, "_saved", {})
        self.chosen, self.typed = editing, typed
        super().prepare(**params)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {"editing": "session.idle_timeout_s", "typed": "120"}

    def refresh(self) -> None:
        from kiosk.settings import SETTINGS

        self.admin = bool(self.desk.member and self.desk.member.is_admin)
        box = self.body.ids.rows
        box.clear_widgets()
        for setting in SETTINGS:
            value = self._saved.get(setting.path, setting.value_in(self.app.config_model))
            box.add_widget(SettingRow(path=setting.path, label=setting.label, value=str(value), screen=self,
                                      chosen=setting.path == self.chosen))

    def choose(self, path: str) -> None:
        if not self.admin:
            self.notice = "此操作需要管理员"
            return
        self.chosen, self.typed = path, ""
        self.refresh()

    def on_key(self, key: str) -> None:
        from kiosk.keys import BACKSPACE, CLEAR

        if key == BACKSPACE:
            self.typed = self.typed[:-1]
        elif key == CLEAR:
            self.typed = ""
        elif key.isdigit() and len(self.typed) < 5:
            self.typed += key

    def save(self) -> None:
        if not (self.chosen and self.typed):
            return
        change = {self.chosen: int(self.typed)}
        if self.run(lambda: self.desk.change_settings(change)) is not None:
            self._saved.update(change)
            self.notice = "已保存，重启终端程序后生效"
            self.chosen, self.typed = "", ""
            self.refresh()


class LeaveScreen(MaintenanceScreen):
    body_class = "LeaveBody"
    title = "离开维护"
    admin = BooleanProperty(False)

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
            for _ in range(rng.randint(1, 6)):
                row = stats.started(item)
                now[0] += rng.randint(90, 600)
                if rng.random() < 0.8:
                    stats.completed(row, rng.choice([5, 5, 5, 4, 4, 3, None]))
                else:
                    stats.abandoned(row, rng.choice(["identify", "form", "materials"]))
    return stats


STEP_NAMES = {"identify": "识别", "form": "填写", "materials": "材料", "confirm": "确认", "working": "办理",
              "result": "结果", "evaluate": "评价"}


def _steps(abandoned_at: dict[str, int]) -> str:
    return " ".join(f"{STEP_NAMES.get(step, step)}{n}" for step, n in sorted(abandoned_at.items(), key=lambda x: -x[1]))


def _satisfaction(levels: dict[int, int]) -> str:
    given = sum(levels.values())
    if not given:
        return "—"
    return f"{sum(level * n for level, n in levels.items()) / given:.1f}分/{given}人"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "无"
    if seconds < 3600:
        return f"{int(seconds // 60)} 分钟"
    return f"{seconds / 3600:.1f} 小时"


def _clock_time(at: float | None) -> str:
    return time.strftime("%m-%d %H:%M", time.localtime(at)) if at else "本次开机以来没有"
