"""From a found page to a flat scan: `warp_page` (perspective correction at a chosen dpi with the paper's
own aspect ratio) and `enhance` (colour, grey or black-and-white "scan" look with shadows removed)."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.vision.geometry import side_lengths
from kiosk.vision.page import Page

# Physical sizes (width, height) in millimetres, portrait. A receipt's length varies: only its width is fixed.
PAPER_MM: dict[str, tuple[float, float | None]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "idcard": (54.0, 85.6),
    "booklet": (143.0, 210.0),  # an open household-register booklet: two 105 x 143 pages
    "receipt": (80.0, None),
}
SNAP_TOLERANCE = 0.07  # measured aspect within 7% of a paper's: it is that paper
CAMERA_DPI = 80.0  # about what the document camera sees at 1080p (A4 filling most of the frame's height)

Mode = Literal["colour", "grey", "bw"]


def paper_size_mm(page: Page, paper: str = "auto", camera_dpi: float = CAMERA_DPI) -> tuple[float, float]:
    """The page's (width, height) in millimetres as it lies in the frame (landscape when it lies so): the named
    paper, or for "auto" the known paper whose aspect ratio matches, else as measured at `camera_dpi`."""
    sides = side_lengths(page.points)
    width_px = (sides[0] + sides[2]) / 2
    height_px = (sides[1] + sides[3]) / 2
    landscape = width_px > height_px
    measured = max(width_px, height_px) / max(1.0, min(width_px, height_px))
    short_mm = min(width_px, height_px) * 25.4 / camera_dpi

    def oriented(short: float, long: float) -> tuple[float, float]:
        return (long, short) if landscape else (short, long)

    if paper != "auto":
        if paper not in PAPER_MM:
            raise KioskError(_("不认识的纸张规格"), f"paper {paper!r} not one of {sorted(PAPER_MM)}")
        short, long = PAPER_MM[paper]
        return oriented(short, long if long is not None else short * measured)
    # Papers of the same shape (A4, A5) differ in size: the camera's scale tells them apart roughly.
    best = None
    for short, long in PAPER_MM.values():
        if long is None:
            continue
        error = abs(measured / (long / short) - 1) + 0.5 * abs(np.log(short_mm / short))
        if abs(measured / (long / short) - 1) <= SNAP_TOLERANCE and (best is None or error < best[0]):
            best = (error, short, long)
    if best is not None:
        return oriented(best[1], best[2])
    if 0.6 <= short_mm / PAPER_MM["receipt"][0] <= 1.5 and measured > 1.6:
        short = PAPER_MM["receipt"][0]
        return oriented(short, short * measured)
    return oriented(short_mm, short_mm * measured)


def warp_page(image: np.ndarray, page: Page, dpi: int = 200, paper: str = "auto",
              camera_dpi: float | None = None) -> np.ndarray:
    """The page flattened to a rectangle of its real size at `dpi` (an A4 page at 200 dpi: 1654 x 2339).
    `camera_dpi` is the plate's scale on this frame; by default CAMERA_DPI scaled to the frame's height."""
    if not 50 <= dpi <= 600:
        raise KioskError(_("分辨率设置有误"), f"dpi {dpi} outside 50..600")
    if camera_dpi is None:
        camera_dpi = CAMERA_DPI * image.shape[0] / 1080
    width_mm, height_mm = paper_size_mm(page, paper, camera_dpi)
    out_w = max(16, round(width_mm / 25.4 * dpi))
    out_h = max(16, round(height_mm / 25.4 * dpi))
    # Pixel-edge convention: the outline is the outer edge of the page, so corners map to the outer edges.
    dst = np.float32([[-0.5, -0.5], [out_w - 0.5, -0.5], [out_w - 0.5, out_h - 0.5], [-0.5, out_h - 0.5]])
    matrix = cv2.getPerspectiveTransform(page.points, dst)
    return cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def _background(channel: np.ndarray) -> np.ndarray:
    """The paper's brightness without the print: a max filter removes strokes and bars, a median and a blur
    smooth the rest, at about 160 px (print is narrow, shadows are wide)."""
    h, w = channel.shape
    factor = 160.0 / min(h, w)
    small = cv2.resize(channel, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((21, 21), np.uint8))  # print up to a bar an eighth of the page wide goes
    small = cv2.medianBlur(small, 9)
    return cv2.resize(cv2.GaussianBlur(small, (0, 0), 2), (w, h), interpolation=cv2.INTER_LINEAR)


def _flatten(channel: np.ndarray) -> np.ndarray:
    background = _background(channel).astype(np.float32)
    flat = channel.astype(np.float32) / np.maximum(background, 1.0) * 245.0
    return np.clip(flat, 0, 255).astype(np.uint8)


def enhance(image: np.ndarray, mode: Mode = "colour") -> np.ndarray:
    """A scanned look: uneven light and shadows divided out, paper made white. "colour" keeps seals and
    photos, "grey" is for print, "bw" is black print on white (smallest files, fax-like)."""
    if mode not in ("colour", "grey", "bw"):
        raise KioskError(_("不认识的扫描模式"), f"mode {mode!r} not colour/grey/bw")
    if mode == "colour":
        if image.ndim == 2:
            return _flatten(image)
        return cv2.merge([_flatten(c) for c in cv2.split(image)])
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    flat = _flatten(grey)
    if mode == "grey":
        return flat
    # With the paper evened out to one white, one threshold splits print from paper: Otsu's, kept within
    # sensible bounds so a blank page does not turn its faint texture into specks.
    otsu, _mask = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _level, bw = cv2.threshold(flat, float(np.clip(otsu, 120, 200)), 255, cv2.THRESH_BINARY)
    return bw
