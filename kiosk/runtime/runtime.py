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
from typing import Any, TypeVar

from kiosk.base.config import KioskConfig
from kiosk.devices.base import Device, Supervisor
from kiosk.devices.registry import DRIVERS, BuildContext, Registry

log = logging.getLogger(__name__)
D = TypeVar("D", bound=Device)
INPUT_STOP_S = 5.0  # stop() waits this long for the input's build to notice (it looks between two characters)

# The [devices] sections and the kind of driver each names, in the order they are built (the ID card reader
# first: it is what a citizen uses first). A driver that needs another device is built after it.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("idcard", "idcard"), ("scanner", "scanner"), ("printer", "printer"), ("camera", "camera"),
    ("face_camera", "camera"),
)


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
    statistics: Any = None  # kiosk.runtime.stats.Statistics
    metrics: Any = None  # kiosk.runtime.metrics.MetricsServer
    heartbeat: Any = None  # kiosk.runtime.heartbeat.Heartbeat
    central: Any = None  # kiosk.runtime.central.CentralConfig (given by `kiosk run`, else made at start)
    # Called on the heartbeat's thread while a checked catalog version waits (the controller sets it).
    on_central: Any = None
    display_driver: str = ""  # SDL's video driver once the window exists (kiosk.ui.kivy_setup.sdl_video_driver); "": no window
    supervisors: list[Supervisor] = field(default_factory=list)
    # A configured device that could not even be built: its section's name -> why (doctor reports it as a failure).
    failed: dict[str, str] = field(default_factory=dict)
    ready: threading.Event = field(default_factory=threading.Event)
    drivers: Registry = DRIVERS
    # Set by stop(): ends the input's build. Not arguments: the runtime's own state.
    _stopping: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _input_loader: threading.Thread | None = field(default=None, init=False, repr=False)  # set by start_async

    @property
    def idcard_sim(self) -> Any:
        """The simulated reader (kiosk.devices.sim.idcard.IdCardSimulator) with driver "sim", else None."""
        return self.idcard.simulator if self.idcard is not None else None

    @property
    def scanner_sim(self) -> Any:
        """The simulated scanner (kiosk.devices.sim.scanner.ScannerSimulator) with driver "sim", else None."""
        return self.scanner.simulator if self.scanner is not None else None

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

        # The lexicon on a thread of its own, from the first moment: loading the built one takes milliseconds, and
        # the devices and the platform starting (seconds) must not keep the keyboard "preparing".
        self._input_loader = threading.Thread(target=self.prepare_input, name="ime-load", daemon=True)
        self._input_loader.start()

        thread = threading.Thread(target=run, name="runtime-start", daemon=True)
        thread.start()
        return thread

    def start(self) -> None:
        self.start_devices()
        try:
            from kiosk.runtime.actions import Work
            from kiosk.runtime.platform import open_backend

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
            if self.central is None:
                from kiosk.runtime.central import CentralConfig

                self.central = CentralConfig.for_config(self.config)
            self.heartbeat = Heartbeat(self, settings.heartbeat_s).start()

    def prepare_input(self) -> None:
        """Load the pinyin lexicon (set-up builds it; built here only when its sources changed since), then the
        handwriting recogniser (its font shapes cached the same way)."""
        try:
            from kiosk.ime import engine as ime
            ime.prepare(self.config)
        except Exception:
            log.exception("input method start-up failed")
            return
        try:
            from kiosk.ime import recogniser, shapes
            recogniser.prepare(self.config, self._stopping)
        except shapes.BuildStopped as exc:
            log.info("handwriting start-up stopped: %s", exc)
        except Exception:
            log.exception("handwriting start-up failed")

    def start_devices(self) -> None:
        """Build every configured device through its driver and start its supervisor."""
        sections = [(name, kind, getattr(self.config.devices, name)) for name, kind in SECTIONS]
        sections.sort(key=lambda section: bool(self.drivers.needs(section[1], section[2].driver)))
        built: dict[str, Device] = {}
        for name, kind, section in sections:
            context = BuildContext(name, data_dir=self.config.data_dir, root=self.config.source.parent,
                                   devices=built, max_image_pixels=self.config.vision.max_image_pixels)
            try:
                device = self.drivers.build(kind, section, context)
            except Exception as exc:
                # A device that cannot even be built degrades the kiosk; it never stops it.
                log.exception("device start-up failed: %s", name)
                reason, detail = str(exc) or type(exc).__name__, getattr(exc, "detail", "")
                self.failed[name] = f"{reason}（{detail}）" if detail else reason
                continue
            if device is None:
                continue
            built[name] = device
            setattr(self, name, device)
            self._supervise(device)
            if kind == "camera":
                self._watch_camera(name, device)

    def _watch_camera(self, name: str, camera: Device) -> None:
        """What the screens take from a camera: page capture and preview of the document camera, the preview
        of the face camera."""
        from kiosk.devices.camera.camera import Camera
        from kiosk.devices.camera.page_capture import PageCapture
        from kiosk.devices.camera.preview import PreviewFeed

        if not isinstance(camera, Camera):
            log.warning("%s is a %s, not a Camera: no preview or capture", name, type(camera).__name__)
            return
        if name == "camera":
            self.capture = self._supervise(PageCapture(camera))
            self.preview = self._supervise(PreviewFeed(camera))
        else:
            self.face_preview = self._supervise(PreviewFeed(camera))

    def _supervise(self, device: D) -> D:
        self.supervisors.append(Supervisor(device).start())
        return device

    def stop(self) -> None:
        # The handwriting shapes may still be building inside OpenCV on a first start: Python exiting under a
        # thread in a C++ call aborts the process (SIGABRT), so the build is told to stop and waited for.
        self._stopping.set()
        if self._input_loader is not None:
            self._input_loader.join(INPUT_STOP_S)
        for service in (self.heartbeat, self.metrics):
            if service is not None:
                service.stop()
        if self.backend is not None:
            self.backend.close()
        for supervisor in self.supervisors:
            supervisor.stop()
        for device in self.devices:
            if device.simulator is not None:
                device.simulator.stop()
        if self.statistics is not None:
            self.statistics.close()
