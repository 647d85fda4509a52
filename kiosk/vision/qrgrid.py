"""How blurred a QR code is, in modules, by fitting its module grid to the grey levels.

Given an outline, each plausible version (1-10) and turn is sampled at PHASES x PHASES points in each module;
the blur (a free 5x5 kernel over modules per sampling phase, which also takes up a fraction of a module's
misplacement) and a smooth light level are fitted by least squares on the modules every QR code has (finders,
separators, timing, alignment patterns, the quiet zone). The best fit says whether a QR code is there at all
and how wide its blur is: from about a module on, no reading of the image finds the pattern.

(Solving the unknown modules under that fitted blur and handing a clean redrawing to zxing-cpp's Reed-Solomon
was tried, commit 5fa6a98: 2 of 19 such codes given their true outline, none from the outlines found here.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

MAX_VERSION = 10
QUIET = 4  # modules of light margin sampled around the symbol
KERNEL = 5  # modules: the side of the fitted blur kernel
PHASES = 2  # samples per module along each side
# Centre rows/columns of the alignment patterns, by version (ISO/IEC 18004 Annex E).
ALIGNMENT = {1: (), 2: (6, 18), 3: (6, 22), 4: (6, 26), 5: (6, 30), 6: (6, 34), 7: (6, 22, 38), 8: (6, 24, 42),
             9: (6, 26, 46), 10: (6, 28, 50)}
MAX_RESIDUAL = 0.3  # a grid whose known modules fit worse than this (RMS over the spread) is not a QR code


def side(version: int) -> int:
    return 17 + 4 * version


def function_patterns(version: int) -> tuple[np.ndarray, np.ndarray]:
    """The modules every symbol of `version` has, with the quiet zone: (known mask, value 1 = dark) over the
    (side + 2 QUIET) square."""
    n = side(version)
    known = np.zeros((n, n), bool)
    dark = np.zeros((n, n), np.float32)
    finder = np.ones((7, 7), np.float32)
    finder[1:6, 1:6] = 0
    finder[2:5, 2:5] = 1
    for r, c in ((0, 0), (0, n - 7), (n - 7, 0)):
        dark[r:r + 7, c:c + 7] = finder
    known[:8, :8] = known[:8, n - 8:] = known[n - 8:, :8] = True  # finders with their separators
    ticks = (np.arange(8, n - 8) % 2 == 0).astype(np.float32)
    known[6, 8:n - 8], dark[6, 8:n - 8] = True, ticks
    known[8:n - 8, 6], dark[8:n - 8, 6] = True, ticks
    centres = ALIGNMENT[version]
    pattern = np.ones((5, 5), np.float32)
    pattern[1:4, 1:4] = 0
    pattern[2, 2] = 1
    for r in centres:
        for c in centres:
            if (r, c) in ((6, 6), (6, centres[-1]), (centres[-1], 6)):
                continue
            known[r - 2:r + 3, c - 2:c + 3] = True
            dark[r - 2:r + 3, c - 2:c + 3] = pattern
    known[n - 8, 8], dark[n - 8, 8] = True, 1.0  # the dark module
    if version >= 7:
        bits = _version_bits(version)
        for i in range(18):
            bit = float((bits >> i) & 1)
            r, c = i // 3, n - 11 + i % 3
            known[r, c], dark[r, c] = True, bit
            known[c, r], dark[c, r] = True, bit
    full = np.ones((n + 2 * QUIET, n + 2 * QUIET), bool)
    full[QUIET:-QUIET, QUIET:-QUIET] = known
    values = np.zeros(full.shape, np.float32)
    values[QUIET:-QUIET, QUIET:-QUIET] = dark
    return full, values


def _version_bits(version: int) -> int:
    """The 18-bit version information (6 bits of version, 12 of BCH(18, 6) with generator 0x1F25)."""
    rem = version << 12
    for shift in range(17, 11, -1):
        if rem >> shift & 1:
            rem ^= 0x1F25 << (shift - 12)
    return version << 12 | rem


def sample_grid(grey: np.ndarray, to_frame: np.ndarray, cells: int) -> np.ndarray:
    """The frame's grey levels at PHASES x PHASES points inside each module of a `cells` x `cells` grid, where
    `to_frame` maps module coordinates (0..cells along each side) into the frame: (phases, cells, cells)."""
    offsets = (np.arange(PHASES) + 0.5) / PHASES
    grid = np.mgrid[0:cells, 0:cells][::-1].astype(np.float32)  # (u, v) per module
    planes = []
    for dv in offsets:
        for du in offsets:
            points = (grid + np.float32([du, dv])[:, None, None]).reshape(2, -1).T
            xy = cv2.perspectiveTransform(points[None], to_frame)[0].reshape(cells, cells, 2).astype(np.float32)
            planes.append(cv2.remap(grey, xy[..., 0], xy[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE))
    return np.stack(planes).astype(np.float32)


def _light_terms(cells: int) -> np.ndarray:
    """A smooth light level over the grid (uneven light, a glare spot's flank): 1, u, v, u2, uv, v2."""
    v, u = (np.mgrid[0:cells, 0:cells].astype(np.float32) / cells - 0.5) * 2
    return np.stack([np.ones_like(u), u, v, u * u, u * v, v * v])


@dataclass
class Fit:
    """The blur and light fitted on a grid's known modules: a kernel per sampling phase, the light level per
    module, and the residual's RMS over the grey levels' spread (small: the grid fits a QR code)."""

    kernels: np.ndarray  # (phases, KERNEL, KERNEL)
    light: np.ndarray  # (cells, cells)
    residual: float

    def spread(self) -> float:
        """The blur's width in modules: the RMS radius of the (phase-averaged) kernel's weight."""
        kernel = np.abs(self.kernels.mean(axis=0))
        r = KERNEL // 2
        y, x = np.mgrid[-r:r + 1, -r:r + 1]
        total = float(kernel.sum()) or 1.0
        cy, cx = float((kernel * y).sum()) / total, float((kernel * x).sum()) / total
        return float(np.sqrt((kernel * ((y - cy) ** 2 + (x - cx) ** 2)).sum() / total / 2))


def fit_blur(samples: np.ndarray, known: np.ndarray, values: np.ndarray) -> Fit:
    """Least squares on the windows made only of known modules: a KERNEL x KERNEL blur per phase (summing to
    the dark minus light level) and a smooth light level."""
    r = KERNEL // 2
    phases, cells = samples.shape[0], samples.shape[1]
    whole = cv2.boxFilter(known.astype(np.float32), -1, (KERNEL, KERNEL), normalize=False,
                          borderType=cv2.BORDER_CONSTANT) > KERNEL * KERNEL - 0.5
    whole[:r], whole[-r:], whole[:, :r], whole[:, -r:] = False, False, False, False
    ii, jj = np.nonzero(whole)
    windows = np.lib.stride_tricks.sliding_window_view(values, (KERNEL, KERNEL))[ii - r, jj - r]
    windows = windows.reshape(len(ii), -1)
    light = _light_terms(cells)[:, ii, jj].T
    count, taps = len(ii), KERNEL * KERNEL
    a = np.zeros((count * phases, taps * phases + light.shape[1]), np.float32)
    for p in range(phases):
        a[p * count:(p + 1) * count, p * taps:(p + 1) * taps] = windows
        a[p * count:(p + 1) * count, taps * phases:] = light
    b = samples[:, ii, jj].reshape(-1)
    ridge = 1e-3 * count * np.eye(a.shape[1], dtype=np.float32)
    ridge[taps * phases:, taps * phases:] = 0
    # OpenCV's solver: numpy's goes through a threaded BLAS, slow on a busy two-core terminal at this size.
    normal = cv2.mulTransposed(a.astype(np.float64), True) + ridge
    _, solution = cv2.solve(normal, cv2.gemm(a.astype(np.float64), b.astype(np.float64)[:, None], 1, None, 0,
                                             flags=cv2.GEMM_1_T), flags=cv2.DECOMP_CHOLESKY)
    coef = solution[:, 0].astype(np.float32)
    residual = float(np.sqrt(np.mean((a @ coef - b) ** 2))) / (float(np.std(b)) + 1e-6)
    kernels = coef[:taps * phases].reshape(phases, KERNEL, KERNEL)
    level = np.tensordot(coef[taps * phases:], _light_terms(cells), axes=1)
    return Fit(kernels, level.astype(np.float32), residual)


def _turns(to_frame: np.ndarray, cells: int) -> Iterator[np.ndarray]:
    """The grid-to-frame map under each of the four turns of the grid."""
    turn = np.array([[0, -1, cells], [1, 0, 0], [0, 0, 1]], np.float64)  # (u, v) -> (cells - v, u)
    current = np.asarray(to_frame, np.float64)
    for _ in range(4):
        yield current
        current = current @ turn


def grid_blur(grey: np.ndarray, quad: np.ndarray) -> float | None:
    """How wide the blur is, in modules, on the QR code outlined by `quad` (its symbol without the quiet zone,
    corners in turn clockwise on the image): the spread of the blur fitted with the version and turn that fit
    its function patterns best; None when no grid fits the grey levels there (not a QR code)."""
    quad = np.asarray(quad, np.float32).reshape(4, 2)
    best: Fit | None = None
    for version in _plausible_versions(quad):
        n = side(version)
        cells = n + 2 * QUIET
        known, values = function_patterns(version)
        square = np.float32([[QUIET, QUIET], [QUIET + n, QUIET], [QUIET + n, QUIET + n], [QUIET, QUIET + n]])
        for turned in _turns(cv2.getPerspectiveTransform(square, quad), cells):
            fit = fit_blur(sample_grid(grey, turned, cells), known, values)
            if best is None or fit.residual < best.residual:
                best = fit
    return None if best is None or best.residual > MAX_RESIDUAL else best.spread()


def _plausible_versions(quad: np.ndarray) -> tuple[int, ...]:
    """Versions whose modules would be 1.2 px or more across this outline."""
    sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    extent = float(sides.mean())
    return tuple(v for v in range(1, MAX_VERSION + 1) if extent / side(v) >= 1.2)
