"""Every route a citizen has to every field of an item's form, walked in the real window by visible labels and
touches: 下一项, a choice that moves on by itself, adding a person and walking their columns. A field's keyboard
is built as the field is reached, so each route builds every kind of keyboard in its own order."""

from __future__ import annotations

from typing import Any

import pytest

from ui_support import ends_on_the_attract_screen, find_tile, labels_of, lay_card_and_wait, press, pump, tap  # noqa: F401

ITEMS = {"yb-jf": "医保缴费", "yb-bx": "医疗费用报销", "db-sq": "低保申请", "qy-sl": "开办公司"}


def open_form(app: Any, code: str) -> Any:
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, app.catalog.item(code).short_name))
    lay_card_and_wait(app, "张伟", "form")
    return app.current_screen


def where(screen: Any) -> tuple[int, int, bool]:
    return screen.index, screen.column if screen.editing_person else -1, screen.editing_person


def still_on_the_form(app: Any, route: str) -> None:
    assert app.screens.current == "form", f"{route} left the form for {app.screens.current}"


def walk_by_next(app: Any, screen: Any) -> list[str]:
    """From the first field to the last by 下一项 (a choice moves on by itself), adding one person on every
    persons field and walking their columns the same way. Returns the field types reached."""
    reached = []
    while True:
        field = screen.field
        reached.append("persons-list" if field.type == "persons" else field.type)
        at = where(screen)
        if field.type == "persons":
            press(app, "添加一人")
            still_on_the_form(app, "添加一人")
            assert screen.editing_person and screen.column == 0
            while screen.editing_person:
                column = screen.field
                reached.append(column.type)
                if column.type == "choice":
                    press(app, column.choices[0])
                else:
                    press(app, screen.primary_text)  # 下一项, then 保存这个人 on the last column
                still_on_the_form(app, f"{screen.primary_text} on {column.key}")
            assert where(screen) == at  # back on the list of persons
        if screen.primary_text == "下一步":
            return reached
        if field.type == "choice":
            press(app, field.choices[0])
        else:
            press(app, "下一项")
        still_on_the_form(app, f"下一项 after {field.key}")
        assert screen.index == at[0] + 1


@pytest.mark.parametrize("code", list(ITEMS))
def test_every_field_is_reached_by_next_and_by_the_choices(app, code: str) -> None:
    screen = open_form(app, code)
    reached = walk_by_next(app, screen)
    item = app.catalog.item(code)
    expected = {f.type for f in item.fields if f.type != "persons"}
    expected |= {c.type for f in item.fields if f.type == "persons" for c in f.fields}
    assert expected <= set(reached)
    assert screen.index == len(item.fields) - 1
    app.go_home()


def test_a_phone_number_a_digit_short_is_shown_with_what_is_wrong_when_the_page_is_refused(app) -> None:
    screen = open_form(app, "sb-gs")
    assert screen.field.key == "phone"
    for digit in "1394765123":
        press(app, digit)
    assert screen.error == ""  # one more digit may still come
    press(app, "下一项")
    press(app, "丢失")  # the last field: the page is done, and refused
    assert app.screens.current == "form" and screen.field.key == "phone"
    assert screen.error == "手机号是11位数字，这里只有10位，请再核对一遍"
    assert screen.error in labels_of(screen)
    app.go_home()
