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

from kivy.clock import Clock, ClockEvent

# A full collection walks every object the kiosk holds (tens of milliseconds on a terminal): at most this often.
FULL_COLLECTION_EVERY = 60.0


class UiThreadCollector:
    def __init__(self) -> None:
        self._event: ClockEvent | None = None
        self._last_full = time.monotonic()

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
        if generation == 1 and counts[2] > limits[2] and now - self._last_full >= FULL_COLLECTION_EVERY:
            generation = 2
            self._last_full = now
        gc.collect(generation)
