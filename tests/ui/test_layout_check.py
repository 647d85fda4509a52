"""The layout checker (kiosk.ui.layout_check) finds what a citizen would see wrong. Run over every screen in every
mode by tests/ui/test_screenshots.py."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.ui.layout_check import Problem

from ui_support import ends_on_the_attract_screen, pump  # noqa: F401


@pytest.fixture
def canvas(app) -> Any:
    """A bare layer over the window, to lay widgets out by hand."""
    from kivy.core.window import Window
    from kivy.uix.floatlayout import FloatLayout

    layer = FloatLayout(size=Window.size)
    Window.add_widget(layer)
    yield layer
    Window.remove_widget(layer)


def check(app: Any, layer: Any, elder: bool = False) -> list[Problem]:
    from kiosk.ui.layout_check import check_layout

    pump()
    return check_layout([layer], app.header, elder)


def kinds(problems: list[Problem]) -> set[str]:
    return {p.kind for p in problems}


def test_text_that_fits_its_box_and_a_big_button_are_fine(app, canvas) -> None:
    from kivy.uix.label import Label

    from kiosk.ui.widgets.common import BigButton

    canvas.add_widget(Label(text="宁城", font_size=40, size_hint=(None, None), size=(200, 80), pos=(100, 100)))
    canvas.add_widget(BigButton(text="下一步", size_hint=(None, None), size=(300, 104), pos=(400, 100)))
    assert check(app, canvas) == []


def test_text_larger_than_its_box_is_clipped_and_a_declared_shortening_is_not(app, canvas) -> None:
    from kivy.uix.label import Label

    canvas.add_widget(Label(text="内蒙古自治区赤峰市宁城县", font_size=40, size_hint=(None, None), size=(200, 80),
                            pos=(100, 100)))
    canvas.add_widget(Label(text="内蒙古自治区赤峰市宁城县", font_size=40, size_hint=(None, None), size=(200, 80),
                            pos=(100, 400), shorten=True, text_size=(200, 80)))
    problems = check(app, canvas)
    assert [p.kind for p in problems if "clipped" in p.kind] == ["clipped"]


def test_lines_kivy_leaves_out_of_a_low_box_are_clipped_though_the_texture_fits(app, canvas) -> None:
    """Given a box too low for its lines, Kivy draws only those that fit, and its texture then fits the box: the
    ID card reader's name on the devices page showed as 器 alone."""
    from kivy.uix.label import Label

    for y, height in ((100, 40), (400, 240)):  # one line's height, and room for all of them
        canvas.add_widget(Label(text="身份证阅读器 ID card reader", font_size=28, size_hint=(None, None),
                                size=(90, height), text_size=(90, height), pos=(100, y)))
    problems = check(app, canvas)
    assert [p.what for p in problems if p.kind == "clipped"] == [
        "Label('身份证阅读器 ID card reader') lines left out of a box of 90x40"]


def test_texts_drawn_over_each_other_and_over_a_button_overlap(app, canvas) -> None:
    from kivy.uix.label import Label

    from kiosk.ui.widgets.common import BigButton

    canvas.add_widget(Label(text="请将身份证放在读卡区", font_size=40, size_hint=(None, None), size=(600, 80),
                            pos=(100, 300)))
    canvas.add_widget(Label(text="住房公积金缴存查询", font_size=40, size_hint=(None, None), size=(600, 80),
                            pos=(150, 320)))
    canvas.add_widget(BigButton(text="上一步", size_hint=(None, None), size=(300, 104), pos=(900, 300)))
    canvas.add_widget(Label(text="读卡区", font_size=40, size_hint=(None, None), size=(200, 80), pos=(950, 310)))
    problems = [p.what for p in check(app, canvas) if p.kind == "overlap"]
    assert any("请将身份证" in p and "住房公积金" in p for p in problems)
    assert "Label('读卡区') and BigButton('上一步')" in problems
    assert all("读卡区" in p or "住房公积金" in p for p in problems)


def test_under_the_header_off_screen_and_small_targets(app, canvas) -> None:
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    class Target(ButtonBehavior, Label):
        pass

    from kiosk.ui.widgets.common import BigButton

    app.go_home()
    top = Window.height
    canvas.add_widget(BigButton(text="长辈看不清", size_hint=(None, None), size=(300, 104), pos=(600, top - 150)))
    canvas.add_widget(BigButton(text="出界", size_hint=(None, None), size=(300, 104), pos=(Window.width - 100, 300)))
    canvas.add_widget(Target(text="小", size_hint=(None, None), size=(300, 90), pos=(100, 300)))
    assert kinds(check(app, canvas)) == {"under-header", "off-screen"}  # 90 px is enough in normal mode
    problems = check(app, canvas, elder=True)
    assert [p.what for p in problems if p.kind == "small-target"] == ["Target('小') 300x90 < 100"]

