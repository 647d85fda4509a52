"""Deconvolution: a known blur is undone, a motion blur's direction is found from the picture itself."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.vision import deblur, synth


def _code(module: int = 5) -> np.ndarray:
    mods = synth.code_modules("宁城县 NC2026-000123")
    img = np.where(mods > 0, 30, 225).astype(np.uint8)
    return cv2.resize(img, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST)


def test_kernels_are_normalised_and_a_motion_smear_runs_along_its_angle() -> None:
    assert deblur.gaussian_kernel(1.6).sum() == pytest.approx(1.0, abs=1e-5)
    flat = deblur.motion_kernel(5, 0.0)
    assert flat.sum() == pytest.approx(1.0, abs=1e-5)
    rows, cols = np.nonzero(flat > 0.05)
    assert np.ptp(cols) >= 4 and np.ptp(rows) == 0
    upright = deblur.motion_kernel(5, np.pi / 2)
    rows, cols = np.nonzero(upright > 0.05)
    assert np.ptp(rows) >= 4 and np.ptp(cols) == 0


@pytest.mark.parametrize("kernel", [deblur.gaussian_kernel(2.0), deblur.motion_kernel(5, np.pi / 2)])
def test_wiener_brings_a_blurred_code_closer_to_the_sharp_one(kernel: np.ndarray) -> None:
    sharp = _code()
    blurred = cv2.filter2D(sharp, -1, kernel, borderType=cv2.BORDER_REFLECT)
    restored = deblur.wiener(blurred, kernel, 0.01)
    assert restored.shape == sharp.shape and restored.dtype == np.uint8
    error_before = np.abs(blurred.astype(float) - sharp).mean()
    error_after = np.abs(restored.astype(float) - sharp).mean()
    assert error_after < 0.7 * error_before


@pytest.mark.parametrize("degrees", [0, 35, 90, 150])
def test_motion_direction_is_found_from_the_blurred_code(degrees: int) -> None:
    angle = np.radians(degrees)
    blurred = cv2.filter2D(_code(), -1, deblur.motion_kernel(7, angle), borderType=cv2.BORDER_REFLECT)
    found = deblur.motion_direction(blurred)
    difference = abs((found - angle + np.pi / 2) % np.pi - np.pi / 2)  # directions are the same modulo pi
    assert difference < np.radians(15)
