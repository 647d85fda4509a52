"""补交材料 without Kivy: only a returned application takes it; pages, a check, then what goes to the outbox;
its answer, online or kept offline, or refused."""

from __future__ import annotations

import datetime as dt

from kiosk.core.results import ApplicationProgress, TimelineEntry
from kiosk.core.services.supplement import MAX_PAGES, Stage, Supplement, can_supplement

AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
NOTE = "请补充：1. 2025年度家庭收入证明（需村委会盖章）"


def progress(status: str) -> ApplicationProgress:
    timeline = (TimelineEntry(AT, "accepted", "申请已受理"), TimelineEntry(AT, status, NOTE))
    return ApplicationProgress("NC20261201000007", "db-sq", "最低生活保障申请", status, dt.date(2026, 12, 20),
                               timeline, None)


def test_only_an_application_returned_for_correction_takes_a_supplement() -> None:
    assert can_supplement(progress("returned"))
    assert not [s for s in ("accepted", "reviewing", "approved", "rejected") if can_supplement(progress(s))]
    assert not can_supplement(None)


def test_pages_then_a_check_then_the_outbox_payload() -> None:
    supplement = Supplement.of(progress("returned"), "150429-NWZ")
    assert supplement.asked == NOTE
    assert supplement.next() is None and supplement.stage is Stage.PAGES
    assert supplement.notice == "请先把要补交的材料放在拍摄区拍下来"
    supplement.page_added(b"p1", b"t1")
    supplement.page_added(b"p2", b"t2")
    supplement.page_removed(0)
    assert supplement.pages == [b"p2"] and supplement.thumbnails == [b"t2"]
    assert supplement.next() is None and supplement.stage is Stage.CONFIRM
    assert supplement.back() and supplement.stage is Stage.PAGES  # back to add a page
    assert not supplement.back()  # from the pages: leave 补交
    supplement.next()
    payload, pages = supplement.next()
    assert payload == {"receipt_no": "NC20261201000007", "station_id": "150429-NWZ"} and pages == [b"p2"]
    assert supplement.stage is Stage.SENDING
    supplement.page_added(b"late", b"")  # nothing is added while it is sent
    assert supplement.pages == [b"p2"]


def test_the_answer_kept_online_or_offline_or_refused() -> None:
    supplement = Supplement.of(progress("returned"), "150429-NWZ")
    supplement.page_added(b"p", b"t")
    supplement.next()
    supplement.next()
    supplement.sent("", False, "这件申请现在不需要补交材料")
    assert supplement.stage is Stage.CONFIRM and supplement.notice == "这件申请现在不需要补交材料"
    assert supplement.pages == [b"p"]  # kept, to try again
    supplement.next()
    supplement.sent("NC01-L2612040001", True, "网络暂时不可用，您的申请已保存，将自动提交")
    assert supplement.stage is Stage.DONE and supplement.offline and supplement.number == "NC01-L2612040001"
    assert supplement.pages == [] and supplement.thumbnails == []  # handed over: nothing personal stays


def test_at_most_the_contracts_pages() -> None:
    supplement = Supplement.of(progress("returned"), "150429-NWZ")
    for n in range(MAX_PAGES + 1):
        supplement.page_added(bytes([n]), b"")
    assert len(supplement.pages) == MAX_PAGES and supplement.notice == f"一次最多补交{MAX_PAGES}页"
