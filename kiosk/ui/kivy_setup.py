"""Kivy's environment and its settings from the kiosk's config. The environment must be set before anything
imports kivy, the settings before anything imports kivy.core.window, which creates the window with whatever
settings it finds then."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.base.errors import KioskError
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


# SDL's drivers that draw nowhere a person can see. SDL falls back to them by itself when no X server (or other
# display) answers: a kiosk on one looks healthy to systemd and shows a blank screen.
HEADLESS_DRIVERS = ("offscreen", "dummy")
KIVY_HOME_DIR = "kivy"


def kivy_home(config: KioskConfig) -> None:
    """Kivy writes its config.ini into KIVY_HOME (else ~/.kivy) when it is first imported: under the service's
    read-only home that is a crash at start. Unless set, it is a folder in the data folder."""
    if "KIVY_HOME" in os.environ:
        return
    home = config.data_dir / KIVY_HOME_DIR
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(home)


def configure_kivy(config: KioskConfig, offscreen: bool = False) -> None:
    """Window and input settings; must run before anything imports kivy.core.window."""
    kivy_home(config)
    if offscreen:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # prompts "play" without a sound card (tests, screenshots)
    from kivy.config import Config

    display = config.display
    Config.set("graphics", "width", str(display.width))
    Config.set("graphics", "height", str(display.height))
    Config.set("graphics", "fullscreen", "auto" if display.fullscreen and not offscreen else "0")
    Config.set("graphics", "borderless", "1" if display.fullscreen else "0")
    if display.fullscreen and not offscreen:
        # Without a window manager (the kiosk's X session has none) SDL neither moves nor resizes the X window it
        # made at the configured size: on a screen of another size the kiosk was drawn at the screen's size inside
        # it, centred by the configured size, its edges off the screen and every touch beside its target. The
        # window is made at the screen's size, at its corner.
        width, height = x_screen_size() or (display.width, display.height)
        Config.set("graphics", "width", str(width))
        Config.set("graphics", "height", str(height))
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", "0")
        Config.set("graphics", "top", "0")
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


def x_screen_size() -> tuple[int, int] | None:
    """The X server's screen size in pixels ($DISPLAY's default screen); None without an X server to ask."""
    if not os.environ.get("DISPLAY"):
        return None
    try:
        x11 = ctypes.CDLL("libX11.so.6")
    except OSError:
        return None
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    for call in (x11.XDefaultScreen, x11.XCloseDisplay):
        call.argtypes = [ctypes.c_void_p]
    for call in (x11.XDisplayWidth, x11.XDisplayHeight):
        call.argtypes = [ctypes.c_void_p, ctypes.c_int]
    connection = x11.XOpenDisplay(None)
    if not connection:
        return None
    try:
        screen = x11.XDefaultScreen(connection)
        return x11.XDisplayWidth(connection, screen), x11.XDisplayHeight(connection, screen)
    finally:
        x11.XCloseDisplay(connection)


def sdl_video_driver(maps: Path = Path("/proc/self/maps")) -> str:
    """The video driver SDL chose for the window ("x11", "wayland", "kmsdrm", "offscreen", ...), asked of the SDL
    library this process loaded (Kivy bundles its own); "" when it cannot be told (no SDL loaded, not Linux)."""
    try:
        lines = maps.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    library = next((line.split(maxsplit=5)[-1] for line in lines if "/libSDL2-2" in line), None)
    if library is None:
        return ""
    sdl = ctypes.CDLL(library)  # the library already loaded: the same SDL state Kivy's window uses
    sdl.SDL_GetCurrentVideoDriver.restype = ctypes.c_char_p
    name = sdl.SDL_GetCurrentVideoDriver()
    return name.decode("ascii", "replace") if name else ""


def require_display(driver: str, offscreen_allowed: bool) -> None:
    """Refuse to run the kiosk on a driver that shows nothing, unless that was asked for (`kiosk run --offscreen`):
    exiting says what is wrong, where a blank kiosk would tell systemd it is ready and well."""
    if driver in HEADLESS_DRIVERS and not offscreen_allowed:
        raise KioskError(
            f"没有可用的显示器 (no real display: SDL chose its '{driver}' video driver, which shows nothing). "
            f"Is the X server running and DISPLAY={os.environ.get('DISPLAY', '')!r} right (systemctl status "
            "kiosk-x)? `kiosk run --offscreen` runs without a display on purpose (demos, screenshots).",
            f"headless SDL video driver {driver}")
