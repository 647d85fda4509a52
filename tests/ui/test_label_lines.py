"""Every label breaks Chinese lines where Chinese typesetting allows (kiosk.ui.widgets.label): Kivy alone broke a
run without spaces anywhere, so a closing bracket or a 、 began a line and a list number stood alone."""

from __future__ import annotations

from typing import Any

import pytest
from kivy.factory import Factory

from kiosk.ui.widgets.label import Label

CLOSING, OPENING = "）、，。", "（"


@pytest.fixture(autouse=True)
def running_app(app: Any) -> Any:
    return app


def lines_of(label: Any) -> list[str]:
    label.texture_update()
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


def width_that_breaks_before(text: str, at: int, font_size: int = 40) -> float:
    """A width where the line fills up to `text[:at]`: Kivy alone would start the next line with text[at]."""
    probe = Label(text=text, font_size=font_size)
    probe.texture_update()
    return probe._label.get_extents(text[:at])[0] + 2


@pytest.mark.parametrize(("text", "at"), [("家庭年收入（元）", 7), ("王建国、刘桂芝、王海涛", 7),
                                          ("医疗费用总额（元）", 7)])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text: str, at: int) -> None:
    label = Factory.Label(text=text, font_size=40, text_size=(width_that_breaks_before(text, at), None))
    lines = lines_of(label)
    assert len(lines) > 1
    assert "".join(lines) == text
    assert not any(line[0] in CLOSING for line in lines[1:]), lines
    assert not any(line[-1] in OPENING for line in lines), lines


def test_a_list_number_stays_on_the_line_of_its_text() -> None:
    text = "3. 残疾证或疾病诊断证明（最多拍4页）"
    label = Label(text=text, font_size=40, text_size=(width_that_breaks_before(text, 12), None))
    lines = lines_of(label)
    assert lines[0].startswith("3. 残疾证"), lines


def test_kv_labels_are_the_kiosks() -> None:
    assert Factory.get("Label") is Label


@pytest.mark.parametrize("text", ["村口的路灯坏了十多天，晚上出门看不见路，请尽快修理。谢谢。",
                                  "The street lamp at the village gate has been broken for ten days, please fix it"])
def test_writing_longer_than_its_box_shows_its_end_under_an_ellipsis(text: str) -> None:
    """A complaint written past its box (portrait 长辈模式 in English leaves it one line): the newest writing stays
    in view, as in a text field scrolled to its end; Kivy alone kept the first line and dropped the rest."""
    from kiosk.ui.widgets.label import TailLabel

    probe = Label(text=text, font_size=40, text_size=(400, None))
    whole = lines_of(probe)
    line_height = probe.texture_size[1] / len(whole)
    low = TailLabel(text=text, font_size=40, text_size=(400, line_height * 2.5))
    shown = lines_of(low)
    assert shown == ["…", whole[-1]] and len(whole) > 2
    roomy = TailLabel(text=text, font_size=40, text_size=(400, line_height * (len(whole) + 1)))
    assert lines_of(roomy) == whole
    one_line = TailLabel(text=text, font_size=40, text_size=(400, line_height * 1.5))
    assert lines_of(one_line) == whole[-1:]


def test_a_long_name_on_a_picker_key_takes_two_balanced_lines_not_an_ellipsis(app: Any) -> None:
    """天义镇社区卫生服务中心 in portrait 长辈模式 was cut to 天义镇社区…服务中心, and two lines filled greedily left 心
    alone on the second."""
    from kivy.core.window import Window

    from kiosk.ui.widgets.pickers import PickKey

    name = "天义镇社区卫生服务中心"
    key = PickKey(text=name, size_hint=(None, None), size=(app.theme.small * 10.5, app.theme.key_h))
    Window.add_widget(key)
    try:
        lines = lines_of(key)
        assert key.two_lines and not key.shorten
        assert "".join(lines) == name and len(lines) == 2 and min(len(line) for line in lines) >= 4, lines
        assert key.texture_size[1] <= key.height
    finally:
        Window.remove_widget(key)
