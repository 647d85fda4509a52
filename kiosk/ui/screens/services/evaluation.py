"""随手评 on its own (服务评价 on the home screen): which item it was about, five plain faces, reasons for the two
lowest; sent through the outbox (kind "evaluation") like the evaluation after each service. The stages and checks
are kiosk.core.services.evaluation's; this screen shows them and sends."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, OptionProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.flow import EVALUATION_REASONS
from kiosk.core.services.evaluation import KIND, Evaluation, Stage
from kiosk.core.services.outcome import Then
from kiosk.ui.screens.items.rate import LEVELS, FaceButton, ReasonButton
from kiosk.ui.screens.services.base import ServiceScreen


class EvaluationScreen(ServiceScreen):
    """Shows a kiosk.core.services.evaluation.Evaluation and forwards the touches to it."""

    body_class = "EvaluationBody"
    # The evaluation's state, mirrored for the kv and the buttons.
    stage = OptionProperty("choose", options=[s.value for s in Stage])
    item_code = StringProperty("")
    level = NumericProperty(0)
    reasons = ListProperty()  # as the platform takes them: the Chinese words of EVALUATION_REASONS

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
        self.evaluation = Evaluation(self.app.config_model.station.id)

    def prepare(self, **_params: Any) -> None:
        self.forget_questions()
        self.evaluation = Evaluation(self.app.config_model.station.id)
        self._show()

    def _show(self) -> None:
        e = self.evaluation
        self.item_code, self.level, self.reasons = e.item_code, e.level, list(e.reasons)
        self.notice, self.stage = e.notice, e.stage.value
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
        self.message = self.evaluation.message()

    def on_item_code(self, *_args: Any) -> None:
        for code, button in self._item_buttons.items():
            button.chosen = code == self.item_code

    def on_level(self, *_args: Any) -> None:
        for face in self.body.ids.faces.children:
            face.chosen = face.level == self.level

    def on_reasons(self, *_args: Any) -> None:
        for reason, button in self._reason_buttons.items():
            button.chosen = reason in self.reasons

    # -- touches --------------------------------------------------------------------------------------------
    def choose_item(self, code: str) -> None:
        self.evaluation.choose_item(code)
        self._show()

    def choose(self, level: int) -> None:
        self.evaluation.choose(level)
        self._show()
        if self.evaluation.asks_reasons:  # the reasons appear below the faces: bring them into view once laid out
            Clock.schedule_once(lambda _: self.body.ids.scroll.scroll_to(self.body.ids.reasons, animate=False))

    def toggle_reason(self, reason: str) -> None:
        self.evaluation.toggle_reason(reason)
        self._show()

    def payload(self) -> dict[str, Any]:
        return self.evaluation.payload()

    def primary(self) -> None:
        match self.evaluation.primary():
            case Then.SEND:
                if self.send(KIND, self.payload(), self._sent):
                    self.evaluation.sending()
                else:
                    self.evaluation.tell(self.notice)  # why the terminal could not send
            case Then.HOME:
                self.app.go_home()
                return
        self._show()

    def _sent(self, sent: Any) -> None:
        self.evaluation.sent(sent.kept, sent.message)
        self._show()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {}
