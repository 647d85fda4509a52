"""A4 certificates: the PDF, the lp command, CUPS answers read back (through stand-in lp/lpstat programs on
PATH, since no CUPS runs here), a missing lp reported, and the slip when there is no document printer."""

import os
import re
import stat
from pathlib import Path

import pytest

from kiosk.devices.base import DeviceError
from kiosk.devices.printer.cups import CupsQueue
from kiosk.receipts.documents import a4_queue, certificate_slip, print_certificate, render_pdf, sample_certificate
from kiosk.receipts.samples import SAMPLE_STATION


def test_pdf_is_one_a4_page_with_the_id_masked(tmp_path):
    cert = sample_certificate()
    data = render_pdf(cert, tmp_path / "c.pdf")
    assert data.startswith(b"%PDF") and (tmp_path / "c.pdf").read_bytes() == data
    box = [float(v) for v in re.search(rb"/MediaBox \[([\d. ]+)\]", data).group(1).split()]
    assert abs(box[2] - 595.3) < 2 and abs(box[3] - 841.9) < 2  # A4 in points
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") <= 1
    assert cert.holder_id not in repr(cert)


def test_lp_command():
    queue = CupsQueue("A4-Office")
    assert queue.submit_command(Path("/tmp/x.pdf"), "有无房产证明") == [
        "lp", "-d", "A4-Office", "-t", "有无房产证明", "-o", "media=A4", "-o", "fit-to-page", "/tmp/x.pdf"]
    with pytest.raises(DeviceError):
        CupsQueue("bad queue; rm -rf /")


def test_missing_lp_is_reported(tmp_path):
    queue = CupsQueue("A4", lp=str(tmp_path / "no-lp"), lpstat=str(tmp_path / "no-lpstat"))
    with pytest.raises(DeviceError) as caught:
        queue.submit(tmp_path / "x.pdf", "t")
    assert "CUPS" in caught.value.message


def _program(folder, name, script):
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_job_followed_until_completed(tmp_path):
    state = tmp_path / "done"
    lp = _program(tmp_path, "lp", 'echo "request id is A4-17 (1 file(s))"\n')
    lpstat = _program(tmp_path, "lpstat", f"""
if [ "$2" = "not-completed" ]; then
  if [ -e {state} ]; then exit 0; fi
  touch {state}; echo "A4-17  kiosk  10240  Fri 27 Nov 2026"; exit 0
fi
if [ "$1" = "-p" ]; then echo "printer A4 is idle.  enabled since Fri"; exit 0; fi
echo "A4-17  kiosk  10240  Fri 27 Nov 2026"
""")
    result = CupsQueue("A4", lp=lp, lpstat=lpstat).print_pdf(tmp_path / "x.pdf", "t", wait=10, poll=0.05)
    assert (result.job_id, result.outcome) == ("A4-17", "completed")


def test_disabled_queue_is_a_failure_and_refusal_an_error(tmp_path):
    lp = _program(tmp_path, "lp", 'echo "request id is A4-3 (1 file(s))"\n')
    lpstat = _program(tmp_path, "lpstat", """
if [ "$1" = "-p" ]; then echo "printer A4 disabled since Fri - paper jam"; exit 0; fi
echo "A4-3  kiosk  10240  Fri"
""")
    assert CupsQueue("A4", lp=lp, lpstat=lpstat).print_pdf(tmp_path / "x.pdf", "t", wait=1).outcome == "failed"
    refusing = _program(tmp_path, "lp-refuses", 'echo "lp: The printer or class does not exist." >&2; exit 1\n')
    with pytest.raises(DeviceError) as caught:
        CupsQueue("A4", lp=refusing, lpstat=lpstat).submit(tmp_path / "x.pdf", "t")
    assert "does not exist" in caught.value.detail


def test_without_a4_queue_the_certificate_goes_to_the_receipt_queue(tmp_path):
    from kiosk.base.config import load_config
    from kiosk.receipts import render_paper

    assert a4_queue(load_config().devices.printer) is None
    submitted = []

    class Queue:
        def submit(self, document):
            submitted.append(document)
            return "job-x"

    delivery = print_certificate(sample_certificate(), SAMPLE_STATION, None, Queue(), tmp_path)
    assert delivery.route == "slip" and delivery.job_id == "job-x"
    paper = render_paper(submitted[0])
    assert paper.qr_texts == ["ZM20261127000045"] and "有无房产证明" in paper.text()


def test_a4_route_leaves_no_pdf_behind(tmp_path):
    lp = _program(tmp_path, "lp", 'echo "request id is A4-9 (1 file(s))"\n')
    lpstat = _program(tmp_path, "lpstat", 'if [ "$2" = "completed" ]; then echo "A4-9 kiosk 1 Fri"; fi\n')
    spool = tmp_path / "spool"
    delivery = print_certificate(sample_certificate(), SAMPLE_STATION, CupsQueue("A4", lp=lp, lpstat=lpstat),
                                 None, spool)
    assert delivery.route == "a4" and delivery.a4.outcome == "completed"
    assert os.listdir(spool) == []


def test_certificate_slip_masks_the_id():
    text = certificate_slip(sample_certificate(), SAMPLE_STATION).plain_text()
    assert "1504**********0012" in text and "150429196203150012" not in text
