"""Undoing a camera's blur on a small patch: Wiener deconvolution with a Gaussian (defocus) or a straight-line
(motion) point spread function, and the direction of a motion blur estimated from the patch itself."""

from __future__ import annotations

import cv2
import numpy as np


def gaussian_kernel(sigma: float) -> np.ndarray:
    """A normalised 2-D Gaussian point spread function of `sigma` pixels (a defocused lens)."""
    radius = int(3 * sigma) + 1
    k = cv2.getGaussianKernel(2 * radius + 1, sigma)
    return (k @ k.T).astype(np.float32)


def motion_kernel(length: float, angle: float) -> np.ndarray:
    """A normalised straight smear of `length` pixels at `angle` radians from the x axis (the camera or the
    hand moved during the exposure)."""
    size = (int(np.ceil(length)) | 1) + 2
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1, cv2.LINE_AA)
    return kernel / kernel.sum()


def wiener(patch: np.ndarray, kernel: np.ndarray, snr: float) -> np.ndarray:
    """`patch` (8-bit grey) with the blur `kernel` undone; `snr` is the noise-to-signal power ratio that keeps
    frequencies the blur wiped out from being amplified into noise (larger: smoother, less sharp)."""
    h, w = patch.shape
    # Padded by reflection to a size the FFT is quick at (and so that the far edge does not wrap onto this one).
    fh, fw = cv2.getOptimalDFTSize(h), cv2.getOptimalDFTSize(w)
    image = cv2.copyMakeBorder(patch, 0, fh - h, 0, fw - w, cv2.BORDER_REFLECT).astype(np.float32)
    kh, kw = kernel.shape
    padded = np.zeros((fh, fw), np.float32)
    padded[:kh, :kw] = kernel / kernel.sum()
    otf = np.fft.rfft2(np.roll(padded, (-(kh // 2), -(kw // 2)), axis=(0, 1)))
    restored = np.fft.irfft2(np.fft.rfft2(image) * np.conj(otf) / (np.abs(otf) ** 2 + snr), s=(fh, fw))
    return np.clip(restored[:h, :w], 0, 255).astype(np.uint8)


def motion_direction(patch: np.ndarray) -> float:
    """The direction (radians) along which `patch` has the least gradient energy: where a motion blur smeared
    it, for content such as a QR code whose edges run every way."""
    grey = patch.astype(np.float32)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    return 0.5 * float(np.arctan2(2 * jxy, jxx - jyy)) + np.pi / 2
