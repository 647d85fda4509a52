"""What items print, driven through the kiosk's controller with the simulated devices and the sandbox.
医保查询打印, 社保缴费记录 and 无房证明查询 print the certificate the platform issued: on A4 through a real CUPS
queue where the terminal has one (the PDF read back: one A4 page whose QR leads to the platform's check of the
printed number), as a certificate slip that says how to verify it where it has none. 养老资格认证 prints whether
the pensioner passed, not an acceptance with a promised date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pypdf import PdfReader

from kiosk.base.config import load_config, scratch_copy
from kiosk.bench.flow import Driver
from kiosk.core.catalog import load_catalog
from kiosk.core.results import IssuedCertificate
from kiosk.receipts.documents import certificate_slip, issued_certificate
from kiosk.receipts.samples import AT, SAMPLE_STATION, demo_citizen
from kiosk.vision.codes import decode_codes

A4_POINTS = (595, 842)
CERTIFICATES = ["yb-cx", "sb-jl", "bdc-cx"]


def _driver(folder: Path, a4_queue: str) -> Iterator[Driver]:
    from kiosk.runtime.runtime import Runtime

    shipped = load_config(environ={"KIOSK_STATION__LEVEL": "township", "KIOSK_DEVICES__PRINTER__A4_QUEUE": a4_queue})
    config = scratch_copy(shipped, folder)
    runtime = Runtime(config)
    runtime.start()
    try:
        yield Driver(runtime, load_catalog(config.catalog_path))
    finally:
        runtime.stop()


@pytest.fixture(scope="module")
def with_a4(tmp_path_factory: pytest.TempPathFactory, cups_pdf_queue: Any) -> Iterator[Driver]:
    yield from _driver(tmp_path_factory.mktemp("a4"), cups_pdf_queue.name)


@pytest.fixture(scope="module")
def slips_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Driver]:
    yield from _driver(tmp_path_factory.mktemp("slip"), "")


def _qr_texts(pdf: Path) -> list[str]:
    page = PdfReader(pdf).pages[0]
    return [code.text for picture in page.images for code in decode_codes(np.asarray(picture.image.convert("L")))]


@pytest.mark.parametrize("code", CERTIFICATES)
def test_with_an_a4_queue_the_certificate_prints_on_a4_with_the_platforms_number_and_qr(with_a4, cups_pdf_queue,
                                                                                       code) -> None:
    item = load_catalog().item(code)
    before = set(cups_pdf_queue.printed())
    _taps, _seconds, ok, printed = with_a4.run(code)
    assert ok and printed["route"] == "a4"
    assert (printed["kind"], printed["title"]) == (item.prints.kind, item.prints.title)
    (pdf,) = set(cups_pdf_queue.wait_for_pdfs(len(before) + 1)) - before  # the files are named by job title
    pages = PdfReader(pdf).pages
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == A4_POINTS
    number = printed["number"]
    assert number.startswith("ZM")
    assert _qr_texts(pdf) == [f"https://zwfw.sandbox.invalid/verify/{number}"]
    backend = with_a4.runtime.backend
    check = backend.pool.submit(backend.client.verify_certificate, number).result(timeout=30)
    assert (check.item_code, check.title) == (code, item.prints.title)


def test_without_an_a4_queue_the_certificate_is_a_slip_that_says_how_to_verify_it(slips_only) -> None:
    _taps, _seconds, ok, printed = slips_only.run("bdc-cx")
    assert ok and printed["route"] == "slip"
    assert (printed["kind"], printed["title"]) == ("certificate-property", "有无房产证明")
    assert printed["number"].startswith("ZM")


def test_the_certificate_slip_carries_the_platforms_words_number_and_verification() -> None:
    person = demo_citizen()
    issued = IssuedCertificate("ZM20261127000007", "https://zwfw.sandbox.invalid/verify/ZM20261127000007",
                               "有无房产证明", "经查询……无登记在其名下的不动产。", "宁城县不动产登记中心", AT,
                               (("查询范围", "宁城县"), ("查询用途", "子女入学")))
    cert = issued_certificate("certificate-property", person["name"], person["id_number"], issued)
    slip = certificate_slip(cert, SAMPLE_STATION)
    assert (slip.kind, slip.title) == ("certificate-property", "有无房产证明")
    assert slip.qr_text == issued.verify_url
    text = slip.plain_text().replace("\n", "")
    assert "ZM20261127000007" in text and "核验本证明真伪" in text and "输入核验码" in text
    assert "宁城县不动产登记中心" in text and "子女入学" in text and "无登记在其名下的不动产" in text
    assert "不作为证明使用" not in text and person["id_number"] not in text


@pytest.mark.parametrize("citizen, passed", [("wang-jianguo", True), ("zhang-wei", False)])
def test_the_pension_check_answers_whether_the_pensioner_passed(slips_only, citizen, passed) -> None:
    _taps, _seconds, ok, printed = slips_only.run("sb-rz", citizen)
    assert ok and (printed["kind"], printed["title"]) == ("check", "资格认证结果")
    check = slips_only.answer["check"]
    assert check["passed"] is passed and "promised_date" not in slips_only.answer
    assert ("认证通过" in check["note"]) is passed
