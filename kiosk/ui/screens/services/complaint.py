"""意见投诉: a category, what happened (written by hand or typed in pinyin), a phone for the answer or anonymous;
sent through the outbox (kept when offline) and answered with a tracking number on screen and on a printed slip.
The stages and checks are kiosk.core.services.complaint's; this screen shows them and sends and prints."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import BooleanProperty, OptionProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.services.complaint import KIND, Complaint, Stage
from kiosk.core.services.outcome import Then
from kiosk.receipts.complaint_slip import REPLY_WITHIN_DAYS, complaint_receipt
from kiosk.ui.screens.services.base import ServiceScreen, show_pane


class ComplaintScreen(ServiceScreen):
    """Shows a kiosk.core.services.complaint.Complaint and forwards the touches to it."""

    body_class = "ComplaintBody"
    # The complaint's state, mirrored for the kv.
    stage = OptionProperty("write", options=[s.value for s in Stage])
    category = StringProperty("complaint")
    text = StringProperty("")
    phone = StringProperty("")
    anonymous = BooleanProperty(False)
    number = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("write", "contact", "done")}
        self.complaint = Complaint(self.app.config_model.station.id, REPLY_WITHIN_DAYS)

    def prepare(self, text: str = "", **_params: Any) -> None:
        self.forget_questions()
        self.complaint = Complaint(self.app.config_model.station.id, REPLY_WITHIN_DAYS, text=text)
        self.body.ids.keyboard.reset()
        self._show()

    def on_leave(self, *_: Any) -> None:
        # What was written and the phone number go with the citizen: the screen lives on, the session does not.
        self.complaint = Complaint(self.app.config_model.station.id, REPLY_WITHIN_DAYS)
        self.body.ids.keyboard.forget()
        self._show()

    def _show(self) -> None:
        c = self.complaint
        self.category, self.text, self.phone, self.anonymous = c.category, c.text, c.phone, c.anonymous
        self.number, self.notice, self.stage = c.number, c.notice, c.stage.value
        self.refill()

    def refill(self) -> None:
        stage = self.stage
        show_pane(self.body, list(self._panes.values()), self._panes["contact" if stage == "busy" else stage])
        self.title = {"write": _("意见投诉 · 请说说您的意见"), "contact": _("意见投诉 · 怎么答复您"),
                      "busy": _("正在提交，请稍候…"), "done": _("意见投诉 · 已收到")}[stage]
        self.back_text = {"write": "", "contact": _("上一步"), "busy": "", "done": ""}[stage]
        self.primary_text = {"write": _("下一步"), "contact": _("提交"), "busy": "", "done": _("完成")}[stage]
        self.message = self.complaint.message()

    # -- touches --------------------------------------------------------------------------------------------
    def choose(self, category: str) -> None:
        self.complaint.choose(category)
        self._show()

    def type_text(self, key: str) -> None:
        self.complaint.type_text(key)
        self._show()

    def type_phone(self, key: str) -> None:
        self.complaint.type_phone(key)
        self._show()

    def set_anonymous(self, anonymous: bool) -> None:
        self.complaint.set_anonymous(anonymous)
        self._show()

    def back(self) -> None:
        if self.complaint.back():
            self._show()
        else:
            super().back()

    def primary(self) -> None:
        match self.complaint.primary():
            case Then.SEND:
                if self.send(KIND, self.payload(), self._sent):
                    self.complaint.sending()
                else:
                    self.complaint.tell(self.notice)  # why the terminal could not send
            case Then.HOME:
                self.app.go_home()
                return
        self._show()

    def payload(self) -> dict[str, Any]:
        return self.complaint.payload()

    # -- answers --------------------------------------------------------------------------------------------
    def _sent(self, sent: Any) -> None:
        self.complaint.sent(sent.kept, sent.number, sent.message)
        self._show()
        if self.complaint.stage is Stage.DONE:
            self._print()

    def _print(self) -> None:
        c = self.complaint
        receipt = complaint_receipt(c.number, c.category, c.text, self.app.config_model, dt.datetime.now())
        number = c.number
        if not self.app.controller.print_receipt(receipt, lambda printed: self._printed(number, printed)):
            c.tell(_("终端还在准备，请稍后再试"))
            self._show()

    def _printed(self, number: str, printed: Any) -> None:
        if self.complaint.printed(number, printed.ok, printed.message):
            self.app.speak("take_receipt")
        self._show()

    @classmethod
    def sample(cls, app: Any, state: str = "") -> dict[str, Any]:
        from kiosk.demo.services import COMPLAINT_TEXT

        return {"text": COMPLAINT_TEXT}
