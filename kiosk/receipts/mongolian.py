"""Traditional Mongolian on a receipt, as the printer's raster image: each line written top to bottom in its own
column (a long line wraps into the next), columns placed left to right, as on the screen
(kiosk.ui.widgets.mongolian). A word is shaped on a horizontal line with the bundled Noto Sans Mongolian (Pillow's
Raqm layout: HarfBuzz, the letters joined by position) and turned 90 degrees clockwise; Chinese and digits inside a
column take the Chinese font and turn with it. A receipt printer's own font has no Mongolian, so this is the only
way it prints."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from kiosk.base.assets import MONGOLIAN_FONT, font_path
from kiosk.base.scripts import script_runs
from kiosk.base.vertical import wrap_columns

SIZE = 32  # dots (4 mm): Mongolian letters are smaller than a Chinese character of the same size
COLUMN_LIMIT = 320  # dots (40 mm) before a line wraps into another column
COLUMN_GAP = 10
SPACE = 9  # between words in a column
# Letters that reach highest and lowest: one band for every word, so the stems of a column stay on one line.
BAND_SAMPLE = "ᠠᠪᠬᠭᠲᠳᠯᠶᠢᠣᠤ"


@lru_cache(maxsize=4)
def _font(mongolian: bool) -> ImageFont.FreeTypeFont:
    if mongolian:
        return ImageFont.truetype(str(MONGOLIAN_FONT), SIZE, layout_engine=ImageFont.Layout.RAQM)
    return ImageFont.truetype(str(font_path()), round(SIZE * 0.8))


@lru_cache(maxsize=1)
def _band() -> tuple[int, int]:
    """The top and the height of the band every word is drawn in, from the Mongolian font's tallest letters."""
    _, top, _, bottom = _font(True).getbbox(BAND_SAMPLE, direction="ltr")
    return top - 1, bottom - top + 2


def _word(word: str) -> Image.Image:
    """One word on a horizontal line (white, black ink), its runs each in its own font, in the column's band."""
    top, height = _band()
    runs = [(run, _font(mongolian)) for run, mongolian in script_runs(word)]
    widths = [max(1, round(font.getlength(run, direction="ltr"))) for run, font in runs]
    line = Image.new("L", (sum(widths), height), 255)
    draw = ImageDraw.Draw(line)
    x = 0
    for (run, font), width in zip(runs, widths):
        if font is _font(True):
            draw.text((x, -top), run, font=font, fill=0, direction="ltr")
        else:  # centred on the column, as the screen's columns place another script's run
            draw.text((x, height / 2), run, font=font, fill=0, anchor="lm")
        x += width
    return line


def vertical_image(lines: Sequence[str], limit: int = COLUMN_LIMIT) -> Image.Image:
    """The lines as columns (mode "L", white paper, black ink), top-aligned, as narrow as they allow."""
    columns: list[list[Image.Image]] = []
    for text in lines:
        words = [_word(w) for w in text.split(" ") if w]
        columns += [[words[i] for i in column] for column in wrap_columns([w.width for w in words], SPACE, limit)]
    thickness = _band()[1]
    length = max((sum(w.width for w in column) + SPACE * (len(column) - 1) for column in columns), default=1)
    page = Image.new("L", (max(1, len(columns) * (thickness + COLUMN_GAP) - COLUMN_GAP), length), 255)
    for number, column in enumerate(columns):
        strip = Image.new("L", (length, thickness), 255)
        x = 0
        for word in column:
            strip.paste(word, (x, 0))
            x += word.width + SPACE
        # Turned clockwise: the line's start at the top, the tops of its letters to the right.
        page.paste(strip.transpose(Image.Transpose.ROTATE_270), (number * (thickness + COLUMN_GAP), 0))
    return page
