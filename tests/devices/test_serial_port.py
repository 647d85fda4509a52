"""The serial base class (kiosk.devices.serial_port) over real pseudo-terminals: a port that vanishes is
"disconnected" in the device's own words and reopened when it comes back, a port is held by one driver at a time,
and port failures never leak out as pyserial or OS errors."""

from __future__ import annotations

import pytest

from kiosk.devices.base import DeviceError, DeviceGone, State, Supervisor
from kiosk.devices.sim.pty_port import PtySimulator

from identity_support import FAST_BACKOFF, LINE_ABSENT, LINE_LOST, Events, LineDevice, wait_until

ABSENT, LOST = LINE_ABSENT, LINE_LOST


@pytest.fixture
def sim():
    simulator = PtySimulator("line")
    simulator.start()
    yield simulator
    simulator.stop()


def test_a_vanished_port_is_disconnected_in_the_devices_words_and_reopened(sim) -> None:
    device = LineDevice(sim.port)
    events = Events(device)
    supervisor = Supervisor(device, backoff=FAST_BACKOFF).start()
    try:
        events.wait_state(State.OK)
        sim.call(lambda: sim.send(b"one\n"))
        assert events.wait("line") == "one"

        sim.unplug()
        lost = events.wait_state(State.DISCONNECTED)
        assert (lost.message, lost.detail.split(":")[0]) == (LOST, "read")  # type: ignore[attr-defined]
        # While it is gone, each attempt to reopen finds no port.
        absent = events.wait_state(State.DISCONNECTED, 2)
        assert absent.message == "设备未连接" and sim.port in absent.detail  # type: ignore[attr-defined]
        reopens = supervisor.reopens
        wait_until(lambda: supervisor.reopens >= reopens + 2, "retries while the port is gone")
        assert device.opens == 1

        sim.replug()
        events.wait_state(State.OK, 2)
        assert device.opens == 2
        sim.call(lambda: sim.send(b"two\n"))
        assert events.wait("line", 2) == "two"
    finally:
        supervisor.stop()


def test_writing_to_a_port_that_vanished_is_device_gone(sim) -> None:
    device = LineDevice(sim.port)
    device.open()
    try:
        device.send(b"hello\n")
        sim.unplug()
        with pytest.raises(DeviceGone) as caught:
            device.send(b"anyone?\n")
        assert caught.value.message == LOST and caught.value.detail.startswith("write: ")
    finally:
        device.close()
        device.close()  # twice is fine
    with pytest.raises(DeviceGone) as closed:
        device.send(b"x")
    assert (closed.value.message, closed.value.detail) == (ABSENT, "port not open")


def test_a_port_is_held_by_one_driver_at_a_time(sim) -> None:
    first, second = LineDevice(sim.port), LineDevice(sim.port)
    first.open()
    try:
        with pytest.raises(DeviceGone) as caught:
            second.open()
        assert caught.value.message == ABSENT and sim.port in caught.value.detail
        assert "lock" in caught.value.detail
    finally:
        first.close()
    second.open()  # free again once the first let go
    second.close()


def test_port_names_that_are_not_there_or_not_valid() -> None:
    with pytest.raises(DeviceGone) as missing:
        LineDevice("/dev/kiosk-no-such-port").open()
    assert missing.value.message == "设备未连接"
    with pytest.raises(DeviceError) as unset:
        LineDevice("").open()
    assert unset.value.message == "未设置串口" and not isinstance(unset.value, DeviceGone)
    with pytest.raises(DeviceError) as bad_usb:
        LineDevice("usb:xyz").open()
    assert bad_usb.value.message == "串口设置有误"
