"""Code reading: exact texts (UTF-8 Chinese too), nothing on frames without codes, never a wrong text."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp
from pyzbar import pyzbar

from kiosk.vision import decode_codes, repair_shift_jis, synth
from kiosk.vision.codes import _agree, _Read, _refine, _turned_bars
from kiosk.vision.geometry import order_corners, polygon_iou

CHINESE = "宁城县政务服务受理回执 编号NC2026-000123 请凭此码查询办理进度"


def _qr(text: str, module: int = 6, border: int = 40) -> np.ndarray:
    mods = synth.code_modules(text)
    img = np.where(mods > 0, 0, 255).astype(np.uint8)
    img = cv2.resize(img, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST)
    return cv2.copyMakeBorder(img, border, border, border, border, cv2.BORDER_CONSTANT, value=255)


def test_utf8_chinese_payload_without_eci_is_read_exactly() -> None:
    codes = decode_codes(cv2.cvtColor(_qr(CHINESE), cv2.COLOR_GRAY2BGR))
    assert [c.text for c in codes] == [CHINESE]
    assert codes[0].format == "QRCode"
    xs = [x for x, _ in codes[0].corners]
    assert min(xs) >= 30 and max(xs) <= _qr(CHINESE).shape[1] - 30


def test_chinese_payloads_on_camera_frames() -> None:
    texts = [CHINESE, "养老金资格认证 150429195803120010"]
    sample = synth.code_frame(5, texts=texts)
    assert sorted(c.text for c in decode_codes(sample.image)) == sorted(texts)


def test_frames_without_codes_give_nothing() -> None:
    for seed in range(40, 52):
        sample = synth.code_frame(seed, n_codes=0)
        assert decode_codes(sample.image) == [], sample.conditions
    assert decode_codes(synth.page_frame(11, kind="a4").image) == []  # print is not a code
    assert decode_codes(np.zeros((5, 5), np.uint8)) == []
    assert decode_codes(None) == []  # type: ignore[arg-type]
    code = cv2.cvtColor(_qr("x"), cv2.COLOR_GRAY2BGR)
    assert decode_codes(code.astype(np.float32)) == [] and decode_codes(code[..., :2].copy()) == []


def test_labelled_frames_give_only_their_own_payloads() -> None:
    read = 0
    for seed in range(60, 90):
        sample = synth.code_frame(seed)
        texts = [c.text for c in decode_codes(sample.image)]
        assert set(texts) <= set(sample.payloads), (seed, sample.conditions)
        read += len(set(texts))
    assert read > 0


def test_inverted_code_on_a_dark_phone_screen() -> None:
    inverted = 255 - _qr("CTID:150429A7F3E9D1C0B8")
    assert [c.text for c in decode_codes(inverted)] == ["CTID:150429A7F3E9D1C0B8"]


def test_small_code_that_zxing_alone_misses_is_read_on_a_second_look() -> None:
    text = "https://zwfw.nmg.gov.cn/progress?no=NC20261127001234"
    small = cv2.resize(_qr(text, module=4, border=300), None, fx=0.3, fy=0.3, interpolation=cv2.INTER_AREA)
    assert text not in [r.text for r in zxingcpp.read_barcodes(small)]
    assert [c.text for c in decode_codes(small)] == [text]


def test_shift_jis_mojibake_is_repaired_and_other_text_kept() -> None:
    zbar_like = "螳∝沁蜴ｿ"  # what zbar returned for the UTF-8 bytes of 宁城县 on the benchmark's frames
    assert repair_shift_jis(zbar_like) == "宁城县"
    assert repair_shift_jis("hello 123") == "hello 123"
    assert repair_shift_jis(CHINESE) == CHINESE
    assert repair_shift_jis("ﾃｽﾄ") == "ﾃｽﾄ"  # real half-width katakana is not UTF-8 underneath: kept


def test_reads_that_disagree_give_nothing_and_linear_codes_need_two_reads() -> None:
    box = np.float32([[10, 10], [110, 10], [110, 110], [10, 110]])
    near = box + 3
    assert _agree([_Read("A", "QRCode", box, "zxing"), _Read("B", "QRCode", near, "zbar")]) == []
    agreed = _agree([_Read("A", "QRCode", box, "zxing"), _Read("A", "QRCode", near, "zbar")])
    assert [c.text for c in agreed] == ["A"]
    assert _agree([_Read("NC123", "Code128", box, "zxing")]) == []
    assert [c.text for c in _agree([_Read("NC123", "Code128", box, "zxing"),
                                    _Read("NC123", "Code128", near, "zbar")])] == ["NC123"]
    far = box + 500
    assert sorted(c.text for c in _agree([_Read("A", "QRCode", box, "zxing"),
                                          _Read("B", "QRCode", far, "zxing")])) == ["A", "B"]


@pytest.mark.parametrize("n", [2, 3])
def test_several_codes_per_frame(n: int) -> None:
    texts = [f"回执{i} NC2026-{i:04d}" for i in range(n)]
    sample = synth.code_frame(100 + n, texts=texts)
    assert sorted(c.text for c in decode_codes(sample.image)) == sorted(texts)


def _engines_alone(image: np.ndarray) -> set[str]:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    texts = {bytes(r.bytes).decode("utf-8", "replace") for r in zxingcpp.read_barcodes(grey)}
    return texts | {r.data.decode("utf-8", "replace") for r in pyzbar.decode(grey)}


def test_rescue_reads_a_small_blurred_turned_code_on_a_phone_that_no_engine_reads() -> None:
    sample = synth.hard_code_frame(168, n_codes=1, phone=True)
    assert {"small", "phone"} <= set(sample.conditions) and any(c.startswith("blur") for c in sample.conditions)
    assert not _engines_alone(sample.image) & set(sample.payloads)
    assert [c.text for c in decode_codes(sample.image)] == sample.payloads


def test_harder_frames_never_give_a_wrong_text() -> None:
    read = empty = 0
    for seed in range(1000, 1300):
        sample = synth.hard_code_frame(seed)
        texts = {c.text for c in decode_codes(sample.image)}
        assert texts <= set(sample.payloads), (seed, sample.conditions)
        read += len(texts)
        empty += not sample.payloads
    assert read > 100 and empty > 20


def test_two_codes_in_a_harder_frame_are_both_read() -> None:
    sample = synth.hard_code_frame(1301, n_codes=2)
    assert len(sample.payloads) == 2
    assert sorted(c.text for c in decode_codes(sample.image)) == sorted(sample.payloads)


def test_a_symbol_zxing_saw_beside_a_code_already_read_is_rescued() -> None:
    sample = synth.hard_code_frame(1548, n_codes=2)
    assert len(sample.payloads) == 2 and len(_engines_alone(sample.image) & set(sample.payloads)) == 1
    assert sorted(c.text for c in decode_codes(sample.image)) == sorted(sample.payloads)


def test_a_motion_and_defocus_blurred_code_is_deblurred_and_read() -> None:
    sample = synth.hard_code_frame(1502)
    assert "motion3" in sample.conditions and "blur2.5" in sample.conditions
    assert not _engines_alone(sample.image) & set(sample.payloads)
    assert [c.text for c in decode_codes(sample.image)] == sample.payloads


def test_a_code_on_a_phone_is_read_after_the_phone_and_its_screen_read_nothing() -> None:
    # The first two regions tried (the whole phone, its screen) hold the code but do not read; the third does.
    sample = synth.hard_code_frame(1002)
    assert {"phone", "blur2.4"} <= set(sample.conditions)
    assert not _engines_alone(sample.image) & set(sample.payloads)
    assert [c.text for c in decode_codes(sample.image)] == sample.payloads


def test_a_region_that_only_partly_overlaps_one_already_looked_at_is_still_read() -> None:
    # zxing outlined part of one symbol; the phone around the other one overlaps that outline's region.
    sample = synth.hard_code_frame(1063)
    assert len(sample.payloads) == 2 and not _engines_alone(sample.image) & set(sample.payloads)
    texts = [c.text for c in decode_codes(sample.image)]
    assert sample.payloads[1] in texts and set(texts) <= set(sample.payloads)


def test_a_rough_candidate_is_narrowed_to_the_code_outline() -> None:
    sample = synth.hard_code_frame(1424)
    grey = cv2.cvtColor(sample.image, cv2.COLOR_BGR2GRAY)
    truth = np.asarray(sample.corners[0], np.float32)
    centre = truth.mean(axis=0)
    finder_sized = centre + (truth - centre) * 0.3  # what zxing outlines when it sees only part of a symbol
    outline = _refine(grey, finder_sized)
    # The outline is the symbol's modules: inside its quiet zone (the label's outline) and most of it.
    grown = centre + (truth - centre) * 1.05
    assert all(cv2.pointPolygonTest(grown.reshape(-1, 1, 2), (float(x), float(y)), False) > 0 for x, y in outline)
    assert polygon_iou(order_corners(outline), order_corners(truth)) > 0.55
    blank = np.full((200, 200), 128, np.uint8)
    box = np.float32([[80, 80], [120, 80], [120, 120], [80, 120]])
    assert np.array_equal(_refine(blank, box), box)  # nothing there: the candidate stays as it was


@pytest.mark.parametrize("fmt", [zxingcpp.BarcodeFormat.DataMatrix, zxingcpp.BarcodeFormat.PDF417])
def test_data_matrix_and_pdf417_are_read_on_the_second_look(fmt: zxingcpp.BarcodeFormat) -> None:
    text = "NC20261204000123"
    symbol = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=4))
    frame = np.full((720, 1280), 200, np.uint8)
    h, w = symbol.shape[:2]
    frame[300:300 + h, 500:500 + w] = cv2.cvtColor(symbol, cv2.COLOR_BGR2GRAY) if symbol.ndim == 3 else symbol
    assert [c.text for c in decode_codes(frame)] == [text]


def _turned_barcode(text: str, degrees: float) -> np.ndarray:
    bars = np.where(synth.code_modules(text, "code128") > 0, 40, 220).astype(np.uint8)
    bars = cv2.resize(bars, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)
    frame = np.full((720, 1280), 150, np.uint8)
    h, w = bars.shape
    frame[360 - h // 2:360 - h // 2 + h, 640 - w // 2:640 - w // 2 + w] = bars
    turn = cv2.getRotationMatrix2D((640, 360), degrees, 1.0)
    return cv2.GaussianBlur(cv2.warpAffine(frame, turn, (1280, 720), flags=cv2.INTER_AREA, borderValue=150), (0, 0), 0.8)


def test_a_barcode_turned_off_the_axes_is_found_and_read() -> None:
    text = "NC20261204000123"
    frame = _turned_barcode(text, 40)
    boxes = _turned_bars(frame)
    assert boxes and cv2.pointPolygonTest(boxes[0].reshape(-1, 1, 2), (640.0, 360.0), False) > 0
    assert text not in _engines_alone(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    assert [c.text for c in decode_codes(frame)] == [text]
    assert _turned_bars(_turned_barcode(text, 0)) == []  # an upright one is a dense patch, not this
