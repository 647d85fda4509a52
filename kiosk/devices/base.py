"""What every device driver shares: one status shape, events to subscribers, and a supervisor that keeps a
device open (reopening with backoff when its port vanishes).

Drivers never import Kivy. Events are delivered on the device's worker thread; the app hands them to the UI
with `Clock.schedule_once`, so handlers here must be quick and must not block.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from kiosk.base.errors import KioskError
from kiosk.base.i18n import N_, _

log = logging.getLogger(__name__)


class State(str, Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    DISCONNECTED = "disconnected"
    # A device that does not answer is not "fine": unknown is a real state.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Status:
    state: State
    message: str  # short, for staff: drivers give a Chinese msgid (N_), screens show it through _()
    detail: str = ""  # technical, for the log and the maintenance page; never personal data
    at: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "message": self.message, "detail": self.detail, "at": self.at}


@dataclass(frozen=True)
class DeviceEvent:
    device: str  # the device's name, e.g. "idcard"
    kind: str  # "status", "card", "code", "frame", ...
    payload: Any = None


class DeviceError(KioskError):
    """A device failed in a way its driver understands; `message` is for staff."""


class DeviceGone(DeviceError):
    """The device's port or connection vanished (unplugged, closed): the supervisor reopens it."""


Handler = Callable[[DeviceEvent], None]


class Simulator(Protocol):
    """A simulated device a driver talks to (kiosk.devices.sim), started by the driver's "sim" factory."""

    def stop(self) -> None: ...

# A device that served this long before failing is reopened quickly again.
STABLE_AFTER_S = 10.0


class Device(ABC):
    """A driver. Subclasses implement `open`, `close` and `serve`; the supervisor calls them on a worker thread."""

    kind: str = "device"

    def __init__(self, name: str | None = None) -> None:
        self.name = name or self.kind
        self._handlers: list[Handler] = []
        self._handlers_lock = threading.Lock()
        self._status = Status(State.UNKNOWN, N_("尚未连接"), "not opened yet")
        self.simulator: Simulator | None = None  # driver "sim": the simulator it talks to, stopped at exit

    # -- events -------------------------------------------------------------------------------------------
    def subscribe(self, handler: Handler) -> Callable[[], None]:
        """Call `handler` for every event; returns a function that unsubscribes it."""
        with self._handlers_lock:
            self._handlers.append(handler)

        def unsubscribe() -> None:
            with self._handlers_lock:
                if handler in self._handlers:
                    self._handlers.remove(handler)

        return unsubscribe

    def publish(self, kind: str, payload: Any = None) -> None:
        event = DeviceEvent(self.name, kind, payload)
        with self._handlers_lock:
            handlers = list(self._handlers)
        for handler in handlers:
            try:
                handler(event)
            except Exception:  # a subscriber's bug must not stop the device
                log.exception("event handler failed for %s/%s", self.name, kind)

    # -- status -------------------------------------------------------------------------------------------
    @property
    def status(self) -> Status:
        return self._status

    def set_status(self, state: State, message: str, detail: str = "") -> None:
        """Record a new status and publish it when it changed."""
        previous = self._status
        self._status = Status(state, message, detail)
        if (previous.state, previous.message, previous.detail) != (state, message, detail):
            log.info("device %s: %s %s %s", self.name, state.value, message, detail)
            self.publish("status", self._status)

    # -- lifecycle ----------------------------------------------------------------------------------------
    @abstractmethod
    def open(self) -> None:
        """Connect; raise DeviceGone when the port is not there, DeviceError when it answers wrongly."""

    @abstractmethod
    def close(self) -> None:
        """Release the port; must be safe to call twice and after a failed open."""

    def serve(self, stop: threading.Event) -> None:
        """The device's work loop while open (poll, read, print queue). Return when `stop` is set;
        raise DeviceGone when the port vanishes. The default only waits."""
        stop.wait()


class Supervisor:
    """Keeps one device open on its own thread: open, serve, and on DeviceGone or DeviceError close and
    reopen after a growing pause. Each change is reported through the device's status events."""

    def __init__(self, device: Device, backoff: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0, 5.0)) -> None:
        self.device = device
        self.backoff = backoff
        self.reopens = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"device-{device.name}", daemon=True)

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            opened: float | None = None
            try:
                self.device.open()
                opened = time.monotonic()
                self.device.serve(self._stop)
            except DeviceGone as exc:
                self.device.set_status(State.DISCONNECTED, exc.message, exc.detail)
                failures = self._failures_after(failures, opened)
            except DeviceError as exc:
                self.device.set_status(State.ERROR, exc.message, exc.detail)
                failures = self._failures_after(failures, opened)
            except Exception as exc:  # a driver bug: report it, keep the kiosk alive, try again later
                log.exception("device %s crashed", self.device.name)
                self.device.set_status(State.ERROR, N_("设备程序出错"), repr(exc))
                failures = self._failures_after(failures, opened)
            finally:
                try:
                    self.device.close()
                except Exception:
                    log.exception("device %s failed to close", self.device.name)
            if failures and not self._stop.is_set():
                self.reopens += 1
                self._stop.wait(self.backoff[min(failures, len(self.backoff)) - 1])

    @staticmethod
    def _failures_after(failures: int, opened: float | None) -> int:
        """A device that served a while before failing starts its backoff afresh; one that fails at once
        (a reader whose SAM fails every find) backs off further each time."""
        if opened is not None and time.monotonic() - opened >= STABLE_AFTER_S:
            return 1
        return failures + 1


def resolve_serial_port(spec: str) -> str:
    """A serial port given as a path (`/dev/ttyUSB0`), a stable name (`/dev/serial/by-id/...`), or a USB
    vendor:product id (`usb:1a86:7523`). Raises DeviceGone when it is not there now."""
    if spec.lower().startswith("usb:"):
        from serial.tools import list_ports

        try:
            vid, pid = (int(part, 16) for part in spec[4:].split(":"))
        except ValueError:
            raise DeviceError(_("串口设置有误"), f"expected usb:VID:PID in hex, got {spec!r}") from None
        for port in list_ports.comports():
            if port.vid == vid and port.pid == pid:
                return port.device
        raise DeviceGone(_("设备未连接"), f"no USB serial device {vid:04x}:{pid:04x}")
    if not spec:
        raise DeviceError(_("未设置串口"), "no port configured")
    if not Path(spec).exists():
        raise DeviceGone(_("设备未连接"), f"{spec} does not exist")
    return spec
