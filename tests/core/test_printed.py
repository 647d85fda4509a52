"""A certificate item prints by itself once the platform answered, and the result says which document was printed,
on what, with its number and how to check it."""

import datetime as dt

from kiosk.core.catalog import load_catalog
from kiosk.core.flow import ItemFlow, Printed, Step, WorkDone
from kiosk.core.printed import certificate_headline, certificate_lines
from kiosk.core.results import IssuedCertificate
from kiosk.core.session import CitizenSession
from kiosk.demo.items import drive

ISSUED = IssuedCertificate("ZM20261127000009", "https://zwfw.sandbox.invalid/verify/ZM20261127000009", "参保凭证",
                           "……特此证明。", "宁城县医疗保障局", dt.datetime(2026, 11, 27, 10), (("险种", "城乡居民基本医疗保险"),))


def _at_result(code: str) -> ItemFlow:
    flow = drive(ItemFlow(load_catalog().item(code), CitizenSession(), today=dt.date(2026, 11, 27)), Step.WORKING)
    flow.handle(WorkDone({"summary": {"参保状态": "参保缴费正常"}, "rows": [], "certificate": ISSUED}))
    return flow


def test_a_certificate_prints_by_itself_and_says_which_document_on_what() -> None:
    flow = _at_result("yb-cx")
    assert flow.step is Step.RESULT and flow.action is not None and flow.action.kind == "print"
    assert flow.action.payload == {"receipt": "certificate"}
    assert certificate_headline(flow) == "正在打印证明，请稍候"
    flow.session.outcome["printed_document"] = {"kind": "certificate-insurance", "title": "参保凭证", "route": "a4"}
    flow.handle(Printed(True))
    assert certificate_headline(flow) == "证明已打印"
    assert certificate_lines(flow)[:2] == [("打印的证明", "参保凭证（A4纸，请到A4打印机取走）"),
                                           ("核验码", "ZM20261127000009")]
    flow.session.outcome["printed_document"]["route"] = "slip"
    assert certificate_lines(flow)[0] == ("打印的证明", "参保凭证（凭条，请从出纸口取走）")


def test_a_certificate_that_did_not_print_says_nothing_was_printed() -> None:
    flow = _at_result("bdc-cx")
    flow.handle(Printed(False, "打印机缺纸"))
    assert certificate_headline(flow) == "查询结果" and flow.print_problem == "打印机缺纸"
    assert [label for label, _ in certificate_lines(flow)] == ["核验码", "核验方法"]


def test_a_plain_query_still_waits_for_the_citizen_to_ask_for_its_slip() -> None:
    flow = drive(ItemFlow(load_catalog().item("gjj-cx"), CitizenSession(), today=dt.date(2026, 11, 27)), Step.WORKING)
    flow.handle(WorkDone({"summary": {}, "rows": []}))
    assert flow.step is Step.RESULT and flow.action is None and not flow.prints_by_itself
