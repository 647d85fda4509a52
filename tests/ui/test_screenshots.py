"""`kiosk screenshot` renders every screen offscreen in both orientations, with real content (not blank frames)."""

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageStat

from kiosk.ui.screens import all_names


def run_kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=240,
                          env=env)


def test_all_screens_in_both_orientations(tmp_path: Path) -> None:
    result = run_kiosk("screenshot", "--all", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    for name in all_names():
        for orientation, size in (("landscape", (1920, 1080)), ("portrait", (1080, 1920))):
            image = Image.open(tmp_path / f"{name}-{orientation}.png")
            assert image.size == size
            # A rendered screen has text and tiles: many distinct shades, not one flat colour.
            assert len(image.convert("L").getcolors(maxcolors=256) or range(256)) > 20, name
    assert (tmp_path / "home-landscape-elder.png").exists()
    assert (tmp_path / "home-portrait-elder.png").exists()


def test_one_screen_at_a_chosen_size_in_elder_mode(tmp_path: Path) -> None:
    out = tmp_path / "home.png"
    result = run_kiosk("screenshot", "--screen", "home", "--out", str(out), "--size", "1280x800", "--elder")
    assert result.returncode == 0, result.stderr[-2000:]
    image = Image.open(out)
    assert image.size == (1280, 800)
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10


def test_unknown_screen_is_a_clear_error(tmp_path: Path) -> None:
    result = run_kiosk("screenshot", "--screen", "nowhere", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert "no screen named 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr


def test_screenshots_never_write_into_the_terminals_data_folder(tmp_path: Path) -> None:
    # The notices board keeps what it showed, and maintenance pages audit what staff do: with screenshots that
    # went into the real data folder (the app had the terminal's config, only the devices a scratch one).
    terminal = tmp_path / "terminal-data"
    env = {**os.environ, "KIOSK_PATHS__DATA_DIR": str(terminal)}
    for screen in ("notices", "maint-devices", "maint-settings"):
        result = run_kiosk("screenshot", "--screen", screen, "--out", str(tmp_path / f"{screen}.png"), env=env)
        assert result.returncode == 0, result.stderr[-2000:]
    assert not terminal.exists() or not any(terminal.rglob("*"))
