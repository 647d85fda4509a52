"""The language as a Kivy property, so .kv rules follow a switch live.

In a .kv file: `#:import tr kiosk.ui.widgets.lang.tr`, then `text: tr._("返回首页")`. The rule binds to `tr._`, which
is replaced on every switch, so each such text is evaluated again. Python code calls `kiosk.base.i18n._` and
rebuilds on a switch (KioskScreen.relabel).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import NumericProperty, ObjectProperty, StringProperty

from kiosk.base import i18n

# A line of the Mongolian font is about 1.75 times its size high, of the Chinese 1.4: a heading in a box sized for one
# Chinese line takes its Mongolian this much smaller (Mongolian letters look no smaller for it).
LINE_SCALE = {"mn": 0.8}


class Translator(EventDispatcher):
    lang = StringProperty(i18n.SOURCE)
    # A new partial on every switch: Kivy dispatches a property only when its value changes.
    _ = ObjectProperty(partial(i18n.translate, i18n.SOURCE))
    line_scale = NumericProperty(1.0)  # LINE_SCALE of the language: `font_size: app.theme.title * tr.line_scale`

    def on_lang(self, *_: Any) -> None:
        i18n.set_language(self.lang)
        self._ = partial(i18n.translate, self.lang)
        self.line_scale = LINE_SCALE.get(self.lang, 1.0)


class Fixed:
    """Text in one language whatever the session's: the bilingual header and tiles (Mongolian beside Chinese).
    In kv, `zh._("长辈模式")` and `mn._("长辈模式")`, which the message extraction finds like `tr._`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _(self, text: str) -> str:
        return i18n.translate(self.lang, text)


tr = Translator()
zh = Fixed(i18n.SOURCE)
mn = Fixed("mn")


def bilingual(mode: str, lang: str) -> bool:
    """Whether the header and the home tiles show Mongolian (vertical) beside the Chinese: a station in the
    "mn+zh" display mode, in Chinese or Mongolian (English stays English)."""
    return mode == "mn+zh" and lang != "en"


def vertical(mode: str, lang: str) -> bool:
    """Whether the header and the home tiles write Mongolian vertically: in Mongolian, or beside the Chinese."""
    return lang == "mn" or bilingual(mode, lang)
