"""`kiosk bench ui`'s walk: each touch goes through the window's input dispatch and is timed to the frame that
shows its result (here the bare ScreenManager baseline, whose every touch switches screens)."""

import json
import os
import subprocess
import sys

from kiosk.base.config import load_config


def test_each_touch_of_the_bare_walk_is_timed_to_a_frame_that_shows_the_other_screen(tmp_path):
    env = {**os.environ, "SDL_VIDEODRIVER": "offscreen"}
    env.pop("DISPLAY", None)
    out = subprocess.run([sys.executable, "-m", "kiosk.bench._ui_walk", "bare", str(load_config().source),
                          str(tmp_path), "1"], capture_output=True, text=True, env=env, timeout=300, check=True).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    touches = [t for t in lines if "name" in t]
    assert len(touches) == 20
    assert all(t["name"] == "bare switch" and t["ms"] > 0 and not t.get("failed") for t in touches)
    redraws = [t for t in lines if "redraw" in t]  # the floor: the screen drawn again unchanged
    assert len(redraws) == 20 and all(t["redraw"] == "bare" and t["ms"] > 0 for t in redraws)
