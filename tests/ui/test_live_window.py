"""The kiosk in a real X window (Xvfb): one walk by real pointer presses (home -> 个体户登记 -> identify -> a demo
card -> the form), each screen's layout compared with the offscreen render of the same screen at the same size,
and the layout checker run on the live screens. A window on a display lays out over frames that the offscreen
render may not have (texture sizes known a frame late, a window resized after its first frame)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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
            found.append(f"only live: {box['what']} at {box['rect']}")
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


@pytest.fixture(scope="module")
def xvfb() -> Any:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (scripts/setup.sh installs it)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as answer:
        display = answer.readline().strip()  # the server says its display number once it listens
    yield f":{display}"
    server.terminate()
    server.wait()


def _child(mode: str, display: str | None, folder: Path) -> tuple[subprocess.Popen[bytes], Path]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER", "KIVY_HOME")}
    env["PYTHONPATH"] = str(ROOT)
    if display:
        env["DISPLAY"] = display
    out = folder / f"{mode}.json"
    scratch = folder / mode
    scratch.mkdir()
    command = [sys.executable, str(CHILD), mode, f"{SIZE[0]}x{SIZE[1]}", str(scratch), str(out)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), out


def test_a_walk_in_a_real_window_lays_out_as_the_offscreen_render(xvfb: str, tmp_path: Path) -> None:
    children = {mode: _child(mode, xvfb if mode == "live" else None, tmp_path) for mode in ("live", "offscreen")}
    seen = {}
    for mode, (child, out) in children.items():
        _, errors = child.communicate(timeout=120)
        assert child.returncode == 0, f"the {mode} kiosk failed:\n{errors.decode()[-3000:]}"
        seen[mode] = json.loads(out.read_text(encoding="utf-8"))

    assert list(seen["live"]) == ["home", "identify", "form"]
    for screen, live in seen["live"].items():
        assert live["problems"] == [], f"{screen} in the live window"
        assert live["boxes"], f"nothing visible on {screen}"
        assert differences(live["boxes"], seen["offscreen"][screen]["boxes"], TOLERANCE) == [], screen
