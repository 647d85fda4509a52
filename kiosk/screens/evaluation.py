"""随手评 on its own (服务评价 on the home screen): which item it was about, five plain faces, reasons for the two
lowest; sent through the outbox (kind "evaluation") like the evaluation after each service."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, OptionProperty, StringProperty

from kiosk.flow import EVALUATION_REASONS
from kiosk.screens.evaluate import LEVELS, FaceButton, ReasonButton
from kiosk.screens.service_base import ServiceScreen


class EvaluationScreen(ServiceScreen):
    body_class = "EvaluationBody"
    stage = OptionProperty("choose", options=["choose", "busy", "done"])
    item_code = StringProperty("")
    level = NumericProperty(0)
    reasons = ListProperty()

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        for item in self.app.catalog.items:
            button = ReasonButton(text=item.short_name)
            button.bind(on_release=lambda _, code=item.code: self.choose_item(code))
            ids.item_choices.add_widget(button)
        for level, label, icon in LEVELS:
            face = FaceButton(level=level, label=label, icon=icon)
            face.bind(on_release=lambda f: self.choose(f.level))
            ids.faces.add_widget(face)
        for reason in EVALUATION_REASONS:
            button = ReasonButton(text=reason)
            button.bind(on_release=lambda b: self.toggle_reason(b.text))
            ids.reasons.add_widget(button)

    def prepare(self, **_: Any) -> None:
        self.forget_questions()
        self.item_code, self.level, self.reasons = "", 0, []
        self.notice, self.message, self.title = "", "", "服务评价 · 随手评"
        self.stage = "choose"
        self._fill()

    def on_stage(self, *_: Any) -> None:
        self._fill()

    def _fill(self) -> None:
        self.primary_text = {"choose": "提交评价", "busy": "", "done": "完成"}[self.stage]
        self.body.disabled = self.stage != "choose"

    def on_item_code(self, *_: Any) -> None:
        names = {i.code: i.short_name for i in self.app.catalog.items}
        for button in self.body.ids.item_choices.children:
            button.chosen = button.text == names.get(self.item_code)

    def on_level(self, *_: Any) -> None:
        for face in self.body.ids.faces.children:
            face.chosen = face.level == self.level

    def on_reasons(self, *_: Any) -> None:
        for button in self.body.ids.reasons.children:
            button.chosen = button.text in self.reasons

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
            self.notice = "请先选您办的是哪件事"
        elif not self.level:
            self.notice = "请点一个表情"
        elif self.level <= 2 and not self.reasons:
            self.notice = "请选一个不满意的原因，帮助我们改进"
        else:
            self._send()

    def _send(self) -> None:
        if self.send("evaluation", self.payload(), self._sent):
            self.notice, self.stage = "", "busy"

    def _sent(self, sent: Any) -> None:
        if not sent.kept:
            self.notice, self.stage = sent.message, "choose"
            return
        self.message = "谢谢您的评价！" + (sent.message and f"（{sent.message}）")
        self.stage = "done"

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {}
