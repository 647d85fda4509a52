"""Shared helpers for the identity-device tests: the real drivers against the pty simulators. Waits are
bounded by generous deadlines and only ever wait for something to happen (no timing is asserted)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kiosk.devices.base import Device, DeviceEvent, State, Supervisor
from kiosk.devices.idcard.reader import IdCardReader
from kiosk.devices.scanner.serial_scanner import SerialScanner
from kiosk.devices.serial_port import SerialDevice
from kiosk.devices.sim.idcard import IdCardSimulator
from kiosk.devices.sim.scanner import ScannerSimulator

DEADLINE_S = 10.0
FAST_BACKOFF = (0.02, 0.05, 0.1)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = DEADLINE_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.005)


class Events:
    """Every event a device publishes, in order, with waits for the n-th of a kind."""

    def __init__(self, device: Device) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()
        self.threads: set[str] = set()
        device.subscribe(self._on)

    def _on(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def of(self, kind: str) -> list[object]:
        with self._cond:
            return [e.payload for e in self.items if e.kind == kind]

    def wait(self, kind: str, count: int = 1, timeout: float = DEADLINE_S) -> object:
        """The `count`-th payload of `kind` (waiting for it)."""
        with self._cond:
            ok = self._cond.wait_for(lambda: len(self.of_locked(kind)) >= count, timeout)
            if not ok:
                raise AssertionError(f"no event {kind} #{count}; got {[e.kind for e in self.items]}")
            return self.of_locked(kind)[count - 1]

    def of_locked(self, kind: str) -> list[object]:
        return [e.payload for e in self.items if e.kind == kind]

    def wait_state(self, state: State, count: int = 1) -> object:
        """The `count`-th status event with `state`."""
        with self._cond:
            ok = self._cond.wait_for(lambda: len(self._states(state)) >= count, DEADLINE_S)
            if not ok:
                raise AssertionError(f"no status {state.value} #{count}; got {self._states(None)}")
            return self._states(state)[count - 1]

    def _states(self, state: State | None) -> list[object]:
        return [s for s in self.of_locked("status") if state is None or s.state is state]  # type: ignore[attr-defined]


@dataclass
class ReaderRig:
    sim: IdCardSimulator
    reader: IdCardReader
    events: Events
    supervisor: Supervisor

    def polls(self, n: int) -> None:
        """Wait until the reader has sent `n` more find commands (so it had every chance to act)."""
        start = self.sim.counts["find_card"]
        wait_until(lambda: self.sim.counts["find_card"] >= start + n, f"{n} more polls")


@contextmanager
def running_reader() -> Iterator[ReaderRig]:
    """The simulated reader, the real driver polling it every 50 ms under a supervisor, and its events."""
    sim = IdCardSimulator()
    port = sim.start()
    reader = IdCardReader(port, poll_interval=0.05)
    events = Events(reader)
    supervisor = Supervisor(reader, backoff=FAST_BACKOFF).start()
    rig = ReaderRig(sim, reader, events, supervisor)
    try:
        events.wait_state(State.OK)
        yield rig
    finally:
        supervisor.stop()
        sim.stop()


@dataclass
class ScannerRig:
    sim: ScannerSimulator
    scanner: SerialScanner
    events: Events
    supervisor: Supervisor


def start_scanner_rig(suffix: str = "CR", trigger: str = "none", **driver: object) -> ScannerRig:
    sim = ScannerSimulator(suffix=suffix, trigger=trigger)
    port = sim.start()
    scanner = SerialScanner(port, suffix=suffix, trigger=trigger, **driver)  # type: ignore[arg-type]
    events = Events(scanner)
    supervisor = Supervisor(scanner, backoff=FAST_BACKOFF).start()
    events.wait_state(State.OK)
    return ScannerRig(sim, scanner, events, supervisor)


def stop_scanner_rig(rig: ScannerRig) -> None:
    rig.supervisor.stop()
    rig.sim.stop()


# A vendor's serial device in a test (not in the catalogue: _() gives an unknown msgid back unchanged).
LINE_ABSENT, LINE_LOST = "行设备未连接", "行设备已断开"


class LineDevice(SerialDevice):
    """Publishes the text lines it reads as "line" events; `send` writes to the port; counts its opens."""

    kind = "line"
    absent_message = LINE_ABSENT
    lost_message = LINE_LOST

    def __init__(self, port: str, baud: int = 9600, name: str | None = None) -> None:
        super().__init__(port, baud, name)
        self.opens = 0

    def open(self) -> None:
        super().open()
        self.opens += 1
        self.set_status(State.OK, "就绪", self.path)

    def serve(self, stop: threading.Event) -> None:
        port = self.connection()
        buffer = b""
        while not stop.is_set():
            with self.port_errors("read"):
                buffer += port.read(64)
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                self.publish("line", line.decode())

    def send(self, data: bytes) -> None:
        with self.port_lock:
            port = self.connection()
            with self.port_errors("write"):
                port.write(data)
