"""Start-up: time from process start to the first drawn frame of the home screen, and resident memory then,
next to bare Kivy apps (one label) measured in the same run, in alternation.

The target compares with a bare app that first loads and validates the same config file: the window's size,
orientation and fullscreen come from it, so no kiosk can open its window sooner. The second row compares with a
Kivy app that does nothing else, for the whole picture."""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.base.config import KioskConfig
from kiosk.bench import Row

TITLE = "process start to the first frame of the home screen, and memory, vs a bare Kivy app"


def _one(kind: str, config: KioskConfig) -> tuple[float, float, float]:
    env = {**os.environ, "SDL_VIDEODRIVER": "offscreen"}
    env.pop("DISPLAY", None)
    env.pop("KIVY_DATA_DIR", None)  # set by this command's own start; the bare apps use Kivy's own folder
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as scratch:
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-m", "kiosk.bench._first_frame", kind, str(config.source), scratch],
            capture_output=True, text=True, env=env, timeout=120, check=True,
        ).stdout
    reports = [json.loads(line) for line in out.strip().splitlines() if line.startswith("{")]
    first, last = reports[0], reports[-1]
    return first["t"] - started, first["rss_mb"], last["rss_mb"]


def run(config: KioskConfig, quick: bool) -> list[Row]:
    rounds = 2 if quick else 7
    # Measure the kiosk as installed: with fresh bytecode (scripts/setup.sh compiles it; an edited module whose
    # .pyc is stale would be compiled at every start, and PYTHONDONTWRITEBYTECODE keeps it so).
    compileall.compile_dir(str(Path(__file__).resolve().parents[1]), quiet=1)
    kiosk, bare, kivy = [], [], []
    for kind in ("kivy", "bare", "kiosk"):
        _one(kind, config)  # warm the file cache for all
    for _ in range(rounds):
        kivy.append(_one("kivy", config))
        bare.append(_one("bare", config))
        kiosk.append(_one("kiosk", config))
    k_time = statistics.median(t for t, _, _ in kiosk)
    b_time = statistics.median(t for t, _, _ in bare)
    v_time = statistics.median(t for t, _, _ in kivy)
    k_rss = statistics.median(m for _, m, _ in kiosk)
    b_rss = statistics.median(m for _, m, _ in bare)
    v_rss = statistics.median(m for _, m, _ in kivy)
    k_running = statistics.median(m for _, _, m in kiosk)
    return [
        Row(f"first frame of home (median of {rounds})", k_time * 1000, "ms", b_time * 1000,
            "bare Kivy app loading the config", "<= 1.5x", k_time <= 1.5 * b_time),
        Row("resident memory at first frame", k_rss, "MB", b_rss, "bare Kivy app loading the config",
            "<= +40 MB", k_rss - b_rss <= 40),
        Row(f"first frame of home (median of {rounds})", k_time * 1000, "ms", v_time * 1000, "bare Kivy app"),
        Row("resident memory at first frame", k_rss, "MB", v_rss, "bare Kivy app"),
        # Informational: the devices, simulators, sandbox and platform client start right after the first frame.
        Row("resident memory once devices and platform are up", k_running, "MB", b_rss, "bare Kivy app"),
    ]
