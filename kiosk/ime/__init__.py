"""Text input without a physical keyboard: the pinyin engine and its lexicon, and handwriting recognition."""

from __future__ import annotations

from collections.abc import Sequence


def handwriting(
    strokes: Sequence[Sequence[tuple[float, float]]],
    box: tuple[float, float],
    limit: int = 8,
    field: str | None = None,
    *,
    before: str = "",
) -> list[str]:
    """Up to `limit` characters for one handwritten character, best first.

    `strokes`: each a list of (x, y) points in pixels, y pointing down, in a writing box of `box` (width, height).
    `field`: the kind of field ("name", "address", "text") whose likely characters rank higher; `before`: the text
    before the cursor (a name's first character is its surname; what follows a character in the lexicon's words).
    Prepares the recogniser on first use (kiosk.ime.recogniser.prepare), which the app does at start."""
    from kiosk.ime import recogniser

    return recogniser.prepare().recognise(strokes, box, limit, field, before)
