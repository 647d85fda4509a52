"""The platform's answers as a person reads them: no ISO timestamp and no web address as text."""

from __future__ import annotations

from kiosk.core.display import links, readable, readable_lines

ANSWER = {"查询结果": "经查询，在宁城县范围内未发现您名下的不动产登记记录", "证明编号": "BDC2026120400001",
          "核验地址": "https://bdc.sandbox.invalid/verify/BDC2026120400001", "查询时间": "2026-12-04T20:19:07+08:00",
          "参保年度": "2026", "最近缴存": "2026年10月", "出具日期": "2026-12-04"}


def test_timestamps_and_dates_are_told_in_words_and_other_values_kept() -> None:
    assert readable("2026-12-04T20:19:07+08:00") == "2026年12月4日 20:19"
    assert readable("2026-12-04 08:05") == "2026年12月4日 08:05"
    assert readable("2026-12-04") == "2026年12月4日"
    assert readable("2026-12-04", day="{day}/{month}/{year}") == "4/12/2026"
    for kept in ("2026", "2026年10月", "23,486.52 元", "2026-13-45", "NC20261204000123"):
        assert readable(kept) == kept


def test_a_web_address_becomes_a_short_label_on_screen_and_a_qr_code_on_paper() -> None:
    shown = dict(readable_lines(ANSWER, link="打印凭条，扫码核验"))
    assert shown["核验地址"] == "打印凭条，扫码核验"
    assert shown["查询时间"] == "2026年12月4日 20:19" and shown["出具日期"] == "2026年12月4日"
    assert not any("://" in v or "T20:" in v for v in shown.values())
    assert "核验地址" not in dict(readable_lines(ANSWER))  # no label given: left out
    assert links(ANSWER) == [("核验地址", "https://bdc.sandbox.invalid/verify/BDC2026120400001")]
