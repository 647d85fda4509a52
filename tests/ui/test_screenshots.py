"""`kiosk screenshot` renders every screen offscreen in both orientations, with real content (not blank frames)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageStat

from kiosk.ui.screens import all_names


def run_kiosk(*args: str, timeout: float = 240, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=timeout,
                          env=env)


# States the layout checker still finds wrong (issue 18): each one fixed comes off this list. Every item step passes
# in every mode. (The last, a text field's refused page with the pinyin keyboard in landscape, went with issue 19:
# the page's notice sits above the list of fields, or under the field beside the keyboard.)
KNOWN_PROBLEMS: set[str] = set()


def test_every_screen_and_item_step_in_every_mode_renders_and_passes_the_layout_check(tmp_path: Path) -> None:
    """The whole matrix: every screen, and every step of every item in its sample states (a field of every type
    empty, filled and in error), in landscape and portrait, normal and 长辈模式, Chinese and English."""
    from kiosk.base.config import load_config
    from kiosk.base.i18n import offered
    from kiosk.core.catalog import load_catalog
    from kiosk.ui.screenshots import ITEM_STEPS, plan_all

    result = run_kiosk("screenshot", "--all", "--check", "--out", str(tmp_path), timeout=3000)
    config = load_config()
    planned = plan_all(tmp_path, (1920, 1080), load_catalog(config.catalog_path),
                       langs=offered(config.display.languages))
    rendered = {m[2]: int(m[1]) for m in re.finditer(r"layout check: (\d+) screens rendered at (\d+x\d+)",
                                                         result.stdout)}
    assert rendered == {"1920x1080": len(planned), "1080x1920": len(planned)}, result.stderr[-2000:]
    wrong = {m[1] for m in re.finditer(r"^(\S+ \d+x\d+): \d+ problem", result.stdout, re.MULTILINE)}
    assert wrong <= KNOWN_PROBLEMS, result.stdout[-6000:]
    assert not {label for label in wrong if label.split("/")[0] in ITEM_STEPS}
    assert len(planned) > 500
    for name in all_names():
        for orientation, size in (("landscape", (1920, 1080)), ("portrait", (1080, 1920))):
            for suffix in ("", "-elder", "-en", "-elder-en"):
                image = Image.open(tmp_path / f"{name}-{orientation}{suffix}.png")
                assert image.size == size
                # A rendered screen has text and tiles: many distinct shades, not one flat colour.
                assert len(image.convert("L").getcolors(maxcolors=256) or range(256)) > 20, name
    assert (tmp_path / "form-yb-bx-phone-error-landscape-elder-en.png").exists()


def test_mongolian_screens_in_both_orientations_and_both_modes_pass_the_layout_check(tmp_path: Path) -> None:
    """Traditional Mongolian (issue 21): every screen in its own sample and the states that show each keyboard and
    picker, in landscape and portrait, normal and 长辈模式 (one process per window size). (The whole matrix in
    Mongolian is `kiosk screenshot --all --lang mn --check`.)"""
    from kiosk.base.config import load_config
    from kiosk.core.catalog import load_catalog
    from kiosk.ui.screenshots import plan_all

    result = run_kiosk("screenshot", "--all", "--quick", "--lang", "mn", "--check", "--out", str(tmp_path),
                       timeout=1200)
    catalog = load_catalog(load_config().catalog_path)
    for size in ((1920, 1080), (1080, 1920)):
        planned = plan_all(tmp_path, size, catalog, elders=(False, True), langs=("mn",), quick=True)
        assert f"layout check: {len(planned)} screens rendered at {size[0]}x{size[1]}, 0 with problems" in (
            result.stdout), result.stdout[-4000:] + result.stderr[-2000:]
        assert all(shot.out is not None and shot.out.exists() for shot in planned)
        assert {shot.name for shot in planned} >= set(all_names())
        assert {shot.elder for shot in planned} == {False, True}
    assert result.returncode == 0


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
