"""The handwriting keyboard in the real window: characters written by replaying stroke data as touches on the
writing box, entered by themselves after a pause or by a tap on a candidate, into a name field; 重写 and 删除;
elder mode opening on handwriting."""

from __future__ import annotations

from typing import Any

from ui_support import (  # noqa: F401
    ends_on_the_attract_screen,
    find_tile,
    lay_card_and_wait,
    press,
    pump,
    tap,
    wait_until,
)


def open_name_field(app: Any) -> Any:
    """医保缴费's first person's 姓名 (the year is a choice that moves on by itself)."""
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, app.catalog.item("yb-jf").short_name))
    lay_card_and_wait(app, "张伟", "form")
    screen = app.current_screen
    press(app, "2027")
    press(app, "添加其他人")  # his household is on record: someone else is typed in
    assert screen.editing_person and screen.field.key == "name"
    return screen


def text_keyboard(screen: Any) -> Any:
    from kiosk.ui.widgets.handwriting import TextKeyboard

    return next(w for w in screen.walk() if isinstance(w, TextKeyboard))


def writing_pad(screen: Any) -> Any:
    from kiosk.ui.widgets.handwriting import HandwritingKeyboard

    return next(w for w in screen.walk() if isinstance(w, HandwritingKeyboard))


def write(pad: Any, character: str) -> None:
    """The character's strokes, neatly, as touches: down, a move for every point, up."""
    from kivy.tests.common import UnitTestTouch

    from kiosk.demo.handwriting import clean_strokes

    ink = pad.ids.ink
    for stroke in clean_strokes(character, (ink.width, ink.height)):
        points = [ink.to_window(ink.x + x, ink.top - y) for x, y in stroke]
        touch = UnitTestTouch(*points[0])
        touch.touch_down()
        for point in points[1:]:
            touch.touch_move(*point)
        touch.touch_up()
        pump(1)


def test_a_name_is_written_character_by_character(app) -> None:
    screen = open_name_field(app)
    board = text_keyboard(screen)
    assert board.offered and not board.handwriting  # pinyin first, handwriting one key away
    press(app, "手写")
    pad = writing_pad(screen)
    assert pad.kind == "name"

    write(pad, "王")  # left alone: after the pause the first candidate is entered, and the box is empty again
    wait_until(lambda: screen.text == "王", "王 to be entered after the pause")
    assert not pad.ids.ink.strokes and pad.entered and pad.candidates[0] == "王"

    for character in "秀芝":
        write(pad, character)
        wait_until(lambda c=character: c in pad.candidates, f"{character} among the candidates")
        press(app, character)
    wait_until(lambda: screen.text == "王秀芝", "王秀芝 in the field")

    write(pad, "宁")
    wait_until(lambda: bool(pad.candidates), "candidates for the ink")
    press(app, "重写")
    assert not pad.ids.ink.strokes and not pad.candidates and screen.text == "王秀芝"
    press(app, "删除")
    assert screen.text == "王秀"
    press(app, "拼音")  # and back to pinyin, the name kept
    assert not text_keyboard(screen).handwriting and screen.text == "王秀"
    app.go_home()


def test_elder_mode_opens_on_handwriting(app) -> None:
    app.go_home()
    pump()
    app.toggle_elder()
    try:
        screen = open_name_field(app)
        assert text_keyboard(screen).handwriting
        assert writing_pad(screen) is not None
    finally:
        app.go_home()
        pump()
        if app.session.elder:
            app.toggle_elder()


def test_the_switch_key_appears_once_the_recogniser_is_ready(app, monkeypatch) -> None:
    from kiosk.ime import recogniser

    ready = recogniser.prepare()
    monkeypatch.setattr(recogniser, "_default", None)  # as in the first seconds after start
    screen = open_name_field(app)
    board = text_keyboard(screen)
    assert not board.offered and not board.handwriting
    recogniser._default = ready
    wait_until(lambda: board.offered, "the switch key")
    press(app, "手写")
    assert board.handwriting
    app.go_home()
