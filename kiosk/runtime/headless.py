"""A view of the controller without a window, for the soak (`kiosk soak`), `kiosk bench flow` and the tests.

What the window does with Kivy's clock this does with a queue: devices and workers post their answers, and the
thread driving the kiosk runs them with `pump(until, timeout)`, so the controller still sees one thread. The
screen on show records what a person would have seen (refusals, "reading", pages taken); a new one replaces it
at every `show`, so nothing a citizen gave outlives the screen it was shown on.
"""

from __future__ import annotations

import queue
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from kiosk.devices.base import DeviceEvent


class HeadlessScreen:
    """The screen on show: takes every hook the controller calls (kiosk.runtime.controller.ScreenHooks)."""

    def __init__(self, name: str, params: dict[str, Any] | None = None) -> None:
        self.name = name
        self.params = params or {}  # what it was shown with (the item a navigation was opened for)
        self.refusals: list[str] = []  # what `refused` said, in order
        self.readings = 0  # how often the reader said it was reading a card
        self.refreshes = 0
        self.pages: list[tuple[bytes, bytes]] = []  # (jpeg, thumbnail) taken by the document camera

    def refresh(self) -> None:
        self.refreshes += 1

    def reading(self) -> None:
        self.readings += 1

    def refused(self, message: str) -> None:
        self.refusals.append(message)

    def code_blurred(self) -> None:
        """How to hold a phone is for a person in front of the camera: nobody here to tell."""

    def show_guidance(self, preview: Any) -> None:
        """Guidance is for a person in front of the camera: nobody here to guide."""

    def page_captured(self, jpeg: bytes, thumbnail: bytes) -> None:
        self.pages.append((jpeg, thumbnail))

    def device_event(self, event: DeviceEvent) -> None:
        """No public service screen here to read codes or cards outside an item."""


class HeadlessView:
    """The controller's view (kiosk.runtime.controller.View) for a driving thread: posts wait in a queue until
    that thread pumps them. `shown(name)` is told after every screen change (a driver's hook, e.g. a fault that
    must land as a receipt starts printing)."""

    def __init__(self, shown: Callable[[str], None] | None = None) -> None:
        self._posts: queue.Queue[Callable[[], None]] = queue.Queue()
        self._screen = HeadlessScreen("home")
        self._shown = shown
        self.spoken: deque[tuple[str, bool]] = deque(maxlen=64)  # (prompt, asked), the latest: nobody hears them

    # -- View ----------------------------------------------------------------------------------------------
    def post(self, call: Callable[[], None]) -> None:
        self._posts.put(call)

    def show(self, name: str, **params: Any) -> None:
        self._screen = HeadlessScreen(name, params)
        if self._shown is not None:
            self._shown(name)

    @property
    def current(self) -> str:
        return self._screen.name

    @property
    def current_screen(self) -> HeadlessScreen:
        return self._screen

    def speak(self, prompt: str, asked: bool = False) -> None:
        if prompt:
            self.spoken.append((prompt, asked))

    # -- the driving thread ----------------------------------------------------------------------------------
    def pump(self, until: Callable[[], bool], timeout: float) -> bool:
        """Run what was posted, on this thread, until `until()` holds; False if `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                call = self._posts.get(timeout=left)
            except queue.Empty:
                return until()
            call()
        return True

    def drain(self) -> None:
        """Run what has been posted so far (answers for a citizen who left are dropped by the controller)."""
        while True:
            try:
                call = self._posts.get_nowait()
            except queue.Empty:
                return
            call()
