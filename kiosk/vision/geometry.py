"""Quadrilateral helpers shared by page finding, warping, the generator and the benchmark."""

from __future__ import annotations

import cv2
import numpy as np

Corners = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


def order_corners(points: np.ndarray | list) -> np.ndarray:
    """Four points as float32 (4, 2) ordered top-left, top-right, bottom-right, bottom-left (image y points down).

    Ordering by angle around the centre (not by x+y sums) stays right for quads rotated near 45 degrees."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen, starting near "left"
    # Start at the point that is top-left: the smallest x + y among the two upper ones of the cycle.
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    return np.roll(pts, -start, axis=0)


def as_corners(points: np.ndarray) -> Corners:
    return tuple((float(x), float(y)) for x, y in np.asarray(points, dtype=np.float64).reshape(4, 2))  # type: ignore[return-value]


def quad_area(points: np.ndarray) -> float:
    return float(abs(cv2.contourArea(np.asarray(points, dtype=np.float32).reshape(-1, 1, 2))))


def polygon_iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two convex polygons (float pixel coordinates, exact)."""
    pa = np.asarray(a, dtype=np.float32).reshape(-1, 2)
    pb = np.asarray(b, dtype=np.float32).reshape(-1, 2)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    union = quad_area(pa) + quad_area(pb) - inter
    return float(inter / union) if union > 0 else 0.0


def side_lengths(points: np.ndarray) -> np.ndarray:
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    return np.linalg.norm(pts - np.roll(pts, -1, axis=0), axis=1)


def is_convex_quad(points: np.ndarray) -> bool:
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    edges = np.roll(pts, -1, axis=0) - pts
    cross = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    return bool(np.all(cross > 0) or np.all(cross < 0))


def line_intersection(l1: np.ndarray, l2: np.ndarray) -> np.ndarray | None:
    """Lines as (vx, vy, x0, y0) from cv2.fitLine; None when (nearly) parallel."""
    vx1, vy1, x1, y1 = (float(v) for v in l1)
    vx2, vy2, x2, y2 = (float(v) for v in l2)
    det = vx1 * (-vy2) - vy1 * (-vx2)
    if abs(det) < 1e-6:
        return None
    t = ((x2 - x1) * (-vy2) - (y2 - y1) * (-vx2)) / det
    return np.array([x1 + t * vx1, y1 + t * vy1], dtype=np.float64)


def as_bgr(image: object, min_side: int = 16) -> np.ndarray | None:
    """A frame as 8-bit BGR: grey and BGRA are converted; anything else (other depths, channel counts,
    non-arrays, tiny images) gives None, so the vision functions answer "nothing found" instead of failing."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim not in (2, 3):
        return None
    if min(image.shape[:2]) < min_side:
        return None
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    channels = image.shape[2]
    if channels == 3:
        return image
    if channels == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if channels == 1:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return None
