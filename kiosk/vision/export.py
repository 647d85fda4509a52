"""Output of captured pages as bytes (callers write them): JPEG pages under a size limit, a PDF bundle per
material, and thumbnails for the capture screen's strip."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _

PAGE_MAX_BYTES = 300_000  # an A4 page at 200 dpi must fit this
THUMB_SIDE = 240


def jpeg_bytes(image: np.ndarray, max_bytes: int = PAGE_MAX_BYTES, quality: int = 88, min_quality: int = 35) -> bytes:
    """A JPEG of `image` no larger than `max_bytes`: the best quality that fits, found by bisection; if even
    `min_quality` does not fit, the image is scaled down until it does."""
    if image is None or image.size == 0:
        raise KioskError(_("没有可保存的图像"), "empty image")

    def encode(img: np.ndarray, q: int) -> bytes:
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
        if not ok:
            raise KioskError(_("图像保存失败"), "JPEG encoding failed")
        return buf.tobytes()

    best = encode(image, quality)
    if len(best) <= max_bytes:
        return best
    lo, hi, found = min_quality, quality - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        data = encode(image, mid)
        if len(data) <= max_bytes:
            found, lo = data, mid + 1
        else:
            hi = mid - 1
    if found is not None:
        return found
    smaller = cv2.resize(image, None, fx=0.85, fy=0.85, interpolation=cv2.INTER_AREA)
    return jpeg_bytes(smaller, max_bytes, min_quality, min_quality)


def thumbnail(image: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    """A copy whose longer side is `side` pixels (for the strip of captured pages)."""
    h, w = image.shape[:2]
    factor = side / max(h, w)
    if factor >= 1:
        return image.copy()
    return cv2.resize(image, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)


def png_bytes(image: np.ndarray) -> bytes:
    """A small image (a thumbnail) as PNG bytes for the screen."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("image could not be encoded as PNG")
    return data.tobytes()


def _jpeg_info(data: bytes) -> tuple[int, int, int]:
    """(width, height, components) from a JPEG's start-of-frame marker."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height = int.from_bytes(data[i + 5:i + 7], "big")
            width = int.from_bytes(data[i + 7:i + 9], "big")
            return width, height, data[i + 9]
        i += 2 + length
    raise KioskError(_("图像格式有误"), "no JPEG frame header")


def pdf_bundle(pages: list[bytes], dpi: int = 200, title: str = "") -> bytes:
    """One PDF with each JPEG as a page of its real size at `dpi` (the JPEG data is embedded as it is)."""
    if not pages:
        raise KioskError(_("没有可打包的页面"), "no pages")
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    tree = add(b"")
    kids = []
    for data in pages:
        width, height, components = _jpeg_info(data)
        colour = b"/DeviceGray" if components == 1 else b"/DeviceRGB"
        image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8"
                    b" /Filter /DCTDecode /Length %d >>\nstream\n" % (width, height, colour, len(data))
                    + data + b"\nendstream")
        w_pt, h_pt = width * 72.0 / dpi, height * 72.0 / dpi
        draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w_pt, h_pt)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject"
                        b" << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (tree, w_pt, h_pt, image, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = add(b"<< /Producer (kiosk) /Title <%s> >>" % ("\ufeff" + title).encode("utf-16-be").hex().encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    return bytes(out)


def preview_rgb(image: np.ndarray, width: int = 960) -> np.ndarray:
    """A camera frame for the preview: about `width` wide, RGB, rows bottom-up (Kivy textures start at the
    bottom), contiguous, ready for `texture.blit_buffer(data.tobytes(), colorfmt="rgb", bufferfmt="ubyte")`."""
    from kiosk.vision.page import shrink

    rgb = cv2.cvtColor(shrink(image, width), cv2.COLOR_BGR2RGB)
    return np.ascontiguousarray(rgb[::-1])
