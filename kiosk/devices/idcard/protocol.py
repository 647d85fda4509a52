"""The SAM serial protocol of second-generation ID card readers (docs/devices/idcard-sam.md): frames, the
incremental decoder, the commands and what each SW3 status means for staff.

Frame: `AA AA AA 96 69 | LEN_H LEN_L | body | CHK`; LEN counts every byte after itself (checksum included);
CHK is the XOR of LEN_H .. last body byte. Host bodies are `CMD PARA [data]`; reader bodies `00 00 SW3 [data]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from kiosk.base.i18n import _
from kiosk.devices.base import DeviceError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
# The longest legal reply: status, three block lengths, text 256 + photo 1024 + fingerprint 1024, checksum.
MAX_LEN = 3 + 6 + 256 + 1024 + 1024 + 1
MIN_LEN = 3  # a host frame: CMD PARA CHK
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit


@dataclass(frozen=True)
class Command:
    name: str
    cmd: int
    para: int

    def frame(self, data: bytes = b"") -> bytes:
        return encode_frame(bytes((self.cmd, self.para)) + data)


RESET_SAM = Command("reset_sam", 0x10, 0xFF)
SAM_STATUS = Command("sam_status", 0x11, 0xFF)
READ_SAM_ID = Command("read_sam_id", 0x12, 0xFF)
FIND_CARD = Command("find_card", 0x20, 0x01)
SELECT_CARD = Command("select_card", 0x20, 0x02)
READ_TEXT_PHOTO = Command("read_text_photo", 0x30, 0x01)
READ_TEXT_PHOTO_FP = Command("read_text_photo_fingerprint", 0x30, 0x10)
READ_NEW_ADDRESS = Command("read_new_address", 0x30, 0x03)
COMMANDS = (RESET_SAM, SAM_STATUS, READ_SAM_ID, FIND_CARD, SELECT_CARD, READ_TEXT_PHOTO, READ_TEXT_PHOTO_FP,
            READ_NEW_ADDRESS)

SW3_SUCCESS = 0x90
SW3_FIND_SUCCESS = 0x9F
SW3_NO_CONTENT = 0x91
SW3_READ_FAILED = 0x41
SW3_NO_CARD = 0x80
SW3_SELECT_FAILED = 0x81
SW3_CHECKSUM_HOST = 0x10
SW3_LENGTH_HOST = 0x11
SW3_COMMAND_ERROR = 0x21
# Statuses about the card in the field (the citizen can fix them by placing the card again); the others are
# about the reader or the line.
CARD_SW3 = frozenset({0x31, 0x32, 0x33, 0x37, 0x3F, 0x40, 0x41, 0x47, 0x81})
# The host's frame arrived damaged: sending it again is the remedy.
RESEND_SW3 = frozenset({SW3_CHECKSUM_HOST, SW3_LENGTH_HOST})

# Every SW3 code: the message for staff (the Chinese msgid; sw3_message translates it, and the i18n tests check
# that every one has its English) and a short English name for logs.
SW3: dict[int, tuple[str, str]] = {
    0x90: ("操作成功", "success"),
    0x9F: ("找卡成功", "find card success"),
    0x91: ("该项无内容", "no content for this item"),
    0x10: ("读卡器收到的命令校验和错误", "checksum error in host frame"),
    0x11: ("读卡器收到的命令长度错误", "length error in host frame"),
    0x21: ("读卡器不支持该命令", "command error"),
    0x23: ("读卡器拒绝操作：未授权", "operation not authorised"),
    0x24: ("读卡器报告未知错误", "unrecognised error"),
    0x31: ("身份证认证读卡模块失败，请重新放置身份证", "card failed to authenticate SAM"),
    0x32: ("读卡模块认证身份证失败，证件可能无效", "SAM failed to authenticate card"),
    0x33: ("身份证信息校验错误，请重新放置身份证", "information verification error"),
    0x37: ("指纹信息校验错误", "fingerprint verification error"),
    0x3F: ("身份证信息长度错误，请重新放置身份证", "information length error"),
    0x40: ("无法识别的卡片类型，请放置身份证", "card type not recognised"),
    0x41: ("读卡失败，请重新放置身份证", "read card failed"),
    0x47: ("读卡模块取随机数失败，请重新放置身份证", "random number failed"),
    0x60: ("读卡模块自检失败，请联系维护人员", "SAM self-test failed"),
    0x66: ("读卡模块未授权，请联系维护人员", "SAM not authorised"),
    0x80: ("未找到身份证", "find card failed (no card)"),
    0x81: ("选卡失败，请重新放置身份证", "select card failed"),
}


def sw3_message(code: int) -> str:
    """The staff message for an SW3 status; unknown codes say so with their value."""
    known = SW3.get(code)
    return _(known[0]) if known else _("读卡器返回未知状态码 {code}").format(code=f"{code:02X}")


def sw3_name(code: int) -> str:
    known = SW3.get(code)
    return f"SW3 {code:02X} ({known[1] if known else 'unknown'})"


class FrameError(DeviceError):
    """A frame that cannot be used (bad checksum, impossible length, short reply): that frame only."""


class ReaderStatusError(DeviceError):
    """The reader answered with an SW3 other than the one wanted; `sw3` holds it."""

    def __init__(self, command: Command, sw3: int) -> None:
        super().__init__(sw3_message(sw3), f"{command.name}: {sw3_name(sw3)}")
        self.command = command
        self.sw3 = sw3


def checksum(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def encode_frame(body: bytes) -> bytes:
    """A complete frame around `body` (host: CMD PARA data; reader: 00 00 SW3 data)."""
    length = len(body) + 1
    if not MIN_LEN <= length <= MAX_LEN:
        raise FrameError(_("读卡器数据长度错误"), f"body of {len(body)} bytes cannot be framed")
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes((checksum(head + body),))


def encode_reply(sw3: int, data: bytes = b"") -> bytes:
    return encode_frame(bytes((0, 0, sw3)) + data)


def wire_seconds(n_bytes: int, baud: int) -> float:
    """How long `n_bytes` take on an 8N1 serial line."""
    return n_bytes * BITS_PER_BYTE / baud


@dataclass(frozen=True)
class Reply:
    sw3: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> Reply:
        if len(body) < 3 or body[0] != 0 or body[1] != 0:
            raise FrameError(_("读卡器应答格式错误"), f"reply body of {len(body)} bytes without SW1 SW2 = 00 00")
        return cls(body[2], body[3:])


@dataclass(frozen=True)
class HostFrame:
    cmd: int
    para: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> HostFrame:
        return cls(body[0], body[1], body[2:])


class FrameDecoder:
    """Incremental: `feed` bytes as they come in any pieces, then take frame bodies with `next_body`.

    Bytes before a preamble are skipped; the length field decides where a frame ends (never a timeout);
    an impossible length means the preamble was noise and the search goes on after it. A frame with a wrong
    checksum raises FrameError once and is dropped, and the search resumes just after its preamble (its
    length may itself be the corrupted byte, so a following good frame is not swallowed).
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.skipped = 0  # noise bytes dropped so far (for diagnostics)

    def feed(self, data: bytes) -> None:
        self._buf += data

    def reset(self) -> None:
        self._buf.clear()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def next_body(self) -> bytes | None:
        """The next complete, checked frame body, or None when more bytes are needed."""
        while True:
            start = self._buf.find(PREAMBLE)
            if start < 0:
                # Keep a tail that may be the start of a preamble split across reads.
                keep = next((n for n in range(len(PREAMBLE) - 1, 0, -1) if self._buf.endswith(PREAMBLE[:n])), 0)
                self._drop(len(self._buf) - keep)
                return None
            self._drop(start)
            if len(self._buf) < HEADER_LEN:
                return None
            length = int.from_bytes(self._buf[len(PREAMBLE):HEADER_LEN], "big")
            if not MIN_LEN <= length <= MAX_LEN:
                self._drop(1)
                continue
            end = HEADER_LEN + length
            if len(self._buf) < end:
                return None
            frame = bytes(self._buf[:end])
            if checksum(frame[len(PREAMBLE):-1]) != frame[-1]:
                self._drop(1)
                raise FrameError(_("读卡器数据校验错误"), f"bad checksum in a frame of LEN {length}")
            del self._buf[:end]
            return frame[HEADER_LEN:-1]

    def next_reply(self) -> Reply | None:
        body = self.next_body()
        return None if body is None else Reply.from_body(body)

    def _drop(self, n: int) -> None:
        if n > 0:
            self.skipped += n
            del self._buf[:n]
