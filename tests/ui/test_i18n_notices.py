"""三务公开 and 预约办理 in English, driven by their English labels in the real app (the `app` fixture),
and a language switch midway that keeps the category, page and notice, or the item, kind, day, slot and phone.
The platform's content (notice titles and bodies, places) stays as the platform wrote it; the paper stays Chinese."""

from __future__ import annotations

from kiosk.base.i18n import _

from ui_support import (
    ends_on_the_attract_screen,  # noqa: F401 (autouse)
    labels_of,
    press,
    wait_until,
)


def test_notices_in_english_keep_category_page_and_notice_across_a_switch(app) -> None:
    from kiosk.ui.screens.services.notices import PER_PAGE, NoticePicture

    app.go_home()
    app.set_language("en")
    try:
        app.open_service("notices")
        screen = app.current_screen
        wait_until(lambda: screen.notices and screen.state == "platform", "the station's notices")
        texts = labels_of(screen)
        assert {"All", "Party affairs", "Village affairs", "Finances", "Page 1 of 2", "Next page"} <= set(texts)
        assert len(screen.notices) > PER_PAGE
        press(app, "Next page")
        assert screen.page == 1 and "Page 2 of 2" in labels_of(screen)
        app.set_language("zh")
        assert screen.page == 1 and "第2页 / 共2页" in labels_of(screen) and "上一页" in labels_of(screen)
        app.set_language("en")
        press(app, "Finances")
        finance = [n for n in screen.notices if n.category == "finance"]
        shown_titles = [w.title for w in screen.walk() if hasattr(w, "title") and hasattr(w, "date")]
        assert shown_titles == [n.title for n in finance]  # titles are the platform's words
        first = finance[0]
        dates = [w.date for w in screen.walk() if hasattr(w, "date") and getattr(w, "title", "") == first.title]
        assert dates == [f"{first.published_at.day}/{first.published_at.month}"]
        press(app, first.title)
        assert screen.mode == "detail" and first.body in labels_of(screen)
        assert "Tap the picture to enlarge it" in labels_of(screen)
        app.set_language("zh")
        assert screen.mode == "detail" and screen.shown == first and screen.category == "finance"
        assert "点图片可放大查看" in labels_of(screen)
        assert len([w for w in screen.walk() if isinstance(w, NoticePicture)]) == len(first.images)
    finally:
        app.set_language("zh")
        app.go_home()


def test_appointment_in_english_keeps_every_choice_across_switches_and_prints_in_chinese(app) -> None:
    from kiosk.ui.screens.services.appointment import day_label, next_days, slot_label

    app.go_home()
    app.set_language("en")
    try:
        app.open_service("appointment")
        screen = app.current_screen
        texts = labels_of(screen)
        assert {"1. What do you need done?", "2. How?", "At the counter", "After hours", "Home visit"} <= set(texts)
        press(app, _("下一步"))
        assert screen.notice == "Please choose what you need done first"
        press(app, _("医疗费用报销"))
        press(app, "Home visit")
        assert "For elderly, ill or disabled people: a helper comes to your home" in labels_of(screen)
        app.set_language("zh")
        assert screen.item_code == "yb-bx" and screen.kind == "home"
        assert "老弱病残等特殊困难群众，代办员上门帮办" in labels_of(screen)
        app.set_language("en")
        press(app, _("下一步"))
        assert screen.stage == "identify" and "Please place your ID card on the reader" in labels_of(screen)
        app.controller.demo_place_card("wang-jianguo")
        wait_until(lambda: screen.stage == "slot", "the card to be read")
        assert "Choose a day" in labels_of(screen)
        day = next_days(screen.today())[0]
        english_day = day_label(day)
        assert english_day == f"{day.strftime('%a')} {day.day}/{day.month}"
        press(app, english_day)
        wait_until(lambda: screen.slots, "the platform's slots")
        free = next(s for s in screen.slots if s.left > 0)
        press(app, f"{slot_label(free)} ({free.left} left)")
        assert screen.slot == free
        app.set_language("zh")
        assert (screen.stage, screen.item_code, screen.kind, screen.day, screen.slot) == ("slot", "yb-bx", "home",
                                                                                          day, free)
        texts = labels_of(screen)
        assert f"{day.month}月{day.day}日 星期{'一二三四五六日'[day.weekday()]}" in texts
        assert f"{slot_label(free)}（余{free.left}）" in texts
        app.set_language("en")
        press(app, _("下一步"))
        for digit in "1394765":
            press(app, digit)
        app.set_language("zh")
        app.set_language("en")
        assert screen.stage == "phone" and screen.phone == "1394765"
        for digit in "1234":
            press(app, digit)
        printer = app.runtime.printer.simulator
        before = len(printer.receipts)
        press(app, "Book")
        wait_until(lambda: screen.stage == "done", "the booking")
        assert screen.booked.startswith("Appointment number: YY") and "Place: 上门服务" in screen.booked
        wait_until(lambda: len(printer.receipts) > before, "the appointment slip")
        paper = printer.last_receipt.text
        assert "预约凭条" in paper and f"{day.month}月{day.day}日" in paper and "本人身份证" in paper
        assert "Appointment" not in paper
        wait_until(lambda: screen.message == "Appointment slip printed. Please take it", "the printer's answer")
        app.set_language("zh")
        assert screen.booked.startswith("预约编号：YY") and "地点：上门服务" in screen.booked
        assert screen.message == "预约凭条已打印，请取走"
    finally:
        app.set_language("zh")
        app.go_home()
