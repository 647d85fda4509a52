"""The built-in ID card reader drivers (kiosk.devices.registry): "serial", a SAM reader on a serial port, and
"sim", the simulated reader on a pseudo-terminal read by the same driver."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.devices.idcard.reader import IdCardReader
from kiosk.devices.registry import DRIVERS, BuildContext, on_simulator

if TYPE_CHECKING:
    from kiosk.base.config import IdCardReader as IdCardReaderConfig


@DRIVERS.register("idcard", "serial")
def serial_reader(section: IdCardReaderConfig, context: BuildContext) -> IdCardReader:
    return IdCardReader.from_config(section)


@DRIVERS.register("idcard", "sim")
def simulated_reader(section: IdCardReaderConfig, context: BuildContext) -> IdCardReader:
    from kiosk.devices.sim.idcard import IdCardSimulator

    simulator = IdCardSimulator()
    port = simulator.start()
    return on_simulator(simulator, lambda: IdCardReader.from_config(section, port=port))
