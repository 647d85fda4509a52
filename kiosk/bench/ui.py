"""Responsiveness: the time from a touch to the first drawn frame that shows its result, over every tile of the
home screen and back, the attract screen, and the pinyin keyboard on a form (kiosk/bench/_ui_walk.py), next to a
bare Kivy ScreenManager switching two screens in the same run. Both run offscreen with software GL."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

from kiosk.base.config import KioskConfig
from kiosk.bench import Row

TITLE = "touch to the next drawn frame that shows the result (screens, tiles, keyboard) vs a bare ScreenManager switch"
TARGET_P95_MS = 150.0
TARGET_RATIO = 2.0


def _walk(kind: str, config: KioskConfig, rounds: int) -> list[dict[str, object]]:
    env = {**os.environ, "SDL_VIDEODRIVER": "offscreen"}
    env.pop("DISPLAY", None)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as scratch:
        out = subprocess.run(
            [sys.executable, "-m", "kiosk.bench._ui_walk", kind, str(config.source), scratch, str(rounds)],
            capture_output=True, text=True, env=env, timeout=1800, check=True,
        ).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def run(config: KioskConfig, quick: bool) -> list[Row]:
    rounds = 1 if quick else 3
    bare_lines = _walk("bare", config, rounds)
    bare = [float(t["ms"]) for t in bare_lines if "name" in t and "ms" in t]  # type: ignore[arg-type]
    lines = _walk("kiosk", config, rounds)
    touches = [t for t in lines if "name" in t]
    failed = sorted({str(t["name"]) for t in touches if t.get("failed")})
    kiosk = [float(t["ms"]) for t in touches if "ms" in t]  # type: ignore[arg-type]
    by_name: dict[str, list[float]] = defaultdict(list)
    for t in touches:
        if "ms" in t:
            by_name[str(t["name"])].append(float(t["ms"]))  # type: ignore[arg-type]
    redraw_home = statistics.median(float(t["ms"]) for t in lines if "redraw" in t)  # type: ignore[arg-type]
    redraw_bare = statistics.median(float(t["ms"]) for t in bare_lines if "redraw" in t)  # type: ignore[arg-type]
    prebuilt_mb = next(float(t["prebuilt_mb"]) for t in lines if "prebuilt_mb" in t)  # type: ignore[arg-type]
    bare_p95, p95 = _p95(bare), _p95(kiosk)
    met = p95 <= TARGET_P95_MS and p95 <= TARGET_RATIO * bare_p95
    rows = [
        Row(f"p50 over {len(kiosk)} touches", statistics.median(kiosk), "ms", statistics.median(bare),
            "bare switch p50"),
        Row("p95", p95, "ms", bare_p95, "bare switch p95",
            f"<= {TARGET_P95_MS:.0f} ms and <= {TARGET_RATIO:g}x", met),
        Row("worst", max(kiosk), "ms", max(bare), "bare switch worst"),
        Row("touches that showed nothing in 20 s", len(failed), "", None, ", ".join(failed), "0", not failed),
        # The floor under any touch: one frame of the screen drawn again with nothing changed.
        Row("home screen drawn again unchanged, median", redraw_home, "ms", redraw_bare,
            "bare screen drawn again unchanged"),
        Row("resident memory of the screens built while the attract screen shows", prebuilt_mb, "MB"),
    ]
    slowest = sorted(by_name.items(), key=lambda item: -max(item[1]))[:5]
    rows += [Row(f"slow: {name} (worst of {len(times)})", max(times), "ms", bare_p95, "bare switch p95")
             for name, times in slowest]
    return rows
