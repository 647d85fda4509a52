"""The blur of a QR code in modules, fitted on its module grid (kiosk.vision.qrgrid), and `code_blur` on frames
where nothing was read: a sharp code fits with little blur, the same code blurred by more than a module fits
with more, and a page with no code fits no grid at all."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.vision import synth
from kiosk.vision.codes import TOO_BLURRED, code_blur, decode_codes
from kiosk.vision.qrgrid import function_patterns, grid_blur, side

TEXT = "https://zwfw.nmg.gov.cn/progress?no=NC202611270042"
MODULE = 3  # pixels


def _code(blur_px: float, turn: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A grey frame with the code at MODULE px per module (blurred by a Gaussian of `blur_px`), and the outline
    of its symbol (no quiet zone) in turn clockwise."""
    mods = np.rot90(synth.code_modules(TEXT), turn)
    image = np.where(mods > 0, 40, 215).astype(np.uint8)
    image = cv2.resize(image, None, fx=MODULE, fy=MODULE, interpolation=cv2.INTER_NEAREST)
    image = cv2.copyMakeBorder(image, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=215)
    if blur_px:
        image = cv2.GaussianBlur(image, (0, 0), blur_px)
    lo, hi = 60 + 4 * MODULE, 60 + (mods.shape[0] - 4) * MODULE
    return image, np.float32([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])


def test_function_patterns_hold_the_finders_and_the_timing() -> None:
    known, dark = function_patterns(2)
    n = side(2)
    assert known.shape == (n + 8, n + 8)
    assert dark[4:11, 4:11].sum() == 24 + 9  # a finder: the ring of 24 modules and the 3x3 centre
    assert not dark[:4].any() and known[:4].all()  # the quiet zone is known and light
    assert list(dark[4 + 6, 4 + 8:4 + 13]) == [1, 0, 1, 0, 1]  # the timing row
    assert not known[4 + 10, 4 + 10]  # a data module


def test_a_sharp_code_fits_little_blur_and_a_blurred_one_more_than_a_module() -> None:
    sharp, outline = _code(0.0)
    blurred, _ = _code(1.2 * MODULE)  # sigma 1.2 modules
    sharp_blur, heavy_blur = grid_blur(sharp, outline), grid_blur(blurred, outline)
    assert sharp_blur is not None and heavy_blur is not None
    assert sharp_blur < TOO_BLURRED <= heavy_blur


def test_the_fit_finds_the_code_turned_any_way() -> None:
    for turn in range(4):
        image, outline = _code(0.0, turn)
        found = grid_blur(image, outline)
        assert found is not None and found < TOO_BLURRED


def test_lines_of_print_fit_no_grid() -> None:
    grey = np.full((400, 400), 230, np.uint8)
    for row in range(8):
        cv2.putText(grey, "NC2026-0042 receipt", (20, 60 + 40 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 30, 2)
    assert grid_blur(grey, np.float32([[40, 40], [360, 40], [360, 360], [40, 360]])) is None


def test_code_blur_on_a_frame_too_blurred_to_read_says_so_and_nothing_on_an_empty_one() -> None:
    image, _ = _code(1.2 * MODULE)
    frame = cv2.cvtColor(cv2.copyMakeBorder(image, 100, 100, 300, 300, cv2.BORDER_CONSTANT, value=215),
                         cv2.COLOR_GRAY2BGR)
    assert decode_codes(frame) == []
    blur = code_blur(frame)
    assert blur is not None and blur >= TOO_BLURRED
    for seed in range(100, 105):
        assert code_blur(synth.empty_frame(seed, (1280, 720))) is None
