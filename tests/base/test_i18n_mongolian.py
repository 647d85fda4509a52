"""The Mongolian messages: every one is marked for the county's translators, and every one can be drawn: a label
draws a Mongolian message run by run (kiosk.base.scripts), the Mongolian runs in the Mongolian font and the rest
(digits, placeholders, Latin, names that stay Chinese) in the Chinese one, so each run must be in its font."""

from __future__ import annotations

import polib
from fontTools.ttLib import TTFont

from kiosk.base import i18n
from kiosk.base.assets import MONGOLIAN_FONT, font_path
from kiosk.base.scripts import script_runs

REVIEW = "needs review by the county's translators"


def entries() -> list[polib.POEntry]:
    return [e for path in sorted((i18n.LOCALE_DIR / "mn").glob("*.po")) for e in polib.pofile(str(path)) if e.msgstr]


def test_there_are_mongolian_messages_and_the_loader_uses_them():
    assert entries()
    assert i18n.translate("mn", "长辈模式") != "长辈模式"
    assert all(i18n.translate("mn", e.msgid) == e.msgstr for e in entries())


def test_every_message_is_marked_for_review():
    assert [e.msgid for e in entries() if REVIEW not in e.tcomment] == []


def test_every_run_of_every_message_is_drawable_by_its_font():
    fonts = {True: set(TTFont(str(MONGOLIAN_FONT)).getBestCmap()), False: set(TTFont(str(font_path())).getBestCmap())}
    missing = {e.msgid: sorted({c for run, mongolian in script_runs(e.msgstr) for c in run
                                if c != "\n" and ord(c) not in fonts[mongolian]}) for e in entries()}
    assert {k: v for k, v in missing.items() if v} == {}


def test_no_mongolian_message_holds_kivy_markup():
    # A label draws Mongolian text as Kivy markup (kiosk.ui.widgets.mixed): a bracket would be read as a tag.
    assert [e.msgid for e in entries() if "[" in e.msgstr] == []


def test_every_message_has_its_mongolian(capsys):
    from kiosk.cli import main

    assert main(["i18n", "--lang", "mn"]) == 0
    assert capsys.readouterr().out.strip().endswith("mn: 0 untranslated, 0 bypassing")


def test_the_language_key_cycles_through_the_offered_languages():
    assert [i18n.next_language(lang, "mn+zh") for lang in ("zh", "mn", "en")] == ["mn", "en", "zh"]
    assert [i18n.next_language(lang, "zh") for lang in ("zh", "en")] == ["en", "zh"]
