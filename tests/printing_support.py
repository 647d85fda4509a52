"""Shared helpers for the printing tests: the virtual printer, the real driver on top of it, and event capture."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.base.printer_uri import parse_printer_uri
from kiosk.devices.base import DeviceEvent, Supervisor
from kiosk.devices.escpos.paper import Paper
from kiosk.devices.escpos.reader import EscposReader
from kiosk.devices.escpos.writer import PrinterProfile
from kiosk.devices.printer.jobs import JobUpdate
from kiosk.devices.printer.link import Timeouts
from kiosk.devices.printer.paper_counter import PaperCounter
from kiosk.devices.printer.printer import QueueSettings, ReceiptPrinter
from kiosk.devices.sim.printer import VirtualPrinter

FAST = QueueSettings(poll_interval=2.0, retry_interval=0.3, expiry=30.0)


def interpret(data: bytes, dots: int = 576) -> tuple[list[Paper], EscposReader]:
    """Everything cut from `data`, read by the virtual printer's interpreter."""
    cut: list[Paper] = []
    reader = EscposReader(dots=dots, on_cut=cut.append)
    reader.feed(data)
    return cut, reader


class Events:
    """Collects a device's events; `wait_for` blocks until one matches."""

    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def wait_for(self, match: Callable[[DeviceEvent], bool], timeout: float = 15.0) -> DeviceEvent:
        with self._cond:
            found: list[DeviceEvent] = []

            def seen() -> bool:
                found[:] = [e for e in self.items if match(e)]
                return bool(found)

            if not self._cond.wait_for(seen, timeout):
                raise AssertionError(f"no matching event in {timeout}s; got {[(e.kind, e.payload) for e in self.items]}")
            return found[0]

    def jobs(self, job_id: str) -> list[JobUpdate]:
        with self._cond:
            return [e.payload for e in self.items if e.kind == "job" and e.payload.job_id == job_id]

    def job_state(self, job_id: str, state: str, timeout: float = 15.0) -> JobUpdate:
        event = self.wait_for(lambda e: e.kind == "job" and e.payload.job_id == job_id
                              and e.payload.state.value == state, timeout)
        return event.payload


@contextmanager
def running_printer(tmp_path: Path, link: str = "pty", paper_mm: int = 80, settings: QueueSettings = FAST,
                    profile: PrinterProfile | None = None) -> Iterator[tuple[ReceiptPrinter, VirtualPrinter, Events]]:
    """The real driver and queue on a virtual printer, served by a Supervisor thread."""
    sim = VirtualPrinter(tmp_path / "virtual", paper_mm, tcp_port=0 if link == "tcp" else None, pty=link == "pty")
    sim.start()
    uri = parse_printer_uri(sim.serial_uri if link == "pty" else sim.tcp_uri)
    printer = ReceiptPrinter(uri, profile or PrinterProfile(paper_mm), settings, Timeouts(1.0, 5.0, 0.3),
                             PaperCounter(tmp_path / "paper.json"))
    events = Events()
    printer.subscribe(events)
    supervisor = Supervisor(printer, backoff=(0.2,)).start()
    try:
        yield printer, sim, events
    finally:
        supervisor.stop()
        sim.stop()
