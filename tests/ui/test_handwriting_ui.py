"""The handwriting keyboard in the real window: characters written by replaying stroke data as touches on the
writing box, entered by themselves after a pause or by a tap on a candidate, into a name field, a complaint, the
guide's search and a copy's purpose; 重写 and 删除; elder mode opening on handwriting."""

from __future__ import annotations

from typing import Any

from ui_support import (  # noqa: F401
    ends_on_the_attract_screen,
    find_tile,
    lay_card_and_wait,
    press,
    pump,
    tap,
    text_keyboard,
    wait_until,
    write,
    writing_pad,
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


def test_pinyin_in_a_name_ranks_given_names_characters_after_the_surname(app) -> None:
    """The pinyin keyboard asks for the field's kind and what is already in it: after 王, "xiu" is 秀 first (a given
    name's character), where in a text field 修 comes first."""
    from kiosk.ime import engine

    screen = open_name_field(app)
    board = text_keyboard(screen)
    keyboard = board.ids.area.children[0]
    wait_until(engine.ready, "the pinyin lexicon")
    for key in "wang":
        press(app, key)
    wait_until(lambda: bool(keyboard.candidates), "candidates for wang")
    press(app, "王")
    for key in "xiu":
        press(app, key)
    wait_until(lambda: keyboard.pinyin == "xiu" and bool(keyboard.candidates), "candidates for xiu")
    assert keyboard.kind == "name" and keyboard.before == "王"
    assert keyboard.candidates[0].text == "秀"
    assert engine.lookup("xiu", limit=1)[0].text != "秀"  # a text field's first is another character
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


# -- the public services' text: the same keyboard as the forms' ----------------------------------------------------
def write_and_choose(app: Any, pad: Any, character: str) -> None:
    write(pad, character)
    wait_until(lambda: character in pad.candidates, f"{character} among the candidates")
    press(app, character)


def test_a_complaint_is_written_by_hand(app) -> None:
    app.go_home()
    pump()
    press(app, "意见投诉")
    screen = app.current_screen
    assert not text_keyboard(screen).handwriting
    press(app, "手写")
    pad = writing_pad(screen)
    for character in "路天":
        write_and_choose(app, pad, character)
    assert screen.text == "路天" and text_keyboard(screen).before == "路天"  # ranked by what is written before
    press(app, "删除")
    assert screen.text == "路"
    write_and_choose(app, pad, "谢")
    press(app, "下一步")
    assert screen.stage == "contact"
    app.go_home()


def test_the_guide_is_searched_by_a_written_character(app) -> None:
    app.go_home()
    pump()
    press(app, "办事指南")
    screen = app.current_screen
    press(app, "手写")
    write_and_choose(app, writing_pad(screen), "金")
    assert screen.typed == "金"
    assert [tile.title for tile in screen.body.ids.results.children] == ["公积金查询"]
    press(app, "公积金查询")
    assert screen.mode == "detail"
    app.go_home()


def test_a_copys_purpose_is_written_by_hand(app) -> None:
    app.go_home()
    pump()
    app.show("copy", state="type")  # 户籍业务 typed so far
    screen = app.current_screen
    assert screen.stage == "type"
    press(app, "手写")
    write_and_choose(app, writing_pad(screen), "宁")
    assert screen.job.typed == "户籍业务宁" and text_keyboard(screen).before == "户籍业务宁"
    app.go_home()


def test_elder_mode_opens_the_services_on_handwriting_and_a_new_visit_starts_afresh(app) -> None:
    app.go_home()
    pump()
    press(app, "意见投诉")
    press(app, "手写")  # left on handwriting by one citizen, in normal mode...
    app.go_home()
    pump()
    press(app, "意见投诉")
    assert not text_keyboard(app.current_screen).handwriting  # ...the next starts on pinyin
    app.go_home()
    pump()
    app.toggle_elder()
    try:
        for service in ("complaint", "guide"):  # elder mode's home has fewer tiles: opened as its 更多事项 would
            app.show(service)
            assert text_keyboard(app.current_screen).handwriting
            assert writing_pad(app.current_screen) is not None
            app.go_home()
            pump()
    finally:
        app.go_home()
        pump()
        if app.session.elder:
            app.toggle_elder()
