"""What the capture screen shows and when it takes the picture, as pure Python.

`analyse_frame(image)` finds the page on a preview-sized copy of a camera frame and measures it.
`CaptureGuide.update(analysis, now)` turns a stream of analyses into guidance: the message to show, the
outline to draw, a steadiness progress (0..1) and, once per page, `capture=True` when the page has lain
still and sharp long enough. After the app took the picture it calls `captured()`; the guide then waits for
the page to be taken away or turned before it captures again. Not thread-bound: the camera worker calls
`update` and hands the Guidance to the UI thread. `scan_page(frame)` makes the corrected page to keep, and
`MaterialScans` holds one material's pages (retake, delete) and gives its JPEGs and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.vision.export import PAGE_MAX_BYTES, jpeg_bytes, pdf_bundle, thumbnail
from kiosk.vision.geometry import Corners, polygon_iou
from kiosk.vision.page import Page, find_page, shrink
from kiosk.vision.quality import BLURRY, CUT_OFF, DARK, GLARE, TOO_SMALL, Quality, quality
from kiosk.vision.warp import Mode, enhance, warp_page

ANALYSE_WIDTH = 960  # preview analysis: fast, and plenty for guidance (the capture itself is full-size)

def hint(situation: str) -> str:
    """The words citizens see for a situation (plain and short; the screen shows one at a time), in the
    language of the moment: guidance is made afresh for every analysed frame, so a switch shows at once."""
    return {
        "empty": _("请将材料平放在拍摄区"),
        CUT_OFF: _("请将材料完整放入拍摄区"),
        TOO_SMALL: _("请将材料放到拍摄区中间"),
        DARK: _("光线太暗，请稍等或呼叫工作人员"),
        GLARE: _("反光太强，请调整"),
        BLURRY: _("请保持不动"),
        "moving": _("请保持不动"),
        "hold": _("请保持不动，马上拍好"),
        "capture": _("正在拍摄…"),
        "captured": _("已拍好，请放下一页，或点“下一步”"),
    }[situation]


@dataclass(frozen=True)
class FrameAnalysis:
    page: Page | None  # in the analysed frame's own pixels (full size)
    quality: Quality
    width: int
    height: int


@dataclass(frozen=True)
class Guidance:
    state: str  # empty | adjust | moving | hold | capture | captured
    message: str
    corners: Corners | None  # outline to draw, in the analysed frame's pixels
    progress: float  # 0..1, how far the steadiness countdown is
    capture: bool  # True once: take the picture now
    flags: tuple[str, ...] = ()


def analyse_frame(image: np.ndarray, width: int = ANALYSE_WIDTH) -> FrameAnalysis:
    """Find and measure the page on a reduced copy; corners come back in the given frame's pixels."""
    small = shrink(image, width)
    factor = small.shape[1] / image.shape[1]
    page = find_page(small)
    measured = quality(small, page)
    if page is not None and factor != 1.0:
        page = Page(tuple((x / factor, y / factor) for x, y in page.corners), page.confidence)  # type: ignore[arg-type]
    return FrameAnalysis(page, measured, image.shape[1], image.shape[0])


class CaptureGuide:
    """The auto-capture state machine. Times are seconds from any monotonic clock."""

    def __init__(self, steady_s: float = 0.8, still_iou: float = 0.985, changed_iou: float = 0.8,
                 min_confidence: float = 0.3, auto: bool = True) -> None:
        self.steady_s = steady_s
        self.still_iou = still_iou  # consecutive outlines at least this alike: the page is still
        self.changed_iou = changed_iou  # an outline less alike than this to the captured one: a new page
        self.min_confidence = min_confidence
        self.auto = auto
        self.reset()

    def reset(self) -> None:
        """Forget everything (a new material, or the screen was left)."""
        self._last: np.ndarray | None = None
        self._still_since: float | None = None
        self._captured: np.ndarray | None = None
        self._fired = False

    def captured(self, page: Page | None = None) -> None:
        """The app took a picture (auto or manual shutter): wait for the next page before capturing again."""
        if page is not None:
            self._captured = page.points
        elif self._last is not None:
            self._captured = self._last
        self._fired = True
        self._still_since = None

    def update(self, analysis: FrameAnalysis, now: float) -> Guidance:
        page = analysis.page
        if page is None or page.confidence < self.min_confidence:
            self._last = None
            self._still_since = None
            if self._fired:  # the captured page was taken away: ready for the next one
                self._fired = False
                self._captured = None
            return Guidance("empty", hint("empty"), None, 0.0, False, analysis.quality.flags)
        points = page.points
        if self._fired and self._captured is not None and polygon_iou(points, self._captured) < self.changed_iou:
            self._fired = False  # a different page (or the page turned over) lies there now
            self._captured = None
        moving = self._last is not None and polygon_iou(points, self._last) < self.still_iou
        self._last = points
        flags = analysis.quality.flags
        if self._fired:
            return Guidance("captured", hint("captured"), page.corners, 1.0, False, flags)
        problem = next((f for f in (CUT_OFF, TOO_SMALL, DARK, GLARE) if f in flags), None)
        if problem is not None:
            self._still_since = None
            return Guidance("adjust", hint(problem), page.corners, 0.0, False, flags)
        if moving or BLURRY in flags or self._still_since is None:
            self._still_since = now
            return Guidance("moving", hint("moving"), page.corners, 0.0, False, flags)
        progress = min(1.0, (now - self._still_since) / self.steady_s) if self.steady_s > 0 else 1.0
        if progress < 1.0 or not self.auto:
            return Guidance("hold", hint("hold"), page.corners, progress, False, flags)
        self.captured(page)
        return Guidance("capture", hint("capture"), page.corners, 1.0, True, flags)


@dataclass(frozen=True)
class ScannedPage:
    """A captured page: the corrected scan, where it lay on the frame, and a thumbnail for the strip.
    A scan of an ID card is personal data: the images never show in repr (and so not in logs)."""

    image: np.ndarray = field(repr=False)  # corrected and enhanced
    page: Page | None  # on the full frame; None when no page was found (the whole frame was kept)
    thumbnail: np.ndarray = field(repr=False)

    def jpeg(self, max_bytes: int = PAGE_MAX_BYTES) -> bytes:
        return jpeg_bytes(self.image, max_bytes)


class MaterialScans:
    """The pages of one material (say, the household register) in order, with retake and delete, and its
    output: one JPEG per page and a PDF of them all. Not thread-safe: the UI thread owns it."""

    def __init__(self, name: str, dpi: int = 200) -> None:
        self.name = name
        self.dpi = dpi
        self.pages: list[ScannedPage] = []

    def __len__(self) -> int:
        return len(self.pages)

    def __repr__(self) -> str:
        return f"MaterialScans({self.name!r}, {len(self.pages)} pages)"

    def add(self, page: ScannedPage) -> int:
        """Append a page; returns its number (from 1)."""
        self.pages.append(page)
        return len(self.pages)

    def retake(self, number: int, page: ScannedPage) -> None:
        """Replace page `number` (from 1) with a new capture."""
        self.pages[self._index(number)] = page

    def delete(self, number: int) -> None:
        del self.pages[self._index(number)]

    def jpegs(self) -> list[bytes]:
        return [p.jpeg() for p in self.pages]

    def pdf(self) -> bytes:
        return pdf_bundle(self.jpegs(), dpi=self.dpi, title=self.name)

    def _index(self, number: int) -> int:
        if not 1 <= number <= len(self.pages):
            raise KioskError(_("没有这一页"), f"page {number} of {len(self.pages)}")
        return number - 1


def scan_page(image: np.ndarray, hint: Page | None = None, dpi: int = 200, mode: Mode = "colour",
              paper: str = "auto") -> ScannedPage:
    """The full-size frame turned into a scan: the page found again at full resolution (or the preview's
    outline `hint`, or else the whole frame), flattened at `dpi` and enhanced."""
    page = find_page(image) or hint
    flat = warp_page(image, page, dpi=dpi, paper=paper) if page is not None else image
    scanned = enhance(flat, mode)
    return ScannedPage(scanned, page, thumbnail(scanned))


def outline_points(corners: Corners, frame_size: tuple[int, int], view_size: tuple[float, float],
                   bottom_up: bool = True) -> list[float]:
    """A page outline in frame pixels as the flat [x0, y0, x1, y1, ...] list a Kivy `Line(points=...,
    close=True)` takes, for a preview of the whole frame drawn at `view_size` (y up when `bottom_up`)."""
    sx = view_size[0] / frame_size[0]
    sy = view_size[1] / frame_size[1]
    points: list[float] = []
    for x, y in corners:
        points += [x * sx, (frame_size[1] - y) * sy if bottom_up else y * sy]
    return points
