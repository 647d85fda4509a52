"""Child process of tests/ui/test_live_window.py: the kiosk at WIDTHxHEIGHT, either in a real X window walked by
real pointer presses (XTest, through the X server and SDL, as a touch screen's events come) or rendered
offscreen by the `kiosk screenshot` machinery; it writes, for each screen of the route, the layout of the
window (kiosk.ui.layout_check.window_boxes) and the layout checker's problems, as JSON to OUT.

    python tests/ui/live_window_child.py live|fullscreen|offscreen WIDTHxHEIGHT SCRATCH OUT [normal|elder-en]

WIDTHxHEIGHT is the configured [display] size; `fullscreen` is a terminal's window, which takes the screen's.
`elder-en` is the walk of a citizen who chooses English and 长辈模式 on the attract screen, by its header's keys.
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Each walk's item, by its tile's name, code and first field: 长辈模式's home shows only the most used items.
ITEMS = {"normal": ("个体户登记", "gt-dj", "shop_name"), "elder-en": ("医保缴费", "yb-jf", "year")}
# The demo citizen the offscreen samples use (kiosk.demo.items.demo_identity), on the identify screen's 演示 key.
CARD_TEXT, CARD_NAME = "演示：放置身份证 {name}", "王建国"


def route(variant: str) -> tuple[tuple[str, str], ...]:
    """The walk's screens, as the offscreen render shows them: (screen, kiosk.ui.screenshots state)."""
    _, code, first_field = ITEMS[variant]
    return ("home", ""), ("identify", code), ("form", f"{code}:{first_field}:empty")

TIMEOUT_S = 30.0


class XPointer:
    """Presses of the X server's pointer through the XTest extension: the events reach the window as a person's
    would (X server -> SDL -> Kivy's input provider)."""

    def __init__(self) -> None:
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(None)
        if not self.display:
            raise RuntimeError("cannot open the X display")

    def press(self, x: int, y: int) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, True, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, False, 20)
        self.x11.XSync(self.display, False)


def record(app: Any) -> dict[str, Any]:
    from kiosk.ui.layout_check import check_window, window_boxes

    return {"boxes": [dataclasses.asdict(box) for box in window_boxes(app)],
            "problems": [str(problem) for problem in check_window(app)]}


def start_app(size: tuple[int, int], scratch: str, offscreen: bool, fullscreen: bool = False) -> Any:
    from kiosk.base.config import load_config, scratch_copy
    from kiosk.core.catalog import load_catalog
    from kiosk.ui.kivy_setup import configure_kivy, kivy_environment

    kivy_environment()
    config = scratch_copy(load_config(environ={"KIOSK_DISPLAY__FULLSCREEN": str(fullscreen).lower(),
                                               "KIOSK_DISPLAY__WIDTH": str(size[0]),
                                               "KIOSK_DISPLAY__HEIGHT": str(size[1]),
                                               "KIOSK_DISPLAY__ORIENTATION": "portrait" if size[1] > size[0]
                                               else "landscape"}), Path(scratch))
    configure_kivy(config, offscreen=offscreen)
    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp
    from kiosk.ui.kivy_setup import require_display, sdl_video_driver

    runtime = Runtime(config)
    app = KioskApp(config, load_catalog(config.catalog_path), runtime)
    require_display(sdl_video_driver(), offscreen_allowed=offscreen)
    return app


def live(size: tuple[int, int], scratch: str, fullscreen: bool = False, variant: str = "normal") -> dict[str, Any]:
    """home -> the item -> identify -> the demo card -> the form, by presses at the widgets' centres, in the
    kiosk's own main loop (App.run: its input providers, frames and clock), the walk a step on each frame."""
    app = start_app(size, scratch, offscreen=False, fullscreen=fullscreen)
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior

    from kiosk.base.i18n import LANGUAGES, _
    from kiosk.ui.widgets.common import Tile
    from kiosk.ui.widgets.lang import tr

    pointer = XPointer()
    seen: dict[str, Any] = {}
    failed: list[BaseException] = []

    def until(condition: Callable[[], bool], what: str) -> Iterator[None]:
        deadline = time.monotonic() + TIMEOUT_S
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what} (on {app.screens.current})")
            yield

    def on(name: str) -> Iterator[None]:
        yield from until(lambda: app.screens.current == name, name)
        # As long as the offscreen render waits before it looks (kiosk.ui.screenshots.run_shots).
        settled = time.monotonic() + app.current_screen.settle_s
        yield from until(lambda: time.monotonic() >= settled, f"{name} to settle")

    def press(widget: Any) -> None:
        x, y = widget.to_window(*widget.center)
        pointer.press(Window.left + int(x), Window.top + int(Window.height - y))

    def button(text: str, within: Any = None) -> Any:
        shown = [w for w in (within or app.current_screen).walk() if isinstance(w, ButtonBehavior)
                 and not w.disabled and w.opacity > 0]
        for widget in shown:
            if getattr(widget, "text", "") == text:
                return widget
        raise LookupError(f"no button {text!r} among {[getattr(w, 'text', '') for w in shown]}")

    def header_key(text: str) -> Any:
        return button(text, app.header)

    def walk() -> Iterator[None]:
        yield from until(lambda: app.screens is not None and app.runtime.ready.is_set(), "the runtime")
        yield from on("attract")
        if variant == "elder-en":
            while tr.lang != "en":  # the key cycles the station's languages
                before = tr.lang
                press(header_key(LANGUAGES[app.header.other_language]))
                yield from until(lambda before=before: tr.lang != before, "the language key")
            press(header_key(_("长辈模式")))
            yield from until(lambda: app.session.elder, "长辈模式")
        press(app.current_screen)
        yield from on("home")
        seen["home"] = record(app)
        press(next(w for w in app.current_screen.walk() if isinstance(w, Tile) and w.title == _(ITEMS[variant][0])))
        yield from on("identify")
        seen["identify"] = record(app)
        press(button(_(CARD_TEXT).format(name=CARD_NAME)))
        yield from on("form")
        seen["form"] = record(app)

    steps = walk()

    def tick(_: float) -> bool:
        try:
            next(steps)
        except StopIteration:
            app.stop()
            return False
        except Exception as error:  # reported after the window closes
            failed.append(error)
            app.stop()
            return False
        return True

    Clock.schedule_interval(tick, 0)
    app.run()
    if failed:
        raise failed[0]
    return seen


def offscreen(size: tuple[int, int], scratch: str, variant: str = "normal") -> dict[str, Any]:
    app = start_app(size, scratch, offscreen=True)
    app.runtime.start()
    from kivy.clock import Clock

    from kiosk.ui.screenshots import Shot, run_shots

    elder, lang = (True, "en") if variant == "elder-en" else (False, "zh")
    shots = [Shot(name, None, size, elder=elder, lang=lang, state=state) for name, state in route(variant)]
    seen: dict[str, Any] = {}

    def check(shot: Shot) -> None:
        seen[shot.name] = record(app)

    Clock.schedule_once(lambda _: run_shots(app, shots, lambda _: app.stop(), check), 0)
    app.run()
    return seen


def main(mode: str, size_text: str, scratch: str, out: str, variant: str = "normal") -> None:
    width, height = (int(n) for n in size_text.split("x"))
    if mode == "offscreen":
        seen = offscreen((width, height), scratch, variant)
    else:
        seen = live((width, height), scratch, fullscreen=mode == "fullscreen", variant=variant)
    Path(out).write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:6])
