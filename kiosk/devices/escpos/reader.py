"""An ESC/POS interpreter: the receiving end of a printer, fed bytes as they arrive (any split), turning them into
printed elements (escpos_paper) and answering status queries through callbacks.

It understands what the kiosk's writer and python-escpos send (init, Chinese mode, GB18030 and code page text,
alignment, bold, size, feeds, raster images, native QR, Code 128, cut) and the status commands (DLE EOT n,
GS r n). Anything else is skipped by its known length and counted in `unknown`, so a test can insist on none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from kiosk.devices.escpos.paper import (
    LINE_DOTS,
    BarcodeSymbol,
    Bitmap,
    Element,
    Feed,
    Paper,
    QrSymbol,
    TextLine,
    TextRun,
)

_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}
# ESC / GS / FS commands that take a fixed number of argument bytes and change nothing we draw.
_ESC_ARGS = {b"-": 1, b"2": 0, b"3": 1, b"G": 1, b"M": 1, b"R": 1, b"V": 1, b"{": 1, b" ": 1, b"c": 2, b"p": 3,
             b"r": 1, b"U": 1, b"=": 1, b"t": 1}
_GS_ARGS = {b"B": 1, b"L": 2, b"W": 2, b"f": 1, b"b": 1, b"a": 1, b"I": 1, b"P": 2}
_FS_ARGS = {b"!": 1, b"-": 1, b"W": 1, b"S": 2, b"C": 1}


class NeedMore(Exception):
    """The buffer ends inside a command."""


@dataclass
class _Style:
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1
    chinese: bool = False


@dataclass
class EscposReader:
    """Feed bytes with `feed`; finished receipts go to `on_cut(paper)`, status queries to the callbacks, whose
    reply bytes (or None for silence) are sent back with `reply(bytes)`."""

    dots: int = 576
    on_cut: Callable[[Paper], None] = lambda paper: None
    on_realtime_status: Callable[[int], bytes | None] = lambda n: None
    on_sensor_status: Callable[[int], bytes | None] = lambda n: None
    reply: Callable[[bytes], object] = lambda data: None
    accept_print: Callable[[], bool] = lambda: True
    unknown: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._buf = bytearray()
        self._style = _Style()
        self._paper = Paper(self.dots)
        self._line: list[tuple[bytes, bool, int, int, bool]] = []
        self._line_align = "left"
        self._barcode = {"h": 162, "w": 3, "hri": 0}
        self._qr_module = 3
        self._qr_ec = "L"
        self._qr_data = b""

    @property
    def pending(self) -> Paper:
        """What has been printed since the last cut."""
        return self._paper

    def feed(self, data: bytes) -> None:
        self._buf += data
        while self._buf:
            try:
                used = self._step()
            except NeedMore:
                return
            del self._buf[:used]

    # -- parsing ------------------------------------------------------------------------------------------
    def _need(self, n: int) -> None:
        if len(self._buf) < n:
            raise NeedMore

    def _step(self) -> int:
        b = self._buf
        first = b[0]
        if first == 0x0A:
            self._print_line()
            return 1
        if first == 0x10:
            return self._dle()
        if first == 0x1B:
            return self._esc()
        if first == 0x1D:
            return self._gs()
        if first == 0x1C:
            return self._fs()
        if (first < 0x20 and first != 0x09) or first == 0x7F:
            return 1  # CR and other controls print nothing
        end = 1
        while end < len(b) and (b[end] >= 0x20 or b[end] == 0x09) and b[end] != 0x7F:
            end += 1
        self._text(bytes(b[:end]))
        return end

    def _dle(self) -> int:
        self._need(2)
        cmd = self._buf[1]
        if cmd == 0x04:  # DLE EOT n: real-time status
            self._need(3)
            answer = self.on_realtime_status(self._buf[2])
            if answer is not None:
                self.reply(answer)
            return 3
        if cmd == 0x05:  # DLE ENQ n
            self._need(3)
            return 3
        if cmd == 0x14:  # DLE DC4 fn m t
            self._need(5)
            return 5
        self.unknown.append(bytes(self._buf[:2]))
        return 2

    def _esc(self) -> int:
        self._need(2)
        cmd = bytes(self._buf[1:2])
        s = self._style
        if cmd == b"@":
            self._flush_partial_line()
            self._style = _Style()
            return 2
        if cmd in (b"a", b"E", b"d", b"!", b"J"):
            self._need(3)
            n = self._buf[2]
            if cmd == b"a":
                s.align = _ALIGN.get(n, s.align)
            elif cmd == b"E":
                s.bold = bool(n & 1)
            elif cmd == b"!":
                s.bold, s.height, s.width = bool(n & 0x08), 2 if n & 0x10 else 1, 2 if n & 0x20 else 1
            elif cmd == b"d":  # print the line (if any) and feed n lines in all
                if self._line:
                    self._print_line(extra_lines=max(0, n - 1))
                elif n:
                    self._add(Feed(n * LINE_DOTS))
            else:
                self._print_line(only_if_text=True)
                self._add(Feed(n))
            return 3
        if cmd in _ESC_ARGS:
            self._need(2 + _ESC_ARGS[cmd])
            return 2 + _ESC_ARGS[cmd]
        if cmd == b"*":  # bit image, column format: m nL nH data
            self._need(5)
            m, n = self._buf[2], self._buf[3] | self._buf[4] << 8
            size = n * (3 if m in (32, 33) else 1)
            self._need(5 + size)
            return 5 + size
        self.unknown.append(bytes(self._buf[:2]))
        return 2

    def _gs(self) -> int:
        self._need(2)
        cmd = bytes(self._buf[1:2])
        if cmd == b"!":
            self._need(3)
            n = self._buf[2]
            self._style.width, self._style.height = (n >> 4) + 1, (n & 0x0F) + 1
            return 3
        if cmd == b"V":
            self._need(3)
            m = self._buf[2]
            length = 4 if m in (65, 66, 97, 98, 103, 104) else 3
            self._need(length)
            self._cut()
            return length
        if cmd == b"v":
            return self._raster()
        if cmd == b"(":
            return self._gs_paren()
        if cmd in (b"h", b"w", b"H"):
            self._need(3)
            self._barcode[{b"h": "h", b"w": "w", b"H": "hri"}[cmd]] = self._buf[2]
            return 3
        if cmd == b"k":
            return self._barcode_cmd()
        if cmd == b"r":
            self._need(3)
            self._print_line(only_if_text=True)
            answer = self.on_sensor_status(self._buf[2])
            if answer is not None:
                self.reply(answer)
            return 3
        if cmd in _GS_ARGS:
            self._need(2 + _GS_ARGS[cmd])
            return 2 + _GS_ARGS[cmd]
        self.unknown.append(bytes(self._buf[:2]))
        return 2

    def _fs(self) -> int:
        self._need(2)
        cmd = bytes(self._buf[1:2])
        if cmd == b"&":
            self._style.chinese = True
            return 2
        if cmd == b".":
            self._style.chinese = False
            return 2
        if cmd in _FS_ARGS:
            self._need(2 + _FS_ARGS[cmd])
            return 2 + _FS_ARGS[cmd]
        self.unknown.append(bytes(self._buf[:2]))
        return 2

    def _raster(self) -> int:
        self._need(8)
        if self._buf[2] != 0x30:
            self.unknown.append(bytes(self._buf[:3]))
            return 3
        w_bytes = self._buf[4] | self._buf[5] << 8
        height = self._buf[6] | self._buf[7] << 8
        size = w_bytes * height
        self._need(8 + size)
        self._print_line(only_if_text=True)
        if w_bytes and height:
            raster = Image.frombytes("1", (w_bytes * 8, height), bytes(self._buf[8 : 8 + size]))
            # ESC/POS raster: 1 = ink; our bitmaps: 0 = ink.
            image = raster.point(lambda v: 255 - v, mode="1")
            self._add(Bitmap(image, self._style.align))
        return 8 + size

    def _gs_paren(self) -> int:
        self._need(5)
        kind = bytes(self._buf[2:3])
        length = self._buf[3] | self._buf[4] << 8
        self._need(5 + length)
        body = bytes(self._buf[5 : 5 + length])
        if kind == b"k" and len(body) >= 2 and body[0] == 49:  # cn 49: QR code
            self._qr_function(body[1], body[2:])
        elif kind != b"L":
            self.unknown.append(bytes(self._buf[:3]))
        return 5 + length

    def _qr_function(self, fn: int, args: bytes) -> None:
        if fn == 67 and args:
            self._qr_module = args[0]
        elif fn == 69 and args:
            self._qr_ec = _EC.get(args[0], "L")
        elif fn == 80 and args:
            self._qr_data = args[1:]  # after m = 48
        elif fn == 81:
            self._print_line(only_if_text=True)
            data = self._qr_data.decode("utf-8", errors="replace")
            self._add(QrSymbol(data, self._qr_module, self._qr_ec, self._style.align))

    def _barcode_cmd(self) -> int:
        self._need(3)
        m = self._buf[2]
        if m <= 6:  # NUL-terminated form
            end = self._buf.find(b"\x00", 3)
            if end < 0:
                raise NeedMore
            data, used = bytes(self._buf[3:end]), end + 1
        else:
            self._need(4)
            n = self._buf[3]
            self._need(4 + n)
            data, used = bytes(self._buf[4 : 4 + n]), 4 + n
            if m == 73:
                data = _code128_text(data)
        self._print_line(only_if_text=True)
        bc = self._barcode
        self._add(BarcodeSymbol(data.decode("ascii", errors="replace"), bc["h"], bc["w"], bc["hri"] in (2, 3, 50, 51),
                                self._style.align))
        return used

    # -- printing -----------------------------------------------------------------------------------------
    def _text(self, raw: bytes) -> None:
        s = self._style
        if not self._line:
            self._line_align = s.align
        style = (s.bold, s.width, s.height, s.chinese)
        if self._line and self._line[-1][1:] == style:
            # Bytes arrive in any pieces: a two-byte character may be split between two reads.
            self._line[-1] = (self._line[-1][0] + raw, *style)
        else:
            self._line.append((raw, *style))

    def _print_line(self, extra_lines: int = 0, only_if_text: bool = False) -> None:
        if self._line:
            runs = [TextRun(_decode(raw, chinese), bold, w, h) for raw, bold, w, h, chinese in self._line]
            self._add(TextLine(runs, self._line_align))
            self._line = []
        elif not only_if_text:
            self._add(TextLine([TextRun("")], self._style.align))
        if extra_lines:
            self._add(Feed(extra_lines * LINE_DOTS))

    def _flush_partial_line(self) -> None:
        if self._line:
            self._print_line()

    def _add(self, element: Element) -> None:
        if self.accept_print():
            self._paper.elements.append(element)

    def _cut(self) -> None:
        self._flush_partial_line()
        paper, self._paper = self._paper, Paper(self.dots)
        if paper.elements:
            self.on_cut(paper)


def _decode(raw: bytes, chinese: bool) -> str:
    """Text bytes as the printer prints them: GB18030 in Chinese mode, else code page 437 (its default)."""
    if chinese:
        return raw.decode("gb18030", errors="replace")
    return raw.decode("cp437", errors="replace")


def _code128_text(data: bytes) -> bytes:
    """The characters a `GS k 73` payload encodes: "{A"/"{B"/"{C" switch code sets, "{{" is "{", function
    codes print nothing, and in code set C each byte is two digits."""
    out, code_set, i = bytearray(), "B", 0
    while i < len(data):
        if data[i] == 0x7B and i + 1 < len(data):
            selector = chr(data[i + 1])
            if selector in "ABC":
                code_set = selector
            elif selector == "{":
                out += b"{"
            i += 2
            continue
        out += f"{data[i]:02d}".encode() if code_set == "C" else bytes([data[i]])
        i += 1
    return bytes(out)
