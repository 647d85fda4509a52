"""A receipt as data (blocks top to bottom) and its layout into printed lines for a paper width in columns.

Layout works in display columns (kiosk.base.textwidth): a Chinese character is two columns, wrapping never splits a
character, and key-value rows keep their values in one column with continuation lines indented under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk.base.errors import KioskError
from kiosk.base.textwidth import display_width, pad, wrap
from kiosk.devices.escpos.writer import PrinterProfile

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Heading:
    """A bold centred line at normal size (the station's name, a section)."""

    text: str


@dataclass(frozen=True)
class Row:
    key: str
    value: str


@dataclass(frozen=True)
class Separator:
    char: str = "-"


@dataclass(frozen=True)
class Note:
    text: str
    align: Align = "left"
    bold: bool = False
    hang: int = 0  # continuation lines are indented this many columns (numbered lists)


@dataclass(frozen=True)
class Qr:
    text: str
    caption: str = ""


@dataclass(frozen=True)
class Barcode:
    data: str

    def __post_init__(self) -> None:
        if not self.data or len(self.data) > 40 or not all(0x20 <= ord(c) < 0x7F for c in self.data):
            raise KioskError("条码内容无效", f"barcode data must be 1-40 printable ASCII characters, got {len(self.data)}")


@dataclass(frozen=True)
class Blank:
    lines: int = 1


Block = Title | Heading | Row | Separator | Note | Qr | Barcode | Blank


@dataclass(frozen=True)
class Line:
    """One laid-out line: text (with its style), a QR code, a barcode, a feed, or a block of traditional Mongolian
    (its lines joined by newlines, printed as one raster image of columns: kiosk.receipts.mongolian)."""

    kind: Literal["text", "qr", "barcode", "feed", "mongolian"]
    text: str = ""
    align: Align = "left"
    bold: bool = False
    size: int = 1


@dataclass(frozen=True)
class Receipt:
    kind: str
    title: str
    blocks: tuple[Block, ...]
    footer: tuple[str, ...] = ()
    header: str = ""  # above the title: the station's name
    # Traditional Mongolian above everything (a bilingual station's notice, Mongolian first as signs there are),
    # printed as a raster image: the printer's own font has none.
    mongolian: tuple[str, ...] = ()

    def __repr__(self) -> str:  # the blocks may hold personal data: keep them out of logs
        return f"Receipt({self.kind!r}, {self.title!r}, {len(self.blocks)} blocks)"

    @property
    def qr_text(self) -> str:
        """The text of the receipt's (first) QR code: shown on screen when the printer cannot print."""
        return next((b.text for b in self.blocks if isinstance(b, Qr)), "")

    def layout(self, columns: int) -> list[Line]:
        return layout(self, columns)

    def escpos(self, profile: PrinterProfile) -> bytes:
        """The bytes a printer with this profile is sent (what the print queue calls)."""
        from kiosk.receipts.render import render_escpos

        return render_escpos(self, profile)

    def plain_text(self, columns: int = 48) -> str:
        """The receipt as text lines (QR and barcode as bracketed notes): for logs-free previews and tests."""
        out = []
        for line in self.layout(columns):
            if line.kind == "text":
                out.append(line.text.rstrip())
            elif line.kind == "qr":
                out.append(f"[QR {line.text}]")
            elif line.kind == "barcode":
                out.append(f"[条码 {line.text}]")
            elif line.kind == "mongolian":
                out += [f"[蒙古文 {text}]" for text in line.text.split("\n")]
        return "\n".join(out) + "\n"


@dataclass
class _Layout:
    columns: int
    key_width: int
    lines: list[Line] = field(default_factory=list)

    def text(self, text: str, align: Align = "left", bold: bool = False, size: int = 1, hang: int = 0) -> None:
        parts = wrap(text, self.columns // size)
        if hang and len(parts) > 1:
            rest = text[len(parts[0]):].lstrip(" ")
            parts = parts[:1] + [" " * hang + p for p in wrap(rest, self.columns - hang)]
        for part in parts:
            self.lines.append(Line("text", part, align, bold, size))


def layout(receipt: Receipt, columns: int) -> list[Line]:
    keys = [display_width(b.key) for b in receipt.blocks if isinstance(b, Row)]
    out = _Layout(columns, min(max(keys, default=0) + 2, columns * 3 // 8))
    if receipt.mongolian:
        out.lines += [Line("mongolian", "\n".join(receipt.mongolian), "center"), Line("feed")]
    if receipt.header:
        out.text(receipt.header, "center", bold=True)
    out.text(receipt.title, "center", bold=True, size=2)
    out.lines.append(Line("feed"))
    for block in receipt.blocks:
        _block(out, block)
    if receipt.footer:
        out.lines.append(Line("text", "-" * columns))
        for note in receipt.footer:
            out.text(note, "center")
    return out.lines


def _block(out: _Layout, block: Block) -> None:
    if isinstance(block, Title):
        out.text(block.text, "center", bold=True, size=2)
    elif isinstance(block, Heading):
        out.text(block.text, "center", bold=True)
    elif isinstance(block, Row):
        _row(out, block)
    elif isinstance(block, Separator):
        out.lines.append(Line("text", (block.char * out.columns)[: out.columns]))
    elif isinstance(block, Note):
        out.text(block.text, block.align, block.bold, hang=block.hang)
    elif isinstance(block, Qr):
        out.lines += [Line("feed"), Line("qr", block.text)]
        if block.caption:
            out.text(block.caption, "center")
    elif isinstance(block, Barcode):
        out.lines.append(Line("barcode", block.data))
    else:
        out.lines.extend(Line("feed") for _ in range(block.lines))


def _row(out: _Layout, row: Row) -> None:
    key = row.key + "："
    indent = out.key_width
    if display_width(key) > indent:
        # A long key gets its own line; the value follows indented.
        out.text(key)
        key = ""
    values = wrap(row.value or "-", out.columns - indent)
    out.lines.append(Line("text", pad(key, indent) + values[0]))
    for more in values[1:]:
        out.lines.append(Line("text", " " * indent + more))
