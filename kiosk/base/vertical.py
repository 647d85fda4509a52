"""Traditional Mongolian's vertical layout as pure logic: how words wrap into columns. Kivy draws it
(kiosk.ui.widgets.mongolian); which runs take the Mongolian font is kiosk.base.scripts."""

from __future__ import annotations


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
