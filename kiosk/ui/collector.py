"""Garbage collection on the UI thread, between frames.

Kivy's kv rules reach their widgets through weak proxies, and a widget's rules are unbound by a callback that runs
when the collector frees it. Python runs a collection on whichever thread allocates when a threshold is crossed: on
a device or platform thread it can clear a widget's proxy and lose the interpreter lock inside those callbacks while
the UI thread calls that widget's rules, which then fail with ReferenceError (seen when 长辈模式 restyled every
widget). So while the window runs, the automatic collector is off and this does the same work between frames, by
the same thresholds."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from kivy.clock import Clock, ClockEvent

# A full collection walks every object the kiosk holds (110-145 ms measured on a loaded 2-core machine: a frame that
# long under a citizen's touch): at most this often, and only while nobody is at the kiosk, unless none ran
# for FULL_COLLECTION_AT_LATEST (a kiosk busy all day).
FULL_COLLECTION_EVERY = 60.0
FULL_COLLECTION_AT_LATEST = 900.0


class UiThreadCollector:
    def __init__(self, quiet: Callable[[], bool] = lambda: True) -> None:
        """`quiet`: whether nobody is at the kiosk now (a full collection's pause goes unnoticed)."""
        self._event: ClockEvent | None = None
        self._last_full = time.monotonic()
        self._quiet = quiet

    def start(self) -> None:
        gc.disable()
        if self._event is None:
            self._event = Clock.schedule_interval(self.collect, 0)

    def stop(self) -> None:
        """Back to Python's own collector (the window has closed: no kv rule runs any more)."""
        if self._event is not None:
            self._event.cancel()
            self._event = None
        gc.enable()

    def collect(self, _dt: float = 0.0) -> None:
        """What the clock calls between frames: collect the generations whose thresholds were crossed."""
        counts, limits = gc.get_count(), gc.get_threshold()
        if counts[0] <= limits[0]:
            return
        generation = 1 if counts[1] > limits[1] else 0
        now = time.monotonic()
        since = now - self._last_full
        if generation == 1 and counts[2] > limits[2] and since >= FULL_COLLECTION_EVERY and (
                since >= FULL_COLLECTION_AT_LATEST or self._quiet()):
            generation = 2
            self._last_full = now
        gc.collect(generation)
