"""The translation mechanism: lookups, fallbacks, and what the extraction finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.base import i18n
from kiosk.base.i18n_extract import bypassing, code_messages


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language(i18n.SOURCE)


def test_chinese_is_the_source_and_is_shown_as_written():
    assert i18n._("返回首页") == "返回首页"


def test_english_comes_from_the_po_files(english):
    assert i18n._("返回首页") == "Home"


def test_a_missing_translation_shows_the_chinese_rather_than_nothing(english):
    assert i18n._("没有翻译的句子") == "没有翻译的句子"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")


def test_extraction_finds_calls_in_python_and_kv_and_flags_bare_chinese(tmp_path: Path):
    (tmp_path / "ui" / "screens").mkdir(parents=True)
    (tmp_path / "ui" / "screens" / "a.py").write_text(
        '"""文档字符串不算。"""\n'
        'from kiosk.base.i18n import _\n'
        'OK = _("请放身份证")\n'
        'KEPT = N_("扫码器就绪")\n'
        'BAD = "请刷卡"\n'
        'log.info("日志不算")\n', encoding="utf-8")
    (tmp_path / "ui" / "screens" / "a.kv").write_text(
        '<A>:\n    text: tr._("返回首页")\n    hint: "未翻译"\n    # 注释不算\n', encoding="utf-8")
    found = code_messages(tmp_path)
    assert set(found) == {"请放身份证", "扫码器就绪", "返回首页"}
    assert [(p.line, text) for p, text in bypassing(tmp_path)] == [(5, "请刷卡"), (3, "未翻译")]


def test_a_kept_message_stays_chinese_until_shown(english):
    # A device status set during an English session must read right after the switch back to Chinese.
    status = i18n.N_("扫码器就绪")
    assert status == "扫码器就绪"
    assert i18n._(status) == "Scanner ready"
    i18n.set_language(i18n.SOURCE)
    assert i18n._(status) == "扫码器就绪"


def test_every_message_of_the_code_and_the_catalog_has_its_english():
    from kiosk.base.i18n_extract import untranslated

    assert {text: [str(p) for p in places] for text, places in untranslated("en").items()} == {}


def test_no_chinese_text_on_screen_bypasses_the_translation():
    assert [f"{place}: {text}" for place, text in bypassing()] == []


def test_the_i18n_command_reports_a_complete_translation_and_refuses_an_unknown_language(tmp_path, capsys):
    from kiosk.cli import main

    assert main(["i18n", "--template", str(tmp_path / "en.po")]) == 0
    assert capsys.readouterr().out.strip().endswith("en: 0 untranslated, 0 bypassing")
    assert (tmp_path / "en.po").read_text(encoding="utf-8").count('msgid "') == 1  # the header only
    assert main(["i18n", "--lang", "fr"]) == 2
    captured = capsys.readouterr()
    assert "unknown language 'fr'; known: zh, mn, en" in captured.err and not captured.out


def test_a_message_english_translates_is_untranslated_in_a_language_that_lacks_it(tmp_path: Path, monkeypatch):
    # Table look-ups (a platform field label, a device's error) are in no `_()` call: English is their list.
    from kiosk.base.i18n_extract import untranslated

    for lang, body in (("en", 'msgid "账户状态"\nmsgstr "Account status"\n\nmsgid "金额"\nmsgstr "Amount"\n'),
                       ("mn", 'msgid "金额"\nmsgstr "ᠲᠥᠯᠥᠪᠦᠷᠢ"\n')):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "platform.po").write_text(body, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        missing = untranslated("mn")
    finally:
        i18n.translations.cache_clear()
    assert "账户状态" in missing and "金额" not in missing
    assert [p.path for p in missing["账户状态"]] == [tmp_path / "en" / "platform.po"]
