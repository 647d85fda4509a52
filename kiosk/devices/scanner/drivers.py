"""The built-in code scanner drivers (kiosk.devices.registry): "serial" (RS-232 or USB-CDC), "sim" (the simulated
scanner on a pseudo-terminal, read by the same driver), "camera" (codes read from the document camera's frames)
and "keyboard" (a keyboard-wedge scanner, read by the window)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.devices.camera.camera import Camera
from kiosk.devices.registry import DRIVERS, BuildContext, on_simulator
from kiosk.devices.scanner.camera_codes import CameraCodeReader
from kiosk.devices.scanner.serial_scanner import SerialScanner

if TYPE_CHECKING:
    from kiosk.base.config import Scanner as ScannerConfig


@DRIVERS.register("scanner", "serial")
def serial_scanner(section: ScannerConfig, context: BuildContext) -> SerialScanner:
    return SerialScanner.from_config(section)


@DRIVERS.register("scanner", "sim")
def simulated_scanner(section: ScannerConfig, context: BuildContext) -> SerialScanner:
    from kiosk.devices.sim.scanner import ScannerSimulator

    simulator = ScannerSimulator(suffix=section.suffix, trigger=section.trigger)
    port = simulator.start()
    return on_simulator(simulator, lambda: SerialScanner.from_config(section, port=port))


@DRIVERS.register("scanner", "camera", needs=("camera",))
def camera_scanner(section: ScannerConfig, context: BuildContext) -> CameraCodeReader:
    return CameraCodeReader(context.device("camera", Camera), name=context.name)


@DRIVERS.register("scanner", "keyboard")
def keyboard_scanner(section: ScannerConfig, context: BuildContext) -> None:
    """Nothing to supervise: a wedge scanner types into the window, which tells its codes from typing."""
