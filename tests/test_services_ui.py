"""The public services in the real app (the fixture of test_app: simulated reader, scanner and printer, the
sandbox platform), driven by visible labels from the home screen's service tiles."""

from __future__ import annotations

from typing import Any

from tests.test_app import app, labels_of, press, pump, tap, wait_until  # noqa: F401


def open_service(app: Any, name: str, screen: str) -> Any:
    app.go_home()
    pump()
    press(app, name)
    assert app.screens.current == screen
    return app.current_screen


def shown(screen: Any, text: str) -> bool:
    """A label with `text` that the citizen can see (it and all its parents opaque)."""
    from kivy.uix.label import Label

    for label in (w for w in screen.walk() if isinstance(w, Label) and w.text == text):
        widget = label
        while widget is not None and widget.opacity > 0 and widget is not screen:
            widget = widget.parent
        if widget is screen:
            return True
    return False


# -- 办件进度 -------------------------------------------------------------------------------------------------------
def test_progress_by_id_card_lists_the_applications_and_shows_what_to_add(app) -> None:
    screen = open_service(app, "办件进度", "progress")
    assert "输入回执上的受理编号" in labels_of(screen) and "刷身份证，查全部办件" in labels_of(screen)
    app.demo_place_card("wang-jianguo")
    wait_until(lambda: screen.mode == "list", "the citizen's applications")
    texts = labels_of(screen)
    assert "最低生活保障申请" in texts and "医疗费用手工报销申请" in texts
    assert "退回补正" in texts and "已办结" in texts
    press(app, "最低生活保障申请")
    assert screen.mode == "detail"
    texts = labels_of(screen)
    assert shown(screen, "需要您补充")
    assert any("家庭收入证明" in t for t in texts)
    assert {"已受理", "审核中", "退回补正"} <= set(texts)
    press(app, "返回列表")
    assert screen.mode == "list"
    press(app, "重新查询")
    assert screen.mode == "ask"
    app.go_home()


def test_progress_by_typed_receipt_number_and_by_the_receipt_qr(app) -> None:
    from kiosk.demo import demo_identity

    backend = app.runtime.backend
    mine = backend.call(backend.client.applications, demo_identity("wang-jianguo").id_number).result(10)
    number = next(p for p in mine if p.item_code == "yb-bx").receipt_no
    screen = open_service(app, "办件进度", "progress")
    press(app, "查询")
    assert screen.notice == "请先输入回执上的受理编号"
    for key in number:
        press(app, key)
    assert screen.typed == number
    press(app, "查询")
    wait_until(lambda: screen.mode == "detail", "the application by its number")
    texts = labels_of(screen)
    assert "医疗费用手工报销申请" in texts and number in texts and "已办结" in texts
    assert not shown(screen, "需要您补充")  # nothing to add to a finished application
    press(app, "重新查询")
    assert screen.mode == "ask" and screen.typed == ""
    app.demo_show_code(number)
    wait_until(lambda: screen.mode == "detail", "the application by the scanned receipt")
    assert screen.shown.receipt_no == number
    app.go_home()


def test_progress_with_an_unknown_number_says_so_and_keeps_the_pad(app) -> None:
    screen = open_service(app, "办件进度", "progress")
    for key in "NC2026":
        press(app, key)
    press(app, "删除")
    assert screen.typed == "NC202"
    press(app, "查询")
    wait_until(lambda: screen.mode == "ask" and screen.notice, "the platform's answer")
    assert screen.notice == "未查询到该办件，请核对受理编号"
    assert screen.notice in labels_of(screen)
    app.go_home()
