"""ESC/POS bytes for one receipt, written the way the kiosk's printers need them.

python-escpos 3.1 sends text with an ideograph as GB18030 but never switches the printer to Chinese mode
(`FS &`), and text without one ("￥12.30：") goes through single-byte code pages and prints "?". So this
writer sends `FS &` itself and encodes every text run as GB18030 explicitly. A line the printer cannot print
as text (a character outside its font, or a printer with no Chinese font at all) is rasterised with the
kiosk's font and sent as a `GS v 0` image. Native QR codes are centred with `ESC a 1` first (the library
cannot centre them); printers without native QR get the QR as an image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image

from kiosk.devices.escpos.paper import CELL_H, LINE_DOTS, TextRun, ink, qr_image, text_image

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
LF = b"\n"
INIT = ESC + b"@"
CHINESE_ON, CHINESE_OFF = FS + b"&", FS + b"."
FEED_AND_CUT = GS + b"V\x42\x00"
_ALIGN = {"left": 0, "center": 1, "right": 2}
_QR_EC = {"L": 0, "M": 1, "Q": 2, "H": 3}


@dataclass(frozen=True)
class PrinterProfile:
    """What a printer can do: paper width, a built-in Chinese (GB18030) font, native QR codes."""

    paper_mm: int = 80
    chinese_font: bool = True
    native_qr: bool = True

    def __post_init__(self) -> None:
        if self.paper_mm not in (58, 80):
            raise ValueError("paper_mm must be 58 or 80")

    @property
    def dots(self) -> int:
        return 576 if self.paper_mm == 80 else 384

    @property
    def columns(self) -> int:
        return self.dots // 12

    @property
    def qr_module(self) -> int:
        return 7 if self.paper_mm == 80 else 6


def printable_as_text(text: str, chinese_font: bool) -> bool:
    """Whether a printer can print `text` from its own font: ASCII always; with a GB18030 font, characters whose
    code is one or two bytes, or four bytes in CJK Extension A (in the mandatory part of GB 18030)."""
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            if code < 0x20 or code == 0x7F:
                return False
            continue
        if not chinese_font:
            return False
        try:
            encoded = ch.encode("gb18030")
        except UnicodeEncodeError:
            return False
        if len(encoded) == 4 and not 0x3400 <= code <= 0x4DBF:
            return False
    return True


def code128_payload(data: str) -> tuple[bytes, int]:
    """`GS k 73` data for printable ASCII: code set B, switching to code set C (two digits per symbol) for runs
    of four or more digits; and the symbol's width in modules."""
    if not data or not all(0x20 <= ord(c) < 0x7F for c in data):
        raise ValueError("Code 128 data must be printable ASCII")
    runs = re.findall(r"\d+|\D+", data)
    payload, symbols, current = bytearray(), 0, ""
    for run in runs:
        if run.isdigit() and len(run) >= 4:
            if len(run) % 2:
                head, run = run[0], run[1:]
                payload += (b"{B" if current != "B" else b"") + head.encode("ascii")
                symbols += 1 + (current not in ("B", ""))
                current = "B"
            payload += b"{C" + bytes(int(run[i : i + 2]) for i in range(0, len(run), 2))
            symbols += len(run) // 2 + (current != "")
            current = "C"
        else:
            text = run.replace("{", "{{").encode("ascii")
            payload += (b"{B" if current != "B" else b"") + text
            symbols += len(run) + (current not in ("B", ""))
            current = "B"
    return bytes(payload), 11 * (symbols + 2) + 13  # start and check symbols, stop pattern


class EscposWriter:
    """Builds the bytes of one receipt; `height_dots` estimates the paper it uses."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self._out = bytearray()
        self._align: str | None = None
        self._bold: bool | None = None
        self._size: tuple[int, int] | None = None
        self.height_dots = 0
        self.raster_lines = 0

    def data(self) -> bytes:
        return bytes(self._out)

    def begin(self) -> None:
        self._out += INIT
        if self.profile.chinese_font:
            self._out += CHINESE_ON
        self._align, self._bold, self._size = "left", False, (1, 1)

    def _set(self, align: str, bold: bool, size: tuple[int, int]) -> None:
        if align != self._align:
            self._out += ESC + b"a" + bytes([_ALIGN[align]])
            self._align = align
        if bold != self._bold:
            self._out += ESC + b"E" + bytes([int(bold)])
            self._bold = bold
        if size != self._size:
            self._out += GS + b"!" + bytes([((size[0] - 1) << 4) | (size[1] - 1)])
            self._size = size

    def line(self, text: str, align: str = "left", bold: bool = False, size: int = 1) -> None:
        """One printed line (the caller has fitted it to the paper); rasterised when it cannot be text."""
        if printable_as_text(text, self.profile.chinese_font):
            self._set(align, bold, (size, size))
            self._out += text.encode("gb18030" if self.profile.chinese_font else "ascii") + LF
            self.height_dots += max(LINE_DOTS, CELL_H * size + LINE_DOTS - CELL_H)
        else:
            self.raster_lines += 1
            self.image(ink(text_image([TextRun(text, bold, size, size)], self.profile.dots, align)))

    def image(self, image: Image.Image, align: str = "left") -> None:
        """A `GS v 0` raster image (mode "1", 0 = ink), at most the paper's width."""
        from escpos.image import EscposImage

        if image.width > self.profile.dots:
            raise ValueError(f"image {image.width} dots wide, paper {self.profile.dots}")
        self._set(align, self._bold or False, self._size or (1, 1))
        raster = EscposImage(image)
        w, h = raster.width_bytes, raster.height
        self._out += GS + b"v0\x00" + bytes([w & 0xFF, w >> 8, h & 0xFF, h >> 8]) + raster.to_raster_format()
        self.height_dots += h

    def feed(self, lines: int = 1) -> None:
        self._out += ESC + b"d" + bytes([lines])
        self.height_dots += lines * LINE_DOTS

    def qr(self, data: str, ec: str = "M") -> None:
        """A centred QR code: native when the printer has it, else as an image."""
        module = self.profile.qr_module
        if self.profile.native_qr:
            from escpos.printer import Dummy

            self._set("center", False, (1, 1))
            dummy = Dummy()
            dummy.qr(data, ec=_QR_EC[ec], size=module, native=True)
            self._out += dummy.output
            self.height_dots += qr_image(data, module, ec).height
        else:
            self.image(qr_image(data, module, ec), align="center")

    def barcode(self, data: str, height: int = 60) -> None:
        """A centred Code 128 barcode with its text printed below; as plain text when it would not fit the paper
        (a printer silently drops a barcode wider than its paper)."""
        payload, modules = code128_payload(data)
        if modules * 2 > self.profile.dots:
            self.line(data, "center")
            return
        self._set("center", False, (1, 1))
        self._out += GS + b"h" + bytes([height]) + GS + b"w\x02" + GS + b"H\x02"
        self._out += GS + b"k\x49" + bytes([len(payload)]) + payload
        self.height_dots += height + LINE_DOTS

    def cut(self) -> None:
        """Feed the paper to the cutter and cut (`GS V 66 0`)."""
        self._set("left", False, (1, 1))
        self._out += FEED_AND_CUT
        self.height_dots += 4 * LINE_DOTS
