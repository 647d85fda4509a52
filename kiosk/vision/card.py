"""Is a flattened picture the resident ID card (85.6 x 54 mm, ISO/IEC 7810 ID-1)? The capture flattens a page to
the known paper whose shape it matches, the card's included; anything else comes out in another shape or size.
Glare and blur are the capture's own measures on the frame the picture was taken from (kiosk.vision.quality)."""

from __future__ import annotations

import numpy as np

from kiosk.vision.quality import BLURRY, GLARE

CARD_MM = (85.6, 54.0)
ASPECT_TOLERANCE = 0.04  # the card's long/short ratio within 4%
SIZE_TOLERANCE = 0.08  # and its long side within 8% of 85.6 mm
NOT_CARD = "not_card"


def size_mm(image: np.ndarray, dpi: float) -> tuple[float, float]:
    """(width, height) in millimetres of a picture flattened at `dpi`."""
    height, width = image.shape[:2]
    return width / dpi * 25.4, height / dpi * 25.4


def card_problems(image: np.ndarray, dpi: float, frame_flags: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What stops this picture from being copied as an ID card: NOT_CARD, and glare or blur seen on the frame
    (`frame_flags`, kiosk.vision.quality's GLARE and BLURRY)."""
    width, height = size_mm(image, dpi)
    long, short = max(width, height), min(width, height)
    problems = [f for f in (GLARE, BLURRY) if f in frame_flags]
    aspect = CARD_MM[0] / CARD_MM[1]
    if short <= 0 or abs(long / short / aspect - 1) > ASPECT_TOLERANCE or abs(long / CARD_MM[0] - 1) > SIZE_TOLERANCE:
        problems.insert(0, NOT_CARD)
    return tuple(problems)
