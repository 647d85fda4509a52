"""`kiosk decode IMAGE... [--json]`: read the QR codes and barcodes on photos, each reported on its own (files
read as bytes, the pixel cap `[vision] max_image_pixels` checked before decoding, truncated files flagged)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.base.textwidth import escape_controls
from kiosk.commands import add_command, config_of, read_images, terminal_json


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "decode", help="read QR codes and barcodes on photos")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.vision import decode_codes

    results: list[dict[str, object]] = []
    found = 0
    for name, decoded, why in read_images(args.images, config_of(args).vision.max_image_pixels):
        if decoded is None:
            results.append({"image": name, "error": why})
            continue
        codes = decode_codes(decoded.image)
        found += len(codes)
        results.append({"image": name, "truncated": decoded.truncated, "codes": [
            {"text": c.text, "format": c.format, "corners": [[round(x, 1), round(y, 1)] for x, y in c.corners]}
            for c in codes]})
    if args.json:
        print(terminal_json(results))
    else:
        for entry in results:
            truncated = " (truncated file)" if entry.get("truncated") else ""
            if "error" in entry:
                print(f"{entry['image']}: {entry['error']}")
            elif not entry["codes"]:
                print(f"{entry['image']}: no code{truncated}")
            for code in entry.get("codes", []):  # type: ignore[attr-defined]
                print(f"{entry['image']}: {code['format']}: {escape_controls(code['text'])}{truncated}")
    return 0 if found else 1
