"""A serial code scanner on a pseudo-terminal: "shows" codes by sending their bytes with the chosen suffix,
framing and symbology identifier, and honours a trigger profile (Honeywell, Zebra SSI, Newland) the way a
scanner in command mode does: codes shown while the beam is off wait until the host triggers it.

    sim = ScannerSimulator(suffix="CR"); port = sim.start()
    sim.show_code("MSB-EID-7Q2K9XW4"); sim.show_code("NC2026...", suffix="CRLF", stx_etx=True, aim="]Q1")
    sim.unplug(); sim.replug(); sim.stop()
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.devices.scanner.serial_scanner import ETX, STX, SUFFIXES, TRIGGERS
from kiosk.devices.sim.pty_port import Pacing, PtySimulator

_ZEBRA_ACK = bytes.fromhex("04D00000FF2C")
_NEWLAND_REPLY = b"\x02\x010000"
_NEWLAND_ACK = b"\x06;\x03"
_RECEIVED_KEPT = 4096


@dataclass(frozen=True)
class ShownCode:
    text: str
    suffix: str | None = None  # None: the simulator's own suffix
    stx_etx: bool = False
    aim: str = ""  # e.g. "]Q1"
    prefix: str = ""
    encoding: str = "utf-8"
    mojibake: bool = False  # the scanner read UTF-8 as Shift-JIS (no ECI) and sent that text
    noise: bytes = b""  # bytes sent before the code (line noise, a stray reply)


class ScannerSimulator(PtySimulator):
    def __init__(self, suffix: str = "CR", trigger: str = "none", pacing: Pacing | None = None) -> None:
        super().__init__("scanner")
        if suffix not in SUFFIXES:
            raise KioskError(_("模拟扫码器后缀有误"), f"suffix {suffix!r}")
        if trigger != "none" and trigger not in TRIGGERS:
            raise KioskError(_("模拟扫码器触发方式有误"), f"trigger {trigger!r}")
        self.suffix = suffix
        self.profile = TRIGGERS.get(trigger)
        self.pacing = pacing or Pacing()
        self.received = bytearray()  # what the host sent and was not yet understood
        self.commands: list[str] = []  # the trigger commands understood, in order: "setup", "start", "stop"
        self._beam_on = self.profile is None
        self._waiting: list[bytes] = []

    # -- control API (any thread) -------------------------------------------------------------------------
    def show_code(self, text: str, suffix: str | None = None, **options: object) -> None:
        """Hold a code under the scanner: its bytes are sent now (or when the host triggers the beam)."""
        shown = ShownCode(text, suffix, **options)  # type: ignore[arg-type]
        if shown.suffix is not None and shown.suffix not in SUFFIXES:
            raise KioskError(_("模拟扫码器后缀有误"), f"suffix {shown.suffix!r}")
        data = self.encode(shown)
        self.call(lambda: self._emit(data))

    def send_raw(self, data: bytes) -> None:
        """Send bytes as they are (split codes, noise, oversized payloads)."""
        self.call(lambda: self.send(data))

    @property
    def beam_on(self) -> bool:
        return self._beam_on

    def encode(self, shown: ShownCode) -> bytes:
        text = shown.text
        if shown.mojibake:
            text = text.encode("utf-8").decode("shift_jis")
        body = (shown.prefix + shown.aim).encode("ascii") + text.encode(shown.encoding)
        suffix = SUFFIXES[shown.suffix if shown.suffix is not None else self.suffix]
        if shown.stx_etx:
            body = STX + body + ETX
        return shown.noise + body + suffix

    # -- the scanner (simulator thread) -------------------------------------------------------------------
    def on_power_off(self) -> None:
        self._beam_on = self.profile is None
        self._waiting.clear()
        self.received.clear()

    def _emit(self, data: bytes) -> None:
        if self._beam_on:
            self.send(data)
        else:
            self._waiting.append(data)

    def on_bytes(self, data: bytes) -> None:
        self.received += data
        del self.received[:-_RECEIVED_KEPT]
        profile = self.profile
        if profile is None:
            return
        for name, command, beam in (("start", profile.start, True), ("stop", profile.stop, False),
                                    ("setup", profile.setup, None)):
            if not command or command not in self.received:
                continue
            del self.received[: self.received.index(command) + len(command)]
            self.commands.append(name)
            self._acknowledge(command)
            if beam is not None:
                self._beam_on = beam
        if self._beam_on:
            waiting, self._waiting = self._waiting, []
            for data_out in waiting:
                self.send(data_out)

    def _acknowledge(self, command: bytes) -> None:
        if self.profile is TRIGGERS["zebra"]:
            self.send(_ZEBRA_ACK)
        elif self.profile is TRIGGERS["newland"]:
            self.send(_NEWLAND_REPLY + command[len(_NEWLAND_REPLY):-2] + _NEWLAND_ACK)
