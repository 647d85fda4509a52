"""`kiosk print-test --printer URI`: print the maintenance self-test ticket through the real driver and queue, and
report the printer's status and what became of the job: exit 0 when it printed, or was sent to a printer that
cannot confirm printing (noted), 1 when it did not print, 2 for a printer URI that cannot be used."""

from __future__ import annotations

import argparse
import threading
from datetime import datetime

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "print-test", help="print the self-test ticket and report the printer's status")
    p.add_argument("--printer", metavar="URI", help="printer URI (default: the configured printer; driver sim "
                   "starts the virtual printer)")
    p.add_argument("--paper", type=int, choices=(58, 80), help="paper width (default: configured)")
    p.add_argument("--timeout", type=float, default=20.0, help="give up after this many seconds")
    p.set_defaults(func=run)


_DEVICE_NAMES = (("idcard", "读卡器"), ("scanner", "扫码器"), ("camera", "高拍仪"), ("face_camera", "人脸摄像头"))
_DRIVER_WORDS = {"sim": "模拟设备", "none": "未启用"}


def run(args: argparse.Namespace) -> int:
    from kiosk import __version__
    from kiosk.base.config import Printer
    from kiosk.base.printer_uri import PrinterUriError, parse_printer_uri
    from kiosk.devices.base import DeviceEvent, Supervisor
    from kiosk.devices.printer.jobs import JobState, JobUpdate
    from kiosk.devices.registry import DRIVERS, BuildContext
    from kiosk.receipts import kinds

    config = config_of(args)
    settings = config.devices.printer
    overrides: dict[str, object] = {}
    if args.printer:
        try:
            parse_printer_uri(args.printer)
        except PrinterUriError as exc:  # a ConfigError: exit 2
            raise PrinterUriError(f"--printer {args.printer}: {exc.message}", exc.detail) from None
        overrides |= {"driver": "escpos", "uri": args.printer}
    if args.paper:
        overrides["paper_mm"] = args.paper
    settings = Printer.model_validate({**settings.model_dump(), **overrides})
    printer = DRIVERS.build("printer", settings, BuildContext("printer", data_dir=config.data_dir))
    if printer is None:
        print("打印机未启用 (driver = none)")
        return 1
    done = threading.Event()
    outcome: list[JobUpdate] = []

    def on_event(event: DeviceEvent) -> None:
        if event.kind == "job" and (event.payload.final or event.payload.state is JobState.FAILED):
            outcome.append(event.payload)
            done.set()

    printer.subscribe(on_event)
    devices = [(label, _DRIVER_WORDS.get(getattr(config.devices, key).driver, "已配置"))
               for key, label in _DEVICE_NAMES]
    supervisor = Supervisor(printer).start()
    try:
        count = printer.paper
        ticket = kinds.selftest_ticket(kinds.SelfTest(
            devices=[*devices, ("打印机", str(printer.uri))],
            paper_receipts=count.receipts, paper_metres=count.metres,
            paper_since=datetime.fromtimestamp(count.since).strftime("%Y-%m-%d %H:%M") if count.since else "",
            versions=[("kiosk", __version__), ("escpos", _escpos_version())],
            at=datetime.now()), kinds.SlipStation.from_config(config))
        job_id = printer.submit(ticket)
        if not done.wait(args.timeout):
            printer.cancel(job_id)
            print(f"job {job_id}: no outcome within {args.timeout:.0f} s")
    finally:
        supervisor.stop()
        if printer.simulator:
            printer.simulator.stop()
    status = printer.status
    print(f"printer {printer.uri}: {status.state.value} {status.message} {status.detail}".rstrip())
    if outcome:
        update = outcome[0]
        print(f"job {update.job_id}: {update.state.value} {update.message}".rstrip())
        if printer.simulator and printer.simulator.last_receipt and printer.simulator.last_receipt.png_path:
            print(f"virtual printer output: {printer.simulator.last_receipt.png_path}")
        if update.state is JobState.SENT:
            print("note: the ticket was sent, but completion cannot be confirmed on this model "
                  f"({'one-way link' if update.reason == 'one_way' else 'no answer to GS r 1 after the job'})")
        return 0 if update.state in (JobState.PRINTED, JobState.SENT) else 1
    return 1


def _escpos_version() -> str:
    from importlib.metadata import version

    return version("python-escpos")
