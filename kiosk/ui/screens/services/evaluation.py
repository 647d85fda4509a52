"""随手评 on its own (服务评价 on the home screen): which item it was about, five plain faces, reasons for the two
lowest; sent through the outbox (kind "evaluation") like the evaluation after each service."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, OptionProperty, StringProperty

from kiosk.core.flow import EVALUATION_REASONS
from kiosk.base.i18n import _
from kiosk.ui.screens.items.rate import LEVELS, FaceButton, ReasonButton
from kiosk.ui.screens.services.base import ServiceScreen


class EvaluationScreen(ServiceScreen):
    body_class = "EvaluationBody"
    stage = OptionProperty("choose", options=["choose", "busy", "done"])
    item_code = StringProperty("")
    level = NumericProperty(0)
    reasons = ListProperty()  # as the platform takes them: the Chinese words of EVALUATION_REASONS
    thanks_note = StringProperty("")  # the outbox's word on the sending, once sent

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # What each button stands for, so its words can change with the language.
        self._item_buttons: dict[str, ReasonButton] = {}
        self._faces: dict[str, FaceButton] = {}
        self._reason_buttons: dict[str, ReasonButton] = {}
        for item in self.app.catalog.items:
            button = self._item_buttons[item.code] = ReasonButton()
            button.bind(on_release=lambda _b, code=item.code: self.choose_item(code))
            ids.item_choices.add_widget(button)
        for level, label, icon in LEVELS:
            face = self._faces[label] = FaceButton(level=level, icon=icon)
            face.bind(on_release=lambda f: self.choose(f.level))
            ids.faces.add_widget(face)
        for reason in EVALUATION_REASONS:
            button = self._reason_buttons[reason] = ReasonButton()
            button.bind(on_release=lambda _b, r=reason: self.toggle_reason(r))
            ids.reasons.add_widget(button)

    def prepare(self, **_params: Any) -> None:
        self.forget_questions()
        self.item_code, self.level, self.reasons, self.thanks_note = "", 0, [], ""
        self.notice, self.message = "", ""
        self.stage = "choose"
        self.refill()

    def on_stage(self, *_args: Any) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = _("服务评价 · 随手评")
        self.primary_text = {"choose": _("提交评价"), "busy": "", "done": _("完成")}[self.stage]
        self.body.disabled = self.stage != "choose"
        names = {i.code: i.short_name for i in self.app.catalog.items}
        for code, button in self._item_buttons.items():
            button.text = _(names[code])
        for label, face in self._faces.items():
            face.label = _(label)
        for reason, button in self._reason_buttons.items():
            button.text = _(reason)
        if self.stage == "done":
            self.message = (_("谢谢您的评价！（{note}）").format(note=self.thanks_note) if self.thanks_note
                            else _("谢谢您的评价！"))

    def on_item_code(self, *_args: Any) -> None:
        for code, button in self._item_buttons.items():
            button.chosen = code == self.item_code

    def on_level(self, *_args: Any) -> None:
        for face in self.body.ids.faces.children:
            face.chosen = face.level == self.level

    def on_reasons(self, *_args: Any) -> None:
        for reason, button in self._reason_buttons.items():
            button.chosen = reason in self.reasons

    def choose_item(self, code: str) -> None:
        self.item_code, self.notice = code, ""

    def choose(self, level: int) -> None:
        self.level, self.notice = level, ""
        if level > 2:
            self.reasons = []
        else:  # the reasons appear below the faces: bring them into view once laid out
            Clock.schedule_once(lambda _: self.body.ids.scroll.scroll_to(self.body.ids.reasons, animate=False))

    def toggle_reason(self, reason: str) -> None:
        self.notice = ""
        self.reasons = [r for r in self.reasons if r != reason] if reason in self.reasons else [*self.reasons, reason]

    def payload(self) -> dict[str, Any]:
        """The platform's evaluation body (contract: submitEvaluation)."""
        return {"item_code": self.item_code, "level": self.level, "reasons": list(self.reasons), "comment": "",
                "station_id": self.app.config_model.station.id}

    def primary(self) -> None:
        if self.stage == "done":
            self.app.go_home()
            return
        if self.stage != "choose":
            return
        if not self.item_code:
            self.notice = _("请先选您办的是哪件事")
        elif not self.level:
            self.notice = _("请点一个表情")
        elif self.level <= 2 and not self.reasons:
            self.notice = _("请选一个不满意的原因，帮助我们改进")
        else:
            self._send()

    def _send(self) -> None:
        if self.send("evaluation", self.payload(), self._sent):
            self.notice, self.stage = "", "busy"

    def _sent(self, sent: Any) -> None:
        if not sent.kept:
            self.notice, self.stage = sent.message, "choose"
            return
        self.thanks_note = sent.message
        self.stage = "done"

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {}
