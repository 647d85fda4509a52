"""Child process of `kiosk bench ui`: touches through the window's input dispatch, and for each one the time from
the touch to the first drawn frame that shows its result. Its output is JSON lines on stdout, read by
kiosk/bench/ui.py: {"name", "ms"} per touch (or {"name", "failed"}), {"redraw", "ms"} per unchanged redraw, and
{"prebuilt_mb"} once the screens built on the attract screen are built.

    python -m kiosk.bench._ui_walk kiosk CONFIG SCRATCH ROUNDS  # the kiosk with its devices and the sandbox
    python -m kiosk.bench._ui_walk bare CONFIG SCRATCH ROUNDS   # a bare ScreenManager switching two screens

Frames are drawn as the kiosk's main loop draws them (`EventLoop.idle`: input, clock, draw, flip), so the figure
includes the frame pacing a real touch meets. A frame counts as drawn when its pixels are: software GL (llvmpipe)
only queues a frame's drawing, and the offscreen window's flip does not wait for it, so each flip waits for the
drawing to finish (glFinish, what a real display's buffer swap does). Without that the time of a frame left out
its drawing, which was charged instead to a later frame that happened to update a texture (a label's new text).
A touch counts as done when the frame shows its result whole: an item's or a service's own title drawn on its
screen, and no answer from the platform still awaited for it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.bench._first_frame import rss_mb

TIMEOUT_S = 20.0


def _touch(widget: Any) -> None:
    """A tap (down and up) at the widget's centre, queued as the window's input providers queue theirs."""
    from kivy.base import EventLoop
    from kivy.input.motionevent import MotionEvent

    class Tap(MotionEvent):
        def depack(self, args: dict[str, float]) -> None:
            self.sx, self.sy = args["x"], args["y"]
            self.profile = ["pos"]
            super().depack(args)

    window = EventLoop.window
    x, y = widget.to_window(*widget.center)
    tap = Tap("bench", 1, {"x": x / (window.width - 1.0), "y": y / (window.height - 1.0)}, is_touch=True,
              type_id="touch")
    EventLoop._dispatch_input("begin", tap)
    EventLoop._dispatch_input("end", tap)


def _frames_until(done: Callable[[], bool], flips: list[float]) -> float | None:
    """Run the main loop until a frame is drawn with `done()` holding: the time of that frame, or None."""
    from kivy.base import EventLoop

    deadline = time.perf_counter() + TIMEOUT_S
    while time.perf_counter() < deadline:
        drawn = len(flips)
        EventLoop.idle()
        if len(flips) > drawn and done():
            return flips[-1]
    return None


def _idle_until(condition: Callable[[], bool]) -> None:
    """Run the main loop, drawn frames or not, until `condition` holds."""
    from kivy.base import EventLoop

    deadline = time.perf_counter() + TIMEOUT_S * 3
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError("the kiosk did not reach the state the walk needs")
        EventLoop.idle()


class Walk:
    def __init__(self) -> None:
        from kivy.core.window import Window

        self.flips: list[float] = []
        Window.bind(on_flip=self._flipped)

    def _flipped(self, *_: Any) -> None:
        from kivy.graphics.opengl import glFinish

        glFinish()  # the frame's pixels made (see the module's docstring)
        self.flips.append(time.perf_counter())

    def measure(self, name: str, widget: Any, done: Callable[[], bool]) -> bool:
        started = time.perf_counter()
        _touch(widget)
        shown = _frames_until(done, self.flips)
        if shown is None:
            print(json.dumps({"name": name, "failed": True}, ensure_ascii=False), flush=True)
            return False
        print(json.dumps({"name": name, "ms": (shown - started) * 1000}, ensure_ascii=False), flush=True)
        return True

    def redraws(self, name: str, frames: int = 20) -> None:
        """The screen on show drawn again unchanged, `frames` times: what one frame of it costs at least (no pacing,
        no layout, no text made), whatever a touch changes."""
        from kivy.core.window import Window
        from kivy.graphics.opengl import glFinish

        for _ in range(frames):
            glFinish()
            started = time.perf_counter()
            Window.dispatch("on_draw")
            Window.dispatch("on_flip")
            print(json.dumps({"redraw": name, "ms": (self.flips[-1] - started) * 1000}, ensure_ascii=False),
                  flush=True)

    def settle(self, done: Callable[[], bool]) -> None:
        if _frames_until(done, self.flips) is None:
            raise RuntimeError("the kiosk did not reach the state the walk needs")


def _texts(root: Any) -> list[str]:
    from kivy.uix.label import Label

    return [w.text for w in root.walk() if isinstance(w, Label)]


def _texts_change(app: Any) -> Callable[[], bool]:
    """Whether any text on the screen differs from what it shows now (a key typed, a candidate taken)."""
    before = _texts(app.current_screen)
    return lambda: _texts(app.current_screen) != before


def _drawn(root: Any, text: str) -> bool:
    """Whether a visible label under `root` has drawn a text holding `text`."""
    from kivy.uix.label import Label

    return any(isinstance(w, Label) and text in w.text and w.texture is not None and w.opacity > 0
               for w in root.walk())


def _shows(app: Any, texts: tuple[str, ...]) -> Callable[[], bool]:
    """Whether the screen on show (not home) has drawn one of `texts` and awaits nothing from the platform (a screen
    that fills itself in when the answer comes is measured to the frame that shows the answer)."""

    def done() -> bool:
        screen = app.current_screen
        return (app.screens.current != "home" and not getattr(screen, "waiting", False)
                and any(_drawn(screen, text) for text in texts))

    return done


def _button(root: Any, text: str) -> Any:
    from kivy.uix.behaviors import ButtonBehavior

    for widget in root.walk():
        if isinstance(widget, ButtonBehavior) and not widget.disabled and widget.opacity > 0:
            if text in (getattr(widget, "text", ""), getattr(widget, "title", ""), getattr(widget, "label", "")):
                return widget
    raise LookupError(text)


def kiosk_walk(config_path: str, scratch: str, rounds: int) -> None:
    from kiosk.base.config import load_config, scratch_copy
    from kiosk.base.i18n import _
    from kiosk.core.catalog import load_catalog
    from kiosk.ui.kivy_setup import configure_kivy, kivy_environment

    kivy_environment()
    config = scratch_copy(load_config(config_path), Path(scratch))
    configure_kivy(config, offscreen=True)
    from kiosk.ime import engine as ime
    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp
    from kiosk.ui.widgets.common import ServiceTile, Tile

    runtime = Runtime(config)
    runtime.start()
    runtime.prepare_input()
    app = KioskApp(config, load_catalog(config.catalog_path), runtime)
    app._run_prepare()
    walk = Walk()
    walk.settle(lambda: app.screens.current == "attract")
    # As a kiosk waits on its attract screen for the first citizen: the screens it prepares meanwhile built.
    before = rss_mb()
    _idle_until(lambda: app.prebuilt)
    print(json.dumps({"prebuilt_mb": rss_mb() - before}), flush=True)

    def on(name: str) -> Callable[[], bool]:
        return lambda: app.screens.current == name

    for _round in range(rounds):
        app.show("attract")
        walk.settle(on("attract"))
        walk.measure("attract -> home", app.current_screen, on("home"))
        # Every tile: an item shows its name (its first step, or where it is offered), a service its own.
        shown = {_(i.short_name): (_(i.name), _(i.short_name)) for i in app.catalog.items}
        shown |= {_(s.name): (_(s.name),) for s in app.catalog.services}
        titles = [w.title for w in app.current_screen.walk() if isinstance(w, (Tile, ServiceTile))]
        for title in titles:
            tile = next(w for w in app.current_screen.walk()
                        if isinstance(w, (Tile, ServiceTile)) and w.title == title)
            if walk.measure(f"home -> {title}", tile, _shows(app, shown[title])):
                walk.measure(f"{title} -> home", _button(app.header, "返回首页"), on("home"))
        # The pinyin keyboard on a name field: letters, then the first candidate.
        tile = next(w for w in app.current_screen.walk() if isinstance(w, Tile) and w.title == "个体户登记")
        walk.measure("home -> 个体户登记", tile, on("identify"))
        _touch(_button(app.current_screen, "演示：放置身份证 张伟"))
        walk.settle(on("form"))
        for letter in "tianyi":
            walk.measure("pinyin key", _button(app.current_screen, letter), _texts_change(app))
        walk.measure("pinyin candidate", _button(app.current_screen, ime.candidates("tianyi")[0]), _texts_change(app))
        walk.measure("form 下一项", _button(app.current_screen, "下一项"), _texts_change(app))
        walk.measure("form -> home", _button(app.header, "返回首页"), on("home"))
    walk.redraws("home")
    app.stop()
    runtime.stop()


def bare_walk(config_path: str, rounds: int) -> None:
    """Two screens with a button each; the button switches to the other screen."""
    import tomllib

    from kivy.config import Config

    with open(config_path, "rb") as source:
        display = tomllib.load(source).get("display", {})
    Config.set("graphics", "width", str(display.get("width", 1920)))
    Config.set("graphics", "height", str(display.get("height", 1080)))
    Config.set("graphics", "multisamples", "0")
    from kivy.app import App
    from kivy.uix.button import Button
    from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

    class Bare(App):
        def build(self) -> ScreenManager:
            manager = ScreenManager(transition=NoTransition())
            for name, other in (("a", "b"), ("b", "a")):
                screen = Screen(name=name)
                screen.add_widget(Button(text=f"to {other}", on_release=lambda _, o=other: setattr(manager, "current", o)))
                manager.add_widget(screen)
            return manager

    app = Bare()
    app._run_prepare()
    walk = Walk()
    walk.settle(lambda: True)
    manager = app.root
    for _ in range(rounds * 20):
        target = "b" if manager.current == "a" else "a"
        walk.measure("bare switch", manager.current_screen.children[0], lambda target=target: manager.current == target)
    walk.redraws("bare")
    app.stop()


def main(kind: str, config_path: str, scratch: str, rounds: str) -> None:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ["SDL_VIDEODRIVER"] = "offscreen"
    if kind == "kiosk":
        kiosk_walk(config_path, scratch, int(rounds))
    else:
        bare_walk(config_path, int(rounds))


if __name__ == "__main__":
    main(*sys.argv[1:5])
