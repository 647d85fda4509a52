"""The one way the drivers hold a serial port (RS-232 or USB-CDC).

`SerialPort` opens a port exclusively with explicit timeouts, closes it, and turns whatever a failing or vanished
port raises (pyserial's SerialException, the OS error, termios's error from a pty that closed under us) into
`DeviceGone` with the device's own short message. `SerialDevice` is the base of the drivers that are a serial
device: it resolves the configured port (`/dev/ttyUSB0`, `/dev/serial/by-id/...`, `usb:1a86:7523`), opens it
in `open()`, releases it in `close()`, and gives the subclass the open port and a lock for its I/O.

    class Reader(SerialDevice):
        absent_message = N_("读卡器未连接")      # the port cannot be opened
        lost_message = N_("读卡器已断开")        # the port failed while in use

        def open(self) -> None:
            super().open()                      # resolve, open, flush what was waiting
            ...                                 # the device's own handshake

        def poll(self) -> None:
            with self.port_lock, self.port_errors("poll"):
                self.connection().write(b"...")
"""

from __future__ import annotations

import logging
import termios
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import ClassVar

import serial

from kiosk.base.i18n import _
from kiosk.devices.base import Device, DeviceGone, resolve_serial_port

log = logging.getLogger(__name__)

# What a vanished port raises: pyserial's own error, the OS error, or termios's (tcflush on a dead pty).
PORT_ERRORS = (serial.SerialException, OSError, termios.error)


class SerialPort:
    """One serial port. `absent` and `lost` are msgids (marked with N_) of the device's status messages: the
    port could not be opened, and the port failed while in use. Not thread-safe: the owner serialises access."""

    def __init__(
        self,
        absent: str,
        lost: str,
        read_timeout: float,
        write_timeout: float | None = 1.0,
        xonxoff: bool = False,
        rtscts: bool = False,
    ) -> None:
        self.absent = absent
        self.lost = lost
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.xonxoff = xonxoff
        self.rtscts = rtscts
        self._serial: serial.Serial | None = None

    def open(self, path: str, baud: int, what: str = "") -> serial.Serial:
        """Open `path` for this process alone (a second program on the same port would steal bytes) and drop
        what was waiting in its buffer; DeviceGone with the `absent` message when that fails. `what` starts
        the detail instead of the path."""
        self.close()
        try:
            self._serial = serial.Serial(path, baud, timeout=self.read_timeout, write_timeout=self.write_timeout,
                                         xonxoff=self.xonxoff, rtscts=self.rtscts, exclusive=True)
            self._serial.reset_input_buffer()
        except PORT_ERRORS as exc:
            self.close()
            raise DeviceGone(_(self.absent), f"{what or path}: {exc}") from None
        return self._serial

    def close(self) -> None:
        """Release the port; safe to call twice and after a failed open."""
        port, self._serial = self._serial, None
        if port is None:
            return
        try:
            port.close()
        except PORT_ERRORS:
            log.debug("closing %s failed", port.port)

    def connection(self) -> serial.Serial:
        """The open port; DeviceGone when it is not open (closed under a caller on another thread)."""
        if self._serial is None:
            raise DeviceGone(_(self.absent), "port not open")
        return self._serial

    @contextmanager
    def errors(self, what: str = "") -> Iterator[None]:
        """Inside: a failure of the port becomes DeviceGone with the `lost` message; `what` starts its detail."""
        try:
            yield
        except PORT_ERRORS as exc:
            raise DeviceGone(_(self.lost), f"{what}: {exc}" if what else str(exc)) from None


class SerialDevice(Device):
    """A driver whose device sits on one serial port. Subclasses name their messages, extend `open()` (after
    `super().open()`) and `close()` (after `super().close()`), and do their I/O on `connection()` holding
    `port_lock`, inside `port_errors()`."""

    absent_message: ClassVar[str]  # msgid: the port cannot be opened
    lost_message: ClassVar[str]  # msgid: the port failed while in use
    read_timeout_s: ClassVar[float] = 0.02  # one read's wait: how quickly a loop notices it should stop

    def __init__(self, port: str, baud: int, name: str | None = None) -> None:
        super().__init__(name)
        self.port = port  # as configured: a path, a stable name or usb:VID:PID
        self.baud = baud
        self.path = ""  # the device path it resolved to when last opened
        self.port_lock = threading.Lock()
        self._line = SerialPort(self.absent_message, self.lost_message, self.read_timeout_s)

    def open(self) -> None:
        """Resolve the configured port and open it; DeviceGone when it is not there or cannot be opened."""
        self.path = resolve_serial_port(self.port)
        with self.port_lock:
            self._line.open(self.path, self.baud)

    def close(self) -> None:
        with self.port_lock:
            self._line.close()

    def connection(self) -> serial.Serial:
        """The open port; DeviceGone when it is closed."""
        return self._line.connection()

    def port_errors(self, what: str = "") -> AbstractContextManager[None]:
        """A failure of the port inside becomes DeviceGone (`lost_message`); `what` starts the detail."""
        return self._line.errors(what)
