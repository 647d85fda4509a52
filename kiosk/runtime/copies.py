"""证件复印's work off the UI thread: judging a captured picture (its true size, and whether it is the ID card) and
printing the job at true size on the A4 queue (kiosk.receipts.copies). The controller runs these on its workers."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.services.copies import CopyJob, Kind
from kiosk.devices.printer.cups import CupsQueue, CupsResult
from kiosk.receipts.copies import CopyImage, card_sheet, document_sheets, print_copy
from kiosk.vision.card import card_problems, size_mm
from kiosk.vision.imagefile import decode_image
from kiosk.vision.quality import BLURRY, GLARE


def judge(jpeg: bytes, kind: Kind, dpi: float, frame_flags: tuple[str, ...],
          max_pixels: int) -> tuple[float, float, tuple[str, ...]]:
    """The picture's (width_mm, height_mm) and what stops it from being copied."""
    image = decode_image(jpeg, max_pixels).image
    width, height = size_mm(image, dpi)
    if kind is Kind.IDCARD:
        return width, height, card_problems(image, dpi, frame_flags)
    return width, height, tuple(f for f in (GLARE, BLURRY) if f in frame_flags)


def print_job(job: CopyJob, queue: CupsQueue, spool: Path, wait: float = 60.0) -> CupsResult:
    """The job's pictures at true size on one A4 page (the card's two sides) or one page each."""
    if job.kind is Kind.IDCARD:
        sheets = card_sheet(bytes(job.shots[0].jpeg), bytes(job.shots[1].jpeg))
    else:
        sheets = document_sheets([CopyImage(bytes(s.jpeg), s.width_mm, s.height_mm) for s in job.shots])
    return print_copy(sheets, job.line(), queue, spool, wait)
