"""The shipped units and X session: the X session counts as started only once X accepts connections, Kivy's
home is in the state directory (the home is read-only), 退出到桌面 ends the X session, the session has no menu or
terminal, and the keyboard cannot switch consoles or kill X while it runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from display_support import ROOT, WAIT_FOR_X, xvfb

DEPLOY = ROOT / "deploy"


def unit(name: str) -> dict[str, list[str]]:
    """Each `Key=value` of a unit file, every value of a key repeated (Environment=, Exec*=)."""
    values: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key, []).append(value)
    return values


def test_the_x_session_is_started_only_when_x_accepts_connections() -> None:
    x = unit("kiosk-x.service")
    assert x["ExecStartPost"] == ["/opt/kiosk/deploy/x/wait-for-x :0 30"]
    # The wait fits in the start timeout, and the kiosk starts after it.
    assert int(x["TimeoutStartSec"][0]) > 30
    assert "kiosk-x.service" in unit("kiosk.service")["After"][0].split()
    assert os.access(WAIT_FOR_X, os.X_OK)


def test_wait_for_x_gives_up_with_a_message_when_no_x_answers() -> None:
    if shutil.which("xdpyinfo") is None:
        pytest.skip("xdpyinfo is not installed")
    started = time.monotonic()
    result = subprocess.run([WAIT_FOR_X, ":4093", "1"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "did not accept connections within 1 s" in result.stderr
    assert time.monotonic() - started < 20  # bounded: it did not wait forever


def test_wait_for_x_returns_once_x_accepts_connections() -> None:
    with xvfb() as display:
        result = subprocess.run([WAIT_FOR_X, display, "30"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_kivy_home_is_in_the_state_directory_under_a_read_only_home() -> None:
    kiosk = unit("kiosk.service")
    assert kiosk["ProtectHome"] == ["read-only"] and kiosk["StateDirectory"] == ["kiosk"]
    environment = dict(value.split("=", 1) for value in kiosk["Environment"])
    assert Path(environment["KIVY_HOME"]).parent == Path("/var/lib/kiosk")
    assert "/var/lib/kiosk" in kiosk["ReadWritePaths"][0].split()


def test_exit_to_desktop_ends_the_x_session() -> None:
    from kiosk.runtime.watchdog import EXIT_TO_DESKTOP

    kiosk = unit("kiosk.service")
    assert kiosk["RestartPreventExitStatus"] == [str(EXIT_TO_DESKTOP)]
    (stop,) = kiosk["ExecStopPost"]
    # "+": as root (the kiosk user may not stop units); "$$": the shell, not systemd, reads EXIT_STATUS.
    assert stop.startswith("+/bin/sh -c ")
    script = stop.removeprefix("+/bin/sh -c ").strip("'").replace("$$", "$")
    for status, stops in ((str(EXIT_TO_DESKTOP), True), ("0", False), ("", False)):
        traced = subprocess.run(["sh", "-c", script.replace("systemctl", "echo systemctl")],
                                env={"PATH": os.environ["PATH"], "EXIT_STATUS": status},
                                capture_output=True, text=True, check=True)
        assert ("systemctl --no-block stop kiosk-x.service" in traced.stdout) == stops


def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    for name in ("kiosk.service", "kiosk-x.service"):
        text = (DEPLOY / name).read_text(encoding="utf-8")
        # The programs the units run, where this machine has them: verify checks that they exist.
        text = text.replace("/opt/kiosk/.venv/bin/python", shutil.which("python3") or "/bin/true")
        text = text.replace("/usr/bin/xinit", shutil.which("xinit") or "/bin/true").replace("/opt/kiosk", str(ROOT))
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", "kiosk-x.service", "kiosk.service"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    problems = [line for line in result.stderr.splitlines() if str(tmp_path) in line or "kiosk" in line]
    assert result.returncode == 0 and problems == [], result.stderr


def test_the_x_session_has_no_menu_no_bindings_and_no_terminal() -> None:
    rc = ET.parse(DEPLOY / "x" / "openbox-rc.xml").getroot()
    ns = {"ob": "http://openbox.org/3.4/rc"}
    # Present and empty: openbox then drops its default bindings too (its default right-click root menu).
    for section in ("keyboard", "mouse"):
        element = rc.find(f"ob:{section}", ns)
        assert element is not None and len(element) == 0
    assert rc.find("ob:menu", ns) is None
    shipped = "\n".join(p.read_text(encoding="utf-8") for p in (DEPLOY / "x").rglob("*") if p.is_file())
    assert not re.search(r"xterm|ShowMenu|Execute|root-menu", shipped)
    assert not list((DEPLOY / "x").glob("*menu*"))
    session = (DEPLOY / "x" / "session").read_text(encoding="utf-8")
    assert "exec openbox --config-file /opt/kiosk/deploy/x/openbox-rc.xml" in session


def test_console_switching_and_zapping_are_off_while_x_runs() -> None:
    snippet = DEPLOY / "x" / "xorg.conf.d" / "50-kiosk-lockdown.conf"
    text = re.sub(r"#.*", "", snippet.read_text(encoding="utf-8"))
    section = re.search(r'Section\s+"ServerFlags"(.*?)EndSection', text, re.S)
    assert section is not None
    options = dict(re.findall(r'Option\s+"(\w+)"\s+"(\w+)"', section.group(1)))
    assert options["DontVTSwitch"] == "true" and options["DontZap"] == "true"
