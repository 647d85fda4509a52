"""The handwriting keyboard: a large writing box where the finger's ink is drawn as it moves, eight big candidates
after each stroke (recognised off the UI thread by kiosk.ime.recogniser), 重写 and 删除; the first candidate is
entered by itself after a pause, and the candidates stay to correct it. `TextKeyboard` puts it beside the pinyin
keyboard with one large key to switch; elder mode opens on handwriting. Without Zinnia (see kiosk doctor) only
pinyin is offered."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, Line
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.core.keypress import BACKSPACE
from kiosk.ui.widgets.keyboards import Key, PinyinKeyboard

log = logging.getLogger(__name__)

CANDIDATES = 8
PAUSE_S = 1.2  # no new stroke for this long: the character is done, its first candidate entered


class InkBox(Widget):
    """Takes strokes from the finger: each a list of (x, y) in pixels from the box's top left, y down."""

    strokes = ListProperty()
    __events__ = ("on_stroke", "on_pen")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[list[list[tuple[float, float]]], tuple[float, float]] | None = None
        self.bind(pos=self._draw_shown, size=self._draw_shown)

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        self.dispatch("on_pen")
        app = App.get_running_app()
        with self.canvas:
            Color(*app.theme.primary)
            touch.ud["ink"] = Line(points=list(touch.pos), width=self.pen(), cap="round", joint="round")
        touch.ud["stroke"] = [self._local(touch)]
        return True

    def on_touch_move(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        touch.ud["ink"].points += list(touch.pos)
        touch.ud["stroke"].append(self._local(touch))
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        self.strokes = [*self.strokes, touch.ud["stroke"]]
        self.dispatch("on_stroke")
        return True

    def clear(self) -> None:
        self.strokes = []
        self._shown = None
        self.canvas.clear()

    def show(self, strokes: list[list[tuple[float, float]]], box: tuple[float, float]) -> None:
        """Strokes written in a box of `box` pixels, drawn scaled to this box as it is laid out (the screenshots'
        sample)."""
        self._shown = (strokes, box)
        self._draw_shown()

    def _draw_shown(self, *_: object) -> None:
        if self._shown is None:
            return
        strokes, box = self._shown
        self.canvas.clear()
        sx, sy = self.width / box[0], self.height / box[1]
        with self.canvas:
            Color(*App.get_running_app().theme.primary)
            for stroke in strokes:
                points = [v for x, y in stroke for v in (self.x + x * sx, self.top - y * sy)]
                Line(points=points, width=self.pen(), cap="round", joint="round")

    @staticmethod
    def pen() -> float:
        return max(2.0, App.get_running_app().theme.gap * 0.25)

    def _local(self, touch: Any) -> tuple[float, float]:
        return (touch.x - self.x, self.top - touch.y)

    def on_stroke(self) -> None:
        pass

    def on_pen(self) -> None:
        pass


class HandwritingKeyboard(BoxLayout):
    """Sends `on_key` with each character chosen, or BACKSPACE. `kind` is the field's kind for the ranking
    ("name", "address", "text"); `before` the text already in the field."""

    candidates = ListProperty()
    kind = StringProperty("text")
    before = StringProperty("")
    entered = BooleanProperty(False)  # the candidates are those of the character entered last (tap one to correct)
    __events__ = ("on_key",)

    def on_kv_post(self, base_widget: object) -> None:
        self._asked = 0
        self._pause = Clock.create_trigger(self._paused, PAUSE_S)
        self._waiting = False  # the pause came before the candidates: enter the first when they come
        self.bind(candidates=self._show_candidates)
        self._show_candidates()
        self.ids.ink.bind(on_stroke=self._stroke, on_pen=self._pen)

    def _pen(self, *_: object) -> None:
        self._pause.cancel()
        if self.entered:  # a new character begins: the last one's candidates go
            self.entered = False
            self.candidates = []

    def _stroke(self, *_: object) -> None:
        from kiosk.ime import recogniser

        self._asked += 1
        asked, ink = self._asked, self.ids.ink
        future = recogniser.submit(list(ink.strokes), (ink.width, ink.height), CANDIDATES, self.kind, self.before)
        future.add_done_callback(lambda done: Clock.schedule_once(lambda _dt: self._answer(asked, done)))
        self._pause()

    def _answer(self, asked: int, done: Any) -> None:
        if done.exception() is not None:
            log.error("handwriting recognition failed", exc_info=done.exception())
            return
        if asked != self._asked or self.entered:  # an answer for ink already cleared or entered
            return
        self.candidates = done.result()
        if self._waiting:
            self._paused()

    def _paused(self, *_: object) -> None:
        if not self.ids.ink.strokes:
            return
        self._waiting = self._asked and not self.candidates
        if self.candidates and not self._waiting:
            self._enter(self.candidates[0], correcting=False)

    def choose(self, text: str) -> None:
        """A candidate tapped: entered, or put in place of the one entered after the pause."""
        if self.entered:
            self.dispatch("on_key", BACKSPACE)
        self._enter(text, correcting=True)

    def _enter(self, text: str, correcting: bool) -> None:
        self._pause.cancel()
        self._waiting = False
        self._asked += 1  # an answer still on its way is for the ink just cleared
        self.ids.ink.clear()
        self.dispatch("on_key", text)
        if correcting:
            self.entered = False
            self.candidates = []
        else:
            self.entered = True

    def sample(self, character: str) -> None:
        """The character written neatly in the box and its candidates, recognised here (for the screenshots)."""
        from kiosk.demo.handwriting import clean_strokes
        from kiosk.ime import handwriting

        box = (600.0, 600.0)
        strokes = clean_strokes(character, box)
        self.ids.ink.show(strokes, box)
        self.candidates = handwriting(strokes, box, CANDIDATES, self.kind, before=self.before)

    def rewrite(self) -> None:
        """重写: the ink of this character goes; nothing entered changes."""
        self._pause.cancel()
        self._waiting = False
        self._asked += 1
        self.ids.ink.clear()
        self.entered = False
        self.candidates = []

    def delete(self) -> None:
        """删除: the last character of the field."""
        self.rewrite()
        self.dispatch("on_key", BACKSPACE)

    def _show_candidates(self, *_: object) -> None:
        bar = self.ids.candidates
        bar.clear_widgets()
        for text in self.candidates:
            key = Key(key=text, text=text)
            key.bind(on_release=lambda button: self.choose(button.key))
            bar.add_widget(key)

    def on_key(self, key: str) -> None:
        pass


class TextKeyboard(BoxLayout):
    """Pinyin or handwriting for a text field, one large key to switch; `on_key` from whichever shows. A screen
    that keeps its keyboard between citizens (意见投诉, 办事指南, 证件复印's purpose) calls `reset` when it opens."""

    kind = StringProperty("text")
    before = StringProperty("")
    handwriting = BooleanProperty(False)
    offered = BooleanProperty(False)  # handwriting can be offered (the recogniser is ready, Zinnia there)
    composing = StringProperty("")  # the pinyin letters typed and not yet made a word (a list searched by them)
    __events__ = ("on_key",)

    def on_kv_post(self, base_widget: object) -> None:
        self._looking: Any = None  # the clock event asking the recogniser again
        self._offer()
        self.handwriting = self.offered and App.get_running_app().theme.elder
        self._pinyin: PinyinKeyboard | None = None  # built once, cleared at each show
        self.bind(handwriting=self._show, before=self._pass_before)
        self._show()

    def _offer(self) -> None:
        """Whether handwriting is offered; in the first seconds after start the switch key appears once the
        recogniser is ready."""
        from kiosk.ime import recogniser

        self.offered = recogniser.problem() is None
        if not recogniser.ready() and self._looking is None:
            self._looking = Clock.schedule_interval(self._look_again, 1.0)

    def _look_again(self, *_: object) -> bool:
        from kiosk.ime import recogniser

        if not recogniser.ready():
            return True
        self._looking = None
        self.offered = recogniser.problem() is None
        return False

    def switch(self) -> None:
        self.handwriting = self.offered and not self.handwriting

    def reset(self) -> None:
        """A fresh start: no pinyin letters or ink left over, and handwriting first in elder mode (which may have
        been switched since the keyboard was built)."""
        self._offer()
        handwriting = self.offered and App.get_running_app().theme.elder
        if handwriting != self.handwriting:
            self.handwriting = handwriting  # shows the other keyboard, afresh
        else:
            self._show()

    def _show(self, *_: object) -> None:
        area = self.ids.area
        area.clear_widgets()
        self.composing = ""
        if self.handwriting:
            keyboard: Widget = HandwritingKeyboard(kind=self.kind, before=self.before)  # no ink left over
            keyboard.bind(on_key=lambda _, key: self.dispatch("on_key", key))
        else:
            # The pinyin keyboard's 40 keys are built once (building them held a screen's first frame up by 30 ms);
            # shown again it starts empty, nothing typed before left in it.
            if self._pinyin is None:
                self._pinyin = PinyinKeyboard(kind=self.kind, before=self.before)
                self._pinyin.bind(pinyin=self.setter("composing"),
                                  on_key=lambda _, key: self.dispatch("on_key", key))
            keyboard = self._pinyin
            keyboard.kind, keyboard.before = self.kind, self.before
            keyboard.clear()
        area.add_widget(keyboard)

    def forget(self) -> None:
        """Nothing typed stays in the keyboard a screen keeps between citizens: no letters, candidates or ink, no
        text before; `reset` shows it afresh."""
        self.before = ""
        self.ids.area.clear_widgets()  # a handwriting keyboard goes with its ink
        if self._pinyin is not None:
            self._pinyin.before = ""
            self._pinyin.clear()
        self.composing = ""

    def _pass_before(self, *_: object) -> None:
        for keyboard in self.ids.area.children:
            keyboard.before = self.before

    def on_key(self, key: str) -> None:
        pass


Builder.load_file(str(Path(__file__).with_name("handwriting.kv")))
