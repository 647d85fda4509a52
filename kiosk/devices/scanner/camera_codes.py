"""Codes read from a camera, for terminals without a scanner: the e-ID QR on a citizen's phone, a receipt's
progress QR. Publishes the same event as the serial scanner: kind "code", payload the text (a str).

The payload is untrusted: control characters are removed and its length is limited; a code held in view is
reported once, not once per frame (again only after REPEAT_S without it).
"""

from __future__ import annotations

import threading
import time

import cv2

from kiosk.base.i18n import N_
from kiosk.core.payloads import MAX_CODE_CHARS, classify_payload, clean_payload
from kiosk.devices.base import Device, State
from kiosk.devices.camera.camera import Camera
from kiosk.devices.scanner.serial_scanner import ScannedCode
from kiosk.vision.codes import decode_codes
from kiosk.vision.page import shrink

DECODE_WIDTH = 1280  # frames are decoded at up to 720p: enough for a phone held over the plate
REPEAT_S = 3.0


class CameraCodeReader(Device):
    kind = "scanner"

    def __init__(self, camera: Camera, interval_s: float = 0.15, repeat_s: float = REPEAT_S,
                 name: str | None = None) -> None:
        super().__init__(name)
        self.camera = camera
        self.interval_s = interval_s
        self.repeat_s = repeat_s
        self._active = threading.Event()
        self._active.set()
        self._last_seen: dict[str, float] = {}

    def set_active(self, active: bool) -> None:
        """Pause decoding (while the camera is busy photographing documents, say)."""
        if active:
            self._active.set()
        else:
            self._active.clear()

    def open(self) -> None:
        cv2.setNumThreads(1)  # as the page-capture worker: small work items, one core is the UI's
        self.set_status(State.OK, N_("摄像头读码就绪"), f"camera {self.camera.name}")

    def close(self) -> None:
        self._last_seen.clear()

    def serve(self, stop: threading.Event) -> None:
        seq = 0
        while not stop.is_set():
            if not self._active.wait(0.2):
                continue
            started = time.monotonic()
            frame = self.camera.wait_frame(seq, timeout=1.0)
            if frame is None:
                self.set_status(State.WARNING, N_("摄像头无画面"), f"camera {self.camera.name} has no frame")
                continue
            if self.status.state != State.OK:
                self.set_status(State.OK, N_("摄像头读码就绪"), f"camera {self.camera.name}")
            seq = frame.seq
            now = time.monotonic()
            for code in decode_codes(shrink(frame.image, DECODE_WIDTH)):
                text = clean_payload(code.text, MAX_CODE_CHARS)
                if not text:
                    continue
                seen = self._last_seen.get(text)
                self._last_seen[text] = now
                if seen is None or now - seen > self.repeat_s:
                    self.publish("code", ScannedCode(text, classify_payload(text), "camera"))
            self._last_seen = {t: at for t, at in self._last_seen.items() if now - at <= self.repeat_s}
            stop.wait(max(0.0, self.interval_s - (time.monotonic() - started)))
