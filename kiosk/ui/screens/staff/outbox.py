"""待提交: the outbox's queue (how many wait, how many the platform sent back, the oldest, the last delivery and
error), refreshed every 2 s, and 立即重试 for those sent back. Never anything personal: the contents are sealed."""

from __future__ import annotations

import time
from typing import Any

from kivy.properties import ListProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen
from kiosk.ui.widgets.common import InfoLine


class OutboxScreen(MaintenanceScreen):
    body_class = "OutboxBody"
    refresh_s = 2.0  # the outbox's sender tells nobody; the page looks again
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
            *self.desk.central_lines(),
        ]

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self.bind(lines=self._show_lines)  # bound after construction: see kiosk.ui.widgets.common.StepBar

    def _show_lines(self, *_args: Any) -> None:
        box = self.body.ids.lines
        box.clear_widgets()
        for label, value in self.lines:
            box.add_widget(InfoLine(label=label, value=value))

    def retry(self) -> None:
        count = self.act(self.desk.retry_outbox)
        if count is not None:
            self.notice = _("已重新排队 {n} 件").format(n=count) if count else _("没有被退回的办件")


def _age(seconds: float | None) -> str:
    if seconds is None:
        return _("无")
    if seconds < 3600:
        return _("{n} 分钟").format(n=int(seconds // 60))
    return _("{n} 小时").format(n=f"{seconds / 3600:.1f}")


def _clock_time(at: float | None) -> str:
    return time.strftime("%m-%d %H:%M", time.localtime(at)) if at else _("本次开机以来没有")
