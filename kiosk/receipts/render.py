"""A receipt rendered two ways from the same layout: ESC/POS bytes for the printer, and a PNG preview that is
what those bytes print (the preview is drawn by the same interpreter the virtual printer uses)."""

from __future__ import annotations

import io
from pathlib import Path

from kiosk.devices.escpos.paper import Paper, ink
from kiosk.devices.escpos.reader import EscposReader
from kiosk.devices.escpos.writer import EscposWriter, PrinterProfile
from kiosk.receipts.model import Receipt
from kiosk.receipts.mongolian import vertical_image

DEFAULT_PROFILE = PrinterProfile()


def write_escpos(receipt: Receipt, profile: PrinterProfile = DEFAULT_PROFILE) -> EscposWriter:
    """The writer after writing the receipt (its bytes, estimated paper length, lines sent as raster)."""
    writer = EscposWriter(profile)
    writer.begin()
    for line in receipt.layout(profile.columns):
        if line.kind == "text":
            writer.line(line.text, line.align, line.bold, line.size)
        elif line.kind == "qr":
            writer.qr(line.text)
        elif line.kind == "barcode":
            writer.barcode(line.text)
        elif line.kind == "mongolian":
            writer.image(ink(vertical_image(line.text.split("\n"))), line.align)
        else:
            writer.feed(1)
    writer.cut()
    return writer


def render_escpos(receipt: Receipt, profile: PrinterProfile = DEFAULT_PROFILE) -> bytes:
    return write_escpos(receipt, profile).data()


def render_paper(receipt: Receipt, profile: PrinterProfile = DEFAULT_PROFILE) -> Paper:
    """What the printer prints for this receipt (interpreted from the bytes we would send)."""
    printed: list[Paper] = []
    reader = EscposReader(dots=profile.dots, on_cut=printed.append)
    reader.feed(render_escpos(receipt, profile))
    return printed[0] if printed else reader.pending


def render_png(receipt: Receipt, path: str | Path | None = None, profile: PrinterProfile = DEFAULT_PROFILE) -> bytes:
    """A PNG preview of the printed receipt at the printer's resolution; written to `path` too when given."""
    buffer = io.BytesIO()
    render_paper(receipt, profile).paint().save(buffer, format="PNG", optimize=True)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def qr_png(text: str, module: int = 12, border: int = 4) -> bytes:
    """The receipt's QR code alone, large, for the screen when the printer cannot print (the citizen can scan
    or photograph it)."""
    from PIL import ImageOps

    from kiosk.devices.escpos.paper import qr_image

    image = ImageOps.expand(qr_image(text, module).convert("L"), border=border * module, fill=255)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
