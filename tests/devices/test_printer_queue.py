"""The print queue on the device thread, with the real driver on the virtual printer: a job is "printed" only when
the printer confirmed it; a job that cannot print is reported at once and kept, retried, and dropped on expiry."""

import dataclasses
import json

import pytest

from kiosk.base.config import load_config
from kiosk.devices.base import State
from kiosk.devices.printer.jobs import JobState, RawDocument
from kiosk.devices.registry import DRIVERS, BuildContext
from kiosk.receipts import render_escpos, samples

from printing_support import FAST, running_printer


@pytest.mark.parametrize("link", ["pty", "tcp"])
def test_a_receipt_prints_and_is_counted(tmp_path, link):
    with running_printer(tmp_path, link) as (printer, sim, events):
        job = printer.submit(samples.sample("acceptance"))
        printed = events.job_state(job, "printed")
        assert [u.state.value for u in events.jobs(job)] == ["queued", "printing", "printed"]
        assert printed.final and printed.sends == 1
        receipt = sim.last_receipt
        assert receipt.qr_texts == ["NC20261127000123"] and "受理回执" in receipt.text
        assert receipt.png_path.exists() and receipt.text_path.read_text(encoding="utf-8") == receipt.text
        assert sim.unknown_commands == []
        assert printer.status.state is State.OK
        saved = json.loads((tmp_path / "paper.json").read_text())
        assert saved["receipts"] == 1 and saved["millimetres"] > 100
        printer.paper_replaced()
        assert events.wait_for(lambda e: e.kind == "paper" and e.payload.receipts == 0)
        assert json.loads((tmp_path / "paper.json").read_text())["receipts"] == 0


def test_no_paper_reports_at_once_keeps_the_job_and_prints_after_refill(tmp_path):
    with running_printer(tmp_path) as (printer, sim, events):
        sim.set_paper("out")
        job = printer.submit(samples.sample("notice"))
        failed = events.job_state(job, "failed")
        assert failed.reason == "paper_out" and failed.kept and failed.sends == 0
        assert failed.message == "打印机缺纸" and sim.receipt_count == 0
        assert printer.status.state is State.ERROR
        sim.set_paper("ok")
        events.job_state(job, "printed")
        assert sim.receipt_count == 1


def test_a_silent_printer_is_unknown_and_nothing_is_reported_printed(tmp_path):
    with running_printer(tmp_path) as (printer, sim, events):
        sim.set_answers("silent")
        job = printer.submit(samples.sample("acceptance"))
        failed = events.job_state(job, "failed")
        assert failed.reason == "no_answer" and failed.kept
        events.wait_for(lambda e: e.kind == "status" and e.payload.state is State.UNKNOWN)
        assert printer.status.state is State.UNKNOWN
        assert [u.state for u in events.jobs(job)] == [JobState.QUEUED, JobState.FAILED]
        assert sim.receipt_count == 0


def test_a_garbled_answer_is_unknown_too(tmp_path):
    with running_printer(tmp_path) as (printer, sim, events):
        sim.set_answers("garbled")
        job = printer.submit(samples.sample("query"))
        assert events.job_state(job, "failed").reason == "bad_answer"


def test_an_old_job_expires_and_is_never_printed_later(tmp_path):
    settings = dataclasses.replace(FAST, expiry=1.0)
    with running_printer(tmp_path, settings=settings) as (printer, sim, events):
        sim.open_cover()
        old = printer.submit(samples.sample("acceptance"))
        assert events.job_state(old, "failed").reason == "cover_open"
        expired = events.job_state(old, "expired")
        assert expired.final and "屏幕" in expired.message
        sim.close_cover()
        new = printer.submit(samples.sample("appointment"))
        events.job_state(new, "printed")
        assert [r.text.splitlines()[1] for r in sim.receipts] == ["预约凭条"]
        assert printer.jobs() == []


def test_paper_running_out_mid_job_fails_it_for_good_and_it_is_never_sent_again(tmp_path):
    with running_printer(tmp_path) as (printer, sim, events):
        sim.run_out_after(1)
        first = printer.submit(samples.sample("query"))
        second = printer.submit(samples.sample("complaint"))
        events.job_state(first, "printed")
        failed = events.job_state(second, "failed")
        assert failed.reason == "stopped" and not failed.kept and failed.final and failed.sends == 1
        assert "缺纸" in failed.message and printer.jobs() == []
        sim.set_paper("ok")
        third = printer.submit(samples.sample("appointment"))
        events.job_state(third, "printed")
        assert [r.text.splitlines()[1] for r in sim.receipts] == ["查询结果", "预约凭条"]


def test_cancelled_jobs_do_not_print(tmp_path):
    with running_printer(tmp_path) as (printer, sim, events):
        sim.set_paper("out")
        job = printer.submit(samples.sample("acceptance"))
        events.job_state(job, "failed")
        assert printer.cancel(job)
        events.job_state(job, "cancelled")
        sim.set_paper("ok")
        later = printer.submit(samples.sample("complaint"))
        events.job_state(later, "printed")
        assert sim.receipt_count == 1 and not printer.cancel(job)


def test_a_document_that_cannot_render_fails_without_retry(tmp_path):
    class Broken:
        kind, title = "broken", "broken"

        def escpos(self, profile):
            raise ValueError("no data")

    with running_printer(tmp_path) as (printer, sim, events):
        failed = events.job_state(printer.submit(Broken()), "failed")
        assert failed.reason == "render" and not failed.kept


def test_a_vanished_printer_is_reported_disconnected(tmp_path):
    with running_printer(tmp_path, "tcp") as (printer, sim, events):
        events.wait_for(lambda e: e.kind == "status" and e.payload.state is State.OK)
        sim.stop()
        printer.refresh_status()
        events.wait_for(lambda e: e.kind == "status" and e.payload.state is State.DISCONNECTED)


def test_one_way_file_link_sends_without_claiming_printed(tmp_path):
    from kiosk.base.printer_uri import parse_printer_uri
    from kiosk.devices.base import Supervisor
    from kiosk.devices.printer.printer import ReceiptPrinter

    from printing_support import Events

    device = tmp_path / "lp0"
    printer = ReceiptPrinter(parse_printer_uri(f"file:{device}"), settings=FAST)
    events = Events()
    printer.subscribe(events)
    supervisor = Supervisor(printer).start()
    try:
        job = printer.submit(samples.sample("selftest"))
        sent = events.job_state(job, "sent")
        assert sent.final and printer.status.state is State.UNKNOWN
        assert not [u for u in events.jobs(job) if u.state is JobState.PRINTED]
    finally:
        supervisor.stop()
    assert device.read_bytes() == render_escpos(samples.sample("selftest"), printer.profile)


def test_the_sim_driver_runs_the_embedded_virtual_printer(tmp_path):
    from kiosk.devices.base import Supervisor

    from printing_support import Events

    config = load_config(environ={"KIOSK_DEVICES__PRINTER__PAPER_MM": "58",
                                  "KIOSK_DEVICES__PRINTER__SIM_LINK": '"tcp"'})
    printer = DRIVERS.build("printer", config.devices.printer, BuildContext("printer", data_dir=tmp_path))
    events = Events()
    printer.subscribe(events)
    supervisor = Supervisor(printer).start()
    try:
        assert printer.profile.columns == 32 and printer.uri.kind == "tcp"
        job = printer.submit(RawDocument(render_escpos(samples.sample("complaint"), printer.profile), "complaint"))
        events.job_state(job, "printed")
        assert (tmp_path / "printer" / "virtual" / "receipt-0001.png").exists()
        assert (tmp_path / "printer" / "paper.json").exists()
    finally:
        supervisor.stop()
        printer.simulator.stop()


def test_driver_none_gives_no_printer():
    config = load_config(environ={"KIOSK_DEVICES__PRINTER__DRIVER": "none"})
    assert DRIVERS.build("printer", config.devices.printer, BuildContext("printer")) is None


def test_jobs_for_an_unplugged_printer_fail_at_once_and_expire(tmp_path):
    settings = dataclasses.replace(FAST, expiry=1.5)
    with running_printer(tmp_path, "tcp", settings=settings) as (printer, sim, events):
        events.wait_for(lambda e: e.kind == "status" and e.payload.state is State.OK)
        sim.stop()
        printer.refresh_status()
        events.wait_for(lambda e: e.kind == "status" and e.payload.state is State.DISCONNECTED)
        job = printer.submit(samples.sample("acceptance"))
        failed = events.job_state(job, "failed")
        assert failed.reason == "disconnected" and failed.kept
        assert events.job_state(job, "expired").final
