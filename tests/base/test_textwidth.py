from hypothesis import given
from hypothesis import strategies as st

from kiosk.base.textwidth import char_columns, display_width, pad, wrap


def test_widths_by_east_asian_width():
    assert display_width("abc") == 3
    assert display_width("受理回执") == 8
    assert display_width("￥12.30：") == 2 + 5 + 2
    assert display_width("“引号”×°") == 12  # ambiguous: full width on a GB18030 printer
    assert display_width("ｱ") == 1  # half-width katakana
    assert char_columns("\u0301") == 0 and char_columns("\n") == 0


def test_pad_aligns():
    assert pad("王*国", 8) == "王*国   "
    assert pad("ab", 6, "right") == "    ab"
    assert pad("汉", 6, "center") == "  汉  "


def test_wrap_keeps_latin_tokens_and_avoids_leading_punctuation():
    assert wrap("受理编号NC20261127000123", 20) == ["受理编号", "NC20261127000123"]
    lines = wrap("请携带身份证原件，户口簿。", 10)
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert "".join(lines) == "请携带身份证原件，户口簿。"


def test_wrap_keeps_newlines_and_splits_overlong_tokens():
    assert wrap("a\nb", 10) == ["a", "b"]
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


text_chars = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))


@given(st.text(text_chars, max_size=120), st.integers(min_value=4, max_value=48))
def test_wrap_fits_and_loses_nothing_but_spaces(text, columns):
    lines = wrap(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_closing_punctuation_runs_are_carried_together():
    lines = wrap("全角符号：（）【】《》，。", 20)
    assert all(line[:1] not in "》，。）】" for line in lines)


def test_a_line_of_punctuation_still_fits():
    lines = wrap("好" + "，" * 30, 8)
    assert all(display_width(line) <= 8 for line in lines) and "".join(lines) == "好" + "，" * 30


def test_an_opening_bracket_goes_down_with_what_it_opens() -> None:
    assert wrap("家庭年收入（元）", 12) == ["家庭年收入", "（元）"]
    assert wrap("请带《户口簿》", 6) == ["请带", "《户口", "簿》"]


def test_a_measure_in_pixels_wraps_by_the_same_rules() -> None:
    # A label's font: 40 px a Chinese character, 20 px a digit, a dot or a space.
    def pixels(text: str) -> float:
        return sum(40 if display_width(ch) == 2 else 20 for ch in text)

    assert wrap("王建国、刘桂芝、王海涛", 280, pixels) == ["王建国、刘桂", "芝、王海涛"]
    # The list number stays with its text: the space is not the only place to break.
    assert wrap("3. 残疾证或疾病诊断证明", 400, pixels) == ["3. 残疾证或疾病诊断", "证明"]
