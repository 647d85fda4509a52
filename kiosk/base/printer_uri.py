"""A receipt printer's connection written as one URI, the same in the config file and on the command line:

    serial:/dev/ttyUSB0?baud=115200      a serial port (also /dev/serial/by-id/..., a pty)
    usb:0416:5011                         a USB printer by vendor:product id (USB-serial or USB printer class)
    tcp://192.168.1.50:9100               the raw network port
    file:/dev/usb/lp0                     a device file written one way (no status can be read)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

from kiosk.base.errors import ConfigError
from kiosk.base.i18n import _, translate

Kind = Literal["serial", "usb", "tcp", "file"]
BAUDS = (9600, 19200, 38400, 57600, 115200, 230400)
_EXAMPLES = "serial:/dev/ttyUSB0?baud=115200, usb:VID:PID, tcp://HOST:9100, file:/dev/usb/lp0"
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$")
_HEX4 = re.compile(r"^[0-9A-Fa-f]{1,4}$")


class PrinterUriError(ConfigError):
    """A printer URI that cannot be used; the message says what was expected."""


@dataclass(frozen=True)
class PrinterUri:
    kind: Kind
    path: str = ""  # serial and file
    baud: int = 115200  # serial
    flow: Literal["none", "rtscts", "xonxoff"] = "none"  # serial
    host: str = ""  # tcp
    port: int = 9100  # tcp
    vid: int = 0  # usb
    pid: int = 0  # usb

    @property
    def two_way(self) -> bool:
        """Whether status can be read back over this connection."""
        return self.kind != "file"

    def __str__(self) -> str:
        if self.kind == "serial":
            flow = f"&flow={self.flow}" if self.flow != "none" else ""
            return f"serial:{self.path}?baud={self.baud}{flow}"
        if self.kind == "usb":
            return f"usb:{self.vid:04x}:{self.pid:04x}"
        if self.kind == "tcp":
            return f"tcp://{self.host}:{self.port}"
        return f"file:{self.path}"


def _fail(text: str, why: str) -> PrinterUriError:
    """`why` comes translated into the session's language; the log gets it in English whichever that is."""
    return PrinterUriError(_("打印机地址有误：{why}（例如 {examples}）").format(why=why, examples=_EXAMPLES),
                           f"bad printer uri {text!r}: {translate('en', why)}")


def parse_printer_uri(text: str) -> PrinterUri:
    """Parse a printer URI; raise PrinterUriError (a ConfigError) naming what is wrong."""
    text = (text or "").strip()
    if not text:
        raise _fail(text, _("地址为空"))
    scheme, sep, rest = text.partition(":")
    if not sep:
        raise _fail(text, _("缺少连接方式前缀"))
    scheme = scheme.lower()
    if scheme == "serial":
        return _parse_serial(text, rest)
    if scheme == "usb":
        return _parse_usb(text, rest)
    if scheme == "tcp":
        return _parse_tcp(text, rest)
    if scheme == "file":
        if not rest.startswith("/"):
            raise _fail(text, _("file: 后应为绝对路径"))
        return PrinterUri("file", path=rest)
    raise _fail(text, _("不支持的连接方式 {scheme}").format(scheme=repr(scheme)))


def _parse_serial(text: str, rest: str) -> PrinterUri:
    path, _sep, query = rest.partition("?")
    if not path.startswith("/"):
        raise _fail(text, _("serial: 后应为串口的绝对路径"))
    try:
        options = dict(parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)))
    except ValueError:
        raise _fail(text, _("参数应写成 ?baud=115200")) from None
    unknown = set(options) - {"baud", "flow"}
    if unknown:
        raise _fail(text, _("未知参数 {names}").format(names=", ".join(sorted(unknown))))
    baud_text = options.get("baud", "115200")
    if not baud_text.isdigit() or int(baud_text) not in BAUDS:
        raise _fail(text, _("波特率应为 {bauds} 之一").format(bauds=", ".join(map(str, BAUDS))))
    flow = options.get("flow", "none")
    if flow not in ("none", "rtscts", "xonxoff"):
        raise _fail(text, _("flow 应为 none、rtscts 或 xonxoff"))
    return PrinterUri("serial", path=path, baud=int(baud_text), flow=flow)  # type: ignore[arg-type]


def _parse_usb(text: str, rest: str) -> PrinterUri:
    parts = rest.split(":")
    if len(parts) != 2 or not all(_HEX4.match(p) for p in parts):
        raise _fail(text, _("usb: 后应为十六进制的厂商号:产品号"))
    vid, pid = (int(p, 16) for p in parts)
    if vid == 0 or pid == 0:
        raise _fail(text, _("厂商号和产品号不能为 0"))
    return PrinterUri("usb", vid=vid, pid=pid)


def _parse_tcp(text: str, rest: str) -> PrinterUri:
    if not rest.startswith("//"):
        raise _fail(text, _("应写成 tcp://主机:端口"))
    netloc = rest[2:].rstrip("/")
    if "/" in netloc or "?" in netloc:
        raise _fail(text, _("tcp 地址不应带路径或参数"))
    host, port_text = netloc, "9100"
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            raise _fail(text, _("IPv6 地址缺少 ]"))
        host, tail = netloc[: end + 1], netloc[end + 1 :]
        if tail:
            if not tail.startswith(":"):
                raise _fail(text, _("端口前应为冒号"))
            port_text = tail[1:]
    elif ":" in netloc:
        host, port_text = netloc.rsplit(":", 1)
    if not host or not _HOST.match(host):
        raise _fail(text, _("主机名无效"))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise _fail(text, _("端口应为 1-65535"))
    return PrinterUri("tcp", host=host.strip("[]"), port=int(port_text))
