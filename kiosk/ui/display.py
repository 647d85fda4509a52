"""Which video driver SDL really uses: with no reachable X server the SDL bundled with Kivy falls back to its
offscreen driver and the kiosk would run with nothing on the glass, so the metrics say so (kiosk_display_real)."""

from __future__ import annotations

import ctypes
import glob
import os

import kivy

OFFSCREEN_DRIVERS = ("offscreen", "dummy")


def video_driver() -> str:
    """SDL's current video driver ("x11", "wayland", "offscreen", ...), asked of the SDL library Kivy loaded;
    "unknown" when it cannot be asked (another window provider). Call after the window exists."""
    bundled = os.path.join(os.path.dirname(kivy.__file__), "..", "Kivy.libs", "libSDL2-2*.so*")
    for path in sorted(glob.glob(bundled)) + ["libSDL2-2.0.so.0"]:
        try:
            sdl = ctypes.CDLL(path)
        except OSError:
            continue
        sdl.SDL_GetCurrentVideoDriver.restype = ctypes.c_char_p
        name = sdl.SDL_GetCurrentVideoDriver()
        return name.decode("ascii", "replace") if name else "unknown"
    return "unknown"
