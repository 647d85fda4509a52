"""随手评: five plain faces after every service; for the two lowest, a reason is asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.flow import EVALUATION_LEVELS, EVALUATION_REASONS, Evaluated, evaluation_words
from kiosk.ui.screens.items.base import ItemStepScreen
from kiosk.ui.widgets.common import FitLabel

LEVELS = list(EVALUATION_LEVELS)  # (level, its word as recorded, its face)


class FaceButton(ButtonBehavior, BoxLayout):
    level = NumericProperty(0)
    label = StringProperty("")  # its word (the .kv translates it: a word as recorded shows in the current language)
    icon = StringProperty("")
    chosen = BooleanProperty(False)


class ReasonButton(ButtonBehavior, FitLabel):
    chosen = BooleanProperty(False)
    reason = StringProperty("")  # the reason as recorded, when `text` shows it translated


class EvaluateScreen(ItemStepScreen):
    body_class = "EvaluateBody"
    level = NumericProperty(0)
    reasons = ListProperty()

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        for level, label, icon in LEVELS:
            face = FaceButton(level=level, label=evaluation_words(label), icon=icon)
            face.bind(on_release=lambda button: self.choose(button.level))
            self.body.ids.faces.add_widget(face)
        for reason in EVALUATION_REASONS:
            button = ReasonButton(text=evaluation_words(reason), reason=reason)
            button.bind(on_release=lambda b: self.toggle_reason(b.reason))
            self.body.ids.reasons.add_widget(button)

    def on_level(self, *args: Any) -> None:
        for face in self.body.ids.faces.children:
            face.chosen = face.level == self.level

    def on_reasons(self, *args: Any) -> None:
        for button in self.body.ids.reasons.children:
            button.chosen = button.reason in self.reasons

    def prepare(self, **params: Any) -> None:
        # A new evaluation on entry only: a refresh (the receipt's print job answering late, a refused choice,
        # a language switch) keeps the face and reasons chosen.
        self.level, self.reasons = 0, []
        super().prepare(**params)

    def refresh(self) -> None:
        """Also the words of the faces and reasons, in the language of the moment (the screen lives on between
        citizens, and a switch refreshes it)."""
        super().refresh()
        self.show_back = False
        self.primary_text = _("提交评价") if self.level else _("不评价了")
        words = {level: label for level, label, _icon in LEVELS}
        for face in self.body.ids.faces.children:
            face.label = evaluation_words(words[face.level])
        for button in self.body.ids.reasons.children:
            button.text = evaluation_words(button.reason)

    def choose(self, level: int) -> None:
        self.level = level
        self.primary_text = _("提交评价")
        if level > 2:
            self.reasons = []

    def toggle_reason(self, reason: str) -> None:
        self.reasons = [r for r in self.reasons if r != reason] if reason in self.reasons else [*self.reasons, reason]

    def primary(self) -> None:
        if self.level:
            self.app.controller.flow_event(Evaluated(self.level, tuple(self.reasons)))
        else:
            super().primary()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "gjj-cx", "evaluate")
        return {}


# The .kv styles FaceButton and ReasonButton, which the public services use too: it comes with the module.
_KV = str(Path(__file__).with_suffix(".kv"))
if _KV not in Builder.files:
    Builder.load_file(_KV)
