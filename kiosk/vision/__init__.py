"""Pure image functions on numpy arrays (BGR uint8 frames): no I/O, no threads, no devices.

    find_page(image) -> Page | None          the document's outline (corners TL, TR, BR, BL) and a confidence
    warp_page(image, page, dpi, paper)       the page flattened at its real size
    enhance(image, mode)                     colour / grey / bw scan look, shadows removed
    quality(image, page) -> Quality          sharpness, glare, coverage and flags for the guidance
    decode_codes(image) -> list[Code]        QR codes and barcodes, never a wrong text
    analyse_frame, CaptureGuide              guidance and auto-capture for the capture screen
    scan_page, MaterialScans                 the kept page, and one material's pages with retake/delete
    face.portrait / portrait_problem         the front camera's ID-shaped portrait and what is wrong with it
    export.jpeg_bytes / pdf_bundle / thumbnail   output as bytes (callers write them)
    synth                                    labelled synthetic frames for tests, benchmark and simulator
"""

from kiosk.vision.capture import (
    CaptureGuide,
    FrameAnalysis,
    Guidance,
    MaterialScans,
    ScannedPage,
    analyse_frame,
    scan_page,
)
from kiosk.vision.codes import Code, decode_codes, repair_shift_jis
from kiosk.vision.page import Page, find_page
from kiosk.vision.quality import Quality, quality
from kiosk.vision.warp import PAPER_MM, enhance, paper_size_mm, warp_page

__all__ = [
    "PAPER_MM",
    "CaptureGuide",
    "Code",
    "FrameAnalysis",
    "Guidance",
    "MaterialScans",
    "Page",
    "Quality",
    "ScannedPage",
    "analyse_frame",
    "decode_codes",
    "enhance",
    "find_page",
    "paper_size_mm",
    "quality",
    "repair_shift_jis",
    "scan_page",
    "warp_page",
]
