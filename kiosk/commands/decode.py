"""`kiosk decode IMAGE... [--json]`: read the QR codes and barcodes on photos."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiosk.commands import add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "decode", help="read QR codes and barcodes on photos")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import cv2

    from kiosk.vision import decode_codes

    results = []
    found = 0
    for path in args.images:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            results.append({"image": str(path), "error": "not a readable image"})
            continue
        codes = decode_codes(image)
        found += len(codes)
        results.append({"image": str(path), "codes": [
            {"text": c.text, "format": c.format, "corners": [[round(x, 1), round(y, 1)] for x, y in c.corners]}
            for c in codes]})
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for entry in results:
            if "error" in entry:
                print(f"{entry['image']}: {entry['error']}")
            elif not entry["codes"]:
                print(f"{entry['image']}: no code")
            for code in entry.get("codes", []):
                print(f"{entry['image']}: {code['format']}: {code['text']}")
    return 0 if found else 1
