"""Finding the document on the camera frame: `find_page(image) -> Page | None`.

Two stages. A coarse search on a small copy of the frame (about 480 px wide) finds quadrilateral outlines
in a colour edge map and picks the one that looks most like a document (large, light, low in colour, its
outline backed by edges all round). Then each of the four sides is refined on the full-resolution frame: the
edge is located to sub-pixel precision on short profiles across the side, a line is fitted robustly (so a
hand over part of an edge or a glare spot does not pull it), and the corners are where the lines meet.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.vision.geometry import (
    Corners,
    as_bgr,
    as_corners,
    is_convex_quad,
    line_intersection,
    order_corners,
    quad_area,
    side_lengths,
)

WORK_WIDTH = 480  # coarse search width in pixels
MIN_AREA_FRACTION = 0.008  # an ID card at the far end of the plate is still larger than this
TOP_CANDIDATES = 6
REFINE_SAMPLES = 48  # profiles per side
FIT_TOLERANCE = 1.5  # full-resolution pixels from the fitted side that still count as on it
SEARCH_HALF = 3.0  # coarse-image pixels either side of the coarse edge (x4 at 1080p)


@dataclass(frozen=True)
class Page:
    """A document's outline in the image's pixels: corners TL, TR, BR, BL; confidence in 0..1."""

    corners: Corners
    confidence: float

    @property
    def points(self) -> np.ndarray:
        return np.array(self.corners, dtype=np.float32)

    def scaled(self, factor: float) -> Page:
        """The same outline on a copy of the image resized by `factor` (for previews)."""
        return Page(as_corners(self.points * factor), self.confidence)


def find_page(image: np.ndarray) -> Page | None:
    """The most document-like quadrilateral in a BGR (or grey) frame, or None when there is none."""
    colour = as_bgr(image, min_side=32)
    if colour is None:
        return None
    small = shrink(colour, WORK_WIDTH)
    scale = small.shape[1] / colour.shape[1]
    view = _SmallView(small)
    coarse = view.candidates()[:TOP_CANDIDATES]
    half = SEARCH_HALF / scale
    # Candidates are refined best first and rescored on their refined outline. Once one is clearly a page,
    # only candidates enclosing it are still tried (an open booklet around one of its pages, a card around
    # its photo), and of the enclosing ones at least 60% as good the largest wins.
    pages: list[tuple[np.ndarray, float]] = []
    for quad, _ in coarse:
        best = max(pages, key=lambda p: p[1], default=None)
        if best is not None and best[1] >= 0.75 and not _contains(quad, (best[0] + 0.5) * scale - 0.5):
            continue
        full = (quad + 0.5) / scale - 0.5
        refined, support = _refine(colour, full, half)
        if refined is None:  # the coarse outline may be further off on small items: look wider once
            refined, support = _refine(colour, full, 2 * half)
        if refined is None:
            continue
        score = view.score((refined + 0.5) * scale - 0.5)
        pages.append((refined, float(np.clip(score**0.5 * support, 0.0, 1.0))))
    if not pages:
        return None
    best = max(pages, key=lambda p: p[1])
    around = [p for p in pages if p[1] >= 0.6 * best[1] and _contains(p[0], best[0])]
    quad, confidence = max(around, key=lambda p: quad_area(p[0]))
    final, _ = _refine(colour, quad, max(3.0, half / 3))  # a finer second look around the found sides
    return Page(as_corners(final if final is not None else quad), confidence)


def shrink(image: np.ndarray, width: int) -> np.ndarray:
    """A copy about `width` pixels wide, each pixel the mean of the block it covers (like INTER_AREA) but
    several times faster on big frames: halvings by bilinear resampling are exact 2x2 means."""
    h, w = image.shape[:2]
    if w <= width:
        return image
    while w >= 2 * width:
        w, h = w // 2, h // 2
        image = cv2.resize(image, (w, h), interpolation=cv2.INTER_LINEAR)
    if w == width:
        return image
    return cv2.resize(image, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)


def _contains(outer: np.ndarray, inner: np.ndarray) -> bool:
    contour = outer.reshape(-1, 1, 2).astype(np.float32)
    return all(cv2.pointPolygonTest(contour, (float(x), float(y)), True) > -3 for x, y in inner)


# -- coarse search ---------------------------------------------------------------------------------------------


def _edge_map(small: np.ndarray) -> np.ndarray:
    """Edges of any Lab channel: white paper on a light grey plate differs mostly in lightness, an ID card on a
    wooden desk also in colour. Thresholds follow the frame's own texture: low on a plain plate (so a faint
    page edge counts), higher on wood grain or cloth (so the texture does not)."""
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    lab = cv2.cvtColor(blurred, cv2.COLOR_BGR2Lab)
    edges = None
    # Canny's thresholds are on the L2 magnitude of the 3x3 Sobel, 8 per level-per-pixel of a clean step:
    # the floors are steps of about 4.5 levels per pixel in lightness and 3.5 in the colour channels.
    for channel, floor in zip(cv2.split(lab), (36.0, 28.0, 28.0)):
        gx = cv2.Sobel(channel, cv2.CV_16S, 1, 0)
        gy = cv2.Sobel(channel, cv2.CV_16S, 0, 1)
        magnitude = cv2.magnitude(gx.astype(np.float32), gy.astype(np.float32))
        high = max(floor, 2.5 * float(np.percentile(magnitude[::2, ::2], 80)))
        e = cv2.Canny(gx, gy, high * 0.4, high, L2gradient=True)
        edges = e if edges is None else cv2.bitwise_or(edges, e)
    return cv2.dilate(edges, np.ones((3, 3), np.uint8))


class _SmallView:
    """The small copy of the frame with what the coarse search derives from it."""

    def __init__(self, small: np.ndarray) -> None:
        self.edges = _edge_map(small)
        self.frame_area = float(small.shape[0] * small.shape[1])
        self.hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
        # A hole's outline runs just inside the edge ring that bounds it: count edges within a pixel.
        self.near = cv2.dilate(self.edges, np.ones((3, 3), np.uint8))
        self.density = cv2.countNonZero(self.near) / self.frame_area

    def candidates(self) -> list[tuple[np.ndarray, float]]:
        """Document-like quadrilaterals, best first.

        Outlines come from three views: every contour of the edge map (a page's edge ring gives its outer
        outline, or a hole when things outside touch it); the edge map's filled blobs opened wide enough to
        cut off lines and objects touching the page from outside (cables, wood grain, a shadow's edge); and
        the light, colourless pixels (paper on a coloured object it lies on)."""
        edges = self.edges
        contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        blobs, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        filled = np.zeros_like(edges)
        cv2.drawContours(filled, blobs, -1, 255, cv2.FILLED)
        opened = cv2.morphologyEx(filled, cv2.MORPH_OPEN, _OPEN)
        cut, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        white = [c for mask in _paper_masks(self.hsv)
                 for c in cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]
        min_area = MIN_AREA_FRACTION * self.frame_area
        found: list[tuple[np.ndarray, float]] = []
        for contour in [*contours, *cut, *white]:
            if cv2.contourArea(contour) < min_area:
                continue
            quad = _to_quad(cv2.convexHull(contour))
            if quad is None or not (min_area <= quad_area(quad) <= 0.97 * self.frame_area):
                continue
            sides = side_lengths(quad)
            if sides.min() < 12 or sides.max() / sides.min() > 6:
                continue
            if any(np.abs(quad - other).max() < 3 for other, _ in found):
                continue
            score = self.score(quad)
            if score > 0.01:
                found.append((quad, score))
        return sorted(found, key=lambda item: -item[1])

    def score(self, quad: np.ndarray) -> float:
        """How much this outline looks like a document: light and low in colour inside, set off from what is
        just outside it, its outline backed by edges all round (beyond the frame's general edge density), and
        big."""
        mask = np.zeros(self.edges.shape, np.uint8)
        cv2.fillConvexPoly(mask, np.round(quad).astype(np.int32), 255)
        band = cv2.subtract(cv2.dilate(mask, _BAND), mask)
        _, sat, val = cv2.mean(self.hsv, mask)[:3]
        _, sat_out, val_out = cv2.mean(self.hsv, band)[:3]
        lightness = np.clip((val - 90) / 100, 0, 1)
        neutral = np.clip(1 - (sat - 40) / 110, 0, 1)
        contrast = np.clip(0.2 + abs(val - val_out) / 20 + abs(sat - sat_out) / 40, 0, 1)
        outline = np.zeros(self.edges.shape, np.uint8)
        cv2.polylines(outline, [np.round(quad).astype(np.int32)], True, 255, 1)
        on = int(cv2.countNonZero(outline))
        support = cv2.countNonZero(cv2.bitwise_and(outline, self.near)) / max(on, 1)
        support = np.clip((support - self.density) / (1 - self.density + 1e-6), 0, 1)
        size = min(1.0, (quad_area(quad) / self.frame_area / 0.25) ** 0.3)
        # Documents carry print; a blank card or tile on the desk does not (a blank page still counts).
        inner = cv2.erode(mask, _BAND)
        printed = cv2.countNonZero(cv2.bitwise_and(self.edges, inner)) / max(1, cv2.countNonZero(inner))
        content = 0.7 + 0.3 * min(1.0, printed / 0.04)
        return float(lightness * (0.3 + 0.7 * neutral) * contrast * support * size * content)


_OPEN = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
_CLOSE = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))


def _paper_masks(hsv: np.ndarray) -> list[np.ndarray]:
    """Pixels that are light and low in colour, print filled in: where edges run into a coloured object the
    page lies on, paper is still paper. Split at the frame's Otsu threshold, and again at the Otsu threshold
    of the lighter part (a small card on a light desk with shadows: the first split is light vs shadow)."""
    sat = hsv[..., 1].astype(np.int16)
    val = hsv[..., 2].astype(np.int16)
    whiteness = np.clip(val - sat, 0, 255).astype(np.uint8)
    first, mask = cv2.threshold(whiteness, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks = [mask]
    lighter = whiteness[whiteness > first]
    if lighter.size > 100:
        second, _ = cv2.threshold(lighter.reshape(1, -1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        masks.append(cv2.threshold(whiteness, second, 255, cv2.THRESH_BINARY)[1])
    return [cv2.morphologyEx(m, cv2.MORPH_CLOSE, _CLOSE) for m in masks]


def _to_quad(hull: np.ndarray) -> np.ndarray | None:
    """Four corners from a convex outline, by simplifying it until four points remain."""
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            quad = order_corners(approx)
            return quad if is_convex_quad(quad) else None
        if len(approx) < 4:
            return None
    # Not four clear corners (a glare spot or a bump on one side): the enclosing rectangle is close enough
    # for the per-side refinement to take it from there.
    return order_corners(cv2.boxPoints(cv2.minAreaRect(hull)))


_BAND = np.ones((9, 9), np.uint8)


# -- refinement at full resolution -----------------------------------------------------------------------------


def _refine(colour: np.ndarray, quad: np.ndarray, half: float) -> tuple[np.ndarray | None, float]:
    """Fit each side on the full-resolution frame within `half` pixels of where it is thought to be; returns
    the corners where the fitted lines meet and the share of profiles that found the edge."""
    quad = order_corners(quad).astype(np.float64)
    centre = quad.mean(axis=0)
    lines = []
    supports = []
    for i in range(4):
        line, share = _fit_side(colour, quad[i], quad[(i + 1) % 4], centre, half)
        if line is None:
            return None, 0.0
        lines.append(line)
        supports.append(share)
    corners = [line_intersection(lines[(i + 3) % 4], lines[i]) for i in range(4)]
    if any(c is None for c in corners):
        return None, 0.0
    new = np.array(corners)
    if not is_convex_quad(new) or np.abs(new - quad).max() > 4 * half:
        return None, 0.0
    return new.astype(np.float32), float(np.mean(supports))


def _fit_side(colour: np.ndarray, a: np.ndarray, b: np.ndarray, centre: np.ndarray,
              half: float) -> tuple[np.ndarray | None, float]:
    """The page's edge near the side a-b as a line (vx, vy, x0, y0), from profiles across the side, and the
    share of profiles that found it on the line; None when the side cannot be seen."""
    direction = b - a
    length = float(np.linalg.norm(direction))
    if length < 8:
        return None, 0.0
    direction /= length
    normal = np.array([-direction[1], direction[0]])
    if np.dot((a + b) / 2 - centre, normal) < 0:
        normal = -normal  # outward
    ts = np.linspace(0.08, 0.92, REFINE_SAMPLES)
    offsets = np.arange(-half, half + 0.5, 0.5)
    base = a[None, :] + (ts * length)[:, None] * direction[None, :]
    pts = base[:, None, :] + offsets[None, :, None] * normal[None, None, :]
    map_x = pts[..., 0].astype(np.float32)
    map_y = pts[..., 1].astype(np.float32)
    # Sampling the colour frame and greying only the samples saves converting the whole frame.
    samples = cv2.remap(colour, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    profiles = cv2.cvtColor(samples, cv2.COLOR_BGR2GRAY).astype(np.float32)
    profiles = cv2.GaussianBlur(profiles, (5, 1), 0.8)  # along the profile only (axis 1)
    deriv = np.zeros_like(profiles)
    deriv[:, 1:-1] = (profiles[:, 2:] - profiles[:, :-2]) / 2
    # Going outwards the page's edge steps from paper to what lies around it: darker almost always, lighter
    # for a card on a white plate. Of the edges of that sign, the outermost clear one is the page's: printed
    # bars, frames and text lie inside it and may be far stronger.
    n = profiles.shape[1]
    typical_profile = np.median(profiles, axis=0)
    paper = float(np.sort(typical_profile[: n // 2])[(n // 2) * 3 // 4])  # print is darker than paper
    outside = float(np.mean(typical_profile[n - n // 4:]))
    sign = -1.0 if outside < paper else 1.0
    signed = deriv * sign
    inner = signed[:, 1:-1]
    is_peak = (inner >= signed[:, :-2]) & (inner > signed[:, 2:])
    strongest = inner.max(axis=1, keepdims=True)
    # Rows where the side is hidden (a hand, glare) have no edge like the side's typical one.
    typical = float(np.median(strongest))
    floor = np.maximum(max(3.0, 0.35 * typical), 0.4 * strongest)
    strong = is_peak & (inner >= floor)
    idx = inner.shape[1] - np.argmax(strong[:, ::-1], axis=1)  # last strong peak, +1 for the trimmed column
    peak = signed[np.arange(len(idx)), idx]
    good = strong.any(axis=1)
    if good.sum() < 6:
        return None, 0.0
    left = signed[np.arange(len(idx)), idx - 1]
    right = signed[np.arange(len(idx)), idx + 1]
    denom = left - 2 * peak + right
    safe = np.where(np.abs(denom) > 1e-6, denom, 1.0)
    frac = np.where(np.abs(denom) > 1e-6, 0.5 * (left - right) / safe, 0.0)
    offset = offsets[idx] + np.clip(frac, -0.5, 0.5) * 0.5
    points = base + offset[:, None] * normal[None, :]
    points = points[good]
    # Robust fit: a hand or a glare spot over part of the side makes outliers.
    rough = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    distance = np.abs((points[:, 0] - rough[2]) * rough[1] - (points[:, 1] - rough[3]) * rough[0])
    keep = distance < FIT_TOLERANCE  # a paper edge is straight: points off the line are something else
    if keep.sum() < 6:
        return None, 0.0
    line = cv2.fitLine(points[keep].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    return line, float(keep.sum() / REFINE_SAMPLES)
