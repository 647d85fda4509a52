"""The capture guidance state machine, preview analysis, and the output files' bytes."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pytest

from kiosk.base.errors import KioskError
from kiosk.vision import CaptureGuide, FrameAnalysis, Page, analyse_frame, synth
from kiosk.vision.capture import MaterialScans, ScannedPage, hint, outline_points, scan_page
from kiosk.vision.export import jpeg_bytes, pdf_bundle, preview_rgb, thumbnail
from kiosk.vision.geometry import as_corners, polygon_iou
from kiosk.vision.quality import GLARE, NO_PAGE, Quality

A4 = [(400.0, 100.0), (1100.0, 110.0), (1090.0, 1000.0), (410.0, 990.0)]


def _analysis(corners: list[tuple[float, float]] | None, flags: tuple[str, ...] = ()) -> FrameAnalysis:
    page = Page(as_corners(np.array(corners, np.float32)), 0.9) if corners else None
    measured = Quality(0.5, 0.0, 0.3 if corners else 0.0, 200.0, flags if corners else (NO_PAGE,))
    return FrameAnalysis(page, measured, 1920, 1080)


def _shifted(dx: float) -> list[tuple[float, float]]:
    return [(x + dx, y) for x, y in A4]


def test_empty_then_steady_page_captures_once_then_waits_for_the_next_page() -> None:
    guide = CaptureGuide(steady_s=0.5)
    assert guide.update(_analysis(None), 0.0).message == hint("empty")
    first = guide.update(_analysis(A4), 0.1)
    assert first.state == "moving" and first.message == "请保持不动" and first.corners is not None
    assert guide.update(_analysis(_shifted(40)), 0.2).state == "moving"  # still being pushed around
    hold = guide.update(_analysis(_shifted(40)), 0.4)
    assert hold.state == "hold" and 0 < hold.progress < 1 and not hold.capture
    shot = guide.update(_analysis(_shifted(40)), 0.8)
    assert shot.capture and shot.state == "capture"
    after = [guide.update(_analysis(_shifted(40)), t) for t in (1.0, 2.0, 3.0)]
    assert all(g.state == "captured" and not g.capture for g in after)
    assert guide.update(_analysis(None), 3.2).state == "empty"  # page taken away
    guide.update(_analysis(A4), 3.4)
    guide.update(_analysis(A4), 3.5)
    assert guide.update(_analysis(A4), 4.1).capture  # the next page


def test_a_different_page_without_emptying_the_plate_is_captured_too() -> None:
    guide = CaptureGuide(steady_s=0.2)
    for t in (0.0, 0.1, 0.4):
        g = guide.update(_analysis(A4), t)
    assert g.capture
    other = [(600.0, 300.0), (900.0, 300.0), (900.0, 500.0), (600.0, 500.0)]  # an ID card put on top
    guide.update(_analysis(other), 1.0)
    assert guide.update(_analysis(other), 1.1).state == "hold"
    assert guide.update(_analysis(other), 1.4).capture


def test_glare_asks_to_adjust_and_blocks_capture() -> None:
    guide = CaptureGuide(steady_s=0.1)
    states = [guide.update(_analysis(A4, (GLARE,)), t) for t in (0.0, 0.5, 1.0, 2.0)]
    assert all(g.message == "反光太强，请调整" and not g.capture for g in states)


def test_manual_mode_never_auto_captures() -> None:
    guide = CaptureGuide(steady_s=0.1, auto=False)
    assert not any(guide.update(_analysis(A4), t).capture for t in (0.0, 0.1, 0.5, 1.0))


def test_analyse_frame_reports_corners_in_the_full_frame() -> None:
    sample = synth.page_frame(11, kind="a4")
    analysis = analyse_frame(sample.image)
    assert (analysis.width, analysis.height) == (1920, 1080)
    assert analysis.page is not None
    assert polygon_iou(analysis.page.points, sample.corners) > 0.95


def test_scan_page_and_a4_jpeg_under_300_kb() -> None:
    sample = synth.page_frame(11, kind="a4")
    scanned = scan_page(sample.image, dpi=200)
    assert scanned.image.shape[:2] == (2339, 1654)
    data = scanned.jpeg()
    assert data[:2] == b"\xff\xd8" and len(data) <= 300_000
    assert max(scanned.thumbnail.shape[:2]) == 240
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape[:2] == (2339, 1654)


def test_jpeg_size_limit_holds_even_for_noise() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (2339, 1654, 3), dtype=np.uint8)
    assert len(jpeg_bytes(noise, max_bytes=300_000)) <= 300_000
    with pytest.raises(KioskError):
        jpeg_bytes(np.zeros((0, 0, 3), np.uint8))


def test_pdf_bundle_has_one_page_per_jpeg_at_its_real_size() -> None:
    pages = [jpeg_bytes(np.full((2339, 1654, 3), 250, np.uint8)), jpeg_bytes(np.full((425, 674), 200, np.uint8))]
    pdf = pdf_bundle(pages, dpi=200, title="户口簿")
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/Count 2" in pdf
    boxes = [tuple(float(v) for v in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]
    assert boxes[0] == pytest.approx((595.44, 842.04), abs=0.1)  # A4 in points
    assert b"/DeviceGray" in pdf  # the grey page stays grey
    xref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[xref:xref + 4] == b"xref"
    with pytest.raises(KioskError):
        pdf_bundle([])
    with pytest.raises(KioskError):
        pdf_bundle([b"not a jpeg"])


def test_thumbnail_keeps_aspect() -> None:
    thumb = thumbnail(np.zeros((2339, 1654, 3), np.uint8))
    assert thumb.shape[0] == 240 and thumb.shape[1] == round(1654 * 240 / 2339)


def test_material_pages_retake_delete_and_pdf() -> None:
    def page(level: int) -> ScannedPage:
        image = np.full((400, 300, 3), level, np.uint8)
        return ScannedPage(image, None, thumbnail(image))

    material = MaterialScans("户口簿", dpi=100)
    assert material.add(page(200)) == 1 and material.add(page(210)) == 2 and material.add(page(220)) == 3
    material.retake(2, page(90))
    material.delete(1)
    assert len(material) == 2
    assert [int(p.image.mean()) for p in material.pages] == [90, 220]
    assert b"/Count 2" in material.pdf()
    assert all(j[:2] == b"\xff\xd8" for j in material.jpegs())
    with pytest.raises(KioskError):
        material.delete(3)
    assert "array" not in repr(material.pages[0]) and repr(material) == "MaterialScans('户口簿', 2 pages)"


def test_preview_helpers_for_the_screen() -> None:
    frame = np.zeros((1080, 1920, 3), np.uint8)
    frame[0, 0] = (255, 0, 0)  # blue, top-left
    preview = preview_rgb(frame, 960)
    assert preview.shape == (540, 960, 3) and preview.flags["C_CONTIGUOUS"]
    assert preview[-1, 0, 2] > 0 and preview[-1, 0, 0] == 0  # top row last, and RGB order
    points = outline_points(((0.0, 0.0), (1920.0, 0.0), (1920.0, 1080.0), (0.0, 1080.0)), (1920, 1080), (960, 540))
    assert points == [0.0, 540.0, 960.0, 540.0, 960.0, 0.0, 0.0, 0.0]


def test_guidance_follows_a_language_switch_from_one_frame_to_the_next() -> None:
    from kiosk.base import i18n
    guide = CaptureGuide(steady_s=0.5)
    assert guide.update(_analysis(None), 0.0).message == "请将材料平放在拍摄区"
    i18n.set_language("en")
    try:
        assert guide.update(_analysis(None), 0.1).message == "Lay the document flat in the photo area"
        assert guide.update(_analysis(A4, (GLARE,)), 0.2).message == "Too much glare. Please adjust"
    finally:
        i18n.set_language(i18n.SOURCE)
