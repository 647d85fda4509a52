"""A second-generation ID card reader on a pseudo-terminal: it answers the SAM frames byte for byte like a
reader, holds the demo citizens' cards (config/sim/identities.yaml), and injects faults on request.

    sim = IdCardSimulator(); port = sim.start()
    sim.place_card("wang-jianguo"); sim.lift_card()
    sim.set_fault(bad_checksum=1, fail_reads=2, pieces=(7, 0.003), noise=b"\\x00\\x13", lift_mid_read=True,
                  sw3={"read_text_photo": 0x41}, silent=False, pace_baud=115200)
    sim.clear_faults()                        # all faults off (the pacing, a property of the line, stays)
    sim.unplug(); sim.replug(); sim.stop()
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.devices.idcard import protocol as proto
from kiosk.devices.idcard.text import build_text_block
from kiosk.devices.sim.citizens import IDENTITIES_FILE, SimCitizen, load_citizens
from kiosk.devices.sim.pty_port import Pacing, PtySimulator

log = logging.getLogger(__name__)

# The simulated module's SAM id (16 bytes): shows as 05.01-20260101-0000012345-0987654321.
SAM_ID = (
    (5).to_bytes(2, "little") + (1).to_bytes(2, "little") + (20260101).to_bytes(4, "little")
    + (12345).to_bytes(4, "little") + (987654321).to_bytes(4, "little")
)
_BY_CODE = {(c.cmd, c.para): c for c in proto.COMMANDS}


@dataclass(frozen=True)
class IdCardFaults:
    """What goes wrong, on request. `sw3` forces a status for a command (by Command.name) while set;
    `bad_checksum` spoils that many next replies; `pieces` = (bytes, gap seconds); `pace_baud` sends at that
    line speed."""

    sw3: dict[str, int] = field(default_factory=dict)
    fail_reads: int = 0  # the next reads answer 41 (read failed) though the card stays
    bad_checksum: int = 0
    lift_mid_read: bool = False
    pieces: tuple[int, float] | None = None
    noise: bytes = b""
    silent: bool = False
    pace_baud: int | None = None


@dataclass(frozen=True)
class Exchange:
    """One command answered, for the bench: sizes on the wire and when the request was complete."""

    command: str
    request_bytes: int
    reply_bytes: int
    sw3: int
    at: float  # time.monotonic()


@dataclass
class _Card:
    citizen: SimCitizen
    layout: str
    read_done: bool = False  # a card read once fails "find" until lifted and placed again


class IdCardSimulator(PtySimulator):
    def __init__(self, identities: Path = IDENTITIES_FILE, pace_baud: int | None = None) -> None:
        super().__init__("idcard")
        self.citizens = load_citizens(identities)
        self.faults = IdCardFaults(pace_baud=pace_baud)
        self.exchanges: deque[Exchange] = deque(maxlen=256)  # the latest ones
        self.counts: Counter[str] = Counter()  # commands answered, by name
        self._card: _Card | None = None
        # A hand that lifts a card and lays one down is slower than the reader's poll: the reader always sees the
        # plate empty in between (a find and the select after it fail), however quickly the demo asks.
        self._lift_unseen: str = ""  # "", "find" (the next find sees no card) or "select" (then the select too)
        self._decoder = proto.FrameDecoder()
        self._lock = threading.Lock()

    # -- control API (any thread) -------------------------------------------------------------------------
    def place_card(self, key: str, layout: str | None = None) -> None:
        """Put a demo citizen's card on the reader; `layout` picks the old "I" card for a foreigner."""
        citizen = self.citizens.get(key)
        if citizen is None:
            raise KioskError(_("没有这位模拟居民：{key}").format(key=key), f"unknown sim citizen {key!r}")
        chosen = layout or citizen.layouts[0]
        if chosen not in citizen.layouts:
            raise KioskError(_("该证件没有这种版式"), f"{key} has no {chosen!r} layout")
        with self._lock:
            self._card = _Card(citizen, chosen)

    def lift_card(self) -> None:
        with self._lock:
            if self._card is not None:
                self._lift_unseen = "find"
            self._card = None

    @property
    def card_key(self) -> str | None:
        with self._lock:
            return self._card.citizen.key if self._card else None

    def set_fault(self, **changes: Any) -> IdCardFaults:
        """Change some faults (names of IdCardFaults); unknown names raise KioskError."""
        known = {f.name for f in fields(IdCardFaults)}
        unknown = set(changes) - known
        if unknown:
            raise KioskError(_("没有这种模拟故障"), f"unknown faults {sorted(unknown)}; known: {sorted(known)}")
        with self._lock:
            self.faults = replace(self.faults, **changes)
            return self.faults

    def clear_faults(self) -> None:
        """Every fault off; the pacing stays (it is how the line is, not a fault)."""
        with self._lock:
            self.faults = IdCardFaults(pace_baud=self.faults.pace_baud)

    # -- the reader (simulator thread) --------------------------------------------------------------------
    def on_power_off(self) -> None:
        # A half-received command is lost, and a reader powered up again finds the card lying on it anew.
        self._decoder.reset()
        with self._lock:
            if self._card is not None:
                self._card.read_done = False

    def on_bytes(self, data: bytes) -> None:
        self._decoder.feed(data)
        while True:
            try:
                body = self._decoder.next_body()
            except proto.FrameError:
                self._reply(None, 0, proto.SW3_CHECKSUM_HOST)
                continue
            if body is None:
                return
            request_len = len(body) + proto.HEADER_LEN + 1
            if len(body) < 2:
                self._reply(None, request_len, proto.SW3_LENGTH_HOST)
                continue
            frame = proto.HostFrame.from_body(body)
            command = _BY_CODE.get((frame.cmd, frame.para))
            if command is None:
                self._reply(None, request_len, proto.SW3_COMMAND_ERROR)
                continue
            sw3, payload = self._answer(command)
            self._reply(command, request_len, sw3, payload)

    def _answer(self, command: proto.Command) -> tuple[int, bytes]:
        with self._lock:
            forced = self.faults.sw3.get(command.name)
            card = self._card
            if forced is not None:
                return forced, b""
            if command in (proto.RESET_SAM, proto.SAM_STATUS):
                return proto.SW3_SUCCESS, b""
            if command is proto.READ_SAM_ID:
                return proto.SW3_SUCCESS, SAM_ID
            if self._lift_unseen == "find" and command is proto.FIND_CARD:
                self._lift_unseen = "select"
                return proto.SW3_NO_CARD, b""
            if self._lift_unseen == "select":
                self._lift_unseen = ""
                if command is proto.SELECT_CARD:
                    return proto.SW3_SELECT_FAILED, b""
            if command is proto.FIND_CARD:
                if card is None or card.read_done:
                    return proto.SW3_NO_CARD, b""
                return proto.SW3_FIND_SUCCESS, bytes(4)
            if command is proto.SELECT_CARD:
                return (proto.SW3_SUCCESS, bytes(8)) if card else (proto.SW3_SELECT_FAILED, b"")
            if command is proto.READ_NEW_ADDRESS:
                return (proto.SW3_NO_CONTENT, b"") if card else (proto.SW3_READ_FAILED, b"")
            # Reading the text and photo (with an empty fingerprint block when asked for one).
            if card is None:
                return proto.SW3_READ_FAILED, b""
            if self.faults.lift_mid_read:
                self._card = None
                return proto.SW3_READ_FAILED, b""
            if self.faults.fail_reads:
                self.faults = replace(self.faults, fail_reads=self.faults.fail_reads - 1)
                return proto.SW3_READ_FAILED, b""
            card.read_done = True
            text = build_text_block(card.layout, card.citizen.text_values(card.layout))
            photo = card.citizen.photo()
            lengths = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
            if command is proto.READ_TEXT_PHOTO_FP:
                lengths += bytes(2)
            return proto.SW3_SUCCESS, lengths + text + photo

    def _reply(self, command: proto.Command | None, request_len: int, sw3: int, payload: bytes = b"") -> None:
        with self._lock:
            faults = self.faults
            if faults.bad_checksum:
                self.faults = replace(faults, bad_checksum=faults.bad_checksum - 1)
        if faults.silent:
            return
        frame = proto.encode_reply(sw3, payload)
        if faults.bad_checksum:
            frame = frame[:-1] + bytes((frame[-1] ^ 0x5A,))
        name = command.name if command else "invalid"
        self.counts[name] += 1
        self.exchanges.append(Exchange(name, request_len, len(frame), sw3, time.monotonic()))
        baud = faults.pace_baud
        if baud:
            # The request needed its own wire time to reach the reader before it could answer.
            self._stop.wait(proto.wire_seconds(request_len, baud))
        piece, gap = faults.pieces or (0, 0.0)
        self.send(faults.noise + frame, Pacing(baud=baud, piece=piece, gap_s=gap))
