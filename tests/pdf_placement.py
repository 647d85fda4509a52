"""Where a PDF page draws its images and what text it shows, read from its content streams with pypdf (the
transforms in force at each image, through form XObjects): for the tests of true-size copies."""

from __future__ import annotations

from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

MM_PER_PT = 25.4 / 72


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """The matrix a then b (PDF's row-vector convention: [a b c d e f])."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _walk(reader: PdfReader, content: Any, resources: Any, ctm: list[float], found: list[tuple[float, ...]]) -> None:
    stack: list[list[float]] = []
    xobjects = resources.get("/XObject", {}) if resources is not None else {}
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif operator == b"INLINE IMAGE":
            found.append(_box(ctm))
        elif operator == b"Do":
            xobject = xobjects[operands[0]].get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(_box(ctm))
            elif xobject["/Subtype"] == "/Form":
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                _walk(reader, xobject, xobject.get("/Resources"), _multiply(matrix, ctm), found)


def _box(ctm: list[float]) -> tuple[float, float, float, float]:
    """The unit square under `ctm`: (left, bottom, width, height) in millimetres (no rotation expected)."""
    xs = [ctm[4], ctm[4] + ctm[0], ctm[4] + ctm[2], ctm[4] + ctm[0] + ctm[2]]
    ys = [ctm[5], ctm[5] + ctm[1], ctm[5] + ctm[3], ctm[5] + ctm[1] + ctm[3]]
    return (min(xs) * MM_PER_PT, min(ys) * MM_PER_PT, (max(xs) - min(xs)) * MM_PER_PT,
            (max(ys) - min(ys)) * MM_PER_PT)


def image_boxes(reader: PdfReader, page_number: int = 0) -> list[tuple[float, ...]]:
    """Each image drawn on the page as (left, bottom, width, height) in millimetres."""
    page = reader.pages[page_number]
    found: list[tuple[float, ...]] = []
    _walk(reader, page.get_contents(), page.get("/Resources"), [1, 0, 0, 1, 0, 0], found)
    return found


def text_points(reader: PdfReader, page_number: int = 0) -> list[tuple[str, float, float]]:
    """Each piece of text shown on the page with where it starts, (text, x, y) in millimetres."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: float) -> None:
        if text.strip():
            at = _multiply(list(tm), list(cm))
            found.append((text, at[4] * MM_PER_PT, at[5] * MM_PER_PT))

    reader.pages[page_number].extract_text(visitor_text=visit)
    return found
