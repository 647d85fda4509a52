"""The face photo from the terminal's front camera (the pension qualification check): a portrait cut to the
ID-photo shape from the middle of the frame, where the screen's on-camera guide frame asks the citizen to be,
and plain checks that the picture is usable. OpenCV 5 ships no face detector without a model file; the
platform does the face matching, the kiosk only has to send a clear, well-lit portrait."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.base.i18n import _
from kiosk.vision.quality import SHARP_MIN, sharpness

PORTRAIT_SIZE = (358, 441)  # width, height in pixels: the 26 x 32 mm ID photo at 350 dpi
GUIDE_HEIGHT = 0.8  # the on-screen guide frame is this share of the frame's height
DARK_MAX = 60
BRIGHT_MIN = 225


def guide_box(width: int, height: int) -> tuple[int, int, int, int]:
    """The portrait's box (x, y, w, h) in a frame of this size: centred, GUIDE_HEIGHT of its height, ID-photo
    shaped. The screen draws the same box over the preview."""
    box_h = int(height * GUIDE_HEIGHT)
    box_w = int(box_h * PORTRAIT_SIZE[0] / PORTRAIT_SIZE[1])
    return (width - box_w) // 2, (height - box_h) // 2, box_w, box_h


def portrait(image: np.ndarray) -> np.ndarray:
    """The guide box's content at PORTRAIT_SIZE."""
    x, y, w, h = guide_box(image.shape[1], image.shape[0])
    return cv2.resize(image[y:y + h, x:x + w], PORTRAIT_SIZE, interpolation=cv2.INTER_AREA)


def portrait_problem(image: np.ndarray) -> str | None:
    """What is wrong with a portrait, as the words to show; None when it is fine."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    centre = grey[grey.shape[0] // 5: grey.shape[0] * 4 // 5, grey.shape[1] // 5: grey.shape[1] * 4 // 5]
    level = float(centre.mean())
    if level < DARK_MAX:
        return _("光线太暗，请靠近屏幕或呼叫工作人员")
    if level > BRIGHT_MIN:
        return _("光线太亮，请调整位置")
    if sharpness(grey) < SHARP_MIN:
        return _("请保持不动")
    return None
