"""Is this frame good enough to keep? `quality(image, page)` measures sharpness, glare and how much of the
frame the page covers, and names what is wrong in flags that drive the capture guidance."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.vision.geometry import as_bgr
from kiosk.vision.page import Page, shrink

MEASURE_WIDTH = 960  # measures are taken at this width so thresholds do not depend on the camera
SHARP_MIN = 0.33  # edge steepness below this: blurred (focus or motion); crisp print gives about 0.5
GLARE_MAX = 0.015  # share of the page washed out to white in one patch
COVERAGE_MIN = 0.012  # an ID card at the far end of the plate
EDGE_MARGIN = 0.006  # a corner this close to the frame's border: the page is cut off
DARK_MAX = 70  # mean brightness of the page below this: too dark

# Flags, in the order the guidance cares about them.
NO_PAGE = "no_page"
CUT_OFF = "cut_off"
TOO_SMALL = "too_small"
DARK = "dark"
GLARE = "glare"
BLURRY = "blurry"


@dataclass(frozen=True)
class Quality:
    sharpness: float  # 0..1, edge steepness: about 0.5 crisp, under SHARP_MIN blurred
    glare: float  # share of the page area washed out
    coverage: float  # page area / frame area
    brightness: float  # mean of the page, 0..255
    flags: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.flags


def _page_mask(shape: tuple[int, int], page: Page | None, factor: float) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    if page is None:
        mask[:] = 255
    else:
        cv2.fillConvexPoly(mask, np.round(page.points * factor).astype(np.int32), 255)
    return mask


def sharpness(grey: np.ndarray, mask: np.ndarray | None = None) -> float:
    """Edge steepness: at clear edges, the gradient divided by the local light-dark range. A blur widens each
    edge and lowers this whatever the print, where the variance of the Laplacian would depend on the print.
    Vertical and horizontal edges are measured apart and the worse counts: motion blurs one direction only."""
    gx = np.abs(cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)) / 8.0  # per-pixel step
    gy = np.abs(cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)) / 8.0
    kernel = np.ones((5, 5), np.uint8)
    span = (cv2.dilate(grey, kernel).astype(np.float32) - cv2.erode(grey, kernel).astype(np.float32))
    clear = span > 40
    if mask is not None:
        clear &= cv2.erode(mask, np.ones((9, 9), np.uint8)) > 0  # not the page's own outline
    steepness = []
    for along, across in ((gx, gy), (gy, gx)):
        edges = clear & (along > 2 * across)
        if edges.sum() < 50:
            continue
        steepness.append(float(np.percentile(along[edges] / span[edges], 90)))
    return min(steepness) if steepness else 0.0


def quality(image: np.ndarray, page: Page | None) -> Quality:
    """Measures of the frame (and of the page on it, when one was found) with flags for what is wrong."""
    colour = as_bgr(image)
    if colour is None:
        raise KioskError(_("图像无法识别"), f"not an 8-bit grey/BGR/BGRA image of at least 16 pixels a side: "
                                         f"{getattr(image, 'shape', type(image))}")
    h, w = colour.shape[:2]
    small = shrink(colour, MEASURE_WIDTH)
    factor = small.shape[1] / w
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    mask = _page_mask(grey.shape, page, factor)
    inside = mask > 0
    flags: list[str] = []
    coverage = 0.0
    if page is None:
        flags.append(NO_PAGE)
    else:
        pts = page.points
        coverage = float(cv2.contourArea(pts.reshape(-1, 1, 2))) / float(w * h)
        margin = EDGE_MARGIN * max(w, h)
        if (pts[:, 0].min() < margin or pts[:, 1].min() < margin or pts[:, 0].max() > w - 1 - margin
                or pts[:, 1].max() > h - 1 - margin):
            flags.append(CUT_OFF)
        if coverage < COVERAGE_MIN:
            flags.append(TOO_SMALL)
    brightness = float(grey[inside].mean()) if inside.any() else 0.0
    if page is not None and brightness < DARK_MAX:
        flags.append(DARK)
    # Glare: a patch burnt out to white. Isolated clipped pixels (bright paper) do not count, patches do.
    washed = cv2.erode((cv2.GaussianBlur(grey, (5, 5), 0) >= 250).astype(np.uint8), np.ones((5, 5), np.uint8))
    glare = float(washed[inside].mean()) if inside.any() else 0.0
    if page is not None and glare > GLARE_MAX:
        flags.append(GLARE)
    sharp = sharpness(grey, mask if page is not None else None)
    if page is not None and sharp < SHARP_MIN:
        flags.append(BLURRY)
    return Quality(sharp, glare, coverage, brightness, tuple(flags))
