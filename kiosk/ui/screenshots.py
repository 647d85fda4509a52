"""Rendering screens to PNG inside a running KioskApp (used by `kiosk screenshot`, offscreen, no X server)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels
from PIL import Image

from kiosk.base.i18n import SOURCE
from kiosk.ui.screens import OVERLAYS, all_names
from kiosk.ui.screens.base import screen_class
from kiosk.ui.widgets.dialogs import IdleWarning

log = logging.getLogger(__name__)

SETTLE_S = 0.3  # frames for layout and textures to settle after a change


def _idle_warning(app: Any) -> None:
    IdleWarning(seconds_left=app.config_model.session.warning_s - 2).open(animation=False)


OPEN_OVERLAY: dict[str, Callable[[Any], None]] = {
    "idle-warning": _idle_warning,
    "help": lambda app: app.call_helper(),
}


@dataclass(frozen=True)
class Shot:
    name: str
    out: Path
    size: tuple[int, int]  # the window's; one size per process
    elder: bool = False
    lang: str = SOURCE


def plan_all(out_dir: Path, size: tuple[int, int], elder: bool, lang: str = SOURCE) -> list[Shot]:
    """Every screen and overlay at one window size, and the home screen in elder mode too.
    (The offscreen GL surface cannot be resized, so each orientation needs its own process.)"""
    label = "portrait" if size[1] > size[0] else "landscape"
    suffix = "" if lang == SOURCE else f"-{lang}"
    shots = []
    for name in all_names():
        shots.append(Shot(name, out_dir / f"{name}-{label}{'-elder' if elder else ''}{suffix}.png", size, elder, lang))
        if name == "home" and not elder:
            shots.append(Shot(name, out_dir / f"{name}-{label}-elder{suffix}.png", size, True, lang))
    return shots


def save_window_png(path: Path) -> None:
    width, height = Window.size
    pixels = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
    image = Image.frombytes("RGB", (width, height), pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def run_shots(app: Any, shots: list[Shot], done: Callable[[list[Path]], None]) -> None:
    """Take the shots one after another on the Clock, then call `done` with the files written."""
    written: list[Path] = []

    def setup(index: int) -> None:
        if index == len(shots):
            done(written)
            return
        try:
            show(shots[index])
        except Exception:
            # One broken screen must not stop the others: it is reported and left out.
            log.exception("could not render %s", shots[index].name)
            Clock.schedule_once(lambda _: setup(index + 1), 0)
            return
        settle = SETTLE_S if shots[index].name in OVERLAYS else app.current_screen.settle_s
        Clock.schedule_once(lambda _: capture(index), settle)

    def show(shot: Shot) -> None:
        for child in list(Window.children):
            if hasattr(child, "dismiss"):
                child.dismiss(animation=False)
        app.idle.touch(app.now())  # a citizen is "present" for every shot
        if app.session.elder != shot.elder:
            app.toggle_elder()
        app.set_language(shot.lang)
        if shot.name in OVERLAYS:
            app.show("home")
            OPEN_OVERLAY[shot.name](app)
        else:
            app.screen(shot.name)  # load the screen first: its sample may need its kv
            app.show(shot.name, **screen_class(shot.name).sample(app))
            if app.screens.current != shot.name:
                raise RuntimeError(f"{shot.name} did not show (now on {app.screens.current})")

    def capture(index: int) -> None:
        save_window_png(shots[index].out)
        written.append(shots[index].out)
        Clock.schedule_once(lambda _: setup(index + 1), 0)

    Clock.schedule_once(lambda _: setup(0), SETTLE_S)
