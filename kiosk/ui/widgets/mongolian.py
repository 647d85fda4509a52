"""Traditional Mongolian written vertically: columns top to bottom, placed left to right, aligned at the top.

Each word is shaped on a horizontal line by Kivy's SDL2 text (HarfBuzz, font_script_name='Mong', so the letters
take their initial, medial and final forms) and drawn turned 90 degrees clockwise; Chinese and digits inside a
column take the Chinese font and turn with it, as Latin does in Mongolian typesetting. Words wrap into a new column
to the right when the widget's height is used up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from kiosk.base.scripts import script_runs
from kiosk.base.vertical import wrap_columns
from kiosk.ui.widgets.theme import MONGOLIAN

if TYPE_CHECKING:
    import numpy as np

SPACE = 0.3  # between words in a column, of the font size
COLUMN_GAP = 0.25  # between columns, of the font size
MIN_SCALE = 0.6  # a word longer than the column gets smaller, down to this share of font_size
# Letters that reach highest and lowest, to find the band every run of a font at a size is cut to: one band for
# all, so that the stems of a column's words stay on one line.
BAND_SAMPLE = {True: "ᠠᠪᠬᠭᠲᠳᠯᠶᠢᠣᠤ", False: "".join(map(chr, (0x56FD, 0x5B81))) + "0"}  # two hanzi (not screen text)


def _alpha(texture: Texture) -> np.ndarray:
    # numpy is imported where it is first needed: at module level it cost the first frame of a Chinese kiosk
    # 25-50 ms and 11 MB (kiosk bench startup), for Mongolian text that may never be shown.
    import numpy as np

    return np.frombuffer(texture.pixels, dtype=np.uint8).reshape(texture.height, texture.width, 4)[:, :, 3]


def inked_width(texture: Texture) -> int:
    """The width the glyphs cover: Kivy sizes a shaped line as if unshaped (joined Mongolian is narrower)."""
    columns = _alpha(texture).max(axis=0).nonzero()[0]
    return int(columns[-1]) + 2 if columns.size else 0


def _render(text: str, mongolian: bool, font_size: float, bold: bool) -> Texture:
    options: dict[str, Any] = {"font_size": font_size, "bold": bold and not mongolian}
    if mongolian:
        options.update(font_name=MONGOLIAN, font_script_name="Mong", font_direction="ltr", text_language="mn")
    label = CoreLabel(text=text, **options)
    label.refresh()
    return label.texture


_bands: dict[tuple[bool, float, bool], tuple[int, int]] = {}


def ink_band(mongolian: bool, font_size: float, bold: bool) -> tuple[int, int]:
    """The rows (from the texture's first, and how many) a font's glyphs cover at a size, with a pixel to spare."""
    key = (mongolian, font_size, bold)
    if key not in _bands:
        texture = _render(BAND_SAMPLE[mongolian], mongolian, font_size, bold)
        rows = _alpha(texture).max(axis=1).nonzero()[0]
        first, last = (max(int(rows[0]) - 1, 0), min(int(rows[-1]) + 2, texture.height)) if rows.size else (0, 1)
        _bands[key] = (first, last - first)
    return _bands[key]


def shaped_run(text: str, mongolian: bool, font_size: float, bold: bool) -> Texture:
    """One run on a horizontal line, as a texture cut to its glyphs' width and its font's band."""
    texture = _render(text, mongolian, font_size, bold)
    width = inked_width(texture) if mongolian else texture.width
    first, height = ink_band(mongolian, font_size, bold)
    height = min(height, texture.height - first)
    # Texture rows count from the bottom; the label's pixels from the top.
    return texture.get_region(0, texture.height - first - height, max(1, min(width, texture.width)), height)


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
        self._size = 0.0
        self.bind(text=self._shape, font_size=self._shape, bold=self._shape, height=self._shape)
        self.bind(pos=self._draw, width=self._draw, color=self._draw)
        self._shape()

    def _shaped(self, size: float) -> list[list[Texture]]:
        return [[shaped_run(run, mongolian, size, self.bold) for run, mongolian in script_runs(word)]
                for word in self.text.split(" ") if word]

    def _shape(self, *_: Any) -> None:
        """Shape every word; when the longest is longer than the column, again at the size that fits it."""
        size = self.font_size
        self._words = self._shaped(size)
        longest = max((sum(t.width for t in runs) for runs in self._words), default=0)
        if longest > self.height > 1:
            size = max(self.font_size * MIN_SCALE, round(size * self.height / longest))
            self._words = self._shaped(size)
        self._size = size
        self._draw()

    def _draw(self, *_: Any) -> None:
        self.canvas.clear()
        lengths = [sum(t.width for t in runs) for runs in self._words]
        thickness = max((t.height for runs in self._words for t in runs), default=0)
        space, gap = self._size * SPACE, self._size * COLUMN_GAP
        columns = wrap_columns(lengths, space, max(self.height, 1))
        with self.canvas:
            Color(rgba=self.color)
            for number, column in enumerate(columns):
                x = self.x + number * (thickness + gap)
                y = self.top
                for index in column:
                    for texture in self._words[index]:
                        y -= texture.width
                        # A run of another font is centred on the column.
                        Rectangle(texture=texture, pos=(x + (thickness - texture.height) / 2, y),
                                  size=(texture.height, texture.width), tex_coords=turned_clockwise(texture.tex_coords))
                    y -= space
        longest = max((sum(lengths[i] for i in c) + space * (len(c) - 1) for c in columns), default=0)
        self.columns = len(columns)
        self.texture_size = [len(columns) * thickness + max(len(columns) - 1, 0) * gap, longest]


class VerticalButton(ButtonBehavior, VerticalLabel):
    """A touch target with a vertical Mongolian label (its look in mongolian.kv)."""


Builder.load_file(str(Path(__file__).with_name("mongolian.kv")))
