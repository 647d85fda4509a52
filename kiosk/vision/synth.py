"""Labelled synthetic frames for tests, the benchmark and the simulated camera. Deterministic by seed.

Page frames: a document (A4 page, ID card, receipt, open booklet) laid on a base plate or desk, seen by the
document camera at a slight tilt, with the true outline known to sub-pixel precision. Conditions vary with the
seed: cluttered, dark, wooden and low-contrast light-grey backgrounds, uneven light, cast shadows, glare,
a hand holding an edge, blur, sensor noise and MJPG compression.

Code frames: QR codes (and some Code 128) with known payloads, including UTF-8 Chinese without ECI, under
perspective, blur, glare, low contrast, small modules, on phone screens with moire, several per frame, and
frames with no code at all. Harder code frames (`hard_code_frame`), closer to photos of the field: modules
down to 1.5 px, any turn, perspective, heavy Gaussian and motion blur, contrast down to 0.45, glare, JPEG 55-92,
phones with dark bezels, two codes or none.

The rendering is plain OpenCV drawing: fast enough to make a benchmark's worth of frames in a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import cv2
import numpy as np
import qrcode
import zxingcpp

# Physical sizes in millimetres (width, height) as laid on the plate.
PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "idcard": (85.6, 54.0),
    "receipt": (80.0, 200.0),
    "booklet": (210.0, 143.0),
}
DOC_KINDS = tuple(PAPER_MM)
BACKGROUNDS = ("plate", "clutter", "dark", "wood")

PAYLOADS = (
    "https://zwfw.nmg.gov.cn/progress?no=NC2026112700{n:02d}",
    "CTID:1504{n:02d}A7F3E9D1C0B8A6F4E2D0C9B7A5F3E1D9C7B5",
    "宁城县政务服务受理回执 编号NC2026-{n:04d} 请凭此码查询办理进度",
    "内蒙古自治区赤峰市宁城县右北平镇北洼子村便民服务站{n}",
    "养老金资格认证 王建国 150429195803120010 {n}",
    "SFZ|{n:06d}|2026-11-27|城乡居民医疗保险缴费",
    "医保电子凭证:{n:08d}",
    "{n:012d}",
)


@dataclass
class PageSample:
    image: np.ndarray  # BGR uint8
    corners: np.ndarray  # (4, 2) float, TL TR BR BL, true outline of the document
    kind: str
    conditions: list[str] = field(default_factory=list)


@dataclass
class CodeSample:
    image: np.ndarray  # BGR uint8
    payloads: list[str]  # exact texts of the codes in the frame (empty: no code)
    formats: list[str]
    corners: list[np.ndarray]
    conditions: list[str] = field(default_factory=list)


# -- shared drawing helpers ------------------------------------------------------------------------------------


def _smooth_field(rng: np.random.Generator, h: int, w: int, lo: float, hi: float) -> np.ndarray:
    """A smooth random illumination field in [lo, hi], shape (h, w, 1) float32."""
    small = rng.uniform(0, 1, (3, 4)).astype(np.float32)
    field_ = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    field_ = (field_ - field_.min()) / max(1e-6, float(field_.max() - field_.min()))
    return (lo + (hi - lo) * field_)[..., None]


def _background(rng: np.random.Generator, h: int, w: int, style: str) -> np.ndarray:
    if style == "plate":  # the kiosk's light grey base plate: white paper on it is low contrast
        grey = rng.uniform(180, 215)
        tint = rng.uniform(-4, 4, 3)
        img = np.empty((h, w, 3), np.float32)
        img[:] = grey + tint
        img += rng.normal(0, 1.5, (h // 8 + 1, w // 8 + 1, 1)).repeat(8, 0).repeat(8, 1)[:h, :w].astype(np.float32)
        return img
    if style == "dark":
        img = np.empty((h, w, 3), np.float32)
        img[:] = rng.uniform(20, 70, 3)
        return img
    if style == "wood":
        base = rng.uniform([60, 100, 140], [90, 130, 180])
        xs = np.arange(w, dtype=np.float32)[None, :]
        ys = np.arange(h, dtype=np.float32)[:, None]
        grain = np.sin(xs / rng.uniform(6, 14) + 3 * np.sin(ys / rng.uniform(40, 90))) * rng.uniform(8, 16)
        img = base[None, None, :].astype(np.float32) + grain[..., None]
        return img
    # clutter: a desk with other things on it (colour blocks, pens, cables, printed scraps)
    img = np.empty((h, w, 3), np.float32)
    img[:] = rng.uniform(90, 170, 3)
    for _ in range(int(rng.integers(12, 26))):
        colour = tuple(float(c) for c in rng.uniform(0, 220, 3))
        shape = rng.integers(0, 4)
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        if shape == 0:
            ww, hh = int(rng.integers(40, 400)), int(rng.integers(30, 300))
            box = cv2.boxPoints(((cx, cy), (ww, hh), float(rng.uniform(0, 180))))
            cv2.fillConvexPoly(img, box.astype(np.int32), colour, cv2.LINE_AA)
        elif shape == 1:
            cv2.circle(img, (cx, cy), int(rng.integers(15, 120)), colour, -1, cv2.LINE_AA)
        elif shape == 2:
            end = (cx + int(rng.integers(-600, 600)), cy + int(rng.integers(-400, 400)))
            cv2.line(img, (cx, cy), end, colour, int(rng.integers(2, 12)), cv2.LINE_AA)
        else:
            for k in range(int(rng.integers(3, 9))):
                y = cy + 14 * k
                cv2.line(img, (cx, y), (cx + int(rng.integers(60, 260)), y), colour, 4)
    return img


def _text_block(img: np.ndarray, rng: np.random.Generator, x0: int, y0: int, x1: int, y1: int,
                line_h: int, ink: float) -> None:
    """Imitation print: rows of word-sized dark bars."""
    y = y0
    while y + line_h <= y1:
        x = x0 + (int(rng.integers(0, 3)) * line_h if rng.random() < 0.2 else 0)
        end = x1 - int(rng.integers(0, max(1, (x1 - x0) // 3))) if rng.random() < 0.3 else x1
        while x < end:
            wlen = int(rng.integers(line_h, line_h * 4))
            cv2.rectangle(img, (x, y), (min(end, x + wlen), y + int(line_h * 0.6)), ink, -1)
            x += wlen + max(2, line_h // 3)
        y += int(line_h * 1.6)


def _document(rng: np.random.Generator, kind: str, px_per_mm: float) -> np.ndarray:
    """The flat document as a BGR float image, rendered at about the resolution it will appear at."""
    w_mm, h_mm = PAPER_MM[kind]
    if kind == "receipt":
        h_mm = float(rng.uniform(140, 240))
    scale = px_per_mm * 1.5  # render a bit finer than the frame, the warp smooths it
    w, h = int(round(w_mm * scale)), int(round(h_mm * scale))
    paper = np.array(rng.uniform([228, 232, 232], [252, 254, 255]), np.float32)
    doc = np.empty((h, w, 3), np.float32)
    doc[:] = paper
    ink = float(rng.uniform(20, 70))
    m = max(4, int(w * 0.08))
    if kind == "a4":
        cv2.rectangle(doc, (m, m), (w - m, m + h // 22), ink, -1)  # a title
        _text_block(doc, rng, m, m + h // 12, w - m, h // 2, max(4, h // 70), ink)
        for k in range(6):  # a form table
            y = h // 2 + 20 + k * (h // 18)
            cv2.line(doc, (m, y), (w - m, y), ink, 2)
        cv2.line(doc, (w // 3, h // 2 + 20), (w // 3, h // 2 + 20 + 5 * (h // 18)), ink, 2)
        if rng.random() < 0.6:  # a red seal
            cv2.circle(doc, (int(w * 0.72), int(h * 0.85)), w // 9, (40, 40, 210), max(2, w // 120))
    elif kind == "idcard":
        doc[:] = np.array(rng.uniform([225, 235, 240], [245, 250, 255]), np.float32)
        cv2.rectangle(doc, (int(w * 0.64), int(h * 0.12)), (int(w * 0.93), int(h * 0.72)), (190, 195, 200), -1)
        cv2.ellipse(doc, (int(w * 0.785), int(h * 0.36)), (w // 14, h // 7), 0, 0, 360, (90, 100, 120), -1)
        _text_block(doc, rng, int(w * 0.06), int(h * 0.12), int(w * 0.6), int(h * 0.75), max(3, h // 14), ink)
        cv2.rectangle(doc, (int(w * 0.06), int(h * 0.82)), (int(w * 0.9), int(h * 0.9)), ink, -1)
    elif kind == "receipt":
        _text_block(doc, rng, m, m, w - m, h - m, max(3, w // 28), ink)
    else:  # booklet: two facing pages with a fold and a printed frame on each
        doc[:] = paper * np.array([0.96, 0.98, 1.0], np.float32)
        for x0, x1 in ((0, w // 2), (w // 2, w)):
            cv2.rectangle(doc, (x0 + m // 2, m // 2), (x1 - m // 2, h - m // 2), (120, 110, 160), 2)
            _text_block(doc, rng, x0 + m, m, x1 - m, h - m, max(3, h // 30), ink)
        fold = np.abs(np.arange(w, dtype=np.float32) - w / 2) / (w / 2)
        doc *= (0.85 + 0.15 * np.minimum(1.0, fold * 6))[None, :, None]
    return doc


def _hand(img: np.ndarray, rng: np.random.Generator, at: np.ndarray, direction: np.ndarray, size: float) -> None:
    """A hand reaching in from outside to `at`: palm and fingers in skin tones, drawn onto img."""
    skin = tuple(float(c) for c in rng.uniform([110, 140, 180], [150, 175, 225]))
    d = direction / (np.linalg.norm(direction) + 1e-9)
    normal = np.array([-d[1], d[0]])
    palm = at - d * size * 0.9
    arm_end = palm - d * size * 4
    cv2.line(img, tuple(int(v) for v in palm), tuple(int(v) for v in arm_end), skin, int(size * 0.9), cv2.LINE_AA)
    cv2.ellipse(img, tuple(int(v) for v in palm), (int(size * 0.55), int(size * 0.45)),
                float(np.degrees(np.arctan2(d[1], d[0]))), 0, 360, skin, -1, cv2.LINE_AA)
    for k in (-1.5, -0.5, 0.5, 1.5):
        base = palm + normal * k * size * 0.22
        tip = base + d * size * rng.uniform(0.7, 1.0)
        cv2.line(img, tuple(int(v) for v in base), tuple(int(v) for v in tip), skin, int(size * 0.18), cv2.LINE_AA)


def _camera_effects(img: np.ndarray, rng: np.random.Generator, conditions: list[str],
                    blur: float, noise: float, jpeg: int) -> np.ndarray:
    if blur > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), blur)
        conditions.append(f"blur{blur:.1f}")
    if noise > 0:
        img = img + rng.normal(0, noise, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else out


def _glare(img: np.ndarray, rng: np.random.Generator, centre: np.ndarray, radius: float, strength: float) -> None:
    h, w = img.shape[:2]
    ys, xs = np.ogrid[:h, :w]
    spot = np.exp(-(((xs - centre[0]) ** 2 + (ys - centre[1]) ** 2) / (2 * radius**2))).astype(np.float32)
    img += (strength * spot)[..., None]


def _place_quad(rng: np.random.Generator, w_px: float, h_px: float, frame_w: int, frame_h: int,
                margin: float) -> np.ndarray:
    """A slightly rotated and tilted rectangle fully inside the frame."""
    for _ in range(200):
        angle = np.radians(rng.uniform(-12, 12) if rng.random() < 0.85 else rng.uniform(-35, 35))
        if rng.random() < 0.15:
            angle += np.pi / 2
        c, s = np.cos(angle), np.sin(angle)
        half = np.array([[-w_px, -h_px], [w_px, -h_px], [w_px, h_px], [-w_px, h_px]]) / 2
        quad = half @ np.array([[c, s], [-s, c]])
        # keystone: the camera is not exactly overhead
        tilt = rng.uniform(-0.05, 0.05, 2)
        quad = quad * (1 + quad @ tilt[:, None] / max(w_px, h_px))
        lo, hi = quad.min(axis=0), quad.max(axis=0)
        free = np.array([frame_w, frame_h]) - (hi - lo) - 2 * margin
        if np.all(free > 0):
            centre = np.array([margin, margin]) - lo + rng.uniform(0, 1, 2) * free
            return quad + centre
    raise ValueError("document does not fit the frame")


def _order_quad(quad: np.ndarray) -> np.ndarray:
    from kiosk.vision.geometry import order_corners

    return order_corners(quad).astype(np.float64)


# -- page frames -----------------------------------------------------------------------------------------------


def empty_frame(seed: int, size: tuple[int, int] = (1920, 1080), background: str = "plate") -> np.ndarray:
    """The camera's view with nothing on the plate (lit as page frames are), BGR uint8."""
    rng = np.random.default_rng(seed)
    fw, fh = size
    frame = _background(rng, fh, fw, background) * _smooth_field(rng, fh, fw, 0.85, 1.0)
    return np.clip(frame, 0, 255).astype(np.uint8)


def page_frame(seed: int, size: tuple[int, int] = (1920, 1080), kind: str | None = None,
               background: str | None = None, clean: bool = False, base: np.ndarray | None = None) -> PageSample:
    """One labelled document-camera frame of `size` (width, height). `clean`: no hand, glare, shade or blur
    (the demo camera); `base`: lay the document on this frame (BGR, already lit) instead of a new background."""
    rng = np.random.default_rng(seed)
    fw, fh = size
    kind = kind or DOC_KINDS[int(rng.integers(0, len(DOC_KINDS)))]
    style = background or BACKGROUNDS[int(rng.integers(0, len(BACKGROUNDS)))]
    conditions = [kind, style]
    px_per_mm = fh / 297.0 * rng.uniform(0.8, 0.95)  # the camera frames an A4 page with a little room
    if kind in ("idcard", "receipt"):
        px_per_mm *= rng.uniform(1.0, 1.4)  # small items: staff place them nearer / zoom in a little
    doc = _document(rng, kind, px_per_mm)
    dh, dw = doc.shape[:2]
    w_mm, _ = PAPER_MM[kind]
    w_px = w_mm * px_per_mm
    h_px = w_px * dh / dw
    quad = _place_quad(rng, w_px, h_px, fw, fh, margin=fh * 0.03)
    truth = _order_quad(quad)
    src = np.float32([[-0.5, -0.5], [dw - 0.5, -0.5], [dw - 0.5, dh - 0.5], [-0.5, dh - 0.5]])
    # The document's own corners go where it lies (turned by up to 90 degrees); the label is the outline
    # ordered as find_page reports it.
    H = cv2.getPerspectiveTransform(src, quad.astype(np.float32))

    frame = _background(rng, fh, fw, style) if base is None else base.astype(np.float32)
    alpha = cv2.warpPerspective(np.ones((dh, dw), np.float32), H, (fw, fh), flags=cv2.INTER_LINEAR)
    if rng.random() < 0.6:  # a soft shadow cast by the document's edge lifting off the plate
        offset = np.float32([[1, 0, rng.uniform(-8, 8)], [0, 1, rng.uniform(2, 10)]])
        shadow = cv2.GaussianBlur(cv2.warpAffine(alpha, offset, (fw, fh)), (0, 0), rng.uniform(3, 8))
        frame *= (1 - 0.35 * shadow)[..., None]
        conditions.append("shadow")
    warped = cv2.warpPerspective(doc, H, (fw, fh), flags=cv2.INTER_LINEAR)
    frame = frame * (1 - alpha[..., None]) + warped * alpha[..., None]

    if base is None:
        frame *= _smooth_field(rng, fh, fw, rng.uniform(0.7, 0.95), rng.uniform(0.96, 1.02))  # auto exposure
    if not clean and rng.random() < 0.35:  # a shadow across the plate (the citizen leaning over)
        pts = np.array([[rng.uniform(0, fw), 0], [rng.uniform(0, fw), 0],
                        [rng.uniform(0, fw), fh], [rng.uniform(0, fw), fh]], np.int32)
        mask = np.zeros((fh, fw), np.float32)
        cv2.fillConvexPoly(mask, cv2.convexHull(pts), 1.0)
        frame *= (1 - rng.uniform(0.15, 0.35) * cv2.GaussianBlur(mask, (0, 0), 25))[..., None]
        conditions.append("shade")
    if not clean and rng.random() < 0.25:
        c = truth[int(rng.integers(0, 4))] * 0.5 + truth.mean(axis=0) * 0.5
        _glare(frame, rng, c, fh * rng.uniform(0.04, 0.1), rng.uniform(60, 140))
        conditions.append("glare")
    if not clean and rng.random() < 0.2:  # a hand holding the document down by one edge
        side = int(rng.integers(0, 4))
        a, b = truth[side], truth[(side + 1) % 4]
        at = a + (b - a) * rng.uniform(0.3, 0.7)
        outward = at - truth.mean(axis=0)
        _hand(frame, rng, at + outward / np.linalg.norm(outward) * fh * 0.01, -outward, fh * rng.uniform(0.09, 0.13))
        conditions.append("hand")
    blur = float(rng.uniform(0, 1.6)) if not clean and rng.random() < 0.5 else 0.0
    image = _camera_effects(frame, rng, conditions, blur, float(rng.uniform(1, 5)), int(rng.integers(65, 92)))
    return PageSample(image, truth, kind, conditions)


# -- front camera frames --------------------------------------------------------------------------------------


def face_frame(seed: int, size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """A stylised citizen facing the front camera (head and shoulders in the middle), for the simulator."""
    rng = np.random.default_rng(seed)
    fw, fh = size
    frame = _background(rng, fh, fw, "plate") * _smooth_field(rng, fh, fw, 0.7, 0.9)
    cx, cy = fw // 2 + int(rng.integers(-fw // 40, fw // 40 + 1)), int(fh * 0.47)
    unit = fh / 720
    skin = tuple(float(c) for c in rng.uniform([120, 150, 190], [160, 185, 230]))
    cv2.ellipse(frame, (cx, int(cy + 330 * unit)), (int(260 * unit), int(160 * unit)), 0, 180, 360,
                tuple(float(c) for c in rng.uniform(30, 120, 3)), -1, cv2.LINE_AA)
    cv2.ellipse(frame, (cx, cy), (int(120 * unit), int(160 * unit)), 0, 0, 360, skin, -1, cv2.LINE_AA)
    cv2.ellipse(frame, (cx, int(cy - 120 * unit)), (int(128 * unit), int(70 * unit)), 0, 180, 360,
                (30, 30, 40), -1, cv2.LINE_AA)
    for dx in (-45, 45):
        eye = (int(cx + dx * unit), int(cy - 20 * unit))
        cv2.ellipse(frame, eye, (int(24 * unit), int(11 * unit)), 0, 0, 360, (240, 240, 240), -1, cv2.LINE_AA)
        cv2.circle(frame, eye, int(9 * unit), (40, 30, 30), -1, cv2.LINE_AA)
    cv2.ellipse(frame, (cx, int(cy + 85 * unit)), (int(40 * unit), int(12 * unit)), 0, 0, 180, (70, 70, 160), -1,
                cv2.LINE_AA)
    return _camera_effects(frame, rng, [], 0.0, 2.0, 90)


# -- code frames -----------------------------------------------------------------------------------------------


def _payload(rng: np.random.Generator) -> str:
    template = PAYLOADS[int(rng.integers(0, len(PAYLOADS)))]
    return template.format(n=int(rng.integers(0, 10**6)) % (10**6))


def code_modules(text: str, fmt: str = "qr") -> np.ndarray:
    """The code as a 0/1 matrix (1 = dark) with its quiet zone: one element per module (QR) or bar unit."""
    if fmt == "qr":
        qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
        qr.add_data(text.encode("utf-8"))  # bytes mode, no ECI: what most generators in the field do
        qr.make(fit=True)
        return np.array(qr.get_matrix(), np.uint8)
    bars = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128).to_image(scale=1))
    row = (bars[bars.shape[0] // 2] < 128).astype(np.uint8)
    row = np.concatenate([np.zeros(10, np.uint8), row, np.zeros(10, np.uint8)])
    return np.repeat(row[None, :], max(8, len(row) // 4), axis=0)


def _moire(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    ys, xs = np.mgrid[:h, :w].astype(np.float32)
    f1, f2 = rng.uniform(0.6, 1.4, 2)
    a1, a2 = rng.uniform(0, np.pi, 2)
    wave = (np.sin(f1 * (xs * np.cos(a1) + ys * np.sin(a1))) + np.sin(f2 * (xs * np.cos(a2) + ys * np.sin(a2))))
    return (1 + rng.uniform(0.06, 0.16) * wave / 2)[..., None]


def code_frame(seed: int, size: tuple[int, int] = (1280, 720), n_codes: int | None = None,
               texts: list[str] | None = None) -> CodeSample:
    """One labelled camera frame of `size` with 0..3 codes; with `texts`, clear QR codes of those texts on
    phone screens (the demo camera: a citizen showing a code)."""
    rng = np.random.default_rng(seed)
    fw, fh = size
    clean = texts is not None
    if texts is not None:
        n_codes = len(texts)
    elif n_codes is None:
        n_codes = int(rng.choice([0, 1, 1, 1, 1, 1, 2, 3], p=[0.12, 0.15, 0.15, 0.15, 0.15, 0.1, 0.12, 0.06]))
    conditions: list[str] = []
    frame = _background(rng, fh, fw, str(rng.choice(["plate", "clutter", "dark", "wood"])))
    for _ in range(int(rng.integers(0, 3))):  # printed distractors: text, tables
        x, y = int(rng.integers(0, fw - 300)), int(rng.integers(0, fh - 200))
        frame[y:y + 200, x:x + 300] = rng.uniform(215, 245)
        _text_block(frame, rng, x + 10, y + 10, x + 290, y + 190, int(rng.integers(5, 12)), float(rng.uniform(20, 80)))
    payloads: list[str] = []
    formats: list[str] = []
    corners: list[np.ndarray] = []
    boxes: list[np.ndarray] = []
    glare_at: list[np.ndarray] = []
    for _ in range(n_codes):
        fmt = "code128" if not clean and rng.random() < 0.12 else "qr"
        text = _payload(rng) if fmt == "qr" else f"NC{int(rng.integers(10**9, 10**10))}"
        if texts is not None:
            text = texts[len(payloads)]
        mods = code_modules(text, fmt)
        if clean:
            module_px = float(rng.uniform(3.5, 5.0))
        elif fmt == "qr":
            module_px = float(rng.uniform(1.6, 6.0)) if rng.random() < 0.75 else float(rng.uniform(1.1, 1.8))
        else:
            module_px = float(rng.uniform(1.4, 3.0))
        mh, mw = mods.shape
        cw, ch = mw * module_px, mh * module_px
        if cw > fw * 0.8 or ch > fh * 0.8:
            module_px = min(fw * 0.8 / mw, fh * 0.8 / mh)
            cw, ch = mw * module_px, mh * module_px
        if module_px < 2:
            conditions.append("small")
        phone = clean or (fmt == "qr" and rng.random() < 0.3)
        inverted = not clean and phone and rng.random() < 0.3
        low_contrast = not clean and rng.random() < 0.25
        dark, light = (float(rng.uniform(110, 160)), float(rng.uniform(175, 215))) if low_contrast else \
            (float(rng.uniform(10, 60)), float(rng.uniform(215, 250)))
        if low_contrast:
            conditions.append("lowcontrast")
        if inverted:
            dark, light = light * 0.9, dark * 0.3
            conditions.append("inverted")
        scale = 4  # render the symbol at 4 px per module then warp down
        tile = np.where(mods > 0, dark, light).astype(np.float32)
        tile = cv2.resize(tile, (mw * scale, mh * scale), interpolation=cv2.INTER_NEAREST)
        tile = np.repeat(tile[..., None], 3, axis=2)
        if phone:  # a phone screen: bright panel with a dark bezel, pixel grid moire
            pad = int(mw * scale * 0.25)
            body = np.full((tile.shape[0] + 4 * pad, tile.shape[1] + 2 * pad, 3), float(rng.uniform(15, 40)), np.float32)
            body[2 * pad:2 * pad + tile.shape[0], pad:pad + tile.shape[1]] = tile
            tile = body
            conditions.append("phone")
        th, tw = tile.shape[:2]
        quad = _free_quad(partial(_place_quad, rng, cw * tw / (mw * scale), ch * th / (mh * scale), fw, fh, margin=8),
                          boxes)
        if quad is None:
            continue
        frame, H = _paste(frame, tile, quad, rng if phone else None)
        if not clean and (phone or rng.random() < 0.15):
            glare_at.append(quad.mean(axis=0) + rng.uniform(-0.3, 0.3, 2) * (quad.max(0) - quad.min(0)))
        inner = np.float32([[0, 0], [tw, 0], [tw, th], [0, th]])  # for the label: the whole symbol area
        corners.append(_order_quad(cv2.perspectiveTransform(inner[None], H)[0]))
        payloads.append(text)
        formats.append(fmt)
    frame *= _smooth_field(rng, fh, fw, rng.uniform(0.7, 0.95), rng.uniform(1.0, 1.15))
    for c in glare_at:
        _glare(frame, rng, c, rng.uniform(15, 45), rng.uniform(50, 150))
        conditions.append("glare")
    blur = float(rng.uniform(0.5, 2.0)) if not clean and rng.random() < 0.35 else 0.0
    image = _camera_effects(frame, rng, conditions, blur, float(rng.uniform(1, 6)), int(rng.integers(60, 92)))
    return CodeSample(image, payloads, formats, corners, conditions)


def _free_quad(propose: Callable[[], np.ndarray | None], boxes: list[np.ndarray]) -> np.ndarray | None:
    """A proposed quad whose bounding box overlaps none of `boxes` (then added to them); None after 60 tries or
    when `propose` gives up."""
    for _try in range(60):
        quad = propose()
        if quad is None:
            return None
        box = cv2.boundingRect(quad.astype(np.float32))
        if all(_disjoint(box, other) for other in boxes):
            boxes.append(np.array(box))
            return quad
    return None


def _paste(frame: np.ndarray, tile: np.ndarray, quad: np.ndarray,
           moire: np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
    """`tile` warped onto `quad` of `frame` (with a screen's moire drawn from `moire`); the new frame and the
    tile-to-frame homography."""
    fh, fw = frame.shape[:2]
    th, tw = tile.shape[:2]
    src = np.float32([[-0.5, -0.5], [tw - 0.5, -0.5], [tw - 0.5, th - 0.5], [-0.5, th - 0.5]])
    H = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    alpha = cv2.warpPerspective(np.ones((th, tw), np.float32), H, (fw, fh), flags=cv2.INTER_AREA)
    warped = cv2.warpPerspective(tile, H, (fw, fh), flags=cv2.INTER_AREA)
    if moire is not None:
        warped *= _moire(moire, fh, fw)
    return frame * (1 - alpha[..., None]) + warped * alpha[..., None], H


def _disjoint(a: tuple[int, int, int, int] | np.ndarray, b: np.ndarray) -> bool:
    ax, ay, aw, ah = (int(v) for v in a)
    bx, by, bw, bh = (int(v) for v in b)
    return ax + aw + 20 < bx or bx + bw + 20 < ax or ay + ah + 20 < by or by + bh + 20 < ay


# -- harder code frames ----------------------------------------------------------------------------------------


def _phone_tile(rng: np.random.Generator, code: np.ndarray, dark_mode: bool) -> tuple[np.ndarray, int, int]:
    """A phone held up to the camera: a dark body and bezel around a lit screen, an app bar above the code and
    text below it, the code on a light screen (in dark mode, light modules on a dark one). Returns the phone and
    where the code's top left corner is on it."""
    ch, cw = code.shape[:2]
    screen_bg = float(rng.uniform(25, 45)) if dark_mode else float(rng.uniform(225, 250))
    sw, sh = int(cw * rng.uniform(1.15, 1.5)), int(ch * rng.uniform(1.9, 2.3))
    screen = np.full((sh, sw, 3), screen_bg, np.float32)
    screen[: sh // 9] = rng.uniform(60, 200, 3)  # the app's title bar
    x, y = (sw - cw) // 2, int(sh * rng.uniform(0.25, 0.4))
    screen[y:y + ch, x:x + cw] = code
    ink = 200.0 if dark_mode else 60.0
    _text_block(screen, rng, sw // 10, y + ch + sh // 30, sw - sw // 10, sh - sh // 20, max(3, sh // 40), ink)
    bezel = max(4, int(sw * rng.uniform(0.04, 0.08)))
    body = np.full((sh + 4 * bezel, sw + 2 * bezel, 3), float(rng.uniform(8, 30)), np.float32)
    body[2 * bezel:2 * bezel + sh, bezel:bezel + sw] = screen
    return body, bezel + x, 2 * bezel + y


def _motion_blur(img: np.ndarray, length: float, angle: float) -> np.ndarray:
    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    cv2.line(kernel, (int(round(c - dx)), int(round(c - dy))), (int(round(c + dx)), int(round(c + dy))), 1.0, 1,
             cv2.LINE_AA)
    return cv2.filter2D(img, -1, kernel / kernel.sum())


def _tilted_quad(rng: np.random.Generator, w_px: float, h_px: float, frame_w: int, frame_h: int,
                 keystone: float) -> np.ndarray | None:
    """A rectangle turned by any angle, one side shortened by `keystone` of its size (the camera looks at it
    at an angle), somewhere inside the frame; None when it does not fit."""
    half = np.array([[-w_px, -h_px], [w_px, -h_px], [w_px, h_px], [-w_px, h_px]], np.float64) / 2
    side = int(rng.integers(0, 4))
    a, b = side, (side + 1) % 4
    for i in (a, b):  # pull the two ends of one side towards each other
        other = b if i == a else a
        half[i] += (half[other] - half[i]) * keystone / 2
    angle = rng.uniform(0, 2 * np.pi)
    c, s = np.cos(angle), np.sin(angle)
    quad = half @ np.array([[c, s], [-s, c]])
    lo, hi = quad.min(axis=0), quad.max(axis=0)
    free = np.array([frame_w, frame_h]) - (hi - lo) - 16
    if np.any(free <= 0):
        return None
    return quad - lo + 8 + rng.uniform(0, 1, 2) * free


def hard_code_frame(seed: int, size: tuple[int, int] = (1280, 720), n_codes: int | None = None,
                    phone: bool | None = None) -> CodeSample:
    """A harder labelled frame than `code_frame`, closer to photos of the field: 0..2 QR codes (some Code 128)
    with modules of 1.5 to 6 px, turned by any angle, seen at an angle (one side up to a fifth shorter),
    contrast down to 0.45 with an offset, Gaussian blur up to sigma 2.6 and motion blur, glare spots, JPEG
    quality 55-92; half of them on phones (a dark bezel around the lit screen, pixel-grid moire, dark mode).
    `phone` forces or forbids the phone."""
    rng = np.random.default_rng(seed)
    fw, fh = size
    if n_codes is None:
        n_codes = int(rng.choice([0, 1, 2], p=[0.15, 0.6, 0.25]))
    conditions: list[str] = []
    frame = _background(rng, fh, fw, str(rng.choice(["plate", "clutter", "dark", "wood"])))
    for _ in range(int(rng.integers(0, 3))):  # printed distractors: text, tables
        x, y = int(rng.integers(0, fw - 300)), int(rng.integers(0, fh - 200))
        frame[y:y + 200, x:x + 300] = rng.uniform(215, 245)
        _text_block(frame, rng, x + 10, y + 10, x + 290, y + 190, int(rng.integers(5, 12)), float(rng.uniform(20, 80)))
    payloads: list[str] = []
    formats: list[str] = []
    corners: list[np.ndarray] = []
    boxes: list[np.ndarray] = []
    glare_at: list[tuple[np.ndarray, float]] = []
    for _ in range(n_codes):
        fmt = "code128" if rng.random() < 0.1 else "qr"
        text = _payload(rng) if fmt == "qr" else f"NC{int(rng.integers(10**9, 10**10))}"
        mods = code_modules(text, fmt)
        module_px = float(np.exp(rng.uniform(np.log(1.5), np.log(6.0)))) if fmt == "qr" else float(rng.uniform(1.5, 3))
        mh, mw = mods.shape
        module_px = min(module_px, fw * 0.5 / mw, fh * 0.5 / mh)
        if module_px < 2.5:
            conditions.append("small")
        on_phone = (fmt == "qr" and rng.random() < 0.5) if phone is None else phone
        dark_mode = on_phone and rng.random() < 0.2
        contrast = float(rng.uniform(0.45, 0.95))
        offset = float(rng.uniform(0, 1 - contrast))
        dark, light = 255 * offset, 255 * (offset + contrast)
        if contrast < 0.6:
            conditions.append("lowcontrast")
        if dark_mode:
            dark, light = light, dark
            conditions.append("darkmode")
        scale = 4  # render the symbol at 4 px per module then warp down
        tile = np.where(mods > 0, dark, light).astype(np.float32)
        tile = cv2.resize(tile, (mw * scale, mh * scale), interpolation=cv2.INTER_NEAREST)
        tile = np.repeat(tile[..., None], 3, axis=2)
        code_w, code_h = tile.shape[1], tile.shape[0]
        x0, y0 = 0, 0
        if on_phone:
            tile, x0, y0 = _phone_tile(rng, tile, dark_mode)
            conditions.append("phone")
        th, tw = tile.shape[:2]
        keystone = float(rng.uniform(0, 0.2))
        quad = _free_quad(partial(_tilted_quad, rng, tw * module_px / scale, th * module_px / scale, fw, fh, keystone),
                          boxes)
        if quad is None:
            continue
        frame, H = _paste(frame, tile, quad, rng if on_phone else None)
        inner = np.float32([[x0, y0], [x0 + code_w, y0], [x0 + code_w, y0 + code_h], [x0, y0 + code_h]])
        outline = cv2.perspectiveTransform(inner[None], H)[0]
        if on_phone or rng.random() < 0.3:
            spot = outline.mean(axis=0) + rng.uniform(-0.4, 0.4, 2) * (outline.max(0) - outline.min(0))
            glare_at.append((spot, float(np.ptp(outline[:, 0]))))
        corners.append(_order_quad(outline))
        payloads.append(text)
        formats.append(fmt)
    frame *= _smooth_field(rng, fh, fw, rng.uniform(0.7, 0.95), rng.uniform(1.0, 1.15))
    for centre, extent in glare_at:
        _glare(frame, rng, centre, extent * rng.uniform(0.08, 0.25), rng.uniform(40, 130))
        conditions.append("glare")
    if rng.random() < 0.25:
        length, angle = float(rng.uniform(2, 5)), float(rng.uniform(0, np.pi))
        frame = _motion_blur(frame, length, angle)
        conditions.append(f"motion{length:.0f}")
    blur = float(rng.uniform(0.5, 2.6)) if rng.random() < 0.5 else 0.0
    image = _camera_effects(frame, rng, conditions, blur, float(rng.uniform(1, 6)), int(rng.integers(55, 93)))
    return CodeSample(image, payloads, formats, corners, conditions)
