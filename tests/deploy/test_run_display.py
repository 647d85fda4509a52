"""`kiosk run` needs a display a person can see: on SDL's offscreen or dummy driver (which SDL falls back to by
itself when no X server answers) it exits with a message instead of telling systemd it is ready, unless asked to
run offscreen. Kivy's own files go under the data folder (KIVY_HOME), never ~/.kivy, which the unit makes
read-only."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from display_support import ROOT, NotifySocket, kiosk_env, start_kiosk, xvfb

from kiosk.base.errors import KioskError
from kiosk.commands.run import offscreen_asked
from kiosk.ui.kivy_setup import require_display, sdl_video_driver


@pytest.mark.parametrize("driver", ["offscreen", "dummy"])
def test_a_driver_that_shows_nothing_is_refused_unless_asked_for(driver: str) -> None:
    with pytest.raises(KioskError) as refused:
        require_display(driver, offscreen_allowed=False)
    assert driver in refused.value.message and "--offscreen" in refused.value.message
    require_display(driver, offscreen_allowed=True)


@pytest.mark.parametrize("driver", ["x11", "wayland", "kmsdrm", ""])
def test_a_real_driver_or_an_unknown_one_runs(driver: str) -> None:
    require_display(driver, offscreen_allowed=False)


def test_offscreen_is_asked_by_the_option_or_the_environment() -> None:
    assert offscreen_asked(argparse.Namespace(offscreen=True), {})
    assert offscreen_asked(argparse.Namespace(), {"KIOSK_OFFSCREEN": "1"})
    assert not offscreen_asked(argparse.Namespace(offscreen=False), {"KIOSK_OFFSCREEN": "0"})


def test_the_driver_is_unknown_without_sdl_loaded(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text("7f00-7f01 r-xp 00000000 fe:00 1  /usr/lib/x86_64-linux-gnu/libc.so.6\n", encoding="utf-8")
    assert sdl_video_driver(maps) == ""
    assert sdl_video_driver(tmp_path / "absent") == ""


@pytest.fixture
def terminal(tmp_path: Path) -> Path:
    """A terminal's config folder with its data folder not made yet, and a home that must stay untouched."""
    etc = tmp_path / "etc"
    etc.mkdir()
    for name in ("kiosk.toml", "catalog.yaml"):
        shutil.copy(ROOT / "config" / name, etc / name)
    (tmp_path / "home").mkdir()
    return tmp_path


def _env(terminal: Path, notify: NotifySocket, **extra: str) -> dict[str, str]:
    return kiosk_env(KIOSK_CONFIG=str(terminal / "etc" / "kiosk.toml"), KIOSK_PATHS__DATA_DIR=str(terminal / "var"),
                     HOME=str(terminal / "home"), NOTIFY_SOCKET=str(notify.path), **extra)


def test_kiosk_run_without_a_display_exits_with_a_message_and_never_says_ready(terminal: Path) -> None:
    notify = NotifySocket(terminal)
    try:
        kiosk = start_kiosk(["run"], _env(terminal, notify))
        _out, err = kiosk.communicate(timeout=180)
        assert kiosk.returncode == 1
        assert "没有可用的显示器" in err and "'offscreen'" in err and "Traceback" not in err
        assert notify.pending() == []  # no READY=1, no WATCHDOG=1: systemd sees a failed start
    finally:
        notify.close()
    # Kivy's config went into the data folder, not the home.
    assert (terminal / "var" / "kivy" / "config.ini").is_file()
    assert not (terminal / "home" / ".kivy").exists()


def test_kiosk_run_on_an_x_server_says_ready(terminal: Path) -> None:
    notify = NotifySocket(terminal)
    with xvfb() as display:
        kiosk = start_kiosk(["run"], _env(terminal, notify, DISPLAY=display))
        try:
            got = notify.wait_for(b"READY=1", kiosk, timeout=180)
        finally:
            kiosk.terminate()
            _out, err = kiosk.communicate(timeout=60)
            notify.close()
    assert b"READY=1" in got, err[-2000:]
    assert not (terminal / "home" / ".kivy").exists()
