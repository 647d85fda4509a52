"""Mongolian beside Chinese, digits and Latin on one horizontal line: every run drawn in a font that has its
glyphs (no boxes), Mongolian shaped, and the label wraps, aligns and shortens as any label does."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from kivy.core.text import Label as CoreLabel
from kivy.uix.label import Label

from kiosk.base.scripts import is_mongolian

from ui_support import pump

WORD = "ᠮᠣᠩᠭᠣᠯ"
MIXED = f"ᠨᠢᠩᠴᠧᠩ 宁城县 {WORD} 12 A4 {WORD}"  # a Mongolian line with a Chinese name, digits and Latin


@pytest.fixture(scope="module")
def mixed(app: Any) -> Any:
    """Labels take their colour from the running app's theme (common.kv)."""
    from kiosk.ui.widgets import mixed

    return mixed


@cache
def cmap(path: str) -> set[int]:
    return set(TTFont(path).getBestCmap())


def drawn_words(label: Label) -> list[tuple[str, str]]:
    """Each word the label drew, with the font file it was drawn in."""
    return [(word.text, word.options["font_name_r"]) for line in label._label._cached_lines for word in line.words
            if word.text]


def boxes(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The characters a word's font has no glyph for (drawn as a box)."""
    return [(c, path) for text, path in words for c in text if c not in " \n" and ord(c) not in cmap(path)]


def ink_columns(texture: Any) -> int:
    alpha = np.frombuffer(texture.pixels, dtype=np.uint8).reshape(texture.height, texture.width, 4)[:, :, 3]
    return int(np.count_nonzero(alpha.max(axis=0)))


def label(text: str, **kwargs: Any) -> Label:
    kwargs.setdefault("font_size", 40)
    widget = Label(text=text, **kwargs)
    pump(1)
    widget.texture_update()
    return widget


def test_a_mixed_line_is_drawn_with_both_fonts_and_no_boxes(mixed):
    from kiosk.base.assets import MONGOLIAN_FONT

    widget = label(MIXED)
    assert widget.markup and isinstance(widget._label, mixed.MixedScriptLabel)
    words = drawn_words(widget)
    fonts = {path for _, path in words}
    assert str(MONGOLIAN_FONT) in fonts and len(fonts) == 2
    assert boxes(words) == []
    assert all(is_mongolian(text) == (path == str(MONGOLIAN_FONT)) for text, path in words)
    # The Mongolian font alone draws the hanzi, digits and Latin as boxes: a different line.
    alone = CoreLabel(text=MIXED, font_size=40, font_name="Mongolian", font_script_name="Mong")
    alone.refresh()
    assert widget.texture.pixels != alone.texture.pixels
    assert widget.texture_size[0] == pytest.approx(mixed.line_width(widget._label, MIXED), abs=4)


def test_mongolian_runs_are_shaped_on_the_line():
    joined = label(f"{WORD} 12")
    letters = label(" ".join(WORD) + " 12")
    # Joined forms are narrower than the isolated letters side by side (blank columns between them not counted).
    assert ink_columns(joined.texture) < 0.85 * ink_columns(letters.texture)


def widest_blank(texture: Any) -> int:
    """The most blank columns side by side between the first and the last ink."""
    alpha = np.frombuffer(texture.pixels, dtype=np.uint8).reshape(texture.height, texture.width, 4)[:, :, 3]
    inked = np.flatnonzero(alpha.max(axis=0))
    return int(np.diff(inked).max()) - 1 if inked.size > 1 else 0


def test_a_mongolian_run_takes_the_room_it_is_drawn_in(mixed):
    # Drawn once at a size no label has used: SDL2 measures a Mongolian run there as if unshaped (wider than the
    # joined letters) until the font has drawn Mongolian at that size.
    line = mixed.MixedScriptLabel(text="[color=000000]12 ᠰᠠᠷ\u180eᠠ\u202fᠶᠢᠨ 5[/color]", font_size=63)
    line.refresh()
    space = mixed.MixedScriptLabel(text="[color=000000]1 2[/color]", font_size=63)
    space.refresh()
    assert widest_blank(line.texture) <= 1.5 * widest_blank(space.texture)


def test_a_mixed_line_wraps_at_the_labels_width():
    one = label(MIXED)
    wrapped = label(MIXED, text_size=(one.texture_size[0] * 0.6, None))
    assert wrapped.texture_size[0] <= one.texture_size[0] * 0.6
    assert wrapped.texture_size[1] > one.texture_size[1] * 1.5
    assert boxes(drawn_words(wrapped)) == []


def test_a_shortened_mongolian_line_keeps_whole_words_and_a_drawable_ellipsis():
    width = label(MIXED).texture_size[0] * 0.5
    short = label(MIXED, text_size=(width, None), shorten=True)
    assert short.is_shortened and short.texture_size[0] <= width
    words = drawn_words(short)
    assert "..." in [text for text, _ in words]
    assert boxes(words) == []
    assert all(text.strip() in MIXED.split() for text, _ in words if is_mongolian(text))


def test_chinese_text_again_leaves_the_markup():
    widget = label(MIXED)
    widget.text = "宁城县 12"
    pump(1)
    assert not widget.markup and type(widget._label) is CoreLabel


def test_a_fit_label_measures_mixed_text_as_drawn(mixed):
    from kiosk.ui.widgets.common import FitLabel

    fit = FitLabel(text=MIXED, size_hint=(None, None), size=(2000, 100), base_font_size=40)
    pump(2)
    drawn = label(MIXED)
    assert fit.font_size == 40 and not fit.shorten
    assert fit.natural_width == pytest.approx(drawn.texture_size[0], abs=4)


def ink(texture: Any) -> int:
    alpha = np.frombuffer(texture.pixels, dtype=np.uint8).reshape(texture.height, texture.width, 4)[:, :, 3]
    return int(np.count_nonzero(alpha))


def test_a_mongolian_line_is_about_as_tall_as_a_chinese_one_and_keeps_every_letter():
    # The font's empty top is left out of the line (kiosk.ui.widgets.mixed.TRIM): 1.75 times the size was the line.
    one = label(WORD)
    chinese = label("宁城县")
    assert one.texture_size[1] <= chinese.texture_size[1]
    # On two lines, the second line's raised run leaves the letters of the first whole (SDL copies transparent
    # pixels too): as much ink as two lines drawn alone.
    two = label(f"{WORD} {WORD}", text_size=(one.texture_size[0] * 1.5, None))
    assert len(two._label._cached_lines) == 2
    assert ink(two.texture) == pytest.approx(2 * ink(one.texture), rel=0.02)


def test_a_fit_label_keeps_a_suffix_with_its_stem():
    # A case suffix after a narrow no-break space is part of its word: the label gets smaller rather than break there.
    from kiosk.ui.widgets.common import FitLabel

    stem = "ᠮᠠᠲᠸᠷᠢᠶᠠᠯ\u202fᠤᠨ"
    fit = FitLabel(text=f"{stem} ᠵᠢᠷᠤᠭ", size_hint=(None, None), size=(label(WORD).texture_size[0] * 1.5, 300),
                   base_font_size=40)
    pump(2)
    fit.texture_update()
    lines = ["".join(word.text for word in line.words).strip() for line in fit._label._cached_lines]
    assert stem in lines
