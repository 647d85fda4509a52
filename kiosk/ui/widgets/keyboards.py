"""On-screen keyboards: number pads (with X for ID numbers, a dot for money), a letters-and-digits pad for codes,
and a Chinese pinyin keyboard whose candidates come from kiosk.ime.engine. Each sends `on_key` with one key
(a character, or kiosk.core.keypress.BACKSPACE / CLEAR); the pinyin keyboard sends whole words."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.base.i18n import _
from kiosk.core.checksums import USCC_ALPHABET
from kiosk.core.keypress import BACKSPACE, CLEAR
from kiosk.ui.widgets.label import Label
from kiosk.ui.widgets.lang import tr

LAYOUTS = {
    "numeric": ["1", "2", "3", "4", "5", "6", "7", "8", "9", CLEAR, "0", BACKSPACE],
    "numeric_x": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", BACKSPACE],
    "numeric_dot": ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", BACKSPACE],
    "alnum": list("1234567890") + [c for c in USCC_ALPHABET if c.isalpha()] + [BACKSPACE, CLEAR],
}
LETTER_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
CANDIDATES_PER_PAGE = 6


def key_label(key: str) -> str:
    """What a key shows: itself, or the word for an editing key."""
    return {BACKSPACE: _("删除"), CLEAR: _("清空")}.get(key, key)


class Key(ButtonBehavior, Label):
    key = StringProperty("")

    @staticmethod
    def fitted(text: str, width: float, size: float) -> float:
        """The type size: `size`, or smaller when the key's word (删除, Delete) would not fit its width. A Chinese
        character is about one em wide, other letters about 0.62."""
        ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.62 for ch in text)
        return max(1.0, min(size, (width - 12) / ems)) if ems and width > 12 else size


class KeyPad(GridLayout):
    """A grid of big keys; `layout` names one of LAYOUTS."""

    layout = StringProperty("numeric")
    __events__ = ("on_key",)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        # Bound only now: a handler of a property given to the constructor runs inside it, before the canvas that
        # add_widget needs exists (see kiosk.ui.widgets.common.StepBar).
        self.bind(layout=self._build)
        self._build()
        tr.bind(lang=self._relabel)

    def _relabel(self, *_: object) -> None:
        for key in self.children:
            key.text = key_label(key.key)

    def _build(self, *_: object) -> None:
        self.clear_widgets()
        keys = LAYOUTS[self.layout]
        self.cols = 3 if len(keys) == 12 else 9
        for key in keys:
            button = Key(key=key, text=key_label(key))
            button.bind(on_release=lambda b: self.dispatch("on_key", b.key))
            self.add_widget(button)

    def on_key(self, key: str) -> None:
        pass


class PinyinKeyboard(BoxLayout):
    """Letters make a pinyin syllable string; the candidate bar offers characters and phrases for it
    (full pinyin or initials: nmg -> 内蒙古); a candidate is sent as a whole word."""

    pinyin = StringProperty("")
    kind = StringProperty("text")  # the field's kind ("name" ranks given names' characters after a surname)
    before = StringProperty("")  # the text already in the field
    candidates = ListProperty()  # kiosk.ime.engine.Candidate
    preparing = BooleanProperty(False)  # the lexicon is still being built (first start)
    page = NumericProperty(0)
    __events__ = ("on_key",)

    def on_kv_post(self, base_widget: object) -> None:
        self._candidate_keys: list[Key] = []  # the candidate bar's keys, kept and given each key's new word
        self.bind(candidates=self._show_candidates)
        self._show_candidates()
        for row, letters in zip((self.ids.row1, self.ids.row2, self.ids.row3), LETTER_ROWS):
            for letter in letters:
                key = Key(key=letter, text=letter)
                key.bind(on_release=lambda b: self.type_letter(b.key))
                row.add_widget(key)
        backspace = Key(key=BACKSPACE, text=key_label(BACKSPACE))
        backspace.bind(on_release=lambda *_: self.backspace())
        self.ids.row3.add_widget(backspace)
        self._backspace = backspace
        tr.bind(lang=self._relabel)
        for digit in "1234567890":
            key = Key(key=digit, text=digit)
            key.bind(on_release=lambda b: self.dispatch("on_key", b.key))
            self.ids.digits.add_widget(key)

    def _relabel(self, *_: object) -> None:
        self._backspace.text = key_label(BACKSPACE)

    def type_letter(self, letter: str) -> None:
        from kiosk.ime.engine import MAX_INPUT

        if len(self.pinyin) >= MAX_INPUT:
            return
        self.pinyin += letter
        self.page = 0
        self._lookup()

    def backspace(self) -> None:
        if self.pinyin:
            self.pinyin = self.pinyin[:-1]
            self.page = 0
            self._lookup()
        else:
            self.dispatch("on_key", BACKSPACE)

    def choose(self, candidate: object) -> None:
        # A word covering only part of the typed pinyin leaves the rest to choose next (long input piece by piece).
        self.pinyin = candidate.rest
        self.page = 0
        self.dispatch("on_key", candidate.text)
        self._lookup()

    def turn_page(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self._lookup()

    def _lookup(self) -> None:
        from kiosk.ime import engine as ime
        self.preparing = not ime.ready()
        if not self.pinyin or self.preparing:  # never wait for the lexicon on the UI thread
            self.candidates = []
            return
        page = ime.lookup(self.pinyin, offset=self.page * CANDIDATES_PER_PAGE, limit=CANDIDATES_PER_PAGE,
                          field=self.kind, before=self.before)
        if not page and self.page:
            self.page -= 1
            return
        self.candidates = page

    def clear(self) -> None:
        """A fresh start for the next field or citizen: no letters, no candidates, none of the kept keys' words."""
        self.pinyin = ""
        self.page = 0
        self.candidates = []
        for key in self._candidate_keys:
            key.key = key.text = ""

    def _show_candidates(self, *_: object) -> None:
        # A letter typed changes some words of the bar: its keys stay, and a key whose word is the same keeps its
        # drawn text (a new key for every word drew every word again).
        bar, keys = self.ids.candidates, self._candidate_keys
        while len(keys) < len(self.candidates):
            key = Key()
            key.bind(on_release=lambda key: self.choose(self.candidates[keys.index(key)]))
            keys.append(key)
        for key, candidate in zip(keys, self.candidates):
            key.key = key.text = candidate.text
        shown = keys[: len(self.candidates)]
        if list(reversed(bar.children)) != shown:
            bar.clear_widgets()
            for key in shown:
                bar.add_widget(key)

    def on_key(self, key: str) -> None:
        pass


Builder.load_file(str(Path(__file__).with_name("keyboards.kv")))
