"""Serial code scanners (RS-232 or USB-CDC), docs/devices/scanners.md.

The byte stream is cut into codes by the configured suffix (CR, LF, CRLF, TAB) or, with none, by a pause
between characters; STX/ETX frames and AIM symbology identifiers are understood whatever the suffix. Text
is UTF-8, else GB18030, with Shift-JIS mojibake repaired; control characters are stripped, long codes
dropped, and a code repeated within a short window (a phone held under the scanner) is reported once.
Events: "code" with a `ScannedCode`; "code_error" with a message (a code too long); "status".
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from kiosk.base.errors import ConfigError
from kiosk.base.i18n import N_, _
from kiosk.core.payloads import PayloadKind, classify_payload
from kiosk.devices.base import DeviceError, State
from kiosk.devices.serial_port import SerialDevice

if TYPE_CHECKING:
    from kiosk.base.config import Scanner as ScannerConfig

log = logging.getLogger(__name__)

SUFFIXES: dict[str, bytes] = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t", "none": b""}
STX, ETX = b"\x02", b"\x03"
MAX_LENGTH = 2048  # bytes; no code the kiosk acts on is anywhere near this
UNENDED_S = 0.5  # with a suffix configured, a code still unended after this much quiet is taken as it is
_AIM_ID = re.compile(rb"^\][A-Za-z][0-9A-Za-z]")
_STRIPPED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn")  # control, format, surrogate, private, unassigned


@dataclass(frozen=True)
class TriggerProfile:
    """Commands of a scanner in command (host-triggered) mode, and the replies it sends that are not codes."""

    name: str
    start: bytes
    stop: bytes
    setup: bytes = b""
    replies: re.Pattern[bytes] | None = None


_NEWLAND = b"\x7e\x01\x30\x30\x30\x30"
TRIGGERS: dict[str, TriggerProfile] = {
    "honeywell": TriggerProfile("honeywell", b"\x16T\r", b"\x16U\r"),
    "zebra": TriggerProfile(
        "zebra",
        bytes.fromhex("04E40400FF14"),
        bytes.fromhex("04E50400FF13"),
        replies=re.compile(re.escape(bytes.fromhex("04D00000FF2C"))),
    ),
    "newland": TriggerProfile(
        "newland",
        _NEWLAND + b"#SCNTRG1;\x03",
        _NEWLAND + b"#SCNTRG0;\x03",
        setup=_NEWLAND + b"@SCNMOD0;\x03",
        replies=re.compile(rb"\x02\x010000.*?;\x03", re.DOTALL),
    ),
}


@dataclass(frozen=True)
class ScannedCode:
    text: str
    kind: PayloadKind
    source: str = "serial"  # "serial", "keyboard" or "camera"

    def __repr__(self) -> str:
        # A code may carry a name, an address, an e-ID or a staff card's token: logs get its kind and length only.
        return f"ScannedCode({self.kind.value}, {len(self.text)} characters, {self.source})"

    __str__ = __repr__


def decode_payload(raw: bytes) -> str:
    """The text of a code: UTF-8, else GB18030; Shift-JIS mojibake repaired; control characters stripped."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    if not text.isascii():
        text = repair_mojibake(text)
    return "".join(c for c in text if unicodedata.category(c) not in _STRIPPED_CATEGORIES).strip()


def repair_mojibake(text: str) -> str:
    """UTF-8 read as Shift-JIS by a scanner without ECI support, undone when it undoes cleanly."""
    for codec in ("shift_jis", "cp932"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return repaired
    return text


class CodeFramer:
    """Cuts a scanner's byte stream into codes. `feed` with each read and its time; `flush` when nothing came
    for a while (with no suffix a pause ends a code). Codes longer than `max_length` are dropped and counted
    in `oversized`."""

    def __init__(
        self,
        suffix: str = "CR",
        gap_s: float = 0.08,
        max_length: int = MAX_LENGTH,
        prefix: bytes = b"",
        replies: re.Pattern[bytes] | None = None,
    ) -> None:
        if suffix not in SUFFIXES:
            raise ConfigError(_("扫码器后缀设置有误"), f"suffix {suffix!r}, expected one of {sorted(SUFFIXES)}")
        self.terminator = SUFFIXES[suffix]
        self.gap_s = gap_s
        self.max_length = max_length
        self.prefix = prefix
        self.replies = replies
        self.oversized = 0
        self._buf = bytearray()
        self._last = 0.0
        self._discarding = False  # inside a code that is too long: drop until it ends

    def feed(self, data: bytes, now: float) -> list[bytes]:
        codes = self.flush(now)
        if data:
            self._buf += data
            self._last = now
        if self.replies is not None:
            self._buf[:] = self.replies.sub(b"", bytes(self._buf))
        while (code := self._next()) is not None:
            if code:
                codes.append(code)
        if len(self._buf) > self.max_length:
            self._drop_oversized()
        return codes

    def flush(self, now: float) -> list[bytes]:
        """End the code in progress when the line has been quiet longer than the gap. A scanner that should
        send a suffix gets longer: a code never ended is still a code (its suffix setting may differ)."""
        quiet = self.gap_s if not self.terminator else max(self.gap_s, UNENDED_S)
        if not self._buf or now - self._last <= quiet:
            return []
        raw = bytes(self._buf)
        self._buf.clear()
        if self._discarding:
            self._discarding = False
            return []
        # An STX frame never closed, or a code without a suffix: the pause ends it.
        code = self._clean(raw.removeprefix(STX))
        return [code] if code else []

    def _next(self) -> bytes | None:
        stx = self._buf.find(STX)
        if stx == 0:
            etx = self._buf.find(ETX)
            # A frame holds one line and its suffix follows its ETX: a suffix or a new STX before the ETX means
            # this STX was stray (line noise, a frame cut short). Resynchronise there, or every code after it
            # would be glued into one until the next pause.
            stray_end = min((i for i in (self._buf.find(self.terminator) if self.terminator else -1,
                                         self._buf.find(STX, 1)) if i > 0), default=-1)
            if stray_end > 0 and (etx < 0 or stray_end < etx):
                code = bytes(self._buf[1:stray_end])
                skip = len(self.terminator) if self._buf.startswith(self.terminator, stray_end) else 0
                del self._buf[:stray_end + skip]
                return self._ended(code)
            if etx < 0:
                return None
            code = bytes(self._buf[1:etx])
            end = etx + 1
            if self.terminator and self._buf.startswith(self.terminator, end):
                end += len(self.terminator)
            del self._buf[:end]
            return self._ended(code)
        end = self._buf.find(self.terminator) if self.terminator else -1
        if stx > 0 and (end < 0 or stx < end):
            end, skip = stx, 0  # a frame starts: what came before it was a code of its own
        elif end >= 0:
            skip = len(self.terminator)
        else:
            return None
        code = bytes(self._buf[:end])
        del self._buf[:end + skip]
        return self._ended(code)

    def _ended(self, code: bytes) -> bytes:
        """The finished code, cleaned; empty when it is to be dropped."""
        if self._discarding:
            self._discarding = False
            return b""
        if len(code) > self.max_length:
            self.oversized += 1
            return b""
        return self._clean(code)

    def _drop_oversized(self) -> None:
        self._buf.clear()
        if not self._discarding:
            self.oversized += 1
            self._discarding = True

    def _clean(self, code: bytes) -> bytes:
        code = code.strip(b"\r\n\t ")
        if self.prefix and code.startswith(self.prefix):
            code = code[len(self.prefix):]
        if _AIM_ID.match(code):
            code = code[3:]
        return code


class RepeatFilter:
    """Drops a code equal to the previous one seen less than `window_s` ago; a code held under the scanner
    keeps the window open."""

    def __init__(self, window_s: float = 1.5) -> None:
        self.window_s = window_s
        self._last = ""
        self._at = float("-inf")

    def accept(self, code: str, now: float) -> bool:
        repeated = code == self._last and now - self._at < self.window_s
        self._last, self._at = code, now
        return not repeated


class _FramerSettings(TypedDict):
    suffix: str
    gap_s: float
    max_length: int
    prefix: bytes


class SerialScanner(SerialDevice):
    kind = "scanner"
    absent_message = N_("扫码器未连接")
    lost_message = N_("扫码器已断开")
    read_timeout_s = 0.01

    def __init__(
        self,
        port: str,
        baud: int = 9600,
        suffix: str = "CR",
        trigger: str = "none",
        prefix: str = "",
        gap_s: float = 0.08,
        repeat_window_s: float = 1.5,
        max_length: int = MAX_LENGTH,
        name: str | None = None,
    ) -> None:
        super().__init__(port, baud, name)
        if trigger != "none" and trigger not in TRIGGERS:
            raise ConfigError(_("扫码器触发方式设置有误"), f"trigger {trigger!r}, expected none or {sorted(TRIGGERS)}")
        self.profile = TRIGGERS.get(trigger)
        self._framer_args = _FramerSettings(suffix=suffix, gap_s=gap_s, max_length=max_length, prefix=prefix.encode())
        self._framer = self._new_framer()
        self._repeats = RepeatFilter(repeat_window_s)
        self._scanning = False  # the beam the app asked for; set again after the scanner is reopened

    @classmethod
    def from_config(cls, cfg: ScannerConfig, port: str | None = None) -> SerialScanner:
        """The scanner of `[devices.scanner]`; `port` overrides the configured one (the simulator's pty)."""
        chosen = port or cfg.port
        if not chosen:
            raise ConfigError(_("未设置扫码器串口"), "devices.scanner.port is empty")
        return cls(
            chosen,
            baud=cfg.baud,
            suffix=cfg.suffix,
            trigger=cfg.trigger,
            prefix=cfg.prefix,
            gap_s=cfg.gap_ms / 1000,
            repeat_window_s=cfg.repeat_window_ms / 1000,
        )

    def _new_framer(self) -> CodeFramer:
        return CodeFramer(**self._framer_args, replies=self.profile.replies if self.profile else None)

    def open(self) -> None:
        super().open()
        self._framer = self._new_framer()
        if self.profile and self.profile.setup:
            self._write(self.profile.setup)
        if self.profile and self._scanning:
            self._write(self.profile.start)
        self.set_status(State.OK, N_("扫码器就绪"), f"{self.path} {self.baud} baud")

    def set_scanning(self, on: bool) -> None:
        """Start or stop the scan beam of a host-triggered scanner (no-op for one that scans by itself).
        Safe from any thread; an unplugged scanner is reported by the supervisor, not here."""
        self._scanning = on
        if self.profile is None:
            return
        try:
            self._write(self.profile.start if on else self.profile.stop)
        except DeviceError as exc:
            log.info("scanner trigger not sent: %s", exc.detail)

    def _write(self, data: bytes) -> None:
        with self.port_lock:
            port = self.connection()
            with self.port_errors():
                port.write(data)

    def serve(self, stop: threading.Event) -> None:
        port = self.connection()
        while not stop.is_set():
            with self.port_errors():
                data = port.read(max(1, port.in_waiting))
            self._take(data, time.monotonic())

    def _take(self, data: bytes, now: float) -> None:
        oversized = self._framer.oversized
        for raw in self._framer.feed(data, now):
            text = decode_payload(raw)
            if text and self._repeats.accept(text, now):
                code = ScannedCode(text, classify_payload(text))
                log.info("code scanned: %s, %d characters", code.kind.value, len(code.text))
                self.publish("code", code)
        if self._framer.oversized > oversized:
            self.publish("code_error", _("二维码内容过长，已忽略"))
