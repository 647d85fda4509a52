"""Traditional Mongolian's vertical layout as pure logic: which runs of a text take the Mongolian font, and how
words wrap into columns. Kivy draws it (kiosk.ui.widgets.mongolian)."""

from __future__ import annotations

import re

# The Mongolian block with its variation selectors and vowel separator, the joiners and the narrow no-break space
# that joins a suffix to its stem: all shaped by the Mongolian font.
_MONGOLIAN = "\u1800-\u18af\u200c\u200d\u202f"
_RUNS = re.compile(rf"[{_MONGOLIAN}]+|[^{_MONGOLIAN}]+")
_LETTER = re.compile(rf"[{_MONGOLIAN}]")


def is_mongolian(text: str) -> bool:
    """Whether a text holds Mongolian letters (and so is laid out vertically)."""
    return bool(_LETTER.search(text))


def script_runs(word: str) -> list[tuple[str, bool]]:
    """A word cut into runs, each (text, True when Mongolian): Chinese and digits inside a Mongolian column take
    the Chinese font and are turned with the column, as Latin is in Mongolian typesetting."""
    return [(run, bool(_LETTER.match(run))) for run in _RUNS.findall(word)]


def wrap_columns(lengths: list[float], space: float, limit: float) -> list[list[int]]:
    """The words (by index) of each column: as many as fit in `limit` with `space` between them, then the next
    column. A word longer than the limit gets a column of its own (and is cut by the widget, not split)."""
    columns: list[list[int]] = []
    used = 0.0
    for index, length in enumerate(lengths):
        if columns and used + space + length <= limit:
            columns[-1].append(index)
            used += space + length
        else:
            columns.append([index])
            used = length
    return columns
