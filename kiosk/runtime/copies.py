"""证件复印's work off the UI thread: judging a captured picture (its true size, and whether it is the ID card) and
printing the job at true size on the A4 queue (kiosk.receipts.copies). The controller runs these on its workers."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.services.copies import TOO_LARGE, CopyJob, Kind
from kiosk.devices.printer.cups import CupsQueue, CupsResult
from kiosk.receipts.copies import A4_MM, CopyImage, Placed, card_sheet, document_sheets, print_copy
from kiosk.vision.card import card_problems, size_mm
from kiosk.vision.imagefile import decode_image
from kiosk.vision.quality import BLURRY, GLARE

A4_MARGIN = 0.03  # a page measured up to 3% over A4 is A4 (the estimate of an unknown paper's size is rough)


def judge(jpeg: bytes, kind: Kind, dpi: float, frame_flags: tuple[str, ...],
          max_pixels: int) -> tuple[float, float, tuple[str, ...]]:
    """The picture's (width_mm, height_mm) and what stops it from being copied."""
    image = decode_image(jpeg, max_pixels).image
    width, height = size_mm(image, dpi)
    if kind is Kind.IDCARD:
        return width, height, card_problems(image, dpi, frame_flags)
    problems = tuple(f for f in (GLARE, BLURRY) if f in frame_flags)
    long, short = max(width, height), min(width, height)
    if long > A4_MM[1] * (1 + A4_MARGIN) or short > A4_MM[0] * (1 + A4_MARGIN):
        problems = (TOO_LARGE, *problems)
    return width, height, problems


def sheets_of(job: CopyJob) -> list[list[Placed]]:
    """The job's pictures placed at true size: the card's two sides on one A4 page, else one page each. Copies of
    the pictures, taken on the UI thread, so that a wipe of the job never races the worker that prints them."""
    if job.kind is Kind.IDCARD:
        return card_sheet(bytes(job.shots[0].jpeg), bytes(job.shots[1].jpeg))
    return document_sheets([CopyImage(bytes(s.jpeg), s.width_mm, s.height_mm) for s in job.shots])


def print_sheets(sheets: list[list[Placed]], line: str, queue_name: str, spool: Path,
                 wait: float = 60.0) -> CupsResult:
    """On a worker: print the sheets on the named CUPS queue and follow the job to its end."""
    return print_copy(sheets, line, CupsQueue(queue_name), spool, wait)
