"""The capture screen's worker: analyses the document camera's newest frames off the UI thread, publishes
guidance for the preview, and the corrected page when it auto-captures or the shutter is pressed.

Events (on this worker's thread; the app hands them to the UI with Clock.schedule_once):
    "guidance"  Preview(guidance, seq, width, height)   at most ANALYSE_FPS a second while active
    "page"      ScannedPage(image, page, thumbnail)      one per capture; `.jpeg()` gives the file's bytes
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import cv2

from kiosk.base.i18n import N_, _
from kiosk.devices.base import Device, State
from kiosk.devices.camera.camera import Camera
from kiosk.vision.capture import CaptureGuide, Guidance, analyse_frame, scan_page
from kiosk.vision.warp import Mode

ANALYSE_FPS = 8.0  # guidance needs no more; the rest of the two cores is the UI's and the decoder's


@dataclass(frozen=True)
class Preview:
    guidance: Guidance
    seq: int  # the camera frame it is about (the preview may show a newer one)
    width: int  # the frame's size, to scale the outline onto the preview
    height: int


class PageCapture(Device):
    kind = "capture"

    def __init__(self, camera: Camera, guide: CaptureGuide | None = None, dpi: int = 200,
                 mode: Mode = "colour", name: str | None = None) -> None:
        super().__init__(name)
        self.camera = camera
        self.guide = guide or CaptureGuide()
        self.dpi = dpi
        self.mode = mode
        self._active = threading.Event()
        self._shutter = threading.Event()
        self._fresh = threading.Event()  # the guide starts over (done on the worker, which owns the guide)

    def set_active(self, active: bool) -> None:
        """Analyse only while the capture screen is shown (the CPU is shared with the UI)."""
        if active:
            self._fresh.set()
            self._active.set()
        else:
            self._active.clear()

    def shutter(self) -> None:
        """The manual shutter: capture the next frame whatever the guidance says."""
        self._shutter.set()

    def open(self) -> None:
        # One OpenCV thread per vision worker: the frames are small work items, and of the two cores one is
        # the UI's; OpenCV's own thread pool would only make the workers fight the UI.
        cv2.setNumThreads(1)
        self.set_status(State.OK, N_("拍摄分析就绪"), f"camera {self.camera.name}")

    def close(self) -> None:
        self._active.clear()

    def serve(self, stop: threading.Event) -> None:
        seq = 0
        camera_lost = False
        while not stop.is_set():
            if not self._active.wait(0.2):
                continue
            if self._fresh.is_set():
                self._fresh.clear()
                self.guide.reset()
            started = time.monotonic()
            frame = self.camera.wait_frame(seq, timeout=1.0)
            if frame is None:
                if not camera_lost:
                    no_camera = Guidance("nocamera", _("摄像头暂不可用，请将材料交工作人员"), None, 0.0, False)
                    self.publish("guidance", Preview(no_camera, seq, 0, 0))
                camera_lost = True
                continue
            camera_lost = False
            seq = frame.seq
            analysis = analyse_frame(frame.image)
            guidance = self.guide.update(analysis, frame.at)
            self.publish("guidance", Preview(guidance, frame.seq, analysis.width, analysis.height))
            if guidance.capture or self._shutter.is_set():
                self._shutter.clear()
                scanned = scan_page(frame.image, analysis.page, dpi=self.dpi, mode=self.mode)
                if not guidance.capture:
                    self.guide.captured(scanned.page)
                self.publish("page", scanned)
            stop.wait(max(0.0, 1.0 / ANALYSE_FPS - (time.monotonic() - started)))
