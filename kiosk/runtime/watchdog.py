"""systemd notifications without a dependency: READY=1 when the window is up, WATCHDOG=1 pings from the UI
thread (so a frozen UI stops the pings and systemd restarts the kiosk). A datagram to $NOTIFY_SOCKET;
nothing happens when the kiosk is not run by systemd."""

from __future__ import annotations

import os
import socket

# The kiosk's exit status for 退出到桌面: systemd's RestartPreventExitStatus keeps it from restarting.
EXIT_TO_DESKTOP = 75


def notify(message: str, environ: dict[str, str] | None = None) -> bool:
    """Send one sd_notify message; True when it was sent."""
    address = (environ if environ is not None else os.environ).get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError:
        return False
    return True


def ping_interval_s(environ: dict[str, str] | None = None) -> float | None:
    """Half the watchdog period systemd asked for (WATCHDOG_USEC), or None when there is no watchdog."""
    env = environ if environ is not None else os.environ
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return None
    if usec <= 0 or (env.get("WATCHDOG_PID") and env["WATCHDOG_PID"] != str(os.getpid())):
        return None
    return usec / 2_000_000
