"""While the kiosk sends, queries or waits for a payment: what is happening in plain words, never frozen.
For a payment, the platform's QR to scan with a phone, and the wait for "paid"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.animation import Animation
from kivy.properties import NumericProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.idle import seconds_until
from kiosk.ui.screens.items.base import ItemStepScreen
from kiosk.ui.widgets.common import Icon


def working_words(kind: str) -> str:
    """What the kiosk is doing for an action of this kind, in plain words."""
    return {"submit": _("正在提交您的申请，请稍候…"), "query": _("正在查询，请稍候…"),
            "pay": _("正在生成缴费二维码…")}.get(kind, _("请稍候…"))


class BusyIcon(Icon):
    """An icon that turns while something is under way."""

    angle = NumericProperty(0)


class WorkingScreen(ItemStepScreen):
    body_class = "WorkingBody"
    message = StringProperty("")
    qr_text = StringProperty("")
    amount = StringProperty("")

    def refresh(self) -> None:
        super().refresh()
        flow = self.flow
        self.primary_text = ""
        self.show_back = False
        kind = flow.action.kind if flow.action else ""
        self.qr_text = flow.payment.get("qr_text", "")
        self.amount = str(flow.payment.get("amount", ""))
        if self.qr_text:
            self.message = _("请用手机微信、支付宝或银行App扫码缴费，缴费成功后自动继续")
            left = seconds_until(str(flow.payment.get("expires_at", "")), dt.datetime.now(dt.UTC))
            if left >= 60:  # the screen waits as long as the code is valid: no need to hurry
                self.message += "\n" + _("二维码{minutes}分钟内有效，不用着急").format(minutes=round(left / 60))
        else:
            self.message = working_words(kind)

    def on_enter(self, *_: Any) -> None:
        spinner = self.body.ids.spinner
        self._spin = Animation(angle=-360, duration=1.2)
        self._spin.repeat = True
        spinner.angle = 0
        self._spin.start(spinner)

    def on_leave(self, *_: Any) -> None:
        super().on_leave()
        self._spin.cancel(self.body.ids.spinner)

    def forget(self) -> None:
        super().forget()
        self.qr_text = self.amount = ""

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "yb-jf", "working")
        return {}
