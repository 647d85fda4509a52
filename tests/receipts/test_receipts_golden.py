"""Golden tests: every receipt kind at both paper widths, rendered to ESC/POS bytes by the real writer and read
back by the virtual printer's interpreter. The decoded text must equal the reviewed golden file, and the QR
content, barcode and masking must be what the citizen needs. Set UPDATE_GOLDEN=1 to rewrite the files after a
deliberate layout change (then review the diff and the PNGs)."""

import os
from pathlib import Path

import pytest

from kiosk.base.textwidth import display_width
from kiosk.devices.escpos.paper import TextLine
from kiosk.devices.escpos.writer import CHINESE_ON, INIT, PrinterProfile
from kiosk.receipts import render_escpos, render_png, samples

from printing_support import interpret

GOLDEN = Path(__file__).parent / "golden" / "receipts"
CITIZEN = samples.demo_citizen()
QR = {"acceptance": "NC20261127000123", "notice": "NC20261127000124", "query": None, "payment": None,
      "check": "NC20261127000125",
      "appointment": "YY20261127000031", "complaint": "TS20261127000007", "selftest": None}
CASES = [(kind, mm) for kind in samples.KINDS for mm in (80, 58)]


@pytest.mark.parametrize("kind, paper_mm", CASES)
def test_receipt_prints_what_the_golden_file_says(kind, paper_mm):
    profile = PrinterProfile(paper_mm)
    data = render_escpos(samples.sample(kind), profile)
    cut, reader = interpret(data, profile.dots)
    assert len(cut) == 1 and reader.unknown == []
    text = cut[0].text()
    golden = GOLDEN / f"{kind}-{paper_mm}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind, paper_mm", CASES)
def test_receipt_fits_the_paper_and_uses_chinese_mode(kind, paper_mm):
    profile = PrinterProfile(paper_mm)
    data = render_escpos(samples.sample(kind), profile)
    assert data.startswith(INIT + CHINESE_ON)
    paper = interpret(data, profile.dots)[0][0]
    for line in (e for e in paper.elements if isinstance(e, TextLine)):
        width = sum(display_width(r.text) * r.width for r in line.runs)
        assert width <= profile.columns, line.text
    assert not any("\ufffd" in e.text for e in paper.elements if isinstance(e, TextLine))


@pytest.mark.parametrize("kind, paper_mm", CASES)
def test_qr_and_masking(kind, paper_mm):
    receipt = samples.sample(kind)
    paper = interpret(render_escpos(receipt, PrinterProfile(paper_mm)), 576)[0][0]
    text = paper.text()
    if QR[kind]:
        assert paper.qr_texts == [QR[kind]] and receipt.qr_text == QR[kind]
    # Nobody's full ID number, phone number or full name on paper.
    assert CITIZEN["id_number"] not in text and CITIZEN["phone"] not in text and CITIZEN["name"] not in text
    if kind not in ("selftest", "complaint"):
        assert "王*国" in text


def test_acceptance_receipt_carries_what_the_citizen_needs():
    paper = interpret(render_escpos(samples.sample("acceptance")), 576)[0][0]
    text = paper.text()
    for expected in ("受理回执", "受理编号：NC20261127000123", "王*国", "1504**********0012", "承诺办结",
                     "已收材料", "待补材料", "北洼子村便民服务站", "打印时间：2026-11-27 14:03", "帮办电话"):
        assert expected in text
    assert paper.barcodes == ["NC20261127000123"]


def test_payment_receipt_carries_the_transaction_the_year_and_each_insured_person_masked():
    receipt = samples.sample("payment")
    assert (receipt.kind, receipt.title) == ("payment", "缴费凭证")
    text = interpret(render_escpos(receipt), 576)[0][0].text()
    for expected in ("缴费凭证", "流水号", "YB20261127000042140312", "缴费单号", "P20261127000042",
                     "2027年度", "参保人员（共2人）", "1. 王*国  1504**********0012", "2. 王*雨  1504**********0026",
                     "2027年度  420.00 元", "缴费金额", "840.00 元", "缴费时间", "2026-11-27 14:03"):
        assert expected in text, expected
    # A payment receipt is the citizen's proof, not a query slip.
    assert "查询" not in receipt.title and "不作为证明" not in text and "150429201506060026" not in text


def test_query_slip_masks_numbers_in_its_values():
    text = interpret(render_escpos(samples.sample("query")), 576)[0][0].text()
    assert "139****1234" in text and "￥12,480.36" in text


def test_unmasked_only_when_asked():
    from kiosk.receipts import kinds

    data = {"receipt_no": "NC1", "item": "x", "applicant_name": "王建国", "applicant_id": CITIZEN["id_number"],
            "materials": [], "promised_date": "d", "progress_qr": "NC1", "accepted_at": "2026-11-27 14:03"}
    station = samples.SAMPLE_STATION
    assert "王建国" not in kinds.acceptance_receipt(data, station).plain_text()
    assert "王建国" in kinds.acceptance_receipt(data, station, mask=False).plain_text()


def test_png_preview_is_the_printed_receipt(tmp_path):
    from PIL import Image

    for paper_mm, dots in ((80, 576), (58, 384)):
        out = tmp_path / f"a{paper_mm}.png"
        data = render_png(samples.sample("acceptance"), out, PrinterProfile(paper_mm))
        assert out.read_bytes() == data
        image = Image.open(out)
        assert image.width == dots + 32 and image.height > 800
        # It is mostly paper, with ink on it.
        histogram = image.convert("L").histogram()
        assert histogram[255] > 0.7 * sum(histogram) and sum(histogram[:64]) > 0.02 * sum(histogram)


def test_qr_png_for_the_screen_scans_back():
    import io

    import numpy as np
    import zxingcpp
    from PIL import Image

    from kiosk.receipts import qr_png

    receipt = samples.sample("acceptance")
    image = Image.open(io.BytesIO(qr_png(receipt.qr_text))).convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(np.asarray(image))] == ["NC20261127000123"]


def test_reprs_keep_personal_data_out_of_logs():
    from kiosk.receipts import kinds

    data = kinds.AcceptanceDetails("NC1", "x", CITIZEN["name"], CITIZEN["id_number"], [], "d", "NC1", "2026-11-27")
    receipt = kinds.acceptance_receipt(data, samples.SAMPLE_STATION, mask=False)
    for text in (repr(data), repr(receipt)):
        assert CITIZEN["name"] not in text and CITIZEN["id_number"] not in text
