"""证件复印 through a real CUPS server with a PDF queue: one A4 page with both sides of the card at 85.6 x 54 mm,
the purpose line on it as text, and nothing left in the spool."""

import subprocess

from pypdf import PdfReader

from kiosk.core.services.copies import purpose_line
from kiosk.devices.printer.cups import CupsQueue
from kiosk.receipts.copies import card_sheet, print_copy
from kiosk.vision import scan_page
from kiosk.vision.synth import page_frame

from pdf_placement import image_boxes, text_points

A4_POINTS = (595, 842)


def card_scan(seed: int) -> bytes:
    frame = page_frame(seed, kind="idcard", clean=True)
    return scan_page(frame.image).jpeg()


def test_an_id_card_copy_prints_both_sides_at_true_size_with_the_purpose_line(cups_pdf_queue, tmp_path):
    before = len(cups_pdf_queue.printed())
    spool = tmp_path / "spool"
    line = purpose_line("社会保险登记")
    result = print_copy(card_sheet(card_scan(3), card_scan(4)), line, CupsQueue(cups_pdf_queue.name), spool)
    assert result.outcome == "completed", result
    printed = cups_pdf_queue.wait_for_pdfs(before + 1)[-1]
    reader = PdfReader(printed)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    boxes = image_boxes(reader)
    assert len(boxes) == 2
    for _left, _bottom, width, height in boxes:
        assert abs(width - 85.6) <= 1.0 and abs(height - 54.0) <= 1.0, boxes
    text = reader.pages[0].extract_text()
    starts = sorted((y for piece, _x, y in text_points(reader) if "仅供办理" in piece), reverse=True)
    middles = sorted((bottom + height / 2 for _left, bottom, _width, height in boxes), reverse=True)
    assert len(starts) == 2 and all(abs(s - m) < 5 for s, m in zip(starts, middles)), (starts, middles)
    assert text.count(line) == 2
    assert list(spool.iterdir()) == []
    assert [p.name for p in (cups_pdf_queue.out.parent / "spool").iterdir() if p.name.startswith("d")] == []


def test_a_copy_still_waiting_at_the_end_of_the_wait_is_cancelled_and_its_document_deleted(cups_pdf_queue, tmp_path):
    hold = ["lpadmin", "-p", cups_pdf_queue.name, "-o"]
    subprocess.run([*hold, "job-hold-until-default=indefinite"], check=True, capture_output=True, timeout=30)
    try:
        before = len(cups_pdf_queue.printed())
        queue = CupsQueue(cups_pdf_queue.name)
        result = print_copy(card_sheet(card_scan(3), card_scan(4)), purpose_line("银行开户"), queue, tmp_path, wait=2)
    finally:
        subprocess.run([*hold, "job-hold-until-default=no-hold"], check=True, capture_output=True, timeout=30)
    assert result.outcome == "pending"
    assert queue.outcome(result.job_id).outcome != "pending"  # no longer waiting: it cannot print later
    assert [p.name for p in (cups_pdf_queue.out.parent / "spool").iterdir() if p.name.startswith("d")] == []
    assert len(cups_pdf_queue.printed()) == before and list(tmp_path.iterdir()) == []


def test_document_pages_print_one_to_an_a4_page_at_their_own_size() -> None:
    import io

    from kiosk.receipts.copies import CopyImage, document_sheets, render_copy_pdf

    a5 = CopyImage(card_scan(5), 148.0, 210.0)  # the picture's pixels do not matter: its size in mm does
    a4 = CopyImage(card_scan(6), 210.0, 297.0)
    reader = PdfReader(io.BytesIO(render_copy_pdf(document_sheets([a5, a4]), purpose_line("户籍业务"))))
    assert len(reader.pages) == 2
    (left, bottom, width, height), = image_boxes(reader, 0)
    assert (round(width, 1), round(height, 1)) == (148.0, 210.0)
    assert abs(left - (210 - 148) / 2) < 0.1 and abs(bottom - (297 - 210) / 2) < 0.1  # centred
    assert [tuple(round(v, 1) for v in box) for box in image_boxes(reader, 1)] == [(0.0, 0.0, 210.0, 297.0)]
    assert all(page.extract_text() == "仅供办理户籍业务使用，他用无效" for page in reader.pages)


def test_a_landscape_page_wider_than_a4_is_turned_to_fit_at_its_size() -> None:
    import io

    from kiosk.receipts.copies import CopyImage, document_sheets, render_copy_pdf

    lying = CopyImage(card_scan(7), 297.0, 210.0)  # an A4 page laid landscape
    small = CopyImage(card_scan(8), 150.0, 100.0)  # landscape, but it fits as it lies
    reader = PdfReader(io.BytesIO(render_copy_pdf(document_sheets([lying, small]), purpose_line("户籍业务"))))
    assert [tuple(round(v, 1) for v in box) for box in image_boxes(reader, 0)] == [(0.0, 0.0, 210.0, 297.0)]
    (_left, _bottom, width, height), = image_boxes(reader, 1)
    assert (round(width, 1), round(height, 1)) == (150.0, 100.0)
