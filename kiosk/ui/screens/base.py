"""What every screen shares: its .kv loaded lazily, parameters given on entry, a sample for screenshots, and every
hook the app or the controller calls on the screen on show, declared here once (each does nothing until a screen
overrides it)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from kiosk.ui.screens import SCREENS


class KioskScreen(Screen):
    # False for screens shown without a citizen (attract, failsafe): no idle countdown there.
    in_session = True
    # True for the staff's screens: 长辈模式 is the citizen's, and the staff's pages keep the normal type size.
    for_staff = False
    # Seconds `kiosk screenshot` lets the screen settle (a live camera picture needs its first frames).
    settle_s = 0.3

    @property
    def app(self) -> Any:
        return App.get_running_app()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.params: dict[str, Any] = {}  # the navigation's parameters of the last show

    # -- the screen's life -----------------------------------------------------------------------------------
    def prepare(self, **params: Any) -> None:
        """Enter: called with the navigation's parameters before the screen is shown."""

    def refresh(self) -> None:
        """The state shown changed (the flow moved within this step, a device's status changed): show it."""

    def relabel(self) -> None:
        """The language changed while the screen shows: rebuild the text made in Python (kv text follows by
        itself). Screens holding what the citizen typed override this to keep it."""
        self.prepare(**self.params)

    # Leaving is Kivy's own `on_leave` (the screen manager calls it).

    # -- devices, through the controller (kiosk.runtime.controller.ScreenHooks) --------------------------------
    def reading(self) -> None:
        """A card (or an e-ID code) is being read."""

    def refused(self, message: str) -> None:
        """A card or code was refused; `message` says why, in plain words."""

    def code_blurred(self) -> None:
        """The camera sees a code too blurred to read (the phone moving, or too close to focus)."""

    def show_guidance(self, preview: Any) -> None:
        """The document camera's guidance for the page in view (the materials step)."""

    def page_captured(self, jpeg: bytes, thumbnail: bytes) -> None:
        """A page was taken by the document camera (the materials step)."""

    def device_event(self, event: Any) -> None:
        """Any device event while no item is in progress (a public service reading a receipt's code or a card)."""

    @classmethod
    def sample(cls, app: Any, state: str = "") -> dict[str, Any]:
        """Parameters that show the screen with realistic content, for `kiosk screenshot` (in one of its
        SERVICE_STATES when `state` names one)."""
        return {}


def screen_class(name: str) -> type[KioskScreen]:
    """Import a screen's module, load its .kv (once), and return its class."""
    module_name, class_name = SCREENS[name].split(":")
    module = importlib.import_module(module_name)
    kv = Path(module.__file__).with_suffix(".kv")
    if kv.exists() and str(kv) not in Builder.files:
        Builder.load_file(str(kv))
    return getattr(module, class_name)
