"""Reading QR codes and barcodes from camera frames: `decode_codes(image) -> list[Code]`.

zxing-cpp reads the whole frame first (QR and Code 128). Then every place that looks like a code and was not
read (zxing's own failed detections, and patches of dense fine contrast) is cut out and tried again,
enlarged, sharpened and contrast-stretched, with zxing-cpp (all its formats here) and with zbar (pyzbar).
Each read code is checked by the other engine where it can read it. Then a slower rescue looks at candidate
regions no read covers (on frames where nothing was read: a phone screen in its bezel, a slip, a turned
dense patch; beside codes already read: only symbols zxing saw): each is narrowed to the code's own outline,
its defocus or motion blur undone (Wiener deconvolution, `deblur.py`), rectified, enlarged and binarised; a
rescued code needs two agreeing reads.

Never a wrong text: when two reads of one symbol disagree the symbol is dropped, a linear barcode (weak
checksums) counts only when read twice, and text is decoded from the symbol's bytes (UTF-8, else GB18030)
with zbar's Shift-JIS misreading of UTF-8 Chinese repaired.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

from kiosk.vision.deblur import gaussian_kernel, motion_direction, motion_kernel, wiener
from kiosk.vision.geometry import Corners, as_bgr, as_corners, polygon_iou
from kiosk.vision.qrgrid import grid_blur

_F = zxingcpp.BarcodeFormat
ZXING_FORMATS = (_F.QRCode, _F.DataMatrix, _F.PDF417, _F.Code128)
# The whole frame is searched for the codes the kiosk acts on; Data Matrix and PDF417 (whose detectors cost
# three times as much on a whole frame) are looked for on the second look at dense patches.
FRAME_FORMATS = (_F.QRCode, _F.Code128)
ZBAR_SYMBOLS = (pyzbar.ZBarSymbol.QRCODE, pyzbar.ZBarSymbol.CODE128)
MATRIX_FORMATS = {"QRCode", "DataMatrix", "PDF417"}  # Reed-Solomon protected: one read is enough
MAX_RETRIES = 4  # patches tried again per frame
VERIFY_SIDE = 280  # pixels: a read code is cross-checked on its patch shrunk to this (modules stay >= 2 px)
MAX_COHERENCE = 0.55  # print has one dominant stroke direction; 2-D codes have none
RESCUE_CANDIDATES = 4  # regions rectified and deblurred per frame where nothing else was read
RESCUE_SIDE = 400  # pixels: the longer side of a rectified region
MIN_PATCH = 24  # pixels; smaller patches cannot hold a readable code at this camera's resolution
BLUR_CANDIDATES = 2  # code-like places whose blur is estimated on a frame where nothing was read
TOO_BLURRED = 0.9  # `code_blur` from which no reading here reads a code (a Gaussian of about 0.85 module)


@dataclass(frozen=True)
class Code:
    """A code read from a frame: its text, its symbology ("QRCode", "Code128", ...) and its outline."""

    text: str
    format: str
    corners: Corners


@dataclass
class _Read:
    text: str
    format: str
    corners: np.ndarray  # (4, 2) in frame pixels
    engine: str


def _grey(image: np.ndarray) -> np.ndarray | None:
    if isinstance(image, np.ndarray) and image.ndim == 2 and image.dtype == np.uint8 and min(image.shape) >= 16:
        return image
    colour = as_bgr(image)
    return None if colour is None else cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)


def code_blur(image: np.ndarray) -> float | None:
    """For a frame where nothing was read: how blurred, in modules, the most QR-like place on it is (the blur
    fitted on its module grid; from TOO_BLURRED on no reading here will do, the citizen should hold the
    phone still); None when no place looks like a QR code. Slow (a tenth of a second or more): call it sparingly."""
    grey = _grey(image)
    if grey is None:
        return None
    _, failed = _zxing(grey, 0, 0, 1.0, with_failures=True, formats=(_F.QRCode,))
    seen = [_min_area_quad(box) for box in failed if cv2.contourArea(box) >= MIN_PATCH**2]
    blurs = [grid_blur(grey, _order(quad)) for quad in (seen + _dense_quads(grey))[:BLUR_CANDIDATES]]
    return min((blur for blur in blurs if blur is not None), default=None)


def decode_codes(image: np.ndarray) -> list[Code]:
    """Every code that can be read with confidence from a BGR or grey frame; [] when there is none."""
    grey = _grey(image)
    if grey is None:
        return []
    reads, failed = _zxing(grey, 0, 0, 1.0, with_failures=True, formats=FRAME_FORMATS)
    # A zxing read is checked by zbar on its patch: the two engines decode text differently, so this is where
    # a charset slip would show.
    for read in list(reads):
        x, y, bw, bh = cv2.boundingRect(read.corners)
        patch = _patch_around(grey, read.corners, scale=min(1.0, VERIFY_SIDE / max(bw, bh, 1)))
        if patch is not None:
            reads += _zbar(*patch)
    for box in _retry_boxes(grey, reads, failed):
        reads += _read_patch(grey, box)
    codes = _agree(reads)
    rescued = _rescue(grey, failed, [code.corners for code in codes])
    # A rescued symbol stands only when read twice: one read through sharpening and binarising is not enough.
    codes += [code for code in _agree(rescued) if sum(r.text == code.text for r in rescued) >= 2
              and code.text not in {c.text for c in codes}]
    return codes


# -- engines ---------------------------------------------------------------------------------------------------


def _zxing(grey: np.ndarray, x0: float, y0: float, scale: float, with_failures: bool = False,
           formats: tuple[zxingcpp.BarcodeFormat, ...] = ZXING_FORMATS) -> tuple[list[_Read], list[np.ndarray]]:
    """zxing on `grey`, a patch at (x0, y0) of the frame enlarged by `scale`: reads in frame pixels, and the
    outlines of symbols it found but could not decode."""
    reads: list[_Read] = []
    failed: list[np.ndarray] = []
    try:
        found = zxingcpp.read_barcodes(grey, formats=formats, return_errors=with_failures)
    except (ValueError, RuntimeError):
        return reads, failed
    for result in found:
        corners = _frame_points(_position(result.position), x0, y0, scale)
        if not result.valid:
            failed.append(corners)
            continue
        text = _zxing_text(result)
        if text is not None:
            reads.append(_Read(text, result.format.name, corners, "zxing"))
    return reads, failed


def _zbar(grey: np.ndarray, x0: float, y0: float, scale: float) -> list[_Read]:
    reads = []
    try:
        found = pyzbar.decode(grey, symbols=ZBAR_SYMBOLS)
    except (ValueError, TypeError, pyzbar.PyZbarError):
        return reads
    for result in found:
        text = _zbar_text(result.data)
        if text is None or len(result.polygon) < 3:
            continue
        pts = np.array([(p.x, p.y) for p in result.polygon], np.float32)
        box = cv2.boxPoints(cv2.minAreaRect(pts)) if len(pts) != 4 else pts
        fmt = "QRCode" if result.type == "QRCODE" else "Code128"
        reads.append(_Read(text, fmt, _frame_points(box, x0, y0, scale), "zbar"))
    return reads


def _position(position: zxingcpp.Position) -> np.ndarray:
    return np.array([(position.top_left.x, position.top_left.y), (position.top_right.x, position.top_right.y),
                     (position.bottom_right.x, position.bottom_right.y),
                     (position.bottom_left.x, position.bottom_left.y)], np.float32)


def _frame_points(points: np.ndarray, x0: float, y0: float, scale: float) -> np.ndarray:
    return np.asarray(points, np.float32).reshape(4, 2) / scale + np.float32([x0, y0])


# -- text -------------------------------------------------------------------------------------------------------


def _zxing_text(result: zxingcpp.Barcode) -> str | None:
    """The symbol's text. With an ECI the symbol names its charset and zxing's text is right; without one,
    its bytes are UTF-8 (what phones and the province's apps write), else GB18030, else zxing's guess."""
    ident = result.symbology_identifier
    if len(ident) == 3 and ident[1] in "QdzL" and ident[2] in "246":  # ECI-bearing modifiers
        return result.text or None
    data = bytes(result.bytes)
    for charset in ("utf-8", "gb18030"):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            continue
    return result.text or None


def repair_shift_jis(text: str) -> str:
    """zbar (and scanners without ECI support) may read UTF-8 Chinese as Shift-JIS and hand over mojibake;
    re-encoding as Shift-JIS gives back the UTF-8 bytes. Text that is not such mojibake comes back as it is."""
    try:
        repaired = text.encode("shift_jis").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired if repaired != text else text


def _zbar_text(data: bytes) -> str | None:
    try:
        return repair_shift_jis(data.decode("utf-8"))
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            return None


# -- second look at hard places ---------------------------------------------------------------------------------


def _patch_around(grey: np.ndarray, corners: np.ndarray, margin: float = 0.2,
                  scale: float = 1.0) -> tuple[np.ndarray, float, float, float] | None:
    h, w = grey.shape
    x, y, bw, bh = cv2.boundingRect(np.asarray(corners, np.float32))
    m = int(margin * max(bw, bh)) + 6
    x0, y0, x1, y1 = max(0, x - m), max(0, y - m), min(w, x + bw + m), min(h, y + bh + m)
    if x1 - x0 < MIN_PATCH or y1 - y0 < MIN_PATCH:
        return None
    patch = grey[y0:y1, x0:x1]
    if scale != 1.0:
        patch = cv2.resize(patch, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return patch, float(x0), float(y0), scale


def _retry_boxes(grey: np.ndarray, reads: list[_Read], failed: list[np.ndarray]) -> list[np.ndarray]:
    """Places worth a second look: symbols zxing saw but could not decode, then dense fine-contrast patches
    (small, blurred or low-contrast codes it did not even see), minus places already read."""
    boxes = list(failed) + _dense_patches(grey)
    done = [r.corners for r in reads]
    chosen: list[np.ndarray] = []
    for box in boxes:
        if any(_overlaps(box, other) for other in done + chosen):
            continue
        chosen.append(box)
        if len(chosen) == MAX_RETRIES:
            break
    return chosen


def _contrast_regions(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Connected regions of fine, strong local contrast on a half-size copy: the copy, their labels and their
    stats (cv2.connectedComponentsWithStats)."""
    small = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_LINEAR)
    energy = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, mask = cv2.threshold(energy, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    return small, labels, stats


def _dense_patches(grey: np.ndarray) -> list[np.ndarray]:
    """Regions of fine, strong local contrast in both directions (codes, but also print), largest first."""
    small, _, stats = _contrast_regions(grey)
    found = []
    for x, y, w, h, area in stats[1:]:
        if not (8 <= w <= small.shape[1] * 0.6 and 8 <= h <= small.shape[0] * 0.6):
            continue
        if area < 0.35 * w * h:  # codes fill their box; lines and outlines do not
            continue
        elongated = max(w, h) > 2.5 * min(w, h)  # a linear barcode is all one direction, and long
        if not elongated and _coherence(small[y:y + h, x:x + w]) > MAX_COHERENCE:
            continue
        found.append((area, np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]) * 2))
    found.sort(key=lambda item: -item[0])
    return [box for _, box in found]


def _turned_bars(grey: np.ndarray) -> list[np.ndarray]:
    """Long, filled regions of contrast turned away from the frame's axes (a linear barcode at an angle, which
    neither an upright box nor zxing's row scans fit), as turned rectangles in frame pixels, largest first."""
    small, labels, stats = _contrast_regions(grey)
    found = []
    for label, (x, y, w, h, area) in enumerate(stats[1:], start=1):
        if max(w, h) > 2.5 * min(w, h) or max(w, h) < 16 or max(w, h) > 0.6 * small.shape[1]:
            continue  # upright barcodes are the dense patches' already
        points = cv2.findNonZero((labels[y:y + h, x:x + w] == label).astype(np.uint8))
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(points)
        if min(rw, rh) < 4 or max(rw, rh) < 2.5 * min(rw, rh) or area < 0.6 * rw * rh:
            continue
        box = cv2.boxPoints(((cx + x, cy + y), (rw, rh), angle)).astype(np.float32)
        found.append((area, box * 2))
    found.sort(key=lambda item: -item[0])
    return [box for _, box in found]


def _coherence(patch: np.ndarray) -> float:
    """0 when gradients point every way (a QR code), 1 when all one way (lines of print, a barcode)."""
    gx = cv2.Sobel(patch, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(patch, cv2.CV_32F, 0, 1)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    total = jxx + jyy
    return float(np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / total) if total > 0 else 1.0


def _read_patch(grey: np.ndarray, box: np.ndarray) -> list[_Read]:
    """Try one place harder: enlarged (small modules), enlarged and sharpened (blur), contrast-stretched (low
    contrast, glare), with both engines; stop at the first read."""
    x, y, bw, bh = cv2.boundingRect(np.asarray(box, np.float32))
    scale = float(np.clip(360.0 / max(bw, bh, 1), 1.0, 3.0))
    prepared = _patch_around(grey, box, margin=0.15, scale=scale)
    if prepared is None:
        return []
    patch, x0, y0, s = prepared
    sharp = cv2.addWeighted(patch, 2.0, cv2.GaussianBlur(patch, (0, 0), 2.0), -1.0, 0)
    for variant in (patch, sharp, _stretch(patch)):
        reads, _ = _zxing(variant, x0, y0, s)
        if reads:
            return reads + _zbar(variant, x0, y0, s)  # a second engine on the same pixels, for agreement
        reads = _zbar(variant, x0, y0, s)
        if reads:
            return reads
    return []


def _stretch(patch: np.ndarray) -> np.ndarray:
    lo, hi = np.percentile(patch, (2, 98))
    return cv2.convertScaleAbs(patch, alpha=255.0 / max(1.0, hi - lo), beta=-lo * 255.0 / max(1.0, hi - lo))


# -- rescue: rectify, enlarge, deblur, binarise --------------------------------------------------------------------


def _rescue(grey: np.ndarray, failed: list[np.ndarray], done: list[Corners]) -> list[_Read]:
    """The slow path, for places no read covers (`done`): candidate regions (symbols zxing saw but could not
    decode, lit quadrilaterals holding a dense patch such as a phone's screen inside its dark bezel or a slip on
    the desk, and dense patches turned to their own axes), each narrowed to the code's own outline, are
    rectified, enlarged and deblurred, then read. Every rescued read is confirmed by a second, different read
    of the same region before it counts."""
    reads: list[_Read] = []
    read_at = [np.asarray(corners, np.float32) for corners in done]
    looked: list[np.ndarray] = []  # outlines already rectified and read
    # zxing's outline of a symbol it saw is the symbol's own (from its finder patterns), better than any found
    # here: read as it is first, largest first (a partial detection is often inside a whole one). Some failures
    # come with no position (all corners at the origin): nothing to look at there.
    seen = sorted((box for box in failed if cv2.contourArea(box) >= MIN_PATCH**2), key=lambda b: -cv2.contourArea(b))
    candidates = [(_min_area_quad(box), True) for box in seen]
    if not done:  # beside codes already read, only symbols zxing saw are worth the time
        dense = _dense_quads(grey)
        found = [quad for quad in _lit_quads(grey) if any(_inside(patch, quad) for patch in dense)]
        candidates += [(quad, False) for quad in found + dense + _turned_bars(grey)]
    tries = 0
    for rough, outlined in candidates:
        quad = _refine(grey, rough)
        if any(_overlaps(q, other) for q in (rough, quad) for other in read_at):
            continue
        # A region mostly looked at already is skipped; one that overlaps it only in part (a partial symbol's
        # outline beside the whole one) is still read.
        fresh = [q for q in _distinct(rough, quad) if not any(_same_place(q, other) for other in looked)]
        if not fresh:
            continue
        looked += fresh
        tries += 1
        # The outline found can be off (glare, a neighbour joined to it), and a phone screen rectified whole can
        # suit a turned barcode better: then the rough region is read too.
        if not outlined:
            fresh.reverse()
        for outline in fresh:
            found_reads = _read_rectified(grey, outline)
            if found_reads:
                reads += found_reads
                break
        if tries == RESCUE_CANDIDATES:
            break
    return reads


def _distinct(rough: np.ndarray, quad: np.ndarray) -> list[np.ndarray]:
    """The rough outline and the narrowed one, or only the rough one when narrowing changed nothing."""
    return [rough] if np.allclose(quad, rough, atol=2) else [rough, quad]


def _same_place(a: np.ndarray, b: np.ndarray) -> bool:
    return polygon_iou(_order(np.asarray(a, np.float32)), _order(np.asarray(b, np.float32))) > 0.5


def _inside(inner: np.ndarray, outer: np.ndarray) -> bool:
    centre = np.asarray(inner, np.float32).reshape(-1, 2).mean(axis=0)
    return cv2.pointPolygonTest(np.asarray(outer, np.float32).reshape(-1, 1, 2),
                                (float(centre[0]), float(centre[1])), False) > 0


def _min_area_quad(points: np.ndarray) -> np.ndarray:
    return cv2.boxPoints(cv2.minAreaRect(np.asarray(points, np.float32).reshape(-1, 2))).astype(np.float32)


def _lit_quads(grey: np.ndarray) -> list[np.ndarray]:
    """Bright four-sided regions set off from what is around them (a phone screen in its bezel, a printed
    slip on a darker desk), largest first, in frame pixels."""
    small = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    area_max = 0.5 * small.shape[0] * small.shape[1]
    found: list[tuple[float, np.ndarray]] = []
    for block in (101, 301):
        mask = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, -8)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            area = cv2.contourArea(contour)
            if not MIN_PATCH**2 <= area <= area_max:
                continue
            approx = cv2.approxPolyDP(contour, 0.04 * cv2.arcLength(contour, True), True)
            if len(approx) != 4 or not cv2.isContourConvex(approx):
                continue
            if area < 0.85 * cv2.contourArea(cv2.convexHull(contour)):
                continue
            found.append((area, approx.reshape(4, 2).astype(np.float32) * 2))
    found.sort(key=lambda item: -item[0])
    return [quad for _, quad in found]


def _dense_quads(grey: np.ndarray) -> list[np.ndarray]:
    """The dense patches, each turned to its own axes (a rotated code's box, not its upright bounding box)."""
    quads = []
    for box in _dense_patches(grey):
        x, y, w, h = cv2.boundingRect(box)
        patch = grey[y:y + h, x:x + w]
        _, mask = cv2.threshold(patch, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        points = cv2.findNonZero(mask)
        quads.append(box if points is None else _min_area_quad(points.reshape(-1, 2) + np.float32([x, y])))
    return quads


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners in turn around the centre, starting anywhere: enough for a warp (the engines read any turn)."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    return quad[np.argsort(angles)]


def _read_rectified(grey: np.ndarray, quad: np.ndarray) -> list[_Read]:
    """Cut the region (with a margin) out of the frame, undo its blur there (where the blur has the frame's
    size and direction), warp it to an upright image about three times as large and read it; a read counts
    with a second one of the same region (another version, the other engine, or for a 2-D symbol the same
    version sampled anew at three quarters of the size)."""
    quad = _order(np.asarray(quad, np.float32))
    centre = quad.mean(axis=0)
    quad = centre + (quad - centre) * 1.12  # room for the quiet zone
    sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    w, h = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    scale = float(np.clip(RESCUE_SIDE / max(w, h, 1.0), 1.5, 4.0))
    out_w, out_h = int(w * scale), int(h * scale)
    x, y, bw, bh = cv2.boundingRect(quad)
    x0, y0 = max(0, x - 8), max(0, y - 8)
    patch = grey[y0:y + bh + 8, x0:x + bw + 8]
    if min(out_w, out_h) < MIN_PATCH or min(patch.shape) < MIN_PATCH:
        return []
    target = np.float32([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]])
    to_crop = cv2.getPerspectiveTransform(quad - np.array([x0, y0], np.float32), target)
    to_frame = np.linalg.inv(cv2.getPerspectiveTransform(quad, target))
    reads: list[_Read] = []
    for restored, binarise in _restorations(patch):
        crop = cv2.warpPerspective(restored, to_crop, (out_w, out_h), flags=cv2.INTER_CUBIC,
                                   borderMode=cv2.BORDER_REPLICATE)
        if binarise:
            block = max(15, int(min(crop.shape) / 10) | 1)
            crop = cv2.adaptiveThreshold(cv2.GaussianBlur(crop, (0, 0), scale / 2), 255,
                                         cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 0)
        fresh = _zxing_crop(crop, to_frame)
        reads += fresh
        if binarise or reads:  # zbar is slow on large crops: on the binarised one, or to confirm a read
            reads += _zbar_crop(crop, to_frame)
        if any(r.format in MATRIX_FORMATS for r in fresh) and len(reads) == len({r.text for r in reads}):
            # A 2-D symbol read once (its error correction passed): read again from a copy sampled anew.
            again, _ = _zxing(cv2.resize(crop, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA), 0, 0, 0.75)
            reads += [_Read(r.text, r.format, _to_frame(r.corners, to_frame), "zxing") for r in again
                      if r.format in MATRIX_FORMATS]
        if len(reads) > len({r.text for r in reads}):  # some text read twice
            return reads
    return []


def _restorations(patch: np.ndarray) -> Iterator[tuple[np.ndarray, bool]]:
    """The patch as it is, then with a defocus or a motion blur undone (mild to strong, the motion's
    direction read from the patch), then deblurred copies to binarise (uneven light, glare); made one at a
    time, as the reading stops at the first text read twice. The order and strengths are the ones that read
    the most codes on the tuning frames."""
    yield patch, False
    yield wiener(patch, gaussian_kernel(1.0), 0.08), False
    sharp = wiener(patch, gaussian_kernel(1.6), 0.03)
    yield sharp, False
    direction = motion_direction(patch)
    for length in (3.0, 5.0):
        yield wiener(patch, motion_kernel(length, direction), 0.03), False
    yield wiener(patch, gaussian_kernel(2.2), 0.03), False
    yield sharp, True
    # Last, binarised copies less sharpened (small modules under mild blur, where sharpening rings).
    yield patch, True
    yield wiener(patch, gaussian_kernel(1.2), 0.01), True


def _to_frame(points: np.ndarray, to_frame: np.ndarray) -> np.ndarray:
    return cv2.perspectiveTransform(np.asarray(points, np.float32).reshape(1, -1, 2), to_frame)[0]


def _zxing_crop(crop: np.ndarray, to_frame: np.ndarray) -> list[_Read]:
    reads, _ = _zxing(crop, 0, 0, 1.0)
    return [_Read(r.text, r.format, _to_frame(r.corners, to_frame), "zxing") for r in reads]


def _zbar_crop(crop: np.ndarray, to_frame: np.ndarray) -> list[_Read]:
    return [_Read(r.text, r.format, _to_frame(r.corners, to_frame), "zbar") for r in _zbar(crop, 0, 0, 1.0)]


# -- agreement ----------------------------------------------------------------------------------------------------


def _overlaps(a: np.ndarray, b: np.ndarray) -> bool:
    """True when the centre of either outline lies inside the other."""
    ca, cb = np.asarray(a, np.float32).reshape(-1, 2), np.asarray(b, np.float32).reshape(-1, 2)
    hull_a, hull_b = cv2.convexHull(ca), cv2.convexHull(cb)
    centre_a, centre_b = ca.mean(axis=0), cb.mean(axis=0)
    return (cv2.pointPolygonTest(hull_b, (float(centre_a[0]), float(centre_a[1])), False) >= 0
            or cv2.pointPolygonTest(hull_a, (float(centre_b[0]), float(centre_b[1])), False) >= 0)


def _agree(reads: list[_Read]) -> list[Code]:
    """One Code per symbol. Reads of one place that disagree cancel out; linear codes need two reads."""
    groups: list[list[_Read]] = []
    for read in reads:
        for group in groups:
            if any(_overlaps(read.corners, other.corners) for other in group):
                group.append(read)
                break
        else:
            groups.append([read])
    codes = []
    for group in groups:
        texts = {r.text for r in group}
        if len(texts) != 1:
            continue
        first = next((r for r in group if r.engine == "zxing"), group[0])
        if first.format not in MATRIX_FORMATS and len(group) < 2:
            continue
        codes.append(Code(first.text, first.format, as_corners(first.corners)))
    return codes


def _refine(grey: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The outline of the code around a rough candidate (a finder pattern zxing saw, a whole phone screen, an
    upright box): the region of fine contrast that holds the candidate's centre, searched a candidate's size
    around it, as a four-sided outline (perspective kept where the region shows it); `quad` when none is found."""
    quad = np.asarray(quad, np.float32).reshape(-1, 2)
    x, y, w, h = cv2.boundingRect(quad)
    grow = max(w, h, 48)
    x0, y0 = max(0, x - grow), max(0, y - grow)
    patch = grey[y0:y + h + grow, x0:x + w + grow]
    energy = cv2.morphologyEx(patch, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, mask = cv2.threshold(energy, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    close = max(5, min(w, h) // 12) | 1
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((close, close), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    _, labels = cv2.connectedComponents(mask)
    cx, cy = (quad.mean(axis=0) - np.array([x0, y0], np.float32)).astype(int)
    if not (0 <= cy < labels.shape[0] and 0 <= cx < labels.shape[1]) or labels[cy, cx] == 0:
        return quad
    points = cv2.findNonZero((labels == labels[cy, cx]).astype(np.uint8))
    if points is None or len(points) < MIN_PATCH**2:
        return quad
    hull = cv2.convexHull(points)
    approx = cv2.approxPolyDP(hull, 0.04 * cv2.arcLength(hull, True), True)
    found = approx.reshape(-1, 2) if len(approx) == 4 else cv2.boxPoints(cv2.minAreaRect(hull))
    return np.asarray(found, np.float32) + np.array([x0, y0], np.float32)
