"""The device base: status events, subscribers, the supervisor reopening a device whose pty closed and came
back, and serial port names. A small line device over a real pty stands in for a driver here."""

import threading
from pathlib import Path

import pytest
import serial

from kiosk.devices.base import Device, DeviceError, DeviceGone, State, Status, Supervisor, resolve_serial_port
from kiosk.devices.sim.pty_port import PtySimulator

from identity_support import FAST_BACKOFF, Events, wait_until


class LineDevice(Device):
    """Reads text lines from a serial port and publishes them as "line" events."""

    kind = "line"

    def __init__(self, port: str) -> None:
        super().__init__()
        self.port = port
        self.opens = 0
        self._serial: serial.Serial | None = None

    def open(self) -> None:
        path = resolve_serial_port(self.port)
        try:
            self._serial = serial.Serial(path, 9600, timeout=0.02)
        except (serial.SerialException, OSError) as exc:
            raise DeviceGone("设备未连接", str(exc)) from None
        self.opens += 1
        self.set_status(State.OK, "就绪", path)

    def close(self) -> None:
        if self._serial is not None:
            self._serial.close()
        self._serial = None

    def serve(self, stop: threading.Event) -> None:
        buffer = b""
        while not stop.is_set():
            try:
                buffer += self._serial.read(64)  # type: ignore[union-attr]
            except (serial.SerialException, OSError) as exc:
                raise DeviceGone("设备已断开", str(exc)) from None
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                self.publish("line", line.decode())


class Flaky(Device):
    """Fails to open a given number of times, in the given way, then works."""

    kind = "flaky"

    def __init__(self, failures: list[Exception]) -> None:
        super().__init__()
        self.failures = failures

    def open(self) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.set_status(State.OK, "就绪")

    def close(self) -> None:
        pass


@pytest.fixture
def line_rig():
    sim = PtySimulator("line")
    port = sim.start()
    device = LineDevice(port)
    events = Events(device)
    supervisor = Supervisor(device, backoff=FAST_BACKOFF).start()
    try:
        events.wait_state(State.OK)
        yield sim, device, events, supervisor
    finally:
        supervisor.stop()
        sim.stop()


def test_events_reach_subscribers_on_the_device_thread(line_rig) -> None:
    sim, _, events, _ = line_rig
    sim.call(lambda: sim.send(b"one\ntw"))
    sim.call(lambda: sim.send(b"o\n"))
    assert events.wait("line", 2) == "two"
    assert events.of("line") == ["one", "two"]
    assert events.threads == {"device-line"}


def test_supervisor_reopens_after_the_pty_closes_and_comes_back(line_rig) -> None:
    sim, device, events, supervisor = line_rig
    sim.unplug()
    assert events.wait_state(State.DISCONNECTED).message in ("设备已断开", "设备未连接")  # type: ignore[attr-defined]
    reopens = supervisor.reopens
    wait_until(lambda: supervisor.reopens >= reopens + 2, "retries while the port is gone")
    assert device.status.state is State.DISCONNECTED and device.opens == 1
    sim.replug()
    events.wait_state(State.OK, 2)
    assert device.opens == 2
    sim.call(lambda: sim.send(b"back\n"))
    assert events.wait("line") == "back"
    states = [s.state for s in events.of("status")]  # type: ignore[attr-defined]
    assert states[0] is State.OK and states[-1] is State.OK and State.DISCONNECTED in states


def test_supervisor_reports_each_kind_of_failure_and_keeps_trying() -> None:
    device = Flaky([DeviceGone("设备未连接", "no port"), DeviceError("设备应答错误", "bad"), RuntimeError("bug")])
    events = Events(device)
    supervisor = Supervisor(device, backoff=FAST_BACKOFF).start()
    try:
        events.wait_state(State.OK)
        states = [(s.state, s.message) for s in events.of("status")]  # type: ignore[attr-defined]
        assert states == [
            (State.DISCONNECTED, "设备未连接"),
            (State.ERROR, "设备应答错误"),
            (State.ERROR, "设备程序出错"),
            (State.OK, "就绪"),
        ]
        assert supervisor.reopens == 3 and supervisor.running
    finally:
        supervisor.stop()
    assert not supervisor.running


def test_status_is_published_only_when_it_changes_and_starts_unknown() -> None:
    device = Flaky([])
    assert device.status.state is State.UNKNOWN
    events = Events(device)
    device.set_status(State.WARNING, "纸将尽", "near end")
    device.set_status(State.WARNING, "纸将尽", "near end")
    device.set_status(State.OK, "就绪")
    assert [s.state for s in events.of("status")] == [State.WARNING, State.OK]  # type: ignore[attr-defined]
    assert isinstance(device.status, Status) and device.status.as_dict()["state"] == "ok"


def test_a_failing_subscriber_does_not_stop_the_others_and_unsubscribing_works() -> None:
    device = Flaky([])
    seen: list[str] = []

    def broken(event: object) -> None:
        raise ValueError("subscriber bug")

    device.subscribe(broken)
    unsubscribe = device.subscribe(lambda e: seen.append(e.kind))
    device.publish("code", "x")
    unsubscribe()
    unsubscribe()
    device.publish("code", "y")
    assert seen == ["code"]


def test_resolve_serial_port(tmp_path: Path) -> None:
    sim = PtySimulator("stable")
    port = sim.start()
    try:
        assert resolve_serial_port(port) == port  # a stable name (symlink, like /dev/serial/by-id/...)
        by_id = tmp_path / "usb-Reader_0001-if00"
        by_id.symlink_to(port)
        assert resolve_serial_port(str(by_id)) == str(by_id)
        sim.unplug()
        with pytest.raises(DeviceGone):
            resolve_serial_port(port)
        with pytest.raises(DeviceGone):
            resolve_serial_port(str(by_id))
    finally:
        sim.stop()
    with pytest.raises(DeviceGone):
        resolve_serial_port("usb:ffff:fffe")
    with pytest.raises(DeviceError) as caught:
        resolve_serial_port("usb:reader")
    assert not isinstance(caught.value, DeviceGone)
    with pytest.raises(DeviceError):
        resolve_serial_port("")
