"""An X server for the deployment tests (Xvfb, when installed) and systemd's notification socket, as a service
manager would give them: what the kiosk sends there is what systemd would see."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xvfb_support import xvfb as x_server

ROOT = Path(__file__).resolve().parents[2]
WAIT_FOR_X = ROOT / "deploy" / "x" / "wait-for-x"


@contextmanager
def xvfb() -> Iterator[str]:
    """A running Xvfb's display name (a 1280x800 screen); skipped where Xvfb or xdpyinfo (wait-for-x's) is absent."""
    with x_server((1280, 800), needs=("xdpyinfo",)) as display:
        yield display


class NotifySocket:
    """A datagram socket standing in for systemd's $NOTIFY_SOCKET."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "notify.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))

    def wait_for(self, message: bytes, process: subprocess.Popen, timeout: float) -> list[bytes]:
        """Every notification until `message` arrives, the process ends or `timeout` passes."""
        got: list[bytes] = []
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.5)
        while time.monotonic() < deadline and message not in got:
            try:
                got.append(self.sock.recv(4096))
            except TimeoutError:
                if process.poll() is not None:
                    break
        return got

    def pending(self) -> list[bytes]:
        self.sock.setblocking(False)
        got = []
        while True:
            try:
                got.append(self.sock.recv(4096))
            except BlockingIOError:
                return got

    def close(self) -> None:
        self.sock.close()


def kiosk_env(**extra: str) -> dict[str, str]:
    """The environment of a kiosk started as the service would start it: no display, no Kivy home and no
    offscreen driver unless given."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "KIVY_HOME", "SDL_VIDEODRIVER", "KIOSK_OFFSCREEN")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def start_kiosk(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
