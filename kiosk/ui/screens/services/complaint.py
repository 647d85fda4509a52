"""意见投诉: a category, what happened (typed with the pinyin keyboard), a phone for the answer or anonymous;
sent through the outbox (kept when offline) and answered with a tracking number on screen and on a printed slip."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, OptionProperty, StringProperty

from kiosk.core.checksums import phone_valid
from kiosk.receipts.complaint_slip import REPLY_WITHIN_DAYS, complaint_receipt
from kiosk.base.i18n import _
from kiosk.core.keypress import apply_key
from kiosk.ui.screens.services.base import ServiceScreen, show_pane

MIN_TEXT, MAX_TEXT = 2, 300


class ComplaintScreen(ServiceScreen):
    body_class = "ComplaintBody"
    stage = OptionProperty("write", options=["write", "contact", "busy", "done"])
    category = StringProperty("complaint")
    text = StringProperty("")
    phone = StringProperty("")
    anonymous = BooleanProperty(False)
    number = StringProperty("")  # the tracking number, once sent
    reply = StringProperty("")  # the platform's (or the outbox's) word on it, once sent
    slip_printed = BooleanProperty(False)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("write", "contact", "done")}

    def prepare(self, text: str = "", **_params: Any) -> None:
        self.forget_questions()
        self.category, self.text, self.phone, self.anonymous, self.number = "complaint", text, "", False, ""
        self.reply, self.slip_printed = "", False
        self.notice, self.message = "", ""
        self.body.ids.keyboard.pinyin = ""
        self.stage = "write"
        self.refill()

    def on_stage(self, *_args: Any) -> None:
        self.refill()

    def refill(self) -> None:
        stage = self.stage
        show_pane(self.body, list(self._panes.values()), self._panes["contact" if stage == "busy" else stage])
        self.title = {"write": _("意见投诉 · 请说说您的意见"), "contact": _("意见投诉 · 怎么答复您"),
                      "busy": _("正在提交，请稍候…"), "done": _("意见投诉 · 已收到")}[stage]
        self.back_text = {"write": "", "contact": _("上一步"), "busy": "", "done": ""}[stage]
        self.primary_text = {"write": _("下一步"), "contact": _("提交"), "busy": "", "done": _("完成")}[stage]
        if stage == "done":
            reply = self.reply or _("已收到，我们会在{days}个工作日内答复").format(days=REPLY_WITHIN_DAYS)
            self.message = _("{reply}。凭条已打印，请取走").format(reply=reply) if self.slip_printed else reply

    # -- input ----------------------------------------------------------------------------------------------
    def choose(self, category: str) -> None:
        self.category = category

    def type_text(self, key: str) -> None:
        self.notice = ""
        self.text = apply_key("text", self.text, key, MAX_TEXT)

    def type_phone(self, key: str) -> None:
        self.notice = ""
        self.anonymous = False
        self.phone = apply_key("phone", self.phone, key)

    def set_anonymous(self, anonymous: bool) -> None:
        self.anonymous = anonymous
        if anonymous:
            self.phone = ""
        self.notice = ""

    # -- moving on ------------------------------------------------------------------------------------------
    def back(self) -> None:
        if self.stage == "contact":
            self.stage = "write"
        else:
            super().back()

    def primary(self) -> None:
        if self.stage == "write":
            if len(self.text.strip()) < MIN_TEXT:
                self.notice = _("请用下面的键盘写几句您的意见")
                return
            self.notice, self.stage = "", "contact"
        elif self.stage == "contact":
            if not self.anonymous and not phone_valid(self.phone):
                self.notice = _("请输入11位手机号，或选择“匿名提交”")
                return
            self._send()
        elif self.stage == "done":
            self.app.go_home()

    def payload(self) -> dict[str, Any]:
        """The platform's complaint body (contract: submitComplaint)."""
        return {"category": self.category, "content": self.text.strip(),
                "phone": None if self.anonymous else self.phone, "anonymous": self.anonymous,
                "station_id": self.app.config_model.station.id}

    def _send(self) -> None:
        if self.send("complaint", self.payload(), self._sent):
            self.notice, self.stage = "", "busy"

    def _sent(self, sent: Any) -> None:
        if not sent.kept:
            self.notice, self.stage = sent.message, "contact"
            return
        self.number, self.reply = sent.number, sent.message
        self.stage = "done"
        self._print()

    def _print(self) -> None:
        receipt = complaint_receipt(self.number, self.category, self.text, self.app.config_model, dt.datetime.now())
        number = self.number

        if not self.app.controller.print_receipt(receipt, lambda printed: self._printed(number, printed)):
            self.notice = _("终端还在准备，请稍后再试")

    def _printed(self, number: str, printed: Any) -> None:
        if self.number != number or self.stage != "done":
            return
        if printed.ok:
            self.slip_printed = True
            self.refill()
            self.app.speak("take_receipt")
        else:
            self.notice = _("凭条没能打印（{reason}），请记下上面的编号").format(reason=printed.message)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.services import COMPLAINT_TEXT

        return {"text": COMPLAINT_TEXT}
