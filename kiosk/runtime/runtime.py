"""Everything the kiosk runs besides its window: the devices (and, in the embedded default, their simulators)
under supervisors, the platform backend (and the sandbox), and the `Work` that carries out the flows' actions.
No Kivy here: the app subscribes to the devices' events and hands them to the UI thread.

Start-up of ports and simulators happens on a background thread (`start_async`), so the first frame is not
delayed by hardware.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from kiosk.base.config import KioskConfig
from kiosk.devices.base import Device, Supervisor

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    config: KioskConfig
    idcard: Any = None  # kiosk.devices.idcard.reader.IdCardReader
    scanner: Any = None  # kiosk.devices.scanner.serial_scanner.SerialScanner
    printer: Any = None  # kiosk.devices.printer.printer.ReceiptPrinter
    camera: Any = None  # kiosk.devices.camera.camera.Camera (the document camera)
    capture: Any = None  # kiosk.devices.camera.page_capture.PageCapture on the document camera
    preview: Any = None  # kiosk.devices.camera.preview.PreviewFeed of the document camera
    face_camera: Any = None
    face_preview: Any = None
    backend: Any = None  # kiosk.runtime.platform.BackendServices
    work: Any = None  # kiosk.runtime.actions.Work
    idcard_sim: Any = None  # kiosk.devices.sim.idcard.IdCardSimulator
    scanner_sim: Any = None
    statistics: Any = None  # kiosk.runtime.stats.Statistics
    metrics: Any = None  # kiosk.runtime.metrics.MetricsServer
    heartbeat: Any = None  # kiosk.runtime.heartbeat.Heartbeat
    supervisors: list[Supervisor] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)

    @property
    def devices(self) -> list[Device]:
        return [d for d in (self.idcard, self.scanner, self.printer, self.camera, self.capture, self.preview,
                            self.face_camera, self.face_preview) if d is not None]

    def start_async(self, on_ready: Any = None) -> threading.Thread:
        """Open everything on a background thread; `on_ready(runtime)` is called there when done."""

        def run() -> None:
            self.start()
            if on_ready is not None:
                on_ready(self)
            self.prepare_input()

        thread = threading.Thread(target=run, name="runtime-start", daemon=True)
        thread.start()
        return thread

    def start(self) -> None:
        devices = self.config.devices
        for start, cfg in ((self._start_idcard, devices.idcard), (self._start_scanner, devices.scanner),
                           (self._start_printer, devices.printer), (self._start_cameras, devices)):
            try:
                start(cfg)
            except Exception:
                # A device that cannot even be built degrades the kiosk; it never stops it.
                log.exception("device start-up failed: %s", start.__name__)
        try:
            from kiosk.runtime.platform import open_backend
            from kiosk.runtime.actions import Work

            self.backend = open_backend(self.config)
            self.work = Work(self.config, self.backend, self.printer)
        except Exception:
            log.exception("platform backend start-up failed")
        self._start_observability()
        self.ready.set()

    def _start_observability(self) -> None:
        """Usage statistics, the metrics endpoint and the heartbeat: none of them may stop the kiosk."""
        from kiosk.runtime.heartbeat import Heartbeat
        from kiosk.runtime.stats import Statistics

        settings = self.config.maintenance
        try:
            self.statistics = Statistics.in_dir(self.config.data_dir)
        except Exception:
            log.exception("statistics unavailable")
        if settings.metrics_port:
            from kiosk.runtime.metrics import MetricsServer

            try:
                self.metrics = MetricsServer(self, settings.metrics_port)
            except OSError as exc:
                log.warning("metrics endpoint not started on port %s: %s", settings.metrics_port, exc)
        if self.backend is not None:
            self.heartbeat = Heartbeat(self, settings.heartbeat_s).start()

    def prepare_input(self) -> None:
        """Load the pinyin lexicon (built on the very first start, a few seconds): after the devices."""
        try:
            from kiosk.ime import engine as ime
            ime.prepare(self.config)
        except Exception:
            log.exception("input method start-up failed")

    def _start_idcard(self, cfg: Any) -> None:
        if cfg.driver == "none":
            return
        from kiosk.devices.idcard.reader import IdCardReader

        port = None
        if cfg.driver == "sim":
            from kiosk.devices.sim.idcard import IdCardSimulator

            self.idcard_sim = IdCardSimulator()
            port = self.idcard_sim.start()
        self.idcard = IdCardReader.from_config(cfg, port=port)
        self.supervisors.append(Supervisor(self.idcard).start())

    def _start_scanner(self, cfg: Any) -> None:
        if cfg.driver not in ("sim", "serial"):
            return  # keyboard-wedge scanners are read from the window; camera codes by the camera
        from kiosk.devices.scanner.serial_scanner import SerialScanner

        port = None
        if cfg.driver == "sim":
            from kiosk.devices.sim.scanner import ScannerSimulator

            self.scanner_sim = ScannerSimulator(suffix=cfg.suffix, trigger=cfg.trigger)
            port = self.scanner_sim.start()
        self.scanner = SerialScanner.from_config(cfg, port=port)
        self.supervisors.append(Supervisor(self.scanner).start())

    def _start_cameras(self, devices: Any) -> None:
        from kiosk.devices.camera.camera import Camera
        from kiosk.devices.camera.page_capture import PageCapture
        from kiosk.devices.camera.preview import PreviewFeed

        root = self.config.source.parent
        self.camera = Camera.from_config(devices.camera, name="camera", root=root)
        if self.camera is not None:
            self.capture = PageCapture(self.camera)
            self.preview = PreviewFeed(self.camera)
            if devices.scanner.driver == "camera":
                from kiosk.devices.scanner.camera_codes import CameraCodeReader

                self.scanner = CameraCodeReader(self.camera, name="scanner")
        self.face_camera = Camera.from_config(devices.face_camera, name="face_camera", root=root)
        if self.face_camera is not None:
            self.face_preview = PreviewFeed(self.face_camera)
        for device in (self.camera, self.capture, self.preview, self.face_camera, self.face_preview):
            if device is not None:
                self.supervisors.append(Supervisor(device).start())
        if devices.scanner.driver == "camera" and self.scanner is not None:
            self.supervisors.append(Supervisor(self.scanner).start())

    def _start_printer(self, cfg: Any) -> None:
        from kiosk.devices.printer.printer import from_config

        self.printer = from_config(cfg, data_dir=self.config.data_dir)
        if self.printer is not None:
            self.supervisors.append(Supervisor(self.printer).start())

    def stop(self) -> None:
        for service in (self.heartbeat, self.metrics):
            if service is not None:
                service.stop()
        if self.backend is not None:
            self.backend.close()
        for supervisor in self.supervisors:
            supervisor.stop()
        for sim in (self.idcard_sim, self.scanner_sim, getattr(self.printer, "simulator", None)):
            if sim is not None:
                sim.stop()
        if self.statistics is not None:
            self.statistics.close()
