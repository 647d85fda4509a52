"""Maintenance in English: every maintenance text has its English (including the names shown through `_()` from
kiosk.staff.desk and kiosk.staff.settings), placeholders kept, no text bypassing `_()`, and the pages driven in
English, switching language while a value is being typed."""

from __future__ import annotations

import re

import polib

from kiosk.base import i18n
from kiosk.base.i18n_extract import bypassing

from ui_support import corner_taps, labels_of, press, pump, wait_until

LOCALE = i18n.LOCALE_DIR / "en"
OURS = LOCALE / "maintenance.po"
FILES = ("ui/screens/staff/", "staff/desk.py", "staff/accounts.py", "staff/settings.py")


def test_names_shown_through_translation_all_have_english() -> None:
    from kiosk.staff.desk import DEVICE_LABELS, STATE_LABELS
    from kiosk.staff.settings import SETTINGS
    from kiosk.ui.screens.staff.page import pages

    english = i18n.translations("en")
    shown = [*DEVICE_LABELS.values(), *STATE_LABELS.values(), *(s.label for s in SETTINGS)]
    assert [text for text in shown if text not in english] == []
    i18n.set_language("en")
    try:
        assert [label for _page, label, _icon in pages()] == [
            "Devices", "Paper", "Outbox", "Usage", "Log", "Settings", "Leave"]
    finally:
        i18n.set_language("zh")


def test_the_english_keeps_every_placeholder_and_no_message_is_translated_twice() -> None:
    ours = polib.pofile(str(OURS))
    for entry in ours:
        assert entry.msgstr, entry.msgid
        assert sorted(re.findall(r"{\w+}", entry.msgid)) == sorted(re.findall(r"{\w+}", entry.msgstr)), entry.msgid
    elsewhere = {e.msgid for path in LOCALE.glob("*.po") if path != OURS for e in polib.pofile(str(path))}
    assert [e.msgid for e in ours if e.msgid in elsewhere] == []


def test_no_maintenance_text_bypasses_translation() -> None:
    assert [(str(place), text) for place, text in bypassing() if any(f in str(place.path) for f in FILES)] == []


def test_the_maintenance_pages_in_english_and_a_switch_while_typing(app) -> None:
    app.end_session("test")
    pump()
    corner_taps(app)
    try:
        app.set_language("en")
        assert "Enter your staff PIN" in labels_of(app.current_screen)
        for digit in app.config_model.maintenance.demo_pin:
            press(app, digit)
        press(app, "OK")
        wait_until(lambda: app.screens.current == "maint-devices", "maintenance to open")
        texts = labels_of(app.current_screen)
        assert {"Devices: status and tests", "ID card reader", "Receipt printer", "Print self-test"} <= set(texts)
        assert "Staff: 演示 (admin)" in texts
        press(app, "Usage")
        assert {"Usage (last 7 days)", "Date", "Started", "Abandoned"} <= set(labels_of(app.current_screen))
        press(app, "Settings")
        screen = app.current_screen
        assert {"Station name", "Opening hours", "Default language", "Reload catalogue"} <= set(labels_of(screen))
        screen.choose("station.hours")
        for digit in "0830":
            press(app, digit)
        assert screen.preview == "08:30"
        app.set_language("zh")  # the typed value and the setting being edited stay
        assert screen.chosen == "station.hours" and screen.typed == "0830"
        assert {"设置", "站点名称", "新的值：08:30"} <= set(labels_of(screen))
        app.set_language("en")
        assert "New value: 08:30" in labels_of(screen)
        press(app, "Leave")
        assert {"Back to service (for the public)", "Exit to desktop (admin)"} <= set(labels_of(app.current_screen))
    finally:
        app.set_language("zh")
        app.leave_maintenance("test")
    assert app.screens.current == "attract"
