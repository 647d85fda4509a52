"""Paper and screens say what is true: a photographed invoice is a photo, and its original is still owed by a
deadline; the one-time notice read before applying has no 补交 deadline, only the processing time; a guide's page
count is the most photos taken, not the length of the paper."""

from __future__ import annotations

import datetime as dt

from kiosk.base.config import load_config
from kiosk.core.catalog import load_catalog
from kiosk.core.flow import AtCounter, ItemFlow, PageRemoved, Step
from kiosk.core.printed import originals_words
from kiosk.core.session import CitizenSession
from kiosk.demo.items import drive
from kiosk.receipts.guide_notice import notice_receipt
from kiosk.runtime.actions import Work

CATALOG = load_catalog()


def _flat(receipt) -> str:
    return "".join(receipt.plain_text().split())  # wrapped lines joined, their hanging indents gone


def test_the_reimbursement_receipt_lists_the_invoice_photos_and_the_originals_owed() -> None:
    flow = drive(ItemFlow(CATALOG.item("yb-bx"), CitizenSession(), today=dt.date(2026, 11, 27)), Step.RESULT)
    text = _flat(Work(load_config(environ={}), backend=None).receipt_for(flow))
    assert "医疗费用发票原件" not in text.split("须交原件")[0]  # 已收材料 holds photos only
    assert "医疗费用发票（拍照1页）" in text
    assert "须交原件1.医疗费用发票原件：请在20个工作日内交到受理窗口，或交代办员转交" in text
    assert originals_words(flow) == "医疗费用发票的原件，请在20个工作日内交到受理窗口，或交代办员转交"


def test_an_invoice_brought_to_the_counter_owes_no_separate_original() -> None:
    flow = drive(ItemFlow(CATALOG.item("yb-bx"), CitizenSession(), today=dt.date(2026, 11, 27)), Step.RESULT)
    flow.handle(PageRemoved("invoice", 0))
    flow.handle(AtCounter("invoice"))
    text = _flat(Work(load_config(environ={}), backend=None).receipt_for(flow))
    assert "须交原件" not in text and originals_words(flow) == ""


def test_the_one_time_notice_before_applying_has_no_hand_in_deadline_only_the_processing_time() -> None:
    item = CATALOG.item("db-sq")
    text = _flat(notice_receipt(CATALOG, item, load_config(environ={}), dt.datetime(2026, 11, 27, 9)))
    assert "补交期限" not in text
    assert "办理时限：承诺办：30天" in text


def test_the_guide_says_how_many_photos_at_most_not_how_many_pages() -> None:
    from kiosk.ui.screens.services.guide import materials_text

    text = materials_text(CATALOG.item("db-sq"))
    assert "户口簿（全部页）（最多拍8页）" in text and "共8页" not in text
