"""证件复印 on A4: the ID card's two sides on one page, or a document's pages one to a page, at their true size, with
the line the citizen chose ("仅供办理___使用，他用无效") written across each image as people write it by hand.

The PDF is written here directly (no reportlab): the scans go in as the JPEGs they are (DCTDecode), placed in
millimetres, and the line is real text in a small Type 3 font whose glyphs are the kiosk font's own shapes as
bitmaps, named uniXXXX so that the text can be read back (and survives a PostScript round trip in CUPS).
The copy is personal data: it is written to the spool only while CUPS takes it, and removed whatever happens."""

from __future__ import annotations

import io
import logging
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.base.assets import font_path
from kiosk.devices.base import DeviceError
from kiosk.devices.printer.cups import CupsQueue, CupsResult

log = logging.getLogger(__name__)

A4_MM = (210.0, 297.0)
CARD_MM = (85.6, 54.0)  # ISO/IEC 7810 ID-1, the resident ID card
PT_PER_MM = 72 / 25.4
GLYPH_EM = 96  # pixels per em of the line's glyph bitmaps: about 600 dpi at the line's size
LINE_MM = 4.2  # the line's smallest type size (about 12 pt), as across a card: readable, and it fits 85.6 mm
TITLE = "证件复印"  # the job's name in CUPS: nothing personal


@dataclass(frozen=True)
class CopyImage:
    """One flattened scan and its true size on paper."""

    jpeg: bytes = field(repr=False)
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Placed:
    image: CopyImage
    x_mm: float  # from the page's left edge
    y_mm: float  # from the page's top edge
    turned: bool = False  # a quarter turn anticlockwise (a landscape page on portrait A4)

    @property
    def size_mm(self) -> tuple[float, float]:
        """The (width, height) it takes on the page."""
        w, h = self.image.width_mm, self.image.height_mm
        return (h, w) if self.turned else (w, h)


def card_sheet(front: bytes, back: bytes) -> list[list[Placed]]:
    """Both sides of an ID card on one A4 page, each 85.6 x 54 mm, centred one above the other."""
    w, h = CARD_MM
    x = (A4_MM[0] - w) / 2
    top = 50.0
    return [[Placed(CopyImage(front, w, h), x, top), Placed(CopyImage(back, w, h), x, top + h + 25.0)]]


def document_sheets(pages: Sequence[CopyImage]) -> list[list[Placed]]:
    """A document's pages at their true size, one to an A4 page, centred (an A4 page fills it); a page lying
    landscape that is wider than A4 is turned to fit."""
    sheets = []
    for page in pages:
        turned = page.width_mm > page.height_mm and page.width_mm > A4_MM[0]
        w, h = (page.height_mm, page.width_mm) if turned else (page.width_mm, page.height_mm)
        sheets.append([Placed(page, max(0.0, (A4_MM[0] - w) / 2), max(0.0, (A4_MM[1] - h) / 2), turned)])
    return sheets


def _glyph(ch: str, font: ImageFont.FreeTypeFont) -> tuple[float, bytes]:
    """A Type 3 glyph procedure drawing `ch` as an image mask, in pixels of GLYPH_EM to the em."""
    advance = font.getlength(ch)
    left, top, right, bottom = (round(v) for v in font.getbbox(ch, anchor="ls"))
    width, height = max(1, right - left), max(1, bottom - top)
    bitmap = Image.new("1", (width, height), 1)
    ImageDraw.Draw(bitmap).text((-left, -top), ch, font=font, fill=0, anchor="ls")
    data = bitmap.tobytes().hex().encode()  # rows padded to bytes, 0 = ink: an image mask's paint
    head = (f"{advance:.2f} 0 {left} {-bottom} {right} {-top} d1\n"
            f"q {width} 0 0 {height} {left} {-bottom} cm\n"
            f"BI /IM true /W {width} /H {height} /BPC 1 /F /AHx ID\n").encode()
    return advance, head + data + b">\nEI Q\n"


class _Pdf:
    """Numbered objects written out with their cross-reference table."""

    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def reserve(self) -> int:
        return self.add(b"null")

    def set(self, number: int, body: bytes) -> None:
        self.objects[number - 1] = body

    def stream(self, data: bytes, extra: str = "", compress: bool = True) -> int:
        if compress:
            data, extra = zlib.compress(data), extra + " /Filter /FlateDecode"
        return self.add(f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream")

    def bytes(self, root: int, info: int) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
        xref = out.tell()
        out.write(f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode())
        out.write(b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets))
        out.write(f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R /Info {info} 0 R >>\n"
                  f"startxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def _font(pdf: _Pdf, line: str) -> tuple[int, dict[str, int], list[float]]:
    """The line's Type 3 font: its object, each character's one-byte code, and the advances by code."""
    font = ImageFont.truetype(str(font_path(bold=True)), GLYPH_EM)
    chars = sorted(set(line))
    if len(chars) > 255:
        raise ValueError("the purpose line has too many different characters")
    codes, advances, procs, names = {}, [], [], []
    for code, ch in enumerate(chars, 1):
        advance, proc = _glyph(ch, font)
        codes[ch] = code
        advances.append(advance)
        names.append(f"/uni{ord(ch):04X}")
        procs.append(f"{names[-1]} {pdf.stream(proc)} 0 R")
    widths = " ".join(f"{a:.2f}" for a in advances)
    body = (f"<< /Type /Font /Subtype /Type3 /FontBBox [0 {-GLYPH_EM} {2 * GLYPH_EM} {GLYPH_EM}] "
            f"/FontMatrix [{1 / GLYPH_EM:.6f} 0 0 {1 / GLYPH_EM:.6f} 0 0] "
            f"/CharProcs << {' '.join(procs)} >> /Encoding << /Type /Encoding /Differences [1 {' '.join(names)}] >> "
            f"/FirstChar 1 /LastChar {len(chars)} /Widths [{widths}] /Resources << >> >>")
    return pdf.add(body.encode()), codes, advances


def _jpeg(pdf: _Pdf, jpeg: bytes) -> int:
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
        space = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}[image.mode]
    extra = f" /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {space} " \
            f"/BitsPerComponent 8 /Filter /DCTDecode"
    return pdf.stream(jpeg, extra, compress=False)


def render_copy_pdf(sheets: Sequence[Sequence[Placed]], line: str) -> bytes:
    """The sheets as an A4 PDF: each image at its size in millimetres, `line` across its middle."""
    pdf = _Pdf()
    pages_obj = pdf.reserve()
    font_obj, codes, advances = _font(pdf, line)
    text = "".join(f"{codes[ch]:02x}" for ch in line)
    ems = sum(advances) / GLYPH_EM  # the line's width at a size of 1
    page_w, page_h = A4_MM[0] * PT_PER_MM, A4_MM[1] * PT_PER_MM
    kids = []
    for sheet in sheets:
        ops, xobjects = [], []
        for n, placed in enumerate(sheet, 1):
            xobjects.append(f"/Im{n} {_jpeg(pdf, placed.image.jpeg)} 0 R")
            w, h = (v * PT_PER_MM for v in placed.size_mm)
            x, y = placed.x_mm * PT_PER_MM, page_h - placed.y_mm * PT_PER_MM - h
            if placed.turned:  # the picture's width runs up the page
                ops.append(f"q 0 {h:.3f} {-w:.3f} 0 {x + w:.3f} {y:.3f} cm /Im{n} Do Q")
            else:
                ops.append(f"q {w:.3f} 0 0 {h:.3f} {x:.3f} {y:.3f} cm /Im{n} Do Q")
            # Across the middle, over the picture, as a pen would write it: at least LINE_MM, across about
            # 70% of a large page, and never wider than the picture.
            size = min(max(LINE_MM * PT_PER_MM, 0.7 * w / ems), 0.94 * w / ems)
            tx, ty = x + (w - ems * size) / 2, y + h / 2 - size * 0.35
            ops.append(f"BT 0.1 0.1 0.45 rg /F1 {size:.3f} Tf {tx:.3f} {ty:.3f} Td <{text}> Tj ET")
        content = pdf.stream("\n".join(ops).encode())
        resources = f"<< /XObject << {' '.join(xobjects)} >> /Font << /F1 {font_obj} 0 R >> >>"
        kids.append(pdf.add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {page_w:.3f} {page_h:.3f}] "
                            f"/Resources {resources} /Contents {content} 0 R >>".encode()))
    refs = " ".join(f"{k} 0 R" for k in kids)
    pdf.set(pages_obj, f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode())
    root = pdf.add(f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode())
    info = pdf.add(b"<< /Title (Copy) /Producer (kiosk) >>")
    return pdf.bytes(root, info)


def print_copy(sheets: Sequence[Sequence[Placed]], line: str, queue: CupsQueue, spool: Path,
               wait: float = 60.0) -> CupsResult:
    """Render and print at true size, following the job until it ends or `wait` runs out (blocking: call it on a
    worker). The PDF is removed once CUPS has taken or refused it. A job still waiting after `wait` ("pending":
    held, or the printer stopped) is cancelled, so the copy cannot come out after the citizen has gone; then
    the server's copies of finished jobs are purged."""
    spool.mkdir(parents=True, exist_ok=True)
    pdf = spool / f"copy-{uuid.uuid4().hex}.pdf"
    try:
        pdf.write_bytes(render_copy_pdf(sheets, line))
        result = queue.print_pdf(pdf, TITLE, wait=wait, true_size=True)
    finally:
        pdf.unlink(missing_ok=True)
    try:
        if result.outcome == "pending":
            queue.cancel(result.job_id)
        if not queue.purge_finished():
            log.warning("copy: other jobs wait in %s; its finished documents were not purged", queue.queue)
    except DeviceError as exc:
        log.warning("copy: the print server's spool was not purged: %s", exc.detail)
    return result
