"""The printer's condition from its own real-time status bytes (DLE EOT 1, 2, 4 and 3 when it reports an error),
in three states: ok, a problem with its reason, or unknown. A reply that is missing, longer than one byte, or not
of the status shape (bits 1 and 4 set, bits 0 and 7 clear) means unknown, never "fine".

python-escpos's `paper_status()` answers "paper adequate" when nothing answered and waits for 16 bytes; this
module asks for one byte per query through the link's own short-timeout read instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from kiosk.base.i18n import _

DLE_EOT = b"\x10\x04"
SENSOR_STATUS = b"\x1d\x72\x01"  # GS r 1: answered in sequence, i.e. after everything sent before it


class Condition(str, Enum):
    OK = "ok"
    PROBLEM = "problem"
    UNKNOWN = "unknown"


class Reason(str, Enum):
    NONE = ""
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    CUTTER_ERROR = "cutter_error"
    PRINTER_ERROR = "printer_error"
    NO_ANSWER = "no_answer"
    BAD_ANSWER = "bad_answer"
    ONE_WAY = "one_way"


def reason_message(reason: Reason) -> str:
    """Staff-facing words for a printer condition, in the language of the moment."""
    return {
        Reason.NONE: _("打印机正常"),
        Reason.PAPER_NEAR_END: _("打印纸将尽"),
        Reason.PAPER_OUT: _("打印机缺纸"),
        Reason.COVER_OPEN: _("打印机纸仓盖未关"),
        Reason.OFFLINE: _("打印机脱机"),
        Reason.CUTTER_ERROR: _("打印机切刀故障"),
        Reason.PRINTER_ERROR: _("打印机故障"),
        Reason.NO_ANSWER: _("打印机无应答"),
        Reason.BAD_ANSWER: _("打印机应答无法识别"),
        Reason.ONE_WAY: _("此连接无法读取打印机状态"),
    }[reason]


@dataclass(frozen=True)
class PrinterCondition:
    condition: Condition
    reason: Reason = Reason.NONE
    detail: str = ""
    stopped: bool = False  # printing stopped (paper ran out while printing, or an error): a job did not finish

    @property
    def message(self) -> str:
        return reason_message(self.reason)

    @property
    def printable(self) -> bool:
        """A job may be sent: the printer is ok, or only its paper is near the end."""
        return self.condition is Condition.OK or self.reason is Reason.PAPER_NEAR_END

    def __str__(self) -> str:
        if self.condition is Condition.OK:
            return "ok"
        return f"{self.condition.value}: {self.message} ({self.reason.value})"


OK = PrinterCondition(Condition.OK)


class StatusLink(Protocol):
    def query(self, command: bytes, timeout: float) -> bytes | None:
        """Send `command`, return what came back within `timeout` (b"" for nothing, None: cannot read)."""


def status_shaped(reply: bytes | None) -> bool:
    """One byte with bits 1 and 4 set and bits 0 and 7 clear."""
    return reply is not None and len(reply) == 1 and reply[0] & 0b1001_0011 == 0b0001_0010


def _unknown(n: int, reply: bytes | None) -> PrinterCondition:
    if not reply:
        return PrinterCondition(Condition.UNKNOWN, Reason.NO_ANSWER, f"DLE EOT {n}: no answer")
    return PrinterCondition(Condition.UNKNOWN, Reason.BAD_ANSWER, f"DLE EOT {n}: got {reply.hex(' ')}")


def _problem(reason: Reason, detail: str, stopped: bool = False) -> PrinterCondition:
    return PrinterCondition(Condition.PROBLEM, reason, detail, stopped)


def interpret(printer: bytes | None, offline: bytes | None, paper: bytes | None,
              error: bytes | None = None) -> PrinterCondition:
    """The condition from the replies to DLE EOT 1, 2 and 4 (and 3, asked only when 2 reports an error)."""
    for n, reply in ((1, printer), (2, offline), (4, paper)):
        if not status_shaped(reply):
            return _unknown(n, reply)
    assert printer is not None and offline is not None and paper is not None
    p, o, s = printer[0], offline[0], paper[0]
    detail = f"status {p:02x} {o:02x} {s:02x}" + (f" {error[0]:02x}" if error and status_shaped(error) else "")
    stopped = bool(o & 0x60)
    if o & 0x04:
        return _problem(Reason.COVER_OPEN, detail, stopped)
    if s & 0x60 or o & 0x20:
        return _problem(Reason.PAPER_OUT, detail, stopped)
    if o & 0x40:
        if error is not None and not status_shaped(error):
            return _unknown(3, error)
        if error and error[0] & 0x08:
            return _problem(Reason.CUTTER_ERROR, detail, stopped)
        return _problem(Reason.PRINTER_ERROR, detail, stopped)
    if p & 0x08:
        return _problem(Reason.OFFLINE, detail)
    if s & 0x0C:
        return _problem(Reason.PAPER_NEAR_END, detail)
    return PrinterCondition(Condition.OK, Reason.NONE, detail)


def query_condition(link: StatusLink, timeout: float) -> PrinterCondition:
    """Ask the printer (three or four one-byte queries, each with `timeout`) and interpret the answers."""
    replies: list[bytes] = []
    for n in (1, 2, 4):
        reply = link.query(DLE_EOT + bytes([n]), timeout)
        if reply is None:
            return PrinterCondition(Condition.UNKNOWN, Reason.ONE_WAY, "link cannot read")
        if not status_shaped(reply):
            return _unknown(n, reply)
        replies.append(reply)
    error = link.query(DLE_EOT + b"\x03", timeout) if replies[1][0] & 0x40 else None
    return interpret(replies[0], replies[1], replies[2], error)


def wait_until_printed(link: StatusLink, timeout: float) -> bool:
    """Wait until the printer has processed everything sent so far: GS r 1 is answered in sequence, after the
    data before it, unlike DLE EOT. True when a status-shaped sensor reply came back within `timeout`."""
    reply = link.query(SENSOR_STATUS, timeout)
    return reply is not None and len(reply) == 1 and reply[0] & 0x90 == 0
