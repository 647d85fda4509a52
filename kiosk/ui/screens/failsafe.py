"""Where any error in a screen lands (pibooth's failsafe state): the session is already wiped; the screen
apologises in plain words and returns home by itself."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import NumericProperty

from kiosk.ui.screens.base import KioskScreen

RETURN_AFTER_S = 10


class FailsafeScreen(KioskScreen):
    in_session = False
    seconds_left = NumericProperty(RETURN_AFTER_S)

    def prepare(self, **_: Any) -> None:
        self.seconds_left = RETURN_AFTER_S

    def relabel(self) -> None:
        """All its text is in the .kv; a switch must not restart the countdown."""

    def on_enter(self, *_: Any) -> None:
        self._tick = Clock.schedule_interval(self._count_down, 1)

    def on_leave(self, *_: Any) -> None:
        self._tick.cancel()

    def _count_down(self, *_: Any) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.app.go_home()
