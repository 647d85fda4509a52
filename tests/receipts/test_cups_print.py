"""Certificates through a real CUPS server with a PDF queue: what reaches the paper, and what stays behind."""

from pypdf import PdfReader

from kiosk.devices.printer.cups import CupsQueue
from kiosk.receipts.documents import print_certificate, sample_certificate
from kiosk.receipts.samples import SAMPLE_STATION

A4_POINTS = (595, 842)


def test_a_certificate_prints_as_one_a4_page_and_leaves_no_pdf_behind(cups_pdf_queue, tmp_path):
    before = len(cups_pdf_queue.printed())
    spool = tmp_path / "spool"
    delivery = print_certificate(sample_certificate(), SAMPLE_STATION, CupsQueue(cups_pdf_queue.name), None, spool)
    assert delivery.route == "a4"
    assert delivery.a4 is not None and delivery.a4.outcome == "completed", delivery.a4
    printed = cups_pdf_queue.wait_for_pdfs(before + 1)[-1]
    pages = PdfReader(printed).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    assert list(spool.iterdir()) == []
