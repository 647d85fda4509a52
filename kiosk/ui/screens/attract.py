"""The attract screen shown while nobody is using the kiosk: station name, an invitation to touch, and a
rotating line about what can be done here. Any touch starts a citizen session."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.base import KioskScreen

ROTATE_S = 6


class AttractScreen(KioskScreen):
    in_session = False
    tips = ListProperty()
    tip = StringProperty("")
    tip_index = NumericProperty(0)

    def on_kv_post(self, base_widget: Any) -> None:
        self._rotation = None
        self.prepare()

    def prepare(self, **params: Any) -> None:
        """The tips in the language of the moment (a session ending returns to the default one): only what this
        terminal's station level offers."""
        catalog = self.app.catalog
        self.tips = [
            _("本机可办：{item}（{way}）").format(item=_(item.name), way=_(catalog.ways[item.way].name))
            for item in catalog.offered_at(self.app.config_model.station.level)
        ]
        self.tip = self.tips[self.tip_index % len(self.tips)]

    def on_enter(self, *_: Any) -> None:
        self._rotation = Clock.schedule_interval(self._next_tip, ROTATE_S)

    def on_leave(self, *_: Any) -> None:
        if self._rotation is not None:
            self._rotation.cancel()

    def _next_tip(self, *_: Any) -> None:
        self.tip_index = (self.tip_index + 1) % len(self.tips)
        self.tip = self.tips[self.tip_index]

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos):
            self.app.start_session()
            return True
        return super().on_touch_down(touch)
