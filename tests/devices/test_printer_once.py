"""Receipts are printed at most once, against fake printers written from docs/devices/escpos.md: a printer that
answers DLE EOT but not GS r 1, or nothing once the job is in, cannot confirm the printing, so the job ends
"sent, not confirmed" and is never sent again."""

import queue
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from fake_escpos import FakeEscposPrinter

from kiosk.base.config import load_config
from kiosk.base.printer_uri import parse_printer_uri
from kiosk.cli import main
from kiosk.core.flow import Printed
from kiosk.devices.base import State, Supervisor
from kiosk.devices.printer.link import Timeouts
from kiosk.devices.printer.paper_counter import PaperCounter
from kiosk.devices.printer.printer import ReceiptPrinter
from kiosk.receipts import samples
from kiosk.runtime.actions import Work

from printing_support import FAST, Events


def _driver(uri: str, tmp_path: Path) -> tuple[ReceiptPrinter, Events, Supervisor]:
    printer = ReceiptPrinter(parse_printer_uri(uri), settings=FAST, timeouts=Timeouts(1.0, 5.0, 0.3),
                             counter=PaperCounter(tmp_path / "paper.json"))
    events = Events()
    printer.subscribe(events)
    return printer, events, Supervisor(printer, backoff=(0.2,)).start()


def _final(events: Events, job: str):
    return events.wait_for(lambda e: e.kind == "job" and e.payload.job_id == job and e.payload.final).payload


def test_a_printer_answering_only_dle_eot_prints_each_receipt_once(tmp_path):
    with FakeEscposPrinter("dle_eot_only") as fake:
        printer, events, supervisor = _driver(fake.uri, tmp_path)
        try:
            jobs = [printer.submit(samples.sample(kind)) for kind in ("acceptance", "query", "complaint")]
            finals = [_final(events, job) for job in jobs]
        finally:
            supervisor.stop()
    assert [(f.state.value, f.reason, f.sends) for f in finals] == [("sent", "not_confirmed", 1)] * 3
    assert all(f.message == "请取走凭条" for f in finals)
    assert len(fake.receipts) == 3 and len(set(fake.receipts)) == 3
    assert fake.sensor_queries == 3 and fake.unknown == []


def test_a_printer_silent_after_the_job_prints_it_once_and_holds_the_next(tmp_path):
    with FakeEscposPrinter("silent_after_job") as fake:
        printer, events, supervisor = _driver(fake.uri, tmp_path)
        try:
            first = printer.submit(samples.sample("acceptance"))
            done = _final(events, first)
            second = printer.submit(samples.sample("query"))
            refused = events.job_state(second, "failed")
            events.wait_for(lambda e: e.kind == "status" and e.payload.state is State.UNKNOWN)
        finally:
            supervisor.stop()
    assert (done.state.value, done.reason, done.sends) == ("sent", "not_confirmed", 1)
    assert refused.reason == "no_answer" and refused.kept and refused.sends == 0  # never sent: no answer before it
    assert len(fake.receipts) == 1


def test_print_test_on_a_printer_that_cannot_confirm_exits_0_with_a_note(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_PATHS__DATA_DIR", str(tmp_path))
    with FakeEscposPrinter("dle_eot_only") as fake:
        assert main(["print-test", "--printer", fake.uri]) == 0
    out = capsys.readouterr().out
    assert "job-" in out and ": sent" in out and "cannot be confirmed on this model" in out
    assert len(fake.receipts) == 1


def test_the_citizen_is_told_to_take_the_receipt_when_the_printer_cannot_confirm(tmp_path):
    config = load_config(environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path)})
    with FakeEscposPrinter("dle_eot_only") as fake, ThreadPoolExecutor(1) as pool:
        printer, _events, supervisor = _driver(fake.uri, tmp_path)
        try:
            answers: queue.Queue = queue.Queue()
            Work(config, SimpleNamespace(pool=pool), printer).print_receipt(samples.sample("query"), answers.put)
            answer = answers.get(timeout=30)
        finally:
            supervisor.stop()
    assert answer == Printed(True, "请取走凭条", confirmed=False)
    assert len(fake.receipts) == 1
