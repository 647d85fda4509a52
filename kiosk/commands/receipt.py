"""`kiosk receipt KIND --sample --png OUT.png`: render a receipt (a sample, or data from a JSON file) to a PNG
preview, its plain text, or its ESC/POS bytes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiosk.commands import add_command, config_of

KINDS = ("acceptance", "notice", "query", "payment", "check", "appointment", "complaint", "selftest")  # kiosk.receipts.kinds.BUILDERS


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "receipt", help="render a receipt to PNG / text / ESC/POS bytes")
    p.add_argument("kind", choices=KINDS)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--sample", action="store_true", help="use the built-in sample data")
    source.add_argument("--data", type=Path, metavar="JSON", help="the builder's fields as a JSON object")
    p.add_argument("--png", type=Path, metavar="OUT.png", help="write the preview here")
    p.add_argument("--escpos", type=Path, metavar="OUT.bin", help="write the printer bytes here")
    p.add_argument("--text", action="store_true", help="print the receipt's text")
    p.add_argument("--paper", type=int, choices=(58, 80), help="paper width (default: the configured printer's)")
    p.add_argument("--no-chinese-font", action="store_true", help="a printer without a Chinese font (raster lines)")
    p.add_argument("--image-qr", action="store_true", help="a printer without native QR codes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.base.errors import KioskError
    from kiosk.devices.escpos.writer import PrinterProfile
    from kiosk.receipts import kinds, render_escpos, render_paper, render_png, samples

    config = config_of(args)
    printer = config.devices.printer
    profile = PrinterProfile(args.paper or printer.paper_mm, printer.chinese_font and not args.no_chinese_font,
                             printer.native_qr and not args.image_qr)
    station = kinds.SlipStation.from_config(config)
    if args.sample:
        receipt = samples.sample(args.kind, station)
    else:
        try:
            data = json.loads(args.data.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KioskError(f"无法读取凭条数据：{args.data}", str(exc)) from None
        receipt = kinds.build(args.kind, data, station, config.privacy.mask_on_paper)
    if args.png:
        render_png(receipt, args.png, profile)
        print(f"{args.png}")
    if args.escpos:
        args.escpos.write_bytes(render_escpos(receipt, profile))
        print(f"{args.escpos}")
    if args.text or not (args.png or args.escpos):
        print(render_paper(receipt, profile).text(), end="")
    return 0

