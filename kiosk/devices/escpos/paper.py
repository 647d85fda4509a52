"""What comes out of a receipt printer, as data, and how it looks: text lines, bitmaps, QR codes, barcodes and
feeds, painted at the printer's own resolution (8 dots per mm) with the kiosk's CJK font.

The same painter draws the virtual printer's output and the on-screen preview of a receipt, and the writer uses
it to rasterise lines a printer cannot print as text, so all three look the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from kiosk.base.assets import font_path
from kiosk.base.textwidth import char_columns

CELL_W, CELL_H = 12, 24  # font A: half-width cell 12 x 24 dots; a Chinese character is 24 x 24
LINE_DOTS = 30  # the default line spacing (ESC 2)
DOTS_PER_MM = 8
_QR_EC = {"L": 1, "M": 0, "Q": 3, "H": 2}  # qrcode's constants by ESC/POS letter


@dataclass
class TextRun:
    text: str
    bold: bool = False
    width: int = 1  # character size multipliers (GS !)
    height: int = 1


@dataclass
class TextLine:
    runs: list[TextRun]
    align: str = "left"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Bitmap:
    image: Image.Image  # mode "1", 0 = ink
    align: str = "left"


@dataclass
class QrSymbol:
    data: str
    module: int = 4
    ec: str = "M"
    align: str = "left"


@dataclass
class BarcodeSymbol:
    data: str
    height: int = 60
    module: int = 2
    hri: bool = True
    align: str = "left"


@dataclass
class Feed:
    dots: int


Element = TextLine | Bitmap | QrSymbol | BarcodeSymbol | Feed


@dataclass
class Paper:
    """A printed receipt: its elements top to bottom."""

    dots: int
    elements: list[Element] = field(default_factory=list)

    @property
    def qr_texts(self) -> list[str]:
        return [e.data for e in self.elements if isinstance(e, QrSymbol)]

    @property
    def barcodes(self) -> list[str]:
        return [e.data for e in self.elements if isinstance(e, BarcodeSymbol)]

    def text(self) -> str:
        """Plain text of the receipt, one printed line per line; codes and images as bracketed notes."""
        lines: list[str] = []
        for e in self.elements:
            if isinstance(e, TextLine):
                lines.append(e.text.rstrip())
            elif isinstance(e, QrSymbol):
                lines.append(f"[QR {e.data}]")
            elif isinstance(e, BarcodeSymbol):
                lines.append(f"[条码 {e.data}]")
            elif isinstance(e, Bitmap):
                lines.append(f"[图像 {e.image.width}x{e.image.height}]")
        return "\n".join(lines) + "\n"

    def length_mm(self) -> float:
        """Paper used, without painting: for the paper counter."""
        dots = 0
        for e in self.elements:
            if isinstance(e, TextLine):
                dots += max(LINE_DOTS, max((r.height for r in e.runs), default=1) * CELL_H + LINE_DOTS - CELL_H)
            elif isinstance(e, Feed):
                dots += e.dots
            elif isinstance(e, Bitmap):
                dots += e.image.height
            elif isinstance(e, QrSymbol):
                dots += qr_image(e.data, e.module, e.ec).height
            else:
                dots += e.height + (CELL_H + 4 if e.hri else 0)
        return dots / DOTS_PER_MM

    def paint(self, margin: int = 16) -> Image.Image:
        """The receipt as a greyscale image, paper white, ink black, with a small paper margin."""
        blocks = [_paint_element(e, self.dots) for e in self.elements]
        height = sum(b.height for b in blocks) + 2 * margin
        page = Image.new("L", (self.dots + 2 * margin, max(height, 2 * margin + 1)), 255)
        y = margin
        for block in blocks:
            page.paste(block, (margin, y))
            y += block.height
        return page


@lru_cache(maxsize=8)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def text_image(runs: list[TextRun], dots: int, align: str = "left") -> Image.Image:
    """One printed text line: monospaced cells (12 dots per column), scaled by each run's size."""
    pieces = [_run_image(r) for r in runs]
    width = sum(p.width for p in pieces)
    height = max([p.height for p in pieces] + [CELL_H])
    line = Image.new("L", (dots, max(LINE_DOTS, height + LINE_DOTS - CELL_H)), 255)
    x = _offset(width, dots, align)
    for piece in pieces:
        line.paste(piece, (x, height - piece.height))
        x += piece.width
    return line


def _run_image(run: TextRun) -> Image.Image:
    columns = sum(char_columns(ch) for ch in run.text)
    cell = Image.new("L", (max(1, columns * CELL_W), CELL_H), 255)
    draw = ImageDraw.Draw(cell)
    x = 0
    for ch in run.text:
        w = char_columns(ch)
        if w == 0:
            continue
        font = _font(run.bold, 22 if w == 2 else 21)
        if not ch.isspace():
            draw.text((x + w * CELL_W / 2, 20), ch, font=font, fill=0, anchor="ms")
        x += w * CELL_W
    if run.width == 1 and run.height == 1:
        return cell
    return cell.resize((cell.width * run.width, CELL_H * run.height), Image.Resampling.BICUBIC)


def _offset(width: int, dots: int, align: str) -> int:
    if align == "center":
        return max(0, (dots - width) // 2)
    if align == "right":
        return max(0, dots - width)
    return 0


def _paint_element(e: Element, dots: int) -> Image.Image:
    if isinstance(e, TextLine):
        return text_image(e.runs, dots, e.align)
    if isinstance(e, Feed):
        return Image.new("L", (dots, max(0, e.dots)), 255)
    if isinstance(e, Bitmap):
        art = e.image.convert("L")
    elif isinstance(e, QrSymbol):
        art = qr_image(e.data, e.module, e.ec)
    else:
        art = barcode_image(e.data, e.module, e.height, e.hri)
    block = Image.new("L", (dots, art.height), 255)
    block.paste(art.crop((0, 0, min(art.width, dots), art.height)), (_offset(art.width, dots, e.align), 0))
    return block


def qr_image(data: str, module: int, ec: str = "M") -> Image.Image:
    """A QR symbol without quiet zone, `module` dots per module, mode "1" (0 = ink)."""
    import qrcode

    code = qrcode.QRCode(box_size=module, border=0, error_correction=_QR_EC.get(ec, 0))
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


def barcode_image(data: str, module: int, height: int, hri: bool) -> Image.Image:
    """A Code 128 symbol with its human-readable line under it, mode "1"."""
    from barcode.codex import Code128

    bars = Code128(data).build()[0]
    text_h = CELL_H + 4 if hri else 0
    art = Image.new("1", (len(bars) * module, height + text_h), 1)
    draw = ImageDraw.Draw(art)
    for i, bit in enumerate(bars):
        if bit == "1":
            draw.rectangle((i * module, 0, (i + 1) * module - 1, height - 1), fill=0)
    if hri:
        label = text_image([TextRun(data)], art.width, "center").convert("1")
        art.paste(label.crop((0, 0, art.width, text_h)), (0, height + 2))
    return art


def ink(image: Image.Image) -> Image.Image:
    """Threshold a painted image to printer dots (mode "1", 0 = ink)."""
    return image.convert("L").point(lambda v: 0 if v < 140 else 255, mode="1")
