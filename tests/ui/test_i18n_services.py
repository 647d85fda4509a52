"""The public services in English, in the real app (the `app` fixture: simulated reader, scanner and printer,
the sandbox platform): each screen driven by its English labels, and a switch of language in the middle keeps what
the citizen typed or chose. Catalog text (item and service names) and the words these screens share with the shell
(下一步, 完成, 清空, ...) are looked up through `_()`: their English lives in the catalog's and the shell's files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.base import i18n
from kiosk.base.i18n import _

from ui_support import labels_of, press, pump, type_pinyin, wait_until


@pytest.fixture
def english(app) -> Iterator[Any]:
    app.go_home()
    app.set_language("en")
    pump()
    try:
        yield app
    finally:
        app.set_language("zh")
        app.go_home()
        pump()


def open_service(app: Any, code: str) -> Any:
    """Touch the home screen's tile of a public service (its code names its screen), by its name in the language
    shown."""
    app.go_home()
    pump()
    press(app, _(next(s.name for s in app.catalog.services if s.code == code)))
    assert app.screens.current == code
    return app.current_screen


def shown_text(screen: Any) -> str:
    return "\n".join(labels_of(screen))


# -- the words themselves -----------------------------------------------------------------------------------------
def test_every_status_word_and_complaint_category_has_its_english_and_mongolian() -> None:
    # Named through a table, so `kiosk i18n` (which reads literal messages) does not see them.
    from kiosk.core.results import STATUS_TEXT
    from kiosk.receipts.complaint_slip import CATEGORIES

    for lang in ("en", "mn"):
        translated = i18n.translations(lang)
        for word in [*STATUS_TEXT.values(), *CATEGORIES.values()]:
            assert translated.get(word), f"no {lang} for {word!r}"


def test_nothing_on_the_service_screens_bypasses_the_translation() -> None:
    from kiosk.base.i18n_extract import bypassing

    mine = [(str(place), text) for place, text in bypassing() if place.path.parent.name == "services"]
    assert mine == []


def test_dates_on_the_progress_screen_follow_the_language() -> None:
    import datetime as dt

    from kiosk.ui.screens.services.progress import promised_by, when

    moment = dt.datetime(2026, 11, 5, 9, 7)
    assert when(moment) == "2026年11月5日 09:07" and promised_by(moment.date()) == "2026年11月5日前"
    i18n.set_language("en")
    try:
        assert when(moment) == "5/11/2026 09:07" and promised_by(moment.date()) == "5/11/2026"
    finally:
        i18n.set_language(i18n.SOURCE)


# -- 办件进度 -------------------------------------------------------------------------------------------------------
def test_progress_by_typed_number_shows_an_english_timeline(english) -> None:
    from kiosk.demo.items import demo_identity

    app = english
    backend = app.runtime.backend
    mine = backend.call(backend.client.applications, demo_identity("wang-jianguo").id_number).result(10)
    number = next(p for p in mine if p.item_code == "yb-bx").receipt_no
    screen = open_service(app, "progress")
    texts = labels_of(screen)
    assert "Type your application number" in texts and "Scan the QR code on your receipt" in texts
    assert screen.title == "Check the progress of an application"
    press(app, "Search")
    assert screen.notice == "Please type the application number on your receipt first"
    for key in number:
        press(app, key)
    press(app, "Search")
    wait_until(lambda: screen.mode == "detail", "the application by its number")
    texts = labels_of(screen)
    assert number in texts and "Application number" in texts and "Promised by" in texts
    assert {"Accepted", "Under review", "Completed"} <= set(texts)
    assert screen.title == _("医疗费用手工报销申请")
    press(app, "New search")
    assert screen.mode == "ask"


def test_progress_keeps_the_typed_number_and_the_shown_application_across_a_switch(app) -> None:
    screen = open_service(app, "progress")
    try:
        for key in "NC2026":
            press(app, key)
        app.set_language("en")
        pump()
        assert screen.typed == "NC2026" and screen.mode == "ask" and "NC2026" in labels_of(screen)
        assert screen.primary_text == "Search"
        press(app, _("演示：放置身份证 {name}").format(name="王建国"))
        wait_until(lambda: screen.mode == "list", "the citizen's applications")
        assert screen.title == "Your applications (2)" and "Documents needed" in labels_of(screen)
        press(app, _("最低生活保障申请"))
        shown = screen.shown
        app.set_language("zh")
        pump()
        assert screen.mode == "detail" and screen.shown is shown
        texts = labels_of(screen)
        assert "退回补正" in texts and "需要您补充" in texts and "Documents needed" not in texts
        assert screen.back_text == "返回列表"
    finally:
        app.runtime.idcard_sim.lift_card()
        app.set_language("zh")
        app.go_home()


# -- 办事指南 -------------------------------------------------------------------------------------------------------
def test_guide_opened_in_english_and_its_checklist_printed_in_chinese(english) -> None:
    app = english
    item = app.catalog.item("yb-bx")
    screen = open_service(app, "guide")
    assert screen.title == _("办事指南") and "Type a name or pinyin initials" in labels_of(screen)
    for letter in "qqqq":
        press(app, letter)
    assert "Nothing found. Try other words, or tap “Call staff” at the top right" in labels_of(screen)
    press(app, _("清空"))
    for letter in "baoxiao":
        press(app, letter)
    press(app, _(item.short_name))
    assert screen.mode == "detail"
    text = shown_text(screen)
    for heading in ("Who can apply", "What to bring", "Fees", "How long it takes", "Where to apply",
                    "Responsible department", "Legal basis"):
        assert heading in text
    assert "Where you can apply: " in text and "County government service centre" in text
    assert "lay it flat in the camera area" in text
    printer = app.runtime.printer.simulator
    before = len(printer.receipts)
    press(app, "Print checklist")
    wait_until(lambda: screen.message or screen.notice, "the checklist to be printed")
    assert screen.message == "The checklist has been printed. Please take it" and not screen.notice
    assert len(printer.receipts) > before
    paper = printer.last_receipt.text
    assert "一次性告知" in paper and item.name in paper  # paper is the department's record, in Chinese
    press(app, "Back to list")
    assert screen.mode == "browse"


def test_guide_keeps_the_search_and_the_chosen_item_across_a_switch(app) -> None:
    screen = open_service(app, "guide")
    try:
        word = type_pinyin(app, "dibao")
        found = [w.title for w in screen.body.ids.results.children]
        app.set_language("en")
        pump()
        assert screen.typed == word and screen.mode == "browse"
        assert [w.title for w in screen.body.ids.results.children] == [_(t) for t in found]
        press(app, _("低保申请"))
        item = screen.item
        app.set_language("zh")
        pump()
        assert screen.mode == "detail" and screen.item is item and screen.title == item.name
        assert "办理条件" in shown_text(screen) and "Who can apply" not in shown_text(screen)
        app.set_language("en")
        pump()
        assert "Who can apply" in shown_text(screen) and screen.primary_text == "Print checklist"
    finally:
        app.set_language("zh")
        app.go_home()


# -- 便民查询 -------------------------------------------------------------------------------------------------------
def test_queries_in_english_open_a_query_that_answers_with_its_table(english) -> None:
    from kiosk.ui.screens.services.queries import query_items

    app = english
    screen = open_service(app, "queries")
    assert screen.title == _("便民查询")
    assert any(t.startswith("Use your ID card to search.") for t in labels_of(screen))
    item = app.catalog.item("gjj-cx")
    assert item in query_items(app.catalog)
    press(app, _(item.short_name))
    assert app.screens.current == "identify" and app.flow.item.code == "gjj-cx"
    app.controller.demo_place_card("zhang-wei")
    try:
        wait_until(lambda: app.screens.current == "result", "the query's answer")
        result = app.current_screen
        wait_until(lambda: result.rows, "the answer's table")
    finally:
        app.runtime.idcard_sim.lift_card()
    # the table's column labels are the platform's own words (content); the rows follow them
    assert result.columns and all(len(row) == len(result.columns) for row in result.rows)


# -- 意见投诉 -------------------------------------------------------------------------------------------------------
def test_complaint_sent_in_english_shows_its_tracking_number_in_english_words(english) -> None:
    app = english
    screen = open_service(app, "complaint")
    assert screen.title == "Complaints · What happened?"
    press(app, _("下一步"))
    assert screen.notice == "Please write a few words with the keyboard below"
    press(app, "Suggestion")
    assert screen.category == "suggestion"
    words = type_pinyin(app, "ludeng") + type_pinyin(app, "huaile")
    assert screen.text == words
    press(app, _("下一步"))
    assert screen.title == "Complaints · Our reply"
    assert "Leave a mobile number and we will call you back (kept private)" in labels_of(screen)
    press(app, "Submit")
    assert screen.notice == "Please type an 11-digit mobile number, or choose “Send anonymously”"
    for digit in "13947651234":
        press(app, digit)
    printer = app.runtime.printer.simulator
    before = len(printer.receipts)
    press(app, "Submit")
    wait_until(lambda: screen.stage == "done", "the tracking number")
    texts = labels_of(screen)
    assert "Application number" in texts and screen.number in texts and screen.number.startswith("TS")
    assert screen.title == "Complaints · Received"
    assert screen.message.startswith("Received. We will reply within 5 working days")
    wait_until(lambda: len(printer.receipts) > before and screen.message.endswith("please take it"), "the slip")
    assert screen.message == "Received. We will reply within 5 working days. Your slip has been printed, please take it"
    paper = printer.last_receipt.text
    assert screen.number in paper and "建议" in paper and words in paper  # the slip stays in Chinese
    press(app, _("完成"))
    assert app.screens.current == "home"


def test_a_switch_mid_complaint_keeps_the_typed_text_and_the_category(app) -> None:
    screen = open_service(app, "complaint")
    try:
        press(app, "表扬")
        words = type_pinyin(app, "xiexie")
        app.set_language("en")
        pump()
        assert screen.text == words and screen.category == "praise" and screen.stage == "write"
        assert words in labels_of(screen) and "Praise" in labels_of(screen)
        assert screen.title == "Complaints · What happened?" and screen.primary_text == _("下一步")
        press(app, _("下一步"))
        press(app, "Send anonymously")
        app.set_language("zh")
        pump()
        assert screen.stage == "contact" and screen.anonymous and screen.text == words
        assert screen.back_text == "上一步" and "匿名提交" in labels_of(screen)
        assert screen.payload()["content"] == words and screen.payload()["category"] == "praise"
    finally:
        app.set_language("zh")
        app.go_home()


# -- 服务评价 -------------------------------------------------------------------------------------------------------
def test_evaluation_asks_its_reasons_in_english_and_sends_them_as_the_platform_knows_them(english) -> None:
    from kiosk.core.flow import EVALUATION_REASONS

    app = english
    screen = open_service(app, "evaluation")
    assert screen.title == "Rate our service" and "1. What did you come for?" in labels_of(screen)
    press(app, _("提交评价"))
    assert screen.notice == "Please choose what you came for first"
    press(app, _("低保申请"))
    assert screen.item_code == "db-sq"
    press(app, _("提交评价"))
    assert screen.notice == "Please tap a face"
    press(app, _("不满意"))
    assert screen.level == 2 and "3. What went wrong? (choose any)" in labels_of(screen)
    press(app, _("提交评价"))
    assert screen.notice == "Please choose what went wrong, to help us improve"
    press(app, _(EVALUATION_REASONS[0]))
    assert screen.payload()["reasons"] == [EVALUATION_REASONS[0]]  # the platform's words, whatever is shown
    app.set_language("zh")
    pump()
    assert screen.item_code == "db-sq" and screen.level == 2 and screen.reasons == [EVALUATION_REASONS[0]]
    chosen = [b.text for b in screen.body.ids.reasons.children if b.chosen]
    assert chosen == [EVALUATION_REASONS[0]]
    app.set_language("en")
    pump()
    press(app, _("提交评价"))
    wait_until(lambda: screen.stage == "done", "the evaluation to be kept")
    assert screen.message.startswith("Thank you for your rating!")
    press(app, _("完成"))
    assert app.screens.current == "home"


# -- 办事导航 -------------------------------------------------------------------------------------------------------
def test_navigation_filters_in_english_and_keeps_them_across_a_switch(english, monkeypatch) -> None:
    import datetime as dt

    from kiosk.ui.screens.services.navigation import NavigationScreen

    monkeypatch.setattr(NavigationScreen, "now", staticmethod(lambda: dt.datetime(2026, 11, 27, 9, 30)))
    app = english
    screen = open_service(app, "navigation")
    wait_until(lambda: screen.stations, "the directory")
    assert screen.title == _("办事导航") and "All services" in labels_of(screen)
    press(app, app.config_model.station.town)
    assert screen.mode == "towns" and screen.title == "Choose a township"
    press(app, "All townships")
    assert screen.mode == "list" and screen.town == ""
    press(app, "All services")
    assert screen.title == "Choose what you need"
    press(app, _("开办公司"))
    assert screen.item == "qy-sl"
    listed = [w for w in screen.body.ids.places.children if hasattr(w, "station_id")]
    assert listed and {w.is_open for w in listed} == {True}
    assert "Open" in labels_of(screen)
    app.set_language("zh")
    pump()
    assert screen.item == "qy-sl" and screen.town == "" and screen.body.ids.town_button.text == "全部乡镇"
    app.set_language("en")
    pump()
    assert screen.body.ids.town_button.text == "All townships"
    press(app, listed[-1].title)
    assert screen.mode == "detail"
    assert "Address: " in screen.detail and "(open now)" in screen.detail and "Services: " in screen.detail
    assert "Scan with your phone to open it on a map" in labels_of(screen)
    press(app, "Back to list")
    assert screen.mode == "list"
