"""The ID card reader driver (SAM serial protocol, docs/devices/idcard-sam.md).

At open: SAM reset, then the SAM id (`sam_id`, shown in maintenance). While open: find -> select -> read
every poll interval; a card is delivered once while it stays on the reader. Events:

- "card": the `Identity` read from a card newly placed (whether it can be used is for kiosk.core.identity to
  judge, once, where it is used);
- "card_error": a `CardProblem` for a card that is there but cannot be read (a message for the citizen and
  staff), reported once per placing of the card;
- "status": the device status (see kiosk.devices.base).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.base.errors import ConfigError
from kiosk.base.i18n import N_, _
from kiosk.core.identity import Identity
from kiosk.devices.base import DeviceError, State
from kiosk.devices.idcard import protocol as proto
from kiosk.devices.idcard.photo import PhotoDecoder
from kiosk.devices.idcard.text import TEXT_LEN, CardDataError, parse_text_block
from kiosk.devices.serial_port import SerialDevice

if TYPE_CHECKING:
    from kiosk.base.config import IdCardReader as IdCardReaderConfig

log = logging.getLogger(__name__)

READ_ATTEMPTS = 3  # "retry read a few times on 41"
RESEND_ATTEMPTS = 3  # a damaged frame (either way) is sent again this many times in all
_READ_TICK_S = 0.02
# How long the reader may think before answering, on top of the reply's own wire time: reading the card over
# the air takes most of a second on real readers.
_THINK_S = {proto.READ_TEXT_PHOTO.name: 2.0, proto.READ_TEXT_PHOTO_FP.name: 2.5}
_THINK_DEFAULT_S = 0.5
_LONGEST_REPLY = proto.HEADER_LEN + proto.MAX_LEN


class CardReadError(DeviceError):
    """The card on the reader could not be read (the citizen should place it again)."""


@dataclass(frozen=True)
class CardProblem:
    reason: str  # "unreadable": a card is there but could not be read
    message: str  # plain Chinese, for the citizen's screen and for staff

    def __repr__(self) -> str:
        return f"CardProblem({self.reason}, {self.message})"


def format_sam_id(raw: bytes) -> str:
    """The SAM id as readers' tools show it: 05.01-20260101-0000012345-0987654321."""
    if len(raw) < 16:
        raise proto.FrameError(_("读卡模块编号长度错误"), f"SAM id of {len(raw)} bytes")

    def number(a: int, b: int) -> int:
        return int.from_bytes(raw[a:b], "little")

    return f"{number(0, 2):02d}.{number(2, 4):02d}-{number(4, 8):08d}-{number(8, 12):010d}-{number(12, 16):010d}"


class IdCardReader(SerialDevice):
    kind = "idcard"
    absent_message = N_("身份证读卡器未连接")
    lost_message = N_("身份证读卡器已断开")
    read_timeout_s = _READ_TICK_S

    def __init__(
        self,
        port: str,
        baud: int = 115200,
        poll_interval: float = 0.3,
        photo_decoder: PhotoDecoder | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(port, baud, name)
        self.poll_interval = poll_interval
        self.photo_decoder = photo_decoder
        self.sam_id = ""
        self._decoder = proto.FrameDecoder()
        self._present = False  # the last card read still lies on the reader
        self._last_digest: bytes | None = None
        self._error_reported = False  # an unreadable card is reported once until it is lifted

    @classmethod
    def from_config(cls, cfg: IdCardReaderConfig, port: str | None = None) -> IdCardReader:
        """The reader of `[devices.idcard]`; `port` overrides the configured one (the simulator's pty)."""
        chosen = port or cfg.port
        if not chosen:
            raise ConfigError(_("未设置身份证读卡器串口"), "devices.idcard.port is empty")
        return cls(
            chosen,
            baud=cfg.baud,
            poll_interval=cfg.poll_interval_ms / 1000,
            photo_decoder=PhotoDecoder.from_path(cfg.photo_decoder),
        )

    # -- lifecycle ----------------------------------------------------------------------------------------
    def open(self) -> None:
        super().open()
        self.transact(proto.RESET_SAM)
        self.sam_id = format_sam_id(self.transact(proto.READ_SAM_ID).data)
        self._present, self._last_digest, self._error_reported = False, None, False
        self.set_status(State.OK, N_("身份证读卡器就绪"), f"SAM {self.sam_id}")

    def close(self) -> None:
        super().close()
        self._decoder.reset()

    def serve(self, stop: threading.Event) -> None:
        while not stop.is_set():
            started = time.monotonic()
            self.poll()
            stop.wait(max(0.0, self.poll_interval - (time.monotonic() - started)))

    # -- the card loop ------------------------------------------------------------------------------------
    def poll(self) -> None:
        """One round: publish a newly placed card, or its problem. Reader faults raise DeviceError."""
        try:
            identity = self.read_card()
        except CardReadError as exc:
            if not self._error_reported:
                self._error_reported = True
                log.info("card unreadable: %s", exc.detail)
                self.publish("card_error", CardProblem("unreadable", exc.message))
            return
        if identity is None:
            return
        log.info("card read: %r", identity)
        self.publish("card", identity)

    def read_card(self) -> Identity | None:
        """find -> select -> read once. The Identity of a card newly placed, else None (no card, or the card
        already delivered still lying there). CardReadError when a card is there but cannot be read."""
        try:
            return self._find_select_read()
        except proto.ReaderStatusError as exc:
            if exc.sw3 in proto.CARD_SW3:
                raise CardReadError(exc.message, exc.detail) from None
            raise

    def _find_select_read(self) -> Identity | None:
        found = self.transact(proto.FIND_CARD, accept=(proto.SW3_FIND_SUCCESS, proto.SW3_NO_CARD))
        if found.sw3 == proto.SW3_NO_CARD:
            # After a read the reader's "find" fails while the card stays; "select" still succeeds then.
            if self._present and self._still_there():
                return None
            self._present, self._last_digest, self._error_reported = False, None, False
            return None
        if not self._present:
            self.publish("reading")  # a card was just laid down: the screen says "请不要拿开"
        self.transact(proto.SELECT_CARD)
        text, photo = self._read_blocks()
        self._present = True
        digest = hashlib.sha256(text).digest()
        if digest == self._last_digest:
            return None  # the reader found the same card again without it being lifted
        try:
            identity = parse_text_block(text, photo)
        except CardDataError as exc:
            raise CardReadError(exc.message, exc.detail) from None
        self._last_digest = digest
        if self.photo_decoder is not None:
            identity.portrait = self.photo_decoder.decode(photo)
        return identity

    def _still_there(self) -> bool:
        reply = self.transact(proto.SELECT_CARD, accept=(proto.SW3_SUCCESS, proto.SW3_SELECT_FAILED))
        return reply.sw3 == proto.SW3_SUCCESS

    def _read_blocks(self) -> tuple[bytes, bytes]:
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                data = self.transact(proto.READ_TEXT_PHOTO).data
                break
            except proto.ReaderStatusError as exc:
                if exc.sw3 != proto.SW3_READ_FAILED or attempt == READ_ATTEMPTS:
                    raise
        if len(data) < 4:
            raise CardReadError(_("身份证信息长度错误，请重新放置身份证"), f"read reply of {len(data)} bytes")
        text_len, photo_len = int.from_bytes(data[0:2], "big"), int.from_bytes(data[2:4], "big")
        if text_len != TEXT_LEN or len(data) < 4 + text_len + photo_len:
            raise CardReadError(_("身份证信息长度错误，请重新放置身份证"), f"blocks {text_len}+{photo_len} in {len(data)}")
        return data[4:4 + text_len], data[4 + text_len:4 + text_len + photo_len]

    # -- one exchange -------------------------------------------------------------------------------------
    def transact(self, command: proto.Command, accept: tuple[int, ...] = (proto.SW3_SUCCESS,)) -> proto.Reply:
        """Send `command`, wait for its reply (read by LEN), resend on a damaged frame either way.
        A status not in `accept` raises ReaderStatusError."""
        for attempt in range(1, RESEND_ATTEMPTS + 1):
            try:
                reply = self._exchange(command)
            except proto.FrameError as exc:
                if attempt == RESEND_ATTEMPTS:
                    raise DeviceError(_("读卡器通信数据错误"), f"{command.name}: {exc.detail}") from None
                continue
            if reply.sw3 in proto.RESEND_SW3 and attempt < RESEND_ATTEMPTS:
                continue
            break
        if reply.sw3 not in accept:
            raise proto.ReaderStatusError(command, reply.sw3)
        return reply

    def _exchange(self, command: proto.Command) -> proto.Reply:
        with self.port_lock:
            port = self.connection()
            deadline = time.monotonic() + self._reply_timeout(command)
            with self.port_errors(command.name):
                self._decoder.reset()
                port.reset_input_buffer()  # leftovers of an earlier, abandoned reply
                port.write(command.frame())
                while True:
                    reply = self._decoder.next_reply()
                    if reply is not None:
                        return reply
                    if time.monotonic() > deadline:
                        raise DeviceError(_("身份证读卡器无应答"), f"{command.name}: no reply")
                    self._decoder.feed(port.read(max(1, port.in_waiting)))

    def _reply_timeout(self, command: proto.Command) -> float:
        return _THINK_S.get(command.name, _THINK_DEFAULT_S) + proto.wire_seconds(_LONGEST_REPLY, self.baud)
