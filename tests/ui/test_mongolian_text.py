"""Traditional Mongolian is shaped (letters joined by position) and laid out vertically, columns left to right; on a
line it is measured as drawn; the language key's three languages keep what the citizen typed."""

from __future__ import annotations

import pytest

from kiosk.base.scripts import is_mongolian

from ui_support import find_tile, labels_of, press, pump, tap, wait_for_prefilled_phone, wait_until

WORD = "ᠮᠣᠩᠭᠣᠯ"  # mongγol: six letters, each of which changes shape by position


@pytest.fixture(scope="module")
def mongolian(app):
    """Labels take their colour from the running app's theme."""
    from kiosk.ui.widgets import mongolian

    return mongolian


def test_a_word_is_shaped_not_drawn_letter_by_letter(mongolian):
    word = mongolian.inked_width(mongolian.shaped_run(WORD, True, 60, False))
    letters = sum(mongolian.inked_width(mongolian.shaped_run(c, True, 60, False)) for c in WORD)
    assert word > 0
    # Joined forms are narrower than the isolated letters side by side (each with its own tail and head).
    assert word < 0.85 * letters


def test_the_same_letters_in_another_order_shape_differently(mongolian):
    first = mongolian.shaped_run(WORD, True, 60, False)
    reversed_ = mongolian.shaped_run(WORD[::-1], True, 60, False)
    assert first.pixels != reversed_.pixels


def test_a_line_is_measured_shaped_at_a_size_no_label_drew_before(mongolian):
    from kivy.core.text import Label as CoreLabel

    from kiosk.ui.widgets.theme import MONGOLIAN

    word = "ᠬᠠᠰᠤᠬᠤ"  # 删除: joined, far narrower than its six letters unshaped
    size = 45.25  # a font size of its own: Kivy opens the font afresh for it
    label = CoreLabel(text=word, font_size=size, font_name=MONGOLIAN, font_script_name="Mong")
    measured = label.get_extents(word)[0]
    label.refresh()
    assert measured == pytest.approx(mongolian.inked_width(label.texture), abs=3)
    assert label.texture.width == pytest.approx(measured, abs=3)


def test_a_vertical_label_is_taller_than_wide(mongolian):
    label = mongolian.VerticalLabel(text=WORD, font_size=60, size=(400, 800))
    width, height = label.texture_size
    assert label.columns == 1
    assert height > width > 0


def test_words_wrap_into_columns_to_the_right(mongolian):
    text = " ".join([WORD] * 4)
    tall = mongolian.VerticalLabel(text=text, font_size=40, size=(400, 2000))
    short = mongolian.VerticalLabel(text=text, font_size=40, size=(400, tall.texture_size[1] / 2 + 1))
    assert tall.columns == 1
    assert short.columns == 2
    assert short.texture_size[0] > tall.texture_size[0]
    assert short.texture_size[1] < tall.texture_size[1]


def test_chinese_and_digits_in_a_column_turn_with_it(mongolian):
    label = mongolian.VerticalLabel(text=WORD + "宁城2026", font_size=40, size=(400, 2000))
    only = mongolian.VerticalLabel(text=WORD, font_size=40, size=(400, 2000))
    assert label.columns == 1
    assert label.texture_size[1] > only.texture_size[1]
    assert label.texture_size[0] == pytest.approx(only.texture_size[0], abs=40 * 0.6)


def test_turned_coordinates_put_the_start_of_the_line_at_the_top(mongolian):
    line = (0, 0, 1, 0, 1, 1, 0, 1)  # bottom-left, bottom-right, top-right, top-left of the line
    # The column's top-left and top-right corners are the line's left end (bottom-left, top-left).
    assert mongolian.turned_clockwise(line) == (1, 0, 1, 1, 0, 1, 0, 0)


@pytest.fixture
def station(app):
    """The app with its [display] languages set for one test, and Chinese again after it."""
    shipped = app.config_model

    def mode(languages: str, lang: str) -> None:
        app.config_model = shipped.model_copy(update={"display": shipped.display.model_copy(
            update={"languages": languages})})
        app.go_home()
        app.set_language("en")  # the home screen builds its tiles on a switch: from English to the one wanted
        app.set_language(lang)
        pump()

    yield mode
    app.config_model = shipped
    app.set_language("zh")
    app.go_home()
    pump()


def home_tiles(app):
    from kiosk.ui.widgets.common import Tile

    return [w for w in app.current_screen.walk() if isinstance(w, Tile)]


def test_a_chinese_station_is_unchanged_and_its_language_key_offers_english(app, station):
    station("zh", "zh")
    assert app.header.other_language == "en" and not app.header.vertical
    assert all(not tile.mongolian for tile in home_tiles(app))


def test_a_bilingual_station_shows_mongolian_beside_chinese_and_cycles_three_languages(app, station):
    from kiosk.ui.widgets.mongolian import VerticalLabel

    station("mn+zh", "zh")
    assert app.header.other_language == "mn" and app.header.bilingual
    tiles = {tile.title: tile for tile in home_tiles(app)}
    payment = tiles["医保缴费"]  # the Chinese stays beside the Mongolian
    assert payment.mongolian == "ᠡᠮᠨᠡᠯᠭᠡ\u202fᠶᠢᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ\u202fᠤᠨ ᠲᠥᠯᠥᠪᠦᠷᠢ"
    column = next(w for w in payment.walk() if isinstance(w, VerticalLabel))
    assert column.columns >= 2 and column.texture_size[1] <= column.height  # wrapped, inside the tile
    assert column.x < next(w for w in payment.walk() if getattr(w, "text", None) == "医保缴费").x  # Mongolian first
    app.toggle_language()
    pump()
    assert (app.header.other_language, app.header.bilingual) == ("en", True)
    assert "医保缴费" in {tile.title for tile in home_tiles(app)}
    app.toggle_language()
    pump()
    assert app.header.other_language == "zh" and not app.header.bilingual
    assert all(not tile.mongolian for tile in home_tiles(app))


def test_a_mongolian_station_writes_the_tiles_vertically_without_chinese(app, station):
    station("mn", "mn")
    assert app.header.vertical and not app.header.bilingual
    tiles = home_tiles(app)
    assert tiles and all(tile.mongolian and not tile.title for tile in tiles)


def test_a_vertical_button_takes_a_touch(mongolian):
    from kivy.core.window import Window

    button = mongolian.VerticalButton(text=WORD, font_size=40, size_hint=(None, None), size=(160, 400), pos=(20, 20))
    released = []
    button.bind(on_release=lambda *_: released.append(True))
    Window.add_widget(button)
    try:
        tap(button)
    finally:
        Window.remove_widget(button)
    assert released == [True]
    assert button.texture_size[1] > button.texture_size[0]


def test_switching_to_mongolian_mid_form_keeps_what_was_typed_and_back(app, station):
    """The language key cycles 中文 -> ᠮᠣᠩᠭᠣᠯ -> English -> 中文 mid-task; the citizen's input stays through each."""
    from kiosk.base.i18n import LANGUAGES, translate

    station("mn", "zh")
    tap(find_tile(app.current_screen, "社保卡挂失"))
    press(app, "演示：放置身份证 张伟")
    wait_until(lambda: app.screens.current == "form", "the card to lead to the form")
    screen = app.current_screen
    wait_for_prefilled_phone(app)
    press(app, "清空")
    for digit in "139":
        press(app, digit)
    press(app, LANGUAGES["mn"])
    assert app.screens.current == "form" and screen.text == "139"
    assert app.header.other_language == "en" and app.header.vertical
    mongolian = {key: translate("mn", key) for key in ("下一项", "上一步", "删除")}
    assert all(is_mongolian(text) for text in mongolian.values())
    assert set(mongolian.values()) <= set(labels_of(screen))
    for digit in "47651234":
        press(app, digit)
    press(app, mongolian["下一项"])
    assert app.flow.session.answers["phone"] == "13947651234"
    press(app, mongolian["上一步"])
    assert screen.text == "13947651234"
    press(app, mongolian["删除"])
    press(app, LANGUAGES["en"])
    assert screen.text == "1394765123" and "Next field" in labels_of(screen)
    press(app, LANGUAGES["zh"])
    assert screen.text == "1394765123" and "下一项" in labels_of(screen) and not app.header.vertical
    press(app, "4")
    press(app, "下一项")
    assert app.flow.session.answers["phone"] == "13947651234"
