"""Page outline, correction and enhancement on labelled synthetic frames."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.base.errors import KioskError
from kiosk.vision import Page, enhance, find_page, paper_size_mm, synth, warp_page
from kiosk.vision.geometry import as_corners, order_corners, polygon_iou

# Seeds below 100 000 are the tests'; the benchmark uses 900 000 and up.
KIND_SEEDS = {"a4": 11, "idcard": 12, "receipt": 13, "booklet": 14}


def test_corner_order_is_tl_tr_br_bl_whatever_the_input_order() -> None:
    square = [(10, 10), (110, 12), (108, 95), (12, 90)]
    for perm in itertools.permutations(square):
        assert order_corners(perm).tolist() == np.float32(square).tolist()


@settings(max_examples=60, deadline=None)
@given(angle=st.floats(-40, 40), w=st.floats(40, 400), h=st.floats(40, 400), cx=st.floats(300, 600),
       cy=st.floats(300, 600), shuffle=st.permutations(range(4)))
def test_corner_order_on_rotated_rectangles(angle: float, w: float, h: float, cx: float, cy: float,
                                            shuffle: list[int]) -> None:
    t = np.radians(angle)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    rect = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2 @ rot.T + [cx, cy]
    ordered = order_corners(rect[list(shuffle)])
    tl, tr, br, bl = ordered
    assert tl[0] < tr[0] and bl[0] < br[0]  # left ones left of right ones
    assert tl[1] < bl[1] and tr[1] < br[1]  # top ones above bottom ones
    assert np.allclose(np.sort(ordered, axis=0), np.sort(rect.astype(np.float32), axis=0), atol=1e-3)


@pytest.mark.parametrize("kind", sorted(KIND_SEEDS))
def test_find_page_matches_the_true_outline(kind: str) -> None:
    sample = synth.page_frame(KIND_SEEDS[kind], kind=kind)
    page = find_page(sample.image)
    assert page is not None
    assert polygon_iou(page.points, sample.corners) > 0.97
    assert 0.0 < page.confidence <= 1.0
    assert order_corners(page.points).tolist() == page.points.tolist()


def test_find_page_on_low_contrast_plate_and_with_a_hand() -> None:
    plate = synth.page_frame(21, kind="a4", background="plate")
    assert polygon_iou(find_page(plate.image).points, plate.corners) > 0.97  # type: ignore[union-attr]
    seed = next(s for s in range(30, 400) if "hand" in synth.page_frame(s, kind="a4").conditions)
    held = synth.page_frame(seed, kind="a4")
    assert polygon_iou(find_page(held.image).points, held.corners) > 0.95  # type: ignore[union-attr]


def test_no_page_on_an_empty_plate_and_no_crash_on_odd_input() -> None:
    assert find_page(synth.empty_frame(3)) is None
    assert find_page(np.zeros((10, 10, 3), np.uint8)) is None
    assert find_page(np.zeros((0, 0), np.uint8)) is None
    frame = synth.page_frame(11, kind="a4").image
    assert find_page(frame[..., 1]) is not None  # a grey frame works too
    assert find_page(cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA)) is not None  # and one with alpha
    for odd in (frame.astype(np.float32), frame[..., :2].copy(), frame.astype(np.uint16), "frame", None):
        assert find_page(odd) is None  # type: ignore[arg-type]


def _page(corners: list[tuple[float, float]]) -> Page:
    return Page(as_corners(np.array(corners, np.float32)), 1.0)


def test_warp_gives_the_paper_size_at_the_dpi() -> None:
    sample = synth.page_frame(KIND_SEEDS["a4"], kind="a4")
    flat = warp_page(sample.image, find_page(sample.image), dpi=200)  # type: ignore[arg-type]
    assert flat.shape[:2] == (2339, 1654)  # A4 at 200 dpi, portrait as it lies
    card = synth.page_frame(40, kind="idcard")
    flat = warp_page(card.image, find_page(card.image), dpi=300)  # type: ignore[arg-type]
    long, short = max(flat.shape[:2]), min(flat.shape[:2])
    assert long / short == pytest.approx(85.6 / 54.0, rel=0.01)
    assert long == round(85.6 / 25.4 * 300)


def test_warp_aspect_follows_the_outline_under_perspective() -> None:
    # A landscape A4-shaped quad seen with keystone: snapped to A4, landscape.
    image = np.full((1080, 1920, 3), 200, np.uint8)
    page = _page([(300, 200), (1500, 180), (1520, 1040), (280, 1010)])
    width, height = paper_size_mm(page)
    assert (width, height) == (297.0, 210.0)
    flat = warp_page(image, page, dpi=100)
    assert flat.shape[:2] == (round(210 / 25.4 * 100), round(297 / 25.4 * 100))
    with pytest.raises(KioskError):
        warp_page(image, page, paper="letter")
    with pytest.raises(KioskError):
        warp_page(image, page, dpi=5000)


def test_warp_of_an_unknown_shape_keeps_its_measured_aspect() -> None:
    page = _page([(100, 100), (700, 100), (700, 300), (100, 300)])  # 3:1, no paper like it but a receipt
    width, height = paper_size_mm(page)
    assert width / height == pytest.approx(3.0, rel=0.01)


def test_enhance_whitens_paper_and_bw_is_two_levels() -> None:
    sample = synth.page_frame(KIND_SEEDS["a4"], kind="a4")
    flat = warp_page(sample.image, find_page(sample.image), dpi=100)  # type: ignore[arg-type]
    colour = enhance(flat, "colour")
    grey = enhance(flat, "grey")
    bw = enhance(flat, "bw")
    assert colour.shape == flat.shape and grey.shape == flat.shape[:2] and bw.shape == flat.shape[:2]
    assert set(np.unique(bw)) <= {0, 255}
    assert 0.5 < (bw == 255).mean() < 0.99  # mostly paper, some print
    # Uneven light is divided out: the paper's brightness varies far less after enhancement.
    paper_before = np.percentile(flat.mean(axis=2), 90) - np.percentile(flat.mean(axis=2), 40)
    paper_after = np.percentile(grey, 90) - np.percentile(grey, 40)
    assert paper_after < paper_before
    with pytest.raises(KioskError):
        enhance(flat, "sepia")  # type: ignore[arg-type]
