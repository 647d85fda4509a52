"""Quality flags that drive the capture guidance."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.base.errors import KioskError
from kiosk.vision import Page, quality, synth
from kiosk.vision.geometry import as_corners
from kiosk.vision.quality import BLURRY, CUT_OFF, DARK, GLARE, GLARE_MAX, NO_PAGE, TOO_SMALL


def _clean_a4(seed: int = 51) -> synth.PageSample:
    return synth.page_frame(seed, kind="a4", background="dark", clean=True)


def _true_page(sample: synth.PageSample) -> Page:
    return Page(as_corners(sample.corners), 1.0)


def test_a_clean_sharp_page_has_no_flags() -> None:
    sample = _clean_a4()
    measured = quality(sample.image, _true_page(sample))
    assert measured.flags == ()
    assert measured.ok
    assert 0.2 < measured.coverage < 0.7


def test_blurred_frame_is_flagged_blurry() -> None:
    sample = _clean_a4()
    sharp = quality(sample.image, _true_page(sample))
    blurred = quality(cv2.GaussianBlur(sample.image, (0, 0), 4), _true_page(sample))
    assert BLURRY in blurred.flags and BLURRY not in sharp.flags
    assert blurred.sharpness < sharp.sharpness
    # Motion blur (a hand still moving the page) too.
    kernel = np.zeros((1, 21), np.float32)
    kernel[0, :] = 1 / 21
    assert BLURRY in quality(cv2.filter2D(sample.image, -1, kernel), _true_page(sample)).flags


def test_glare_on_the_page_is_flagged() -> None:
    sample = _clean_a4()
    h, w = sample.image.shape[:2]
    centre = sample.corners.mean(axis=0)
    ys, xs = np.ogrid[:h, :w]
    spot = np.exp(-((xs - centre[0]) ** 2 + (ys - centre[1]) ** 2) / (2 * 60.0**2))
    glared = np.clip(sample.image + 250 * spot[..., None], 0, 255).astype(np.uint8)
    measured = quality(glared, _true_page(sample))
    assert GLARE in measured.flags
    assert measured.glare > GLARE_MAX


def test_no_page_cut_off_and_too_small() -> None:
    sample = _clean_a4()
    assert quality(sample.image, None).flags == (NO_PAGE,)
    h, w = sample.image.shape[:2]
    cut = Page(((-20.0, 100.0), (900.0, 100.0), (900.0, 900.0), (-20.0, 900.0)), 1.0)
    assert CUT_OFF in quality(sample.image, cut).flags
    tiny = Page(((500.0, 500.0), (560.0, 500.0), (560.0, 540.0), (500.0, 540.0)), 1.0)
    assert TOO_SMALL in quality(sample.image, tiny).flags


def test_unusable_input_is_a_clear_error() -> None:
    with pytest.raises(KioskError):
        quality(np.zeros((100, 100, 3), np.float32), None)


def test_dark_page_is_flagged() -> None:
    sample = _clean_a4()
    dark = (sample.image * 0.2).astype(np.uint8)
    assert DARK in quality(dark, _true_page(sample)).flags
