"""The language as a Kivy property, so .kv rules follow a switch live.

In a .kv file: `#:import tr kiosk.ui.widgets.lang.tr`, then `text: tr._("返回首页")`. The rule binds to `tr._`, which
is replaced on every switch, so each such text is evaluated again. Python code calls `kiosk.base.i18n._` and
rebuilds on a switch (KioskScreen.relabel).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import ObjectProperty, StringProperty

from kiosk.base import i18n


class Translator(EventDispatcher):
    lang = StringProperty(i18n.SOURCE)
    # A new partial on every switch: Kivy dispatches a property only when its value changes.
    _ = ObjectProperty(partial(i18n.translate, i18n.SOURCE))

    def on_lang(self, *_: Any) -> None:
        i18n.set_language(self.lang)
        self._ = partial(i18n.translate, self.lang)


tr = Translator()
