"""The byte pipe to a receipt printer, opened from its URI with explicit timeouts everywhere (python-escpos's Usb
waits forever by default, its Network waits 60 s, its serial read waits for 16 bytes). A serial printer is held
like every serial device (kiosk.devices.serial_port: exclusive, its failures seen as a vanished port); the other
links use python-escpos's connection classes and write through the library. Status reads use the connection
underneath with our own short timeout and return what arrived, so one missing or extra byte is seen as such.
"""

from __future__ import annotations

import socket
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from kiosk.base.i18n import N_, _
from kiosk.base.printer_uri import PrinterUri
from kiosk.devices.base import DeviceError, DeviceGone
from kiosk.devices.serial_port import SerialPort

_GRACE = 0.03  # after the first reply byte, how long to wait for more (a longer reply is malformed)


@dataclass(frozen=True)
class Timeouts:
    connect: float = 3.0  # opening a network connection
    write: float = 10.0  # handing one job to the connection (plus the job's own transfer time at the baud rate)
    status: float = 0.3  # one real-time status reply


def _reason(exc: Exception) -> str:
    """The last line of python-escpos's not-found message (the OS error), without its closing bracket."""
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return lines[-1].rstrip(")")


class Link(ABC):
    """An open connection; `query` returns None when the link cannot read at all."""

    two_way = True

    @abstractmethod
    def write(self, data: bytes) -> None: ...

    @abstractmethod
    def query(self, command: bytes, timeout: float) -> bytes | None: ...

    @abstractmethod
    def close(self) -> None: ...


class SerialLink(Link):
    def __init__(self, path: str, baud: int, flow: str, timeouts: Timeouts) -> None:
        import serial

        self._baud = baud
        self._timeouts = timeouts
        # No write timeout until a job sets its own (it grows with the job's length).
        self._line = SerialPort(N_("打印机未连接"), N_("打印机连接已断开"), timeouts.status, write_timeout=None,
                                xonxoff=flow == "xonxoff", rtscts=flow == "rtscts")
        self._port: serial.Serial = self._line.open(path, baud, what=f"serial {path}")

    def write(self, data: bytes) -> None:
        import serial

        self._port.write_timeout = self._timeouts.write + len(data) * 10 / self._baud
        with self._line.errors("serial write"):
            try:
                self._port.write(data)
            except serial.SerialTimeoutException:  # a SerialException too: catch it before errors() does
                raise DeviceError(_("打印机不接收数据"),
                                  f"serial write timed out after {self._port.write_timeout:.1f}s") from None

    def query(self, command: bytes, timeout: float) -> bytes | None:
        with self._line.errors("serial status"):
            self._port.reset_input_buffer()
            self._port.write(command)
            self._port.timeout = timeout
            first = self._port.read(1)
            if not first:
                return b""
            self._port.timeout = _GRACE
            return first + self._port.read(16)

    def close(self) -> None:
        self._line.close()


class TcpLink(Link):
    def __init__(self, host: str, port: int, timeouts: Timeouts) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Network

        self._timeouts = timeouts
        self._printer = Network(host=host, port=port, timeout=timeouts.connect)
        try:
            self._printer.open()
        except DeviceNotFoundError as exc:
            raise DeviceGone(_("打印机未连接"), f"tcp {host}:{port}: {_reason(exc)}") from None
        self._sock: socket.socket = self._printer.device

    def write(self, data: bytes) -> None:
        # 100 Mbit/s or not, a stuck printer stops reading: bound the send by time.
        self._sock.settimeout(self._timeouts.write)
        try:
            self._printer._raw(data)
        except TimeoutError:
            raise DeviceError(_("打印机不接收数据"), f"tcp send timed out after {self._timeouts.write}s") from None
        except OSError as exc:
            raise DeviceGone(_("打印机连接已断开"), f"tcp send: {exc}") from None

    def _drain(self) -> None:
        self._sock.setblocking(False)
        try:
            while self._sock.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            self._sock.setblocking(True)

    def query(self, command: bytes, timeout: float) -> bytes | None:
        try:
            self._drain()
            self._sock.settimeout(timeout)
            self._sock.sendall(command)
            try:
                reply = self._sock.recv(16)
            except TimeoutError:
                return b""
            if not reply:
                raise DeviceGone(_("打印机连接已断开"), "tcp: connection closed by the printer")
            deadline = time.monotonic() + _GRACE
            self._sock.settimeout(_GRACE)
            while len(reply) < 16 and time.monotonic() < deadline:
                try:
                    more = self._sock.recv(16)
                except TimeoutError:
                    break
                if not more:
                    break
                reply += more
            return reply
        except OSError as exc:
            raise DeviceGone(_("打印机连接已断开"), f"tcp status: {exc}") from None

    def close(self) -> None:
        self._printer.close()


class FileLink(Link):
    """A device file written one way (`/dev/usb/lp0`): no status can be read through it."""

    two_way = False

    def __init__(self, path: str) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import File

        self._printer = File(devfile=path, auto_flush=True)
        try:
            self._printer.open()
        except DeviceNotFoundError as exc:
            raise DeviceGone(_("打印机未连接"), f"file {path}: {_reason(exc)}") from None

    def write(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except OSError as exc:
            raise DeviceGone(_("打印机连接已断开"), f"file write: {exc}") from None

    def query(self, command: bytes, timeout: float) -> bytes | None:
        return None

    def close(self) -> None:
        self._printer.close()


class UsbLink(Link):
    """A USB printer-class device through libusb (python-escpos's Usb, given a timeout: its default waits forever)."""

    def __init__(self, vid: int, pid: int, timeouts: Timeouts) -> None:
        from escpos.printer import Usb

        if not Usb.is_usable():
            raise DeviceError(_("USB 打印需要 pyusb"), "pyusb is not installed: pip install 'kiosk[usb]', or use a serial or /dev/usb/lp* URI")
        from escpos.exceptions import DeviceNotFoundError

        self._timeouts = timeouts
        self._printer = Usb(idVendor=vid, idProduct=pid, timeout=int(timeouts.write * 1000))
        try:
            self._printer.open()
        except DeviceNotFoundError as exc:
            raise DeviceGone(_("打印机未连接"), f"usb {vid:04x}:{pid:04x}: {_reason(exc)}") from None

    def write(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except Exception as exc:  # pyusb's USBError and USBTimeoutError
            raise DeviceGone(_("打印机连接已断开"), f"usb write: {exc}") from None

    def query(self, command: bytes, timeout: float) -> bytes | None:
        device = self._printer.device
        try:
            device.write(self._printer.out_ep, command, int(self._timeouts.write * 1000))
            return bytes(device.read(self._printer.in_ep, 16, max(1, int(timeout * 1000))))
        except Exception as exc:
            if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower():
                return b""
            raise DeviceGone(_("打印机连接已断开"), f"usb status: {exc}") from None

    def close(self) -> None:
        self._printer.close()


def open_link(uri: PrinterUri, timeouts: Timeouts = Timeouts()) -> Link:
    """Open the connection a URI names; DeviceGone when it is not there."""
    if uri.kind == "serial":
        return SerialLink(uri.path, uri.baud, uri.flow, timeouts)
    if uri.kind == "tcp":
        return TcpLink(uri.host, uri.port, timeouts)
    if uri.kind == "file":
        return FileLink(uri.path)
    # USB: a USB-serial (CDC) printer shows up as a tty with this id; otherwise talk USB printer class.
    from serial.tools import list_ports

    for port in list_ports.comports():
        if port.vid == uri.vid and port.pid == uri.pid:
            return SerialLink(port.device, uri.baud, uri.flow, timeouts)
    return UsbLink(uri.vid, uri.pid, timeouts)
