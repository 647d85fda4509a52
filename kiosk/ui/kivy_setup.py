"""Kivy's environment and its settings from the kiosk's config. The environment must be set before anything
imports kivy, the settings before anything imports kivy.core.window, which creates the window with whatever
settings it finds then."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kiosk.ui.kivy_style import trimmed_data_dir

if TYPE_CHECKING:
    from kiosk.base.config import KioskConfig


def kivy_environment() -> None:
    """Kivy must not parse the command line or write its own logs (the kiosk's replace them), and it loads
    only the default style rules the kiosk uses (see kiosk.ui.kivy_style)."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    if "KIVY_DATA_DIR" not in os.environ:
        folder = trimmed_data_dir()
        if folder is not None:
            os.environ["KIVY_DATA_DIR"] = str(folder)


def configure_kivy(config: KioskConfig, offscreen: bool = False) -> None:
    """Window and input settings; must run before anything imports kivy.core.window."""
    if offscreen:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # prompts "play" without a sound card (tests, screenshots)
    from kivy.config import Config

    display = config.display
    Config.set("graphics", "width", str(display.width))
    Config.set("graphics", "height", str(display.height))
    Config.set("graphics", "fullscreen", "auto" if display.fullscreen and not offscreen else "0")
    Config.set("graphics", "borderless", "1" if display.fullscreen else "0")
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "show_cursor", "1" if display.show_cursor else "0")
    Config.set("graphics", "multisamples", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")
    # One input provider per touch: a touch screen seen both as a mouse (by SDL) and as a multitouch device
    # (by probesysfs) would tap twice.
    for option in list(Config.options("input")):
        Config.remove_option("input", option)
    kind, _, device = display.touch.partition(":")
    Config.set("input", "touch", "mouse,disable_multitouch" if kind == "mouse" else f"{kind},{device}")
