"""Which font draws which part of a text: Mongolian runs the Mongolian font, the rest the Chinese one."""

from fontTools.ttLib import TTFont

from kiosk.base.assets import MONGOLIAN_FONT, font_path
from kiosk.base.scripts import SHARED, is_mongolian, script_runs

WORD = "ᠮᠣᠩᠭᠣᠯ"


def test_is_mongolian():
    assert is_mongolian("中文 ᠮᠣᠩᠭᠣᠯ")
    assert not is_mongolian("中文 English 12 {n}")


def test_runs_split_mongolian_from_chinese_digits_and_latin():
    assert script_runs(WORD + "宁城2026") == [(WORD, True), ("宁城2026", False)]
    assert script_runs("ᠨᠢᠩ\u202fᠴᠧᠩ") == [("ᠨᠢᠩ\u202fᠴᠧᠩ", True)]  # a suffix stays with its stem
    assert script_runs(f"{WORD} A4 {WORD}") == [(WORD, True), (" A4 ", False), (WORD, True)]
    assert script_runs("") == []


def test_spaces_and_punctuation_beside_mongolian_only_stay_in_its_run():
    assert script_runs(f"({WORD} {WORD}?)") == [(f"({WORD} {WORD}?)", True)]
    assert script_runs(f"{WORD}。") == [(f"{WORD}。", True)]


def test_punctuation_beside_another_script_takes_the_chinese_font():
    assert script_runs(f"“宁城” {WORD}") == [("“宁城” ", False), (WORD, True)]
    assert script_runs(f"{WORD} (12) {WORD}") == [(WORD, True), (" (12) ", False), (WORD, True)]
    assert script_runs(f"{WORD}：12") == [(WORD, True), ("：12", False)]
    assert script_runs("?") == [("?", False)]


def test_runs_join_back_into_the_text():
    text = f"{WORD}（{WORD}）12 {WORD}-{WORD}\n宁城 · {WORD}"
    assert "".join(run for run, _ in script_runs(text)) == text


def test_both_fonts_draw_the_shared_characters():
    for path in (MONGOLIAN_FONT, font_path()):
        cmap = TTFont(str(path)).getBestCmap()
        assert [c for c in SHARED if ord(c) not in cmap] == []
