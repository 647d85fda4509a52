"""证件复印 through the controller (no window) and a real CUPS server with a PDF queue: the card's two sides judged
off the UI thread, printed at true size on one A4 page with the purpose line, the job's end reported; and nothing
of the copy left on the terminal once the session ends."""

from __future__ import annotations

from pypdf import PdfReader

from kiosk.base.config import load_config, scratch_copy
from kiosk.core.catalog import load_catalog
from kiosk.core.services.copies import Kind, Stage
from kiosk.runtime.controller import Controller
from kiosk.runtime.headless import HeadlessView
from kiosk.vision import scan_page
from kiosk.vision.synth import page_frame

from pdf_placement import image_boxes, text_points


def scan(seed: int, kind: str) -> bytes:
    return scan_page(page_frame(seed, kind=kind, clean=True).image).jpeg()


def kept_files(folder):
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".jpg", ".jpeg", ".png")]


def test_a_card_copy_is_judged_printed_at_true_size_and_wiped_with_the_session(cups_pdf_queue, tmp_path) -> None:
    shipped = load_config(environ={"KIOSK_DEVICES__PRINTER__A4_QUEUE": cups_pdf_queue.name})
    config = scratch_copy(shipped, tmp_path)
    view = HeadlessView()
    controller = Controller(config, load_catalog(config.catalog_path), None, view)
    assert controller.service_available("copy")
    job = controller.new_copy_job()
    job.choose(Kind.IDCARD)

    def lay(jpeg: bytes, flags: tuple[str, ...] = ()) -> tuple[float, float, tuple[str, ...]]:
        answers: list[tuple[float, float, tuple[str, ...]]] = []
        controller.judge_copy(jpeg, flags, answers.append)
        assert view.pump(lambda: bool(answers), 30)
        width, height, problems = answers[0]
        job.taken(jpeg, width, height, problems)
        return answers[0]

    assert "not_card" in lay(scan(1, "a4"))[2]  # an A4 page is no ID card
    assert lay(scan(2, "idcard"), ("glare",))[2] == ("glare",)  # the frame it came from was washed out
    assert job.shots == []
    width, height, problems = lay(scan(3, "idcard"))
    assert problems == () and abs(width - 85.6) < 0.5 and abs(height - 54.0) < 0.5
    lay(scan(4, "idcard"))
    assert job.stage is Stage.PURPOSE
    kept = job.shots[0].jpeg
    job.choose_purpose("医疗保险报销")
    before = len(cups_pdf_queue.printed())
    ended = []
    controller.print_copy(ended.append)
    assert job.stage is Stage.PRINTING
    assert view.pump(lambda: bool(ended), 90)
    assert job.stage is Stage.DONE, job.detail
    assert not kept and job.shots == []  # the pictures were overwritten when the job ended

    reader = PdfReader(cups_pdf_queue.wait_for_pdfs(before + 1)[-1])
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    boxes = image_boxes(reader)
    assert len(boxes) == 2
    for _left, _bottom, w, h in boxes:
        assert abs(w - 85.6) <= 1.0 and abs(h - 54.0) <= 1.0, boxes
    assert page.extract_text().count("仅供办理医疗保险报销使用，他用无效") == 2
    server_spool = cups_pdf_queue.out.parent / "spool"  # the print server's: CUPS keeps documents a day
    assert [p.name for p in server_spool.iterdir() if p.name.startswith("d")] == []
    lines = [(x, y) for text, x, y in text_points(reader) if "仅供办理" in text]
    assert len(lines) == 2  # one across each side: starting inside its picture, about halfway up
    for (x, y), (left, bottom, w, h) in zip(sorted(lines, key=lambda p: -p[1]), sorted(boxes, key=lambda b: -b[1])):
        assert left < x < left + w / 4 and bottom + h / 3 < y < bottom + 2 * h / 3, (lines, boxes)

    # A second copy laid but not printed: the citizen walks away and the session ends.
    job = controller.new_copy_job()
    job.choose(Kind.DOCUMENT)
    lay(scan(5, "a4"))
    left = job.shots[0].jpeg
    (controller.copy_spool).mkdir(parents=True, exist_ok=True)
    (controller.copy_spool / "copy-interrupted.pdf").write_bytes(b"%PDF-1.4")  # a print cut short by a crash
    controller.new_session()
    assert not left and controller.copy_job.shots == []
    assert kept_files(config.data_dir) == []
    controller.close()


def test_a_document_larger_than_a4_is_refused_and_a_page_in_its_size_is_not() -> None:
    import cv2
    import numpy as np

    from kiosk.runtime.copies import judge

    def jpeg(width_mm: float, height_mm: float) -> bytes:
        blank = np.full((round(height_mm / 25.4 * 200), round(width_mm / 25.4 * 200), 3), 240, np.uint8)
        return cv2.imencode(".jpg", blank)[1].tobytes()

    assert judge(jpeg(420, 297), Kind.DOCUMENT, 200, (), 50_000_000)[2] == ("too_large",)  # A3
    width, height, problems = judge(jpeg(297, 210), Kind.HOUSEHOLD, 200, ("blurry",), 50_000_000)
    assert (round(width), round(height), problems) == (297, 210, ("blurry",))
