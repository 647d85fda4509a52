"""`kiosk docscan IMAGE... [--out DIR] [--json]`: find the document on photos, report corners, confidence and
quality, and with --out write the corrected pages (JPEG) and a PDF of them all."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiosk.commands import add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "docscan", help="find and correct documents on photos")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--out", type=Path, help="write corrected pages (page-N.jpg) and pages.pdf here")
    p.add_argument("--mode", choices=["colour", "grey", "bw"], default="colour")
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import cv2

    from kiosk.vision import find_page, quality
    from kiosk.vision.capture import scan_page
    from kiosk.vision.export import pdf_bundle

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    results = []
    pages: list[bytes] = []
    failures = 0
    for path in args.images:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            results.append({"image": str(path), "error": "not a readable image"})
            failures += 1
            continue
        page = find_page(image)
        measured = quality(image, page)
        entry: dict[str, object] = {
            "image": str(path),
            "corners": [[round(x, 1), round(y, 1)] for x, y in page.corners] if page else None,
            "confidence": round(page.confidence, 3) if page else 0.0,
            "quality": {"sharpness": round(measured.sharpness, 3), "glare": round(measured.glare, 4),
                        "coverage": round(measured.coverage, 4), "flags": list(measured.flags)},
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
