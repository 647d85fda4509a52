"""The built-in receipt printer drivers (kiosk.devices.registry): "escpos", an ESC/POS printer at the section's
URI, and "sim", the virtual printer (on a pseudo-terminal or a TCP port, as `sim_link` says) driven by the same
code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.base.printer_uri import PrinterUri, parse_printer_uri
from kiosk.devices.escpos.writer import PrinterProfile
from kiosk.devices.printer.link import Timeouts
from kiosk.devices.printer.paper_counter import PaperCounter
from kiosk.devices.printer.printer import QueueSettings, ReceiptPrinter
from kiosk.devices.registry import DRIVERS, BuildContext, on_simulator

if TYPE_CHECKING:
    from kiosk.base.config import Printer as PrinterConfig


def _printer(section: PrinterConfig, uri: PrinterUri, context: BuildContext) -> ReceiptPrinter:
    data_dir = context.data_dir
    return ReceiptPrinter(
        uri,
        PrinterProfile(section.paper_mm, section.chinese_font, section.native_qr),
        QueueSettings(section.poll_interval_s, section.retry_interval_s, float(section.job_expiry_s)),
        Timeouts(section.connect_timeout_s, section.write_timeout_s, section.status_timeout_ms / 1000),
        PaperCounter(data_dir / "printer" / "paper.json" if data_dir else None),
        context.name,
    )


@DRIVERS.register("printer", "escpos")
def escpos_printer(section: PrinterConfig, context: BuildContext) -> ReceiptPrinter:
    return _printer(section, parse_printer_uri(section.uri), context)


@DRIVERS.register("printer", "sim")
def simulated_printer(section: PrinterConfig, context: BuildContext) -> ReceiptPrinter:
    from kiosk.devices.sim.printer import VirtualPrinter

    out_dir = context.data_dir / "printer" / "virtual" if context.data_dir else None
    pty = section.sim_link == "pty"
    simulator = VirtualPrinter(out_dir, section.paper_mm, tcp_port=None if pty else 0, pty=pty).start()
    simulator.set_answers(section.sim_answers)
    uri = simulator.serial_uri if pty else simulator.tcp_uri
    return on_simulator(simulator, lambda: _printer(section, parse_printer_uri(uri), context))
