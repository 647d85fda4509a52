"""FitLabel: text read whole in a fixed box. It keeps its size when it fits, wraps and then shrinks when it does
not (never below min_scale, never splitting a word), and draws its text once, at the size chosen, after its
layout has given it a box."""

from __future__ import annotations

from typing import Any

import pytest
from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.widgets.common import FitLabel


@pytest.fixture(autouse=True)
def running_app(app: Any) -> Any:  # noqa: F811
    """Labels take their colour from the running app's theme (common.kv)."""
    return app


def settle() -> None:
    for _ in range(3):
        Clock.tick()


def drawn_textures(label: FitLabel) -> list[Any]:
    textures: list[Any] = []
    label.bind(texture=lambda _, texture: texture is not None and textures.append(texture))
    return textures


def laid_out(label: FitLabel) -> tuple[float, float]:
    """The widest word and the height of all lines, at the label's font size, wrapped at its width."""
    measure = CoreLabel(text=label.text, font_size=label.font_size, font_name=label.font_name, bold=label.bold,
                        text_size=(label.width, None))
    measure.resolve_font_name()
    return max(measure.get_extents(word)[0] for word in label.text.split()), measure.render()[1]


def in_box(text: str, width: int, height: int, **kwargs: Any) -> FitLabel:
    label = FitLabel(text=text, size_hint=(None, None), size=(width, height), base_font_size=32, **kwargs)
    settle()
    return label


def test_chinese_that_fits_keeps_its_size_on_one_line() -> None:
    label = in_box("医疗保险参保登记", 600, 60)
    assert label.font_size == 32 and not label.shorten
    assert label.natural_width < 600
    assert label.texture is not None and label.texture_size[0] <= 600


def test_long_english_wraps_then_shrinks_but_not_below_its_minimum() -> None:
    text = "Registration for basic medical insurance of urban and rural residents"
    wrapped = in_box(text, 420, 100, min_scale=0.6)
    assert 32 * 0.6 <= wrapped.font_size < 32 and not wrapped.shorten
    widest, height = laid_out(wrapped)
    assert widest <= 420 and height <= 100 + wrapped.font_size * 0.2  # its lines fit the box
    assert height > wrapped.font_size * 1.5  # on more than one line
    squeezed = in_box(text, 200, 40, min_scale=0.75)
    assert squeezed.font_size == round(32 * 0.75) and squeezed.shorten  # one shortened line: the last resort


def test_two_lines_that_overrun_the_box_get_smaller_rather_than_lose_one() -> None:
    # Kivy leaves out a line that does not fit the box's height: the little spill a single line may take would
    # cost a second line its first (an English title beside the e-ID icon showed only "Mengsuban app").
    text = "Or show the e-ID QR code in the Mengsuban app"
    full = in_box(text, 520, 200)
    widest, two_lines = laid_out(full)
    assert full.font_size == 32 and two_lines > 32 * 1.5  # two lines at its size, with room to spare
    tight = in_box(text, 520, int(two_lines) - 4)  # the spill a single line is allowed, not enough for two lines
    _, height = laid_out(tight)
    assert tight.font_size < 32 and height <= tight.height and not tight.shorten


def test_a_word_is_never_split_across_lines() -> None:
    label = in_box("Reimbursement", 150, 200, min_scale=0.5)
    widest, height = laid_out(label)
    assert label.font_size < 32 and widest <= 150  # smaller, rather than "Reimburs-ement"
    assert height < label.font_size * 2


@pytest.mark.parametrize("text", ["请选择您要办理的事项", "Please choose what you came to do"])
def test_text_in_a_layout_is_drawn_once_at_the_size_its_layout_gives(text: str) -> None:
    # Built with no box yet (as every screen's labels are), then laid out: drawing the text before the box is
    # known, or before the fit chose its size, is work thrown away at every start.
    row = BoxLayout(size=(700, 80))
    label = FitLabel(text=text, base_font_size=32)
    textures = drawn_textures(label)
    row.add_widget(label)
    settle()
    assert label.size == [700, 80]
    assert len(textures) == 1
    assert textures[0].size[0] == 700  # drawn into the final box (text_size follows the size)
    label.text = "首页"
    settle()
    assert len(textures) == 2  # a change draws again


def test_a_box_that_loses_its_width_shows_no_old_text() -> None:
    label = in_box("呼叫帮办", 300, 60)
    assert label.texture is not None
    label.width = 0
    settle()
    assert label.texture is None and label.texture_size == [0, 0]
