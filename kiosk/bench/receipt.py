"""Bytes and serial transfer time of the acceptance receipt: native text + native QR (what the kiosk sends) against
the same receipt sent all as a raster image (what a driver that prints pictures sends), in the same run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.base.config import KioskConfig
from kiosk.bench import Row

if TYPE_CHECKING:
    from kiosk.devices.escpos.writer import PrinterProfile
    from kiosk.receipts import Receipt

TITLE = "acceptance receipt: bytes and transfer time at 115200 baud, native text + QR vs all-raster"
BAUD = 115200
TARGET_BYTES = 2048


def _all_raster(receipt: Receipt, profile: PrinterProfile) -> bytes:
    from kiosk.devices.escpos.paper import ink
    from kiosk.devices.escpos.writer import EscposWriter
    from kiosk.receipts import render_paper

    picture = ink(render_paper(receipt, profile).paint(margin=0))
    writer = EscposWriter(profile)
    writer.begin()
    for top in range(0, picture.height, 256):  # printers take raster images in bands
        writer.image(picture.crop((0, top, picture.width, min(top + 256, picture.height))))
    writer.cut()
    return writer.data()


def _seconds(size: int) -> float:
    return size * 10 / BAUD  # 8N1: ten bits on the wire per byte


def run(config: KioskConfig, quick: bool) -> list[Row]:
    from kiosk.devices.escpos.writer import PrinterProfile
    from kiosk.receipts import render_escpos, samples

    rows: list[Row] = []
    for paper_mm in (80, 58):
        receipt = samples.sample("acceptance")
        profile = PrinterProfile(paper_mm)
        native = len(render_escpos(receipt, profile))
        raster = len(_all_raster(receipt, profile))
        image_qr = len(render_escpos(receipt, PrinterProfile(paper_mm, native_qr=False)))
        rows += [
            Row(f"{paper_mm} mm native bytes", native, "B", raster, "all-raster", f"<= {TARGET_BYTES} B",
                native <= TARGET_BYTES),
            Row(f"{paper_mm} mm native transfer", _seconds(native) * 1000, "ms", _seconds(raster) * 1000,
                "all-raster"),
            Row(f"{paper_mm} mm text + image QR bytes", image_qr, "B", native, "native QR"),
        ]
    return rows
