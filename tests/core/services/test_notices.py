"""三务公开's board, without Kivy: where the list came from and what the lines above it say, a category a page at
a time for any number of titles a page, one notice open and back, and the categories and dates in words."""

from __future__ import annotations

import datetime as dt

from kiosk.base import i18n
from kiosk.core.results import Notice
from kiosk.core.services.notices import NoticeBoard, Source, category_name, short_date

CATEGORIES = ["party", "village", "finance", "village", "village", "party", "finance", "village", "village"]
NOTICES = [Notice(f"N{i}", c, f"公开{i}", dt.date(2026, 11, 28 - i), f"正文{i}", ()) for i, c in enumerate(CATEGORIES)]


def ids(notices: list[Notice]) -> list[str]:
    return [n.id for n in notices]


def test_where_the_list_came_from_says_the_lines_above_it() -> None:
    board = NoticeBoard()
    board.loading()
    assert board.source is Source.LOADING and board.status() == ("正在读取公开内容…", "")
    board.fetched(NOTICES)
    assert board.source is Source.PLATFORM and board.status() == ("", "")
    board.fetched([])
    assert board.status() == ("本站暂时没有公开内容", "")
    board.offline("2026-11-20", NOTICES)
    assert board.source is Source.CACHED and board.notices == NOTICES
    assert board.status() == ("", "网络暂时不通，显示的是2026-11-20保存的内容")
    board.offline("", [])
    assert board.source is Source.OFFLINE and board.status() == ("", "网络暂时不通，请稍后再看")


def test_the_list_a_page_at_a_time_for_any_count_a_page() -> None:
    board = NoticeBoard(NOTICES)
    assert board.pages(4) == 3 and board.pages(2) == 5 and board.pages(9) == 1 and NoticeBoard().pages(4) == 1
    assert ids(board.listed(4)) == ["N0", "N1", "N2", "N3"]
    board.turn(1, 4)
    assert board.page == 1 and ids(board.listed(4)) == ["N4", "N5", "N6", "N7"]
    board.turn(1, 4)
    board.turn(1, 4)  # no page after the last
    assert board.page == 2 and ids(board.listed(4)) == ["N8"]
    board.turn(-1, 4)
    assert board.page == 1
    for _ in range(3):
        board.turn(-1, 4)  # none before the first
    assert board.page == 0


def test_fewer_pages_in_larger_type_keep_the_page_within_them() -> None:
    board = NoticeBoard(NOTICES)
    for _ in range(4):
        board.turn(1, 2)
    assert board.page == 4 and ids(board.listed(2)) == ["N8"]
    assert board.page_at(4) == 2 and ids(board.listed(4)) == ["N8"]  # fewer titles fit a page: the last one
    board.turn(-1, 4)
    assert board.page == 1 and ids(board.listed(4)) == ["N4", "N5", "N6", "N7"]


def test_a_category_starts_on_its_first_page() -> None:
    board = NoticeBoard(NOTICES)
    board.turn(1, 2)
    board.choose("village")
    assert board.category == "village" and board.page == 0
    assert ids(board.listed(2)) == ["N1", "N3"] and board.pages(2) == 3
    board.choose("finance")
    assert ids(board.listed(4)) == ["N2", "N6"] and board.pages(4) == 1
    board.choose("")
    assert len(board.chosen) == len(NOTICES)


def test_a_notice_opens_and_back_is_the_same_page_then_leaving() -> None:
    board = NoticeBoard(NOTICES)
    board.choose("village")
    board.turn(1, 2)
    shown = board.notice("N4")
    assert shown is not None and board.notice("nothing") is None
    board.open(shown)
    assert board.shown == shown
    assert board.close() and board.shown is None
    assert (board.category, board.page) == ("village", 1)
    assert not board.close()


def test_categories_and_dates_in_words() -> None:
    assert [category_name(c) for c in ("", "party", "village", "finance", "other")] == [
        "全部", "党务公开", "村务公开", "财务公开", ""]
    assert short_date(dt.date(2026, 3, 7)) == "3月7日"
    i18n.set_language("en")
    try:
        assert category_name("finance") == "Finances" and short_date(dt.date(2026, 3, 7)) == "7/3"
    finally:
        i18n.set_language(i18n.SOURCE)
