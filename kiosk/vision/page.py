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
    as_corners,
    is_convex_quad,
    line_intersection,
    order_corners,
    quad_area,
    side_lengths,
)

WORK_WIDTH = 480  # coarse search width in pixels
MIN_AREA_FRACTION = 0.008  # an ID card at the far end of the plate is still larger than this
TOP_CANDIDATES = 3
REFINE_SAMPLES = 48  # profiles per side
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
    if image is None or image.ndim not in (2, 3) or min(image.shape[:2]) < 32:
        return None
    colour = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = colour.shape[:2]
    scale = min(1.0, WORK_WIDTH / w)
    small = cv2.resize(colour, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
    best: Page | None = None
    # The few best-looking outlines are refined; the one whose sides are found all round wins.
    for quad, score in _coarse_quads(small)[:TOP_CANDIDATES]:
        refined, support = _refine(grey, quad / scale, SEARCH_HALF / scale)
        if refined is None:
            continue
        page = Page(as_corners(refined), float(np.clip(score**0.5 * support, 0.0, 1.0)))
        if best is None or page.confidence > best.confidence:
            best = page
    return best


# -- coarse search ---------------------------------------------------------------------------------------------


def _edge_map(small: np.ndarray) -> np.ndarray:
    """Edges of any channel: white paper on a light grey plate differs mostly in brightness, an ID card on a
    wooden desk mostly in colour."""
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    lab = cv2.cvtColor(blurred, cv2.COLOR_BGR2Lab)
    edges = None
    for channel, (lo, hi) in zip(cv2.split(lab), ((8, 20), (8, 20), (8, 20))):
        e = cv2.Canny(channel, lo, hi, L2gradient=True)
        edges = e if edges is None else cv2.bitwise_or(edges, e)
    return cv2.dilate(edges, np.ones((3, 3), np.uint8))


def _coarse_quads(small: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Document-like quadrilaterals in the small frame, best first."""
    edges = _edge_map(small)
    h, w = edges.shape
    frame_area = float(h * w)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    # A hole's outline runs just inside the edge ring that bounds it: count edges within a pixel.
    near = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    density = cv2.countNonZero(near) / frame_area
    found: list[tuple[np.ndarray, float]] = []
    for contour in contours:
        if cv2.contourArea(contour) < MIN_AREA_FRACTION * frame_area:
            continue
        hull = cv2.convexHull(contour)
        quad = _to_quad(hull)
        if quad is None:
            continue
        area = quad_area(quad)
        if not (MIN_AREA_FRACTION * frame_area <= area <= 0.97 * frame_area):
            continue
        sides = side_lengths(quad)
        if sides.min() < 12 or sides.max() / sides.min() > 6:
            continue
        score = _document_score(quad, area / frame_area, hsv, edges, near, density)
        if score > 0.01:
            found.append((quad, score))
    return sorted(found, key=lambda item: -item[1])


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
    return None


def _document_score(quad: np.ndarray, area_fraction: float, hsv: np.ndarray, edges: np.ndarray,
                    near: np.ndarray, density: float) -> float:
    """How much this outline looks like a document: light and low in colour inside, set off from what is just
    outside it, its outline backed by edges all round (beyond the frame's general edge density), and big."""
    mask = np.zeros(edges.shape, np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 255)
    band = cv2.subtract(cv2.dilate(mask, _BAND), mask)
    _, sat, val = cv2.mean(hsv, mask)[:3]
    _, sat_out, val_out = cv2.mean(hsv, band)[:3]
    lightness = np.clip((val - 90) / 100, 0, 1)
    neutral = np.clip(1 - (sat - 40) / 110, 0, 1)
    contrast = np.clip(0.2 + abs(val - val_out) / 20 + abs(sat - sat_out) / 40, 0, 1)
    outline = np.zeros(edges.shape, np.uint8)
    cv2.polylines(outline, [quad.astype(np.int32)], True, 255, 1)
    on = int(cv2.countNonZero(outline))
    support = cv2.countNonZero(cv2.bitwise_and(outline, near)) / max(on, 1)
    support = np.clip((support - density) / (1 - density + 1e-6), 0, 1)
    size = min(1.0, 0.4 + area_fraction * 2)
    return float(lightness * (0.3 + 0.7 * neutral) * contrast * support * size)


_BAND = np.ones((9, 9), np.uint8)


# -- refinement at full resolution -----------------------------------------------------------------------------


def _refine(grey: np.ndarray, quad: np.ndarray, half: float) -> tuple[np.ndarray | None, float]:
    """Fit each side on the full-resolution frame; returns the refined corners and the share of samples that
    found a clear edge (a measure of confidence)."""
    quad = order_corners(quad).astype(np.float64)
    centre = quad.mean(axis=0)
    lines = []
    supports = []
    for half in (half, max(3.0, half / 3)):
        lines = []
        supports = []
        for i in range(4):
            a, b = quad[i], quad[(i + 1) % 4]
            line, share = _fit_side(grey, a, b, centre, half)
            if line is None:
                return None, 0.0
            lines.append(line)
            supports.append(share)
        corners = []
        for i in range(4):
            p = line_intersection(lines[(i + 3) % 4], lines[i])
            if p is None:
                return None, 0.0
            corners.append(p)
        new = np.array(corners)
        if not is_convex_quad(new) or np.abs(new - quad).max() > 4 * half:
            return None, 0.0
        quad = new
    return quad.astype(np.float32), float(np.mean(supports))


def _fit_side(grey: np.ndarray, a: np.ndarray, b: np.ndarray, centre: np.ndarray,
              half: float) -> tuple[np.ndarray | None, float]:
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
    profiles = cv2.remap(grey, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    profiles = cv2.GaussianBlur(profiles, (5, 1), 0.8)  # along the profile only (axis 1)
    deriv = np.zeros_like(profiles)
    deriv[:, 1:-1] = (profiles[:, 2:] - profiles[:, :-2]) / 2
    # The page is lighter than what lies around it almost always; the sign is chosen by most profiles so a
    # darker card on a white plate works too. Of the edges of that sign, the outermost clear one is the page's:
    # printed frames and text lie inside it.
    sign = -1.0 if np.median(deriv.min(axis=1)) < -np.median(deriv.max(axis=1)) else 1.0
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
    resid_line = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    d = np.abs((points[:, 0] - resid_line[2]) * resid_line[1] - (points[:, 1] - resid_line[3]) * resid_line[0])
    keep = d < max(1.0, 2.5 * float(np.median(d)) + 0.5)
    if keep.sum() < 6:
        return None, 0.0
    line = cv2.fitLine(points[keep].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    return line, float(keep.sum() / REFINE_SAMPLES)
