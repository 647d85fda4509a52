"""Traditional Mongolian written vertically: columns top to bottom, placed left to right, aligned at the top.

Each word is shaped on a horizontal line by Kivy's SDL2 text (HarfBuzz, font_script_name='Mong', so the letters
take their initial, medial and final forms) and drawn turned 90 degrees clockwise; Chinese and digits inside a
column take the Chinese font and turn with it, as Latin does in Mongolian typesetting. Words wrap into a new column
to the right when the widget's height is used up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from kiosk.base.vertical import script_runs, wrap_columns
from kiosk.ui.widgets.theme import MONGOLIAN

SPACE = 0.3  # between words in a column, of the font size
COLUMN_GAP = 0.25  # between columns, of the font size


def inked_width(texture: Texture) -> int:
    """The width the glyphs cover: Kivy sizes a shaped line as if unshaped (joined Mongolian is narrower)."""
    alpha = np.frombuffer(texture.pixels, dtype=np.uint8).reshape(texture.height, texture.width, 4)[:, :, 3]
    columns = np.flatnonzero(alpha.max(axis=0))
    return int(columns[-1]) + 2 if columns.size else 0


def shaped_run(text: str, mongolian: bool, font_size: float, bold: bool) -> Texture:
    """One run on a horizontal line, as a texture trimmed to its glyphs' width."""
    options: dict[str, Any] = {"font_size": font_size, "bold": bold and not mongolian}
    if mongolian:
        options.update(font_name=MONGOLIAN, font_script_name="Mong", font_direction="ltr", text_language="mn")
    label = CoreLabel(text=text, **options)
    label.refresh()
    texture = label.texture
    width = inked_width(texture) if mongolian else texture.width
    return texture.get_region(0, 0, max(1, min(width, texture.width)), texture.height)


def turned_clockwise(coords: tuple[float, ...]) -> tuple[float, ...]:
    """Texture coordinates that draw a horizontal line turned 90 degrees clockwise: the rectangle's corners
    (bottom-left, bottom-right, top-right, top-left) take the line's bottom-right, top-right, top-left, bottom-left."""
    return tuple(coords[2:8]) + tuple(coords[0:2])


class VerticalLabel(Widget):
    """Mongolian text in vertical columns. `texture_size` is the size the columns take (width: the columns side
    by side; height: the longest column), so a layout can size the widget to it."""

    text = StringProperty("")
    font_size = NumericProperty(32)
    bold = BooleanProperty(False)
    color = ColorProperty((0, 0, 0, 1))
    texture_size = ListProperty([0, 0])
    columns = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Words end at spaces only: a suffix after a narrow no-break space stays with its stem.
        self._words: list[list[Texture]] = []
        self.bind(text=self._shape, font_size=self._shape, bold=self._shape)
        self.bind(pos=self._draw, size=self._draw, color=self._draw)
        self._shape()

    def _shape(self, *_: Any) -> None:
        self._words = [[shaped_run(run, mongolian, self.font_size, self.bold) for run, mongolian in script_runs(word)]
                       for word in self.text.split(" ") if word]
        self._draw()

    def _draw(self, *_: Any) -> None:
        self.canvas.clear()
        lengths = [sum(t.width for t in runs) for runs in self._words]
        thickness = max((t.height for runs in self._words for t in runs), default=0)
        space, gap = self.font_size * SPACE, self.font_size * COLUMN_GAP
        columns = wrap_columns(lengths, space, max(self.height, 1))
        with self.canvas:
            Color(rgba=self.color)
            for number, column in enumerate(columns):
                x = self.x + number * (thickness + gap)
                y = self.top
                for index in column:
                    for texture in self._words[index]:
                        y -= texture.width
                        Rectangle(texture=texture, pos=(x, y), size=(texture.height, texture.width),
                                  tex_coords=turned_clockwise(texture.tex_coords))
                    y -= space
        longest = max((sum(lengths[i] for i in c) + space * (len(c) - 1) for c in columns), default=0)
        self.columns = len(columns)
        self.texture_size = [len(columns) * thickness + max(len(columns) - 1, 0) * gap, longest]


class VerticalButton(ButtonBehavior, VerticalLabel):
    """A touch target with a vertical Mongolian label (its look in mongolian.kv)."""


Builder.load_file(str(Path(__file__).with_name("mongolian.kv")))
