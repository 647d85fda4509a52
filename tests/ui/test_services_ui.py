"""The public services in the real app (the `app` fixture: simulated reader, scanner and printer, the
sandbox platform), driven by visible labels from the home screen's service tiles."""

from __future__ import annotations

from typing import Any

from ui_support import labels_of, press, pump, tap, wait_until


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
    press(app, "演示：放置身份证 王建国")
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
    from kiosk.demo.items import demo_identity

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
    app.controller.demo_show_code(number)
    wait_until(lambda: screen.mode == "detail", "the application by the scanned receipt")
    assert screen.shown.receipt_no == number
    app.go_home()


def test_progress_says_how_to_hold_a_code_too_blurred_to_read(app) -> None:
    from kiosk.devices.base import DeviceEvent

    screen = open_service(app, "办件进度", "progress")
    hint = "二维码太模糊，请拿稳不要动，离远一点"
    assert not shown(screen, hint)
    app.controller.on_device_event(DeviceEvent("scanner", "blurred", 1.3))
    pump()
    assert shown(screen, hint)
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


# -- 办事指南 -------------------------------------------------------------------------------------------------------
def result_titles(screen: Any) -> list[str]:
    from kiosk.ui.widgets.common import Tile

    return [w.title for w in screen.body.ids.results.children[::-1] if isinstance(w, Tile)]


def test_guide_lists_every_item_and_finds_by_initials_and_by_chosen_characters(app) -> None:
    from ui_support import type_pinyin

    screen = open_service(app, "办事指南", "guide")
    assert result_titles(screen) == [i.short_name for i in app.catalog.items]
    for letter in "ybjf":
        press(app, letter)
    assert screen.typed == "ybjf"
    assert result_titles(screen) == ["医保缴费"]
    press(app, "清空")
    assert len(result_titles(screen)) == len(app.catalog.items)
    for letter in "qqqq":
        press(app, letter)
    assert result_titles(screen) == [] and shown(screen, "没有找到，换个说法试试，或点右上角“呼叫帮办”")
    press(app, "清空")
    word = type_pinyin(app, "dibao")
    assert screen.typed == word == "低保"
    assert result_titles(screen) == ["低保申请"]
    app.go_home()


def test_guide_of_an_item_tells_everything_and_prints_the_one_time_notice(app) -> None:
    item = app.catalog.item("yb-bx")
    screen = open_service(app, "办事指南", "guide")
    for letter in "baoxiao":
        press(app, letter)
    press(app, item.short_name)
    assert screen.mode == "detail" and screen.title == item.name
    text = "\n".join(labels_of(screen))
    for heading in ("办理条件", "需要的材料", "收费标准", "办理时限", "在哪里办", "主管部门", "办理依据"):
        assert heading in text
    assert item.guide.conditions[0] in text and item.guide.fees in text
    assert all(m.name in text for m in item.materials)
    assert "承诺办：20个工作日" in text
    from kiosk.ui.screens.services.guide import level_name

    assert all(level_name(level) in text for level in item.levels)
    assert all(law in text for law in item.guide.legal_basis)
    assert "四角完整" in text  # what a good photo of a material looks like
    printer = app.runtime.printer.simulator
    before = len(printer.receipts)
    press(app, "打印一次性告知单")
    wait_until(lambda: screen.message or screen.notice, "the printer's answer")
    assert screen.message == "一次性告知单已打印，请取走", screen.notice
    assert len(printer.receipts) == before + 1
    paper = printer.last_receipt.text
    assert "一次性告知单" in paper and item.name in paper and item.materials[0].name in paper
    assert "申请人" not in paper  # read before applying: nobody's name on it
    press(app, "返回列表")
    assert screen.mode == "browse" and screen.typed == "baoxiao"
    app.go_home()


# -- 便民查询 -------------------------------------------------------------------------------------------------------
def test_queries_gather_the_instant_queries_and_open_their_flows(app) -> None:
    from kiosk.ui.widgets.common import Tile

    screen = open_service(app, "便民查询", "queries")
    titles = [w.title for w in screen.walk() if isinstance(w, Tile)]
    assert titles == ["医保查询打印", "社保缴费记录", "公积金查询", "无房证明查询"]
    press(app, "公积金查询")
    assert app.screens.current == "identify" and app.flow.item.code == "gjj-cx"
    app.go_home()


# -- 意见投诉 -------------------------------------------------------------------------------------------------------
def test_complaint_with_pinyin_text_and_phone_gets_a_tracking_number_and_a_slip(app) -> None:
    from ui_support import type_pinyin

    screen = open_service(app, "意见投诉", "complaint")
    press(app, "下一步")
    assert screen.notice == "请用下面的键盘写几句您的意见" and screen.stage == "write"
    press(app, "建议")
    assert screen.category == "suggestion"
    words = type_pinyin(app, "ludeng") + type_pinyin(app, "huaile")
    assert screen.text == words
    press(app, "下一步")
    assert screen.stage == "contact"
    press(app, "提交")
    assert screen.notice == "请输入11位手机号，或选择“匿名提交”"
    for digit in "13947651234":
        press(app, digit)
    assert screen.phone == "13947651234"
    printer = app.runtime.printer.simulator
    before = len(printer.receipts)
    press(app, "提交")
    wait_until(lambda: screen.stage == "done", "the tracking number")
    assert screen.number.startswith("TS") and screen.number in labels_of(screen)
    wait_until(lambda: len(printer.receipts) > before, "the complaint slip")
    paper = printer.last_receipt.text
    assert "投诉建议受理凭条" in paper and screen.number in paper and "建议" in paper
    assert "13947651234" not in paper
    press(app, "完成")
    assert app.screens.current == "home"


def test_anonymous_complaint_needs_no_phone_and_back_keeps_the_text(app) -> None:
    from ui_support import type_pinyin

    screen = open_service(app, "意见投诉", "complaint")
    words = type_pinyin(app, "xiexie")
    press(app, "下一步")
    press(app, "上一步")
    assert screen.stage == "write" and screen.text == words
    press(app, "下一步")
    press(app, "匿名提交")
    assert screen.anonymous
    assert screen.payload()["phone"] is None and screen.payload()["anonymous"] is True
    press(app, "提交")
    wait_until(lambda: screen.stage == "done", "the tracking number")
    assert screen.number.startswith("TS")
    app.go_home()


def test_a_complaint_left_half_written_leaves_nothing_on_the_screen(app) -> None:
    """The screen is kept for the next citizen: what was written and the phone number go when it is left."""
    from ui_support import type_pinyin

    screen = open_service(app, "意见投诉", "complaint")
    words = type_pinyin(app, "xiexie")
    press(app, "下一步")
    screen.complaint.phone = screen.phone = "13947651234"
    app.go_home()
    assert screen.text == "" and screen.phone == "" and screen.complaint.text == "" and screen.stage == "write"
    assert not any(words in text or "13947651234" in text for text in labels_of(screen))
    assert screen.body.ids.keyboard.before == ""


# -- 随手评 ---------------------------------------------------------------------------------------------------------
def test_standalone_evaluation_asks_reasons_for_the_lowest_levels_and_is_sent(app) -> None:
    screen = open_service(app, "服务评价", "evaluation")
    press(app, "提交评价")
    assert screen.notice == "请先选您办的是哪件事"
    press(app, "低保申请")
    assert screen.item_code == "db-sq"
    press(app, "不满意")
    press(app, "提交评价")
    assert screen.notice == "请选一个不满意的原因，帮助我们改进"
    press(app, "等待时间太长")
    assert screen.payload()["reasons"] == ["等待时间太长"] and screen.payload()["level"] == 2
    press(app, "提交评价")
    wait_until(lambda: screen.stage == "done", "the evaluation to be kept")
    assert screen.message.startswith("谢谢您的评价")
    press(app, "完成")
    assert app.screens.current == "home"


# -- 呼叫帮办 -------------------------------------------------------------------------------------------------------
def open_dialog() -> Any:
    from kivy.core.window import Window

    from kiosk.ui.widgets.dialogs import HelpDialog

    return next(w for w in Window.children if isinstance(w, HelpDialog))


def dialog_button(dialog: Any, text: str) -> Any:
    from kiosk.ui.widgets.common import BigButton

    return next(w for w in dialog.walk() if isinstance(w, BigButton) and w.text == text)


def test_calling_the_helper_shows_their_name_and_phone(app) -> None:
    from kiosk.core.stations import load_stations

    helper = load_stations()[app.config_model.station.id].helper
    app.go_home()
    press(app, "呼叫帮办")
    dialog = open_dialog()
    wait_until(lambda: dialog.state == "called", "the platform to notify the helper")
    text = " ".join(labels_of(dialog))
    assert "帮办员马上就来" in text and helper.name in text and helper.phone in text
    tap(dialog_button(dialog, "知道了"))
    wait_until(lambda: dialog.parent is None, "the dialog to close")


def test_the_call_can_be_cancelled_while_waiting_and_offline_gives_the_station_phone(app, monkeypatch) -> None:
    app.go_home()
    app.call_helper()
    dialog = open_dialog()
    assert dialog.state == "calling" and "正在呼叫帮办员，请稍候…" in labels_of(dialog)
    dialog_button(dialog, "取消呼叫").dispatch("on_release")  # before the platform's answer reaches the UI
    wait_until(lambda: dialog.parent is None, "the dialog to close")
    pump(10)
    assert dialog.state == "calling" and dialog.parent is None  # a late answer does not bring it back
    monkeypatch.setattr(app.runtime, "backend", None)
    press(app, "呼叫帮办")
    dialog = open_dialog()
    assert dialog.state == "offline"
    assert app.config_model.station.phone in " ".join(labels_of(dialog))
    tap(dialog_button(dialog, "知道了"))
    wait_until(lambda: dialog.parent is None, "the dialog to close")


# -- 三务公开 -------------------------------------------------------------------------------------------------------
def notice_titles(screen: Any) -> list[str]:
    from kiosk.ui.screens.services.notices import NoticeButton

    return [w.title for w in screen.body.ids.titles.children[::-1] if isinstance(w, NoticeButton)]


def test_notices_are_paged_filtered_and_read_in_large_type_and_kept_for_offline_days(app, monkeypatch) -> None:
    from kiosk.ui.screens.services.notices import PER_PAGE

    backend = app.runtime.backend
    every = backend.call(backend.client.notices, app.config_model.station.id).result(10)
    assert len(every) > PER_PAGE  # the demo station has more than a page
    screen = open_service(app, "三务公开", "notices")
    wait_until(lambda: len(screen.notices) == len(every), "the station's notices")
    assert notice_titles(screen) == [n.title for n in every[:PER_PAGE]]
    assert "第1页 / 共2页" in labels_of(screen)
    press(app, "下一页")
    assert notice_titles(screen) == [n.title for n in every[PER_PAGE : 2 * PER_PAGE]]
    press(app, "财务公开")
    finance = [n.title for n in every if n.category == "finance"]
    assert finance and notice_titles(screen) == finance
    press(app, finance[0])
    assert screen.mode == "detail" and screen.title == finance[0]
    body = next(n.body for n in every if n.title == finance[0])
    assert body in labels_of(screen)
    press(app, "返回列表")
    assert screen.mode == "list"
    # Within the hour the kept list shows at once, without asking the platform again.
    asked = backend.sandbox.stats()["requests"]["listNotices"]
    screen = open_service(app, "三务公开", "notices")
    assert [n.title for n in screen.notices] == [n.title for n in every] and not screen.waiting
    assert backend.sandbox.stats()["requests"]["listNotices"] == asked and screen.notice == ""
    # An hour later and offline: the list saved on the last visit is shown, with the day it was saved.
    monkeypatch.setattr("kiosk.runtime.kept.FRESH_S", 0.0)
    monkeypatch.setattr(app.runtime, "backend", None)
    screen = open_service(app, "三务公开", "notices")
    assert [n.title for n in screen.notices] == [n.title for n in every]
    assert screen.notice.startswith("网络暂时不通，显示的是")
    app.go_home()


# -- 办事导航 -------------------------------------------------------------------------------------------------------
def places(screen: Any) -> list[Any]:
    """The StationInfo of each place listed, in order."""
    from kiosk.ui.screens.services.navigation import StationButton

    by_id = {s.station_id: s for s in screen.stations}
    return [by_id[w.station_id] for w in screen.body.ids.places.children[::-1] if isinstance(w, StationButton)]


def test_navigation_filters_by_town_and_item_and_shows_a_place_with_its_map_qr(app, monkeypatch) -> None:
    import datetime as dt

    from kiosk.ui.screens.services.navigation import NavigationScreen

    monkeypatch.setattr(NavigationScreen, "now", staticmethod(lambda: dt.datetime(2026, 11, 27, 9, 30)))
    screen = open_service(app, "办事导航", "navigation")
    wait_until(lambda: screen.stations, "the directory")
    mine = app.config_model.station
    listed = places(screen)
    assert mine.id in [s.station_id for s in listed] and {s.town for s in listed} == {mine.town}
    assert listed[0].level == "township"  # the town's centre first
    press(app, mine.town)
    assert screen.mode == "towns"
    press(app, "八里罕镇")
    in_town = places(screen)
    assert in_town and {s.town for s in in_town} == {"八里罕镇"}
    assert len(in_town) == sum(s.town == "八里罕镇" for s in screen.stations)
    press(app, "全部事项")
    press(app, "开办公司")
    with_company = places(screen)
    assert with_company and len(with_company) < len(in_town)
    assert all("qy-sl" in s.items for s in with_company)
    press(app, with_company[0].name)
    assert screen.mode == "detail"
    text = " ".join(labels_of(screen))
    place = with_company[0]
    assert place.address in text and place.phone in text and "现在开放" in text and "开办公司" in text
    assert screen.map_url == place.map_url and screen.map_url.startswith("geo:")
    press(app, "返回列表")
    assert screen.mode == "list" and places(screen) == with_company
    app.go_home()


def test_an_item_not_offered_here_opens_the_places_that_offer_it_with_a_word_why(app, monkeypatch) -> None:
    # The app is a township centre's (tests/ui/conftest.py); a village terminal sends 开办公司 here.
    config = app.controller.config
    village = config.model_copy(update={"station": config.station.model_copy(update={"level": "village"})})
    monkeypatch.setattr(app.controller, "config", village)
    app.controller.open_item("qy-sl")
    pump()
    screen = app.current_screen
    assert app.screens.current == "navigation" and app.controller.flow is None
    wait_until(lambda: screen.stations, "the directory")
    listed = places(screen)
    assert listed and all("qy-sl" in s.items for s in listed) and {s.level for s in listed} == {"township"}
    assert shown(screen, "本机不能办理“开办公司”，请到下面列出的地方办理")
    app.go_home()


def test_the_places_kept_show_at_once_within_the_hour_and_offline_after_it(app, monkeypatch) -> None:
    """The heartbeat keeps the directory; a citizen does not wait for the platform for it, and a day offline still
    lists the places (they seldom change), under the words that say the network is down."""
    from kiosk.ui.screens.services.base import NO_NETWORK

    backend = app.runtime.backend
    screen = open_service(app, "办事导航", "navigation")
    wait_until(lambda: screen.stations and not screen.waiting, "the directory")
    listed, asked = places(screen), backend.sandbox.stats()["requests"]["listStations"]
    screen = open_service(app, "办事导航", "navigation")
    assert places(screen) == listed and not screen.waiting and screen.notice == ""
    assert backend.sandbox.stats()["requests"]["listStations"] == asked
    monkeypatch.setattr("kiosk.runtime.kept.FRESH_S", 0.0)  # an hour later
    monkeypatch.setattr(app.runtime, "backend", None)  # and offline
    screen = open_service(app, "办事导航", "navigation")
    assert places(screen) == listed and screen.notice == NO_NETWORK
    app.go_home()


# -- 预约办理 -------------------------------------------------------------------------------------------------------
def test_appointment_from_item_to_printed_slip_and_the_identity_is_wiped(app) -> None:
    screen = open_service(app, "预约办理", "appointment")
    press(app, "下一步")
    assert screen.notice == "请先选要办的事"
    press(app, "医疗费用报销")
    press(app, "延时办理（下班后）")
    assert screen.item_code == "yb-bx" and screen.kind == "extended"
    press(app, "下一步")
    assert screen.stage == "identify" and "请将身份证放在读卡区" in labels_of(screen)
    press(app, "演示：放置身份证 王建国")
    wait_until(lambda: screen.stage == "slot", "the card to be read")
    press(app, "下一步")
    assert screen.notice == "请先选日子，再选一个时段"
    from kiosk.ui.screens.services.appointment import day_label, next_days

    first_day = next_days(screen.today())[0]
    press(app, day_label(first_day))
    wait_until(lambda: screen.slots, "the platform's slots")
    free = next(s for s in screen.slots if s.left > 0)
    from kiosk.ui.screens.services.appointment import slot_label

    press(app, f"{slot_label(free)}（余{free.left}）")
    assert screen.slot == free
    press(app, "下一步")
    for digit in "13947651234":
        press(app, digit)
    printer = app.runtime.printer.simulator
    before = len(printer.receipts)
    press(app, "确认预约")
    wait_until(lambda: screen.stage == "done", "the booking")
    assert "预约编号：YY" in screen.booked and "延时服务" in screen.booked
    assert screen.booking.identity is None  # wiped as soon as the slip is made
    wait_until(lambda: len(printer.receipts) > before, "the appointment slip")
    paper = printer.last_receipt.text
    assert "预约凭条" in paper and "医疗费用手工报销申请" in paper and "王建国" not in paper and "王*国" in paper
    assert "13947651234" not in paper
    press(app, "完成")
    assert app.screens.current == "home"


def test_appointment_days_skip_weekends() -> None:
    import datetime as dt

    from kiosk.ui.screens.services.appointment import next_days

    friday = dt.date(2026, 11, 27)
    assert next_days(friday, 3) == [dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2)]


# -- voice guidance --------------------------------------------------------------------------------------------------
def test_elder_mode_speaks_the_card_prompt_when_an_item_asks_for_the_card(app) -> None:
    from kiosk.ui.widgets.common import Tile

    app.go_home()
    pump()
    app.voice._playing = None
    tap(next(w for w in app.current_screen.walk() if isinstance(w, Tile) and w.title == "公积金查询"))
    assert app.screens.current == "identify" and app.voice._playing is None  # normal mode: silent
    app.go_home()
    app.toggle_elder()
    try:
        pump()
        tap(next(w for w in app.current_screen.walk() if isinstance(w, Tile) and w.title == "公积金查询"))
        assert app.screens.current == "identify"
        sound = app.voice._playing
        assert sound is not None and sound.source.endswith("place_card.wav") and sound.length > 1
    finally:
        app.go_home()
        app.toggle_elder()
        pump()


def test_the_listen_key_says_the_steps_prompt_again_in_normal_mode(app) -> None:
    from kiosk.ui.widgets.common import ListenKey, Tile

    app.go_home()
    pump()
    app.voice._playing = None
    try:
        tap(next(w for w in app.current_screen.walk() if isinstance(w, Tile) and w.title == "公积金查询"))
        assert app.screens.current == "identify" and app.voice._playing is None  # normal mode: silent by itself
        tap(next(w for w in app.current_screen.walk() if isinstance(w, ListenKey)))
        sound = app.voice._playing
        assert sound is not None and sound.source.endswith("place_card.wav")
    finally:
        app.go_home()
        pump()


# -- 补交材料 (last: it takes 王建国's returned application back to review) -------------------------------------------
def test_a_returned_application_takes_supplementary_pages_from_the_progress_detail(app) -> None:
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior

    from kiosk.ui.screens.services.supplement import PageThumb
    from kiosk.ui.widgets.dialogs import ConfirmDialog

    screen = open_service(app, "办件进度", "progress")
    press(app, "演示：放置身份证 王建国")
    wait_until(lambda: screen.mode == "list", "the citizen's applications")
    press(app, "医疗费用手工报销申请")
    assert screen.primary_text == ""  # done: nothing to add
    press(app, "返回列表")
    press(app, "最低生活保障申请")
    receipt_no = screen.shown.receipt_no
    press(app, "补交材料")
    assert app.screens.current == "supplement"
    supplement = app.current_screen
    assert any("家庭收入证明" in t for t in labels_of(supplement))
    press(app, "下一步")  # nothing photographed yet
    assert supplement.notice == "请先把要补交的材料放在拍摄区拍下来" and supplement.stage == "pages"
    press(app, "演示：放一张A4纸")
    press(app, "拍照")
    wait_until(lambda: supplement.supplement.pages, "the page to be taken")
    pump(5)
    tap(next(w for w in supplement.body.ids.thumbs.children if isinstance(w, PageThumb)))
    question = next(w for w in Window.children if isinstance(w, ConfirmDialog))  # 删除 asks first
    tap(next(w for w in question.walk() if isinstance(w, ButtonBehavior) and getattr(w, "text", "") == "不删除"))
    wait_until(lambda: not [w for w in Window.children if isinstance(w, ConfirmDialog)], "the question to close")
    pages = len(supplement.supplement.pages)
    press(app, "下一步")
    assert supplement.stage == "confirm"
    assert supplement.summary == f"共{pages}页，补交到受理编号 {receipt_no}" and supplement.summary in labels_of(supplement)
    press(app, "确认补交")
    wait_until(lambda: supplement.stage == "done", "the supplement to be sent")
    assert supplement.number.startswith("BZ") and shown(supplement, "已补交，等待部门重新审核")
    press(app, "返回办件进度")
    assert app.screens.current == "progress"
    progress = app.current_screen
    for key in receipt_no:
        press(app, key)
    press(app, "查询")
    wait_until(lambda: progress.mode == "detail", "the application's progress")
    assert progress.shown.status == "reviewing" and progress.primary_text == ""
    assert any("已收到补交的材料" in t for t in labels_of(progress))
    app.go_home()
