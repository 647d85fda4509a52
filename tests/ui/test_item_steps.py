"""The item steps as a citizen meets them (issue 22): a refused form says where and why, 下一步 on the materials
moves on to the next material with a word, the mode chosen on the attract screen is kept, deleting asks first, a
choice shows its choices at once, the face photo draws its frame."""

from __future__ import annotations

from typing import Any

from ui_support import find_tile, labels_of, lay_card_and_wait, press, pump, tap, wait_until


def open_form(app: Any, code: str, card: str = "王建国") -> Any:
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, app.catalog.item(code).short_name))
    lay_card_and_wait(app, card, "form")
    return app.current_screen


def open_step(app: Any, code: str, step: str) -> Any:
    from kiosk.demo.items import sample_flow

    sample_flow(app, code, step)
    app.controller.show_step()
    pump()
    assert app.screens.current == step
    return app.current_screen


def no_pages_taken(app: Any, screen: Any) -> None:
    """The demo photographed every material: start again with none."""
    session = app.flow.session
    for material in app.flow.item.materials:
        session.materials.pop(material.code, None)
        session.thumbnails.pop(material.code, None)
    screen.choose(0)


def take_page(screen: Any) -> None:
    from kiosk.receipts.render import qr_png

    screen.page_captured(b"\xff\xd8 page", qr_png("page"))  # any small PNG will do for its thumbnail


def dialog_on_show(app: Any) -> Any:
    from kivy.core.window import Window

    from kiosk.ui.widgets.dialogs import ConfirmDialog

    return next((w for w in Window.children if isinstance(w, ConfirmDialog)), None)


def answer_dialog(app: Any, text: str) -> None:
    from kivy.uix.behaviors import ButtonBehavior

    dialog = dialog_on_show(app)
    assert dialog is not None, "no question was asked"
    tap(next(w for w in dialog.walk() if isinstance(w, ButtonBehavior) and getattr(w, "text", "") == text))
    wait_until(lambda: dialog_on_show(app) is None, "the question to close")


def test_a_refused_last_next_opens_the_first_field_in_error_and_says_why(app) -> None:
    screen = open_form(app, "sb-gs")  # the card gives name and number; phone and reason are left
    assert screen.field.key == "phone"
    press(app, "清空")  # the phone the platform holds for him, prefilled: he types another, a digit short
    for digit in "139476512":
        press(app, digit)
    press(app, "下一项")
    press(app, "丢失")  # the last field: the page is done, and refused
    assert app.screens.current == "form" and screen.field.key == "phone"
    shown = labels_of(screen)
    assert "还有1项没有填好，请按红字改好，再点“下一步”" in shown
    assert "手机号是11位数字，这里只有9位，请再核对一遍" in shown
    press(app, "1")
    press(app, "2")
    press(app, "下一项")
    assert screen.notice == ""  # nothing left to correct: the words go
    app.go_home()


def test_a_choice_shows_its_choices_under_the_question_without_an_empty_box(app) -> None:
    screen = open_form(app, "sb-gs", "张伟")
    screen.go_to(next(i for i, f in enumerate(screen.fields) if f.type == "choice"))
    pump(5)
    display, area = screen.body.ids.display, screen.body.ids.input_area
    assert display.height == 0 and display.opacity == 0
    label = next(w for w in screen.body.ids.field.walk() if getattr(w, "text", "") == screen.label)
    # The first row of choices starts right under the field's block, not at the bottom of the page.
    assert screen.body.ids.field.y - area.top < app.theme.button_h
    assert label.y > area.top
    app.go_home()


def test_next_on_the_materials_moves_to_the_next_one_needing_pages_and_names_it(app) -> None:
    screen = open_step(app, "yb-bx", "materials")
    no_pages_taken(app, screen)
    take_page(screen)
    press(app, "下一步")
    assert app.screens.current == "materials" and screen.index == 1
    assert screen.moved_on == "下一份：费用明细清单" and screen.moved_on in labels_of(screen)
    press(app, "到窗口交")
    press(app, "下一步")
    assert screen.index == 2 and "出院记录" in screen.moved_on
    press(app, "下一步")  # nothing taken here: on to the last one still needing pages
    assert screen.index == 3
    press(app, "下一步")  # none after it: the page is checked, and the one skipped is named with its words
    assert app.screens.current == "materials" and screen.index == 2
    shown = labels_of(screen)
    assert "还有2份材料没有拍，请拍好或选“到窗口交”，再点“下一步”" in shown
    assert "请拍摄这份材料，或选择“到窗口交”" in shown
    take_page(screen)
    press(app, "下一步")
    assert screen.index == 3
    press(app, "到窗口交")
    press(app, "下一步")
    assert app.screens.current == "confirm"
    app.go_home()


def test_a_thumbnail_is_deleted_only_after_asking(app) -> None:
    from kiosk.ui.screens.items.materials import Thumb

    screen = open_step(app, "yb-bx", "materials")
    no_pages_taken(app, screen)
    take_page(screen)
    take_page(screen)
    code = screen.material.code
    pages = 2
    pump(5)
    tap([w for w in reversed(screen.body.ids.thumbs.children) if isinstance(w, Thumb)][0])
    assert "删除第1页吗？删除后可以重拍。" in labels_of(dialog_on_show(app))
    answer_dialog(app, "不删除")
    assert len(app.flow.session.materials[code]) == pages
    tap(next(w for w in screen.body.ids.thumbs.children if isinstance(w, Thumb)))
    answer_dialog(app, "删除")
    assert len(app.flow.session.materials[code]) == pages - 1
    tap(next(w for w in screen.body.ids.thumbs.children if isinstance(w, Thumb)))
    app.go_home()
    pump(5)
    assert dialog_on_show(app) is None  # a question never outlives its screen


def test_the_face_photo_step_draws_the_frame_it_speaks_of(app) -> None:
    from kivy.graphics import Color, Line

    screen = open_step(app, "sb-rz", "materials")
    assert screen.face and "脸放在框里" in screen.guidance
    instructions = screen.body.ids.preview.canvas.after.children
    frames = [i for i in instructions if isinstance(i, Line) and len(i.points) > 8]
    colours = [i for i in instructions if isinstance(i, Color)]
    assert frames and colours[-1].a == 1  # drawn, and visible
    open_step(app, "yb-bx", "materials")
    assert [i for i in instructions if isinstance(i, Color)][-1].a == 0  # a document has its outline instead
    app.go_home()


def test_elder_mode_and_english_chosen_on_the_attract_screen_are_kept_for_the_session(app) -> None:
    app.end_session("test")
    pump()
    assert app.screens.current == "attract"
    try:
        app.toggle_elder()
        app.toggle_language()
        body = app.theme.body
        tap(app.current_screen)
        assert app.screens.current == "home"
        assert app.session.elder and app.theme.elder and app.header.elder and app.theme.body == body
        assert app.idle.timeout_s == app.config_model.session.elder_idle_timeout_s
        assert "More services" in [w.title for w in app.current_screen.walk() if type(w).__name__ == "Tile"]
    finally:
        app.end_session("test")
        pump()
    assert not app.theme.elder and not app.header.elder  # the next citizen starts plain
    assert app.header.other_language == "en"


def test_printing_a_query_result_says_on_screen_that_it_printed(app) -> None:
    screen = open_step(app, "gjj-cx", "result")
    press(app, "打印")
    wait_until(lambda: screen.printed_note == "已打印，请从出纸口取走凭条", "the slip to print")
    assert screen.printed and screen.printed_note in labels_of(screen)
    app.go_home()


def test_a_result_shows_dates_in_words_and_no_web_address(app) -> None:
    screen = open_step(app, "bdc-cx", "result")
    shown = labels_of(screen)
    assert "2026年11月27日 10:42" in shown and "打印凭条，扫码查看" in shown
    assert not [text for text in shown if "://" in text or "T10:42" in text]
    assert screen.body.ids.table.height == 0  # no records: no table, not even its header
    from kiosk.receipts.model import Qr, Row

    receipt = app.runtime.work.receipt_for(app.flow)  # the slip 打印 prints: the address as a QR code
    assert any(isinstance(b, Qr) and "verify" in b.text for b in receipt.blocks)
    rows = {b.key: b.value for b in receipt.blocks if isinstance(b, Row)}
    assert rows["查询时间"] == "2026年11月27日 10:42" and rows["核验地址"] == "见下方二维码"
    app.go_home()


def test_in_elder_mode_the_balance_and_the_records_are_whole_on_the_result(app) -> None:
    from kiosk.ui.widgets.common import InfoLine

    app.go_home()
    app.toggle_elder()
    try:
        screen = open_step(app, "gjj-cx", "result")
        pump(10)
        view = screen.body.ids.table.parent.parent
        vy, vh = view.to_window(*view.pos)[1], view.height
        balance = next(w for w in screen.body.ids.lines.children if isinstance(w, InfoLine) and w.label == "账户余额")
        table = screen.body.ids.table
        for widget in (balance, table):  # inside the visible part of the scrolled area, not cut by its edge
            y = widget.to_window(*widget.pos)[1]
            assert vy - 1 <= y and y + widget.height <= vy + vh + 1, widget
    finally:
        app.toggle_elder()
        app.go_home()


def test_a_code_too_blurred_to_read_asks_on_the_identify_step_to_hold_the_phone_still(app) -> None:
    from kiosk.devices.base import DeviceEvent

    screen = open_step(app, "yb-jf", "identify")  # a card or the e-ID code
    hint = "二维码太模糊，请拿稳手机，离远一点"
    assert hint not in labels_of(screen)
    app.controller.on_device_event(DeviceEvent("scanner", "blurred", 1.3))
    pump()
    assert hint in labels_of(screen)
    screen.refresh()  # the step shown afresh (a card refused, the language changed) starts without it
    pump()
    assert hint not in labels_of(screen)
