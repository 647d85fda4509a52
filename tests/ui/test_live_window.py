"""The kiosk in a real X window (Xvfb): one walk by real pointer presses (home -> 个体户登记 -> identify -> a demo
card -> the form), each screen's layout compared with the offscreen render of the same screen at the same size,
and the layout checker run on the live screens: in a window of the screen's size, and fullscreen (as on a
terminal) on a screen of another size than the configured one. A window on a display lays out over frames
that the offscreen render may not have (texture sizes known a frame late, a window resized after its first
frame), and X places it where the offscreen surface has no place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from xvfb_support import xvfb

SIZE = (1920, 1080)
TOLERANCE = 4  # px: rounding in the layouts
CHILD = Path(__file__).with_name("live_window_child.py")
ROOT = Path(__file__).resolve().parents[2]


def differences(live: list[dict[str, Any]], offscreen: list[dict[str, Any]], tolerance: float) -> list[str]:
    """What lies elsewhere (or is missing) on the live screen, widget by widget (by its place in the tree)."""
    found = []
    rendered = {box["path"]: box for box in offscreen}
    shown = {box["path"]: box for box in live}
    for path, box in shown.items():
        other = rendered.get(path)
        if other is None:
            found.append(f"only live: {box['what']} at {_r(box['rect'])}")
            continue
        for key in ("rect", "drawn"):
            if any(abs(a - b) > tolerance for a, b in zip(box[key], other[key])):
                found.append(f"{box['what']}: {key} live {_r(box[key])}, offscreen {_r(other[key])}")
    found += [f"only offscreen: {box['what']} at {_r(box['rect'])}" for path, box in rendered.items()
              if path not in shown]
    return found


def _r(rect: list[float]) -> list[int]:
    return [round(v) for v in rect]


def test_differences_finds_a_moved_icon() -> None:
    icon = {"path": "BoxLayout/Icon[0]", "what": "Icon", "rect": [64, 488, 176, 584], "drawn": [94, 510, 146, 562]}
    moved = dict(icon, drawn=[94, 810, 146, 862])
    assert differences([icon], [icon], TOLERANCE) == []
    assert differences([moved], [icon], TOLERANCE) == [
        "Icon: drawn live [94, 810, 146, 862], offscreen [94, 510, 146, 562]"]
    assert differences([], [icon], TOLERANCE) == ["only offscreen: Icon at [64, 488, 176, 584]"]


def _child(mode: str, size: tuple[int, int], display: str | None, folder: Path,
           variant: str) -> tuple[subprocess.Popen[bytes], Path]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER", "KIVY_HOME")}
    env["PYTHONPATH"] = str(ROOT)
    if display:
        env["DISPLAY"] = display
    out = folder / f"{mode}.json"
    scratch = folder / mode
    scratch.mkdir()
    command = [sys.executable, str(CHILD), mode, f"{size[0]}x{size[1]}", str(scratch), str(out), variant]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), out


# (the window, the screen, the citizen's choices): a window of the screen's size, a terminal's fullscreen window on
# a screen of another size than the configured 1920x1080, and a window where English and 长辈模式 are chosen on the
# attract screen (the biggest words, the longest texts).
CASES = {"window": ("live", (1920, 1080), "normal"), "fullscreen": ("fullscreen", (1280, 1024), "normal"),
         "elder-english": ("live", (1920, 1080), "elder-en")}


@pytest.mark.parametrize("case", list(CASES))
def test_a_walk_in_a_real_window_lays_out_as_the_offscreen_render(case: str, tmp_path: Path) -> None:
    mode, screen, variant = CASES[case]
    with xvfb(screen) as display:
        children = {"live": _child(mode, SIZE, display, tmp_path, variant),
                    "offscreen": _child("offscreen", screen, None, tmp_path, variant)}
        errors = {name: child.communicate(timeout=120)[1] for name, (child, _) in children.items()}
    seen = {}
    for name, (child, out) in children.items():
        assert child.returncode == 0, f"the {name} kiosk failed:\n{errors[name].decode()[-3000:]}"
        seen[name] = json.loads(out.read_text(encoding="utf-8"))

    assert list(seen["live"]) == ["home", "identify", "form"]
    for name, live in seen["live"].items():
        assert live["problems"] == [], f"{name} in the live window"
        assert live["boxes"], f"nothing visible on {name}"
        assert differences(live["boxes"], seen["offscreen"][name]["boxes"], TOLERANCE) == [], name


def test_the_screen_size_is_asked_of_the_x_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui.kivy_setup import x_screen_size

    monkeypatch.delenv("DISPLAY", raising=False)
    assert x_screen_size() is None
    with xvfb((1280, 1024)) as display:
        monkeypatch.setenv("DISPLAY", display)
        assert x_screen_size() == (1280, 1024)
