"""`kiosk docscan IMAGE... [--out DIR] [--json]`: find the document on photos, report corners, confidence and
quality, and with --out write the corrected pages (JPEG) and a PDF of them all. Each photo is reported on its
own (a file that is not an image, too large for `[vision] max_image_pixels`, or too small to judge does not stop
the others); a file cut short is flagged "truncated"."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiosk.commands import add_command, config_of, read_images


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "docscan", help="find and correct documents on photos")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--out", type=Path, help="write corrected pages (page-N.jpg) and pages.pdf here")
    p.add_argument("--mode", choices=["colour", "grey", "bw"], default="colour")
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.base.errors import KioskError
    from kiosk.vision import find_page, quality
    from kiosk.vision.capture import scan_page
    from kiosk.vision.export import pdf_bundle

    max_pixels = config_of(args).vision.max_image_pixels
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    results = []
    pages: list[bytes] = []
    failures = 0
    for name, decoded, why in read_images(args.images, max_pixels):
        if decoded is None:
            results.append({"image": name, "error": why})
            failures += 1
            continue
        image = decoded.image
        try:  # a photo too small or too odd to judge is this photo's problem, not the batch's
            page = find_page(image)
            measured = quality(image, page)
        except KioskError as exc:
            results.append({"image": name, "error": exc.detail or exc.message})
            failures += 1
            continue
        flags = [*measured.flags, *(["truncated"] if decoded.truncated else [])]
        entry: dict[str, object] = {
            "image": name,
            "corners": [[round(x, 1), round(y, 1)] for x, y in page.corners] if page else None,
            "confidence": round(page.confidence, 3) if page else 0.0,
            "quality": {"sharpness": round(measured.sharpness, 3), "glare": round(measured.glare, 4),
                        "coverage": round(measured.coverage, 4), "flags": flags},
        }
        if page is None:
            failures += 1
        if args.out and page is not None:
            scanned = scan_page(image, page, dpi=args.dpi, mode=args.mode)
            data = scanned.jpeg()
            target = args.out / f"page-{len(pages) + 1}.jpg"
            target.write_bytes(data)
            pages.append(data)
            entry["output"] = str(target)
            entry["bytes"] = len(data)
        results.append(entry)
    if args.out and pages:
        (args.out / "pages.pdf").write_bytes(pdf_bundle(pages, dpi=args.dpi))
    if args.json:
        print(json.dumps({"results": results, "pdf": str(args.out / "pages.pdf") if args.out and pages else None},
                         ensure_ascii=False, indent=2))
    else:
        for entry in results:
            if "error" in entry:
                print(f"{entry['image']}: {entry['error']}")
            elif entry["corners"] is None:
                print(f"{entry['image']}: no document found ({', '.join(entry['quality']['flags'])})")  # type: ignore[index]
            else:
                flags = ", ".join(entry["quality"]["flags"]) or "ok"  # type: ignore[index]
                out = f" -> {entry['output']}" if "output" in entry else ""
                print(f"{entry['image']}: corners {entry['corners']} confidence {entry['confidence']} [{flags}]{out}")
        if args.out and pages:
            print(f"PDF: {args.out / 'pages.pdf'}")
    return 1 if failures == len(args.images) else 0
