"""Codes read from a camera, for terminals without a scanner: the e-ID QR on a citizen's phone, a receipt's
progress QR. Publishes the same event as the serial scanner: kind "code", payload the text (a str).

The payload is untrusted: control characters are removed and its length is limited; a code held in view is
reported once, not once per frame (again only after REPEAT_S without it). When nothing is read and a code in
view is too blurred for any reading (the phone moving, or held too close to focus), a "blurred" event (payload
the blur in modules) asks the screen to tell the citizen, at most once every BLUR_CHECK_S.
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
from kiosk.vision.codes import TOO_BLURRED, code_blur, decode_codes
from kiosk.vision.page import shrink

DECODE_WIDTH = 1280  # frames are decoded at up to 720p: enough for a phone held over the plate
REPEAT_S = 3.0
BLUR_CHECK_S = 2.0  # the blur estimate costs a tenth of a second or more: on a frame read empty, this seldom


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
        self._blur_checked = float("-inf")

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
            image = shrink(frame.image, DECODE_WIDTH)
            codes = decode_codes(image)
            if not codes and now - self._blur_checked >= BLUR_CHECK_S:
                self._blur_checked = now
                blur = code_blur(image)
                if blur is not None and blur >= TOO_BLURRED:
                    self.publish("blurred", blur)
            for code in codes:
                text = clean_payload(code.text, MAX_CODE_CHARS)
                if not text:
                    continue
                seen = self._last_seen.get(text)
                self._last_seen[text] = now
                if seen is None or now - seen > self.repeat_s:
                    self.publish("code", ScannedCode(text, classify_payload(text), "camera"))
            self._last_seen = {t: at for t, at in self._last_seen.items() if now - at <= self.repeat_s}
            stop.wait(max(0.0, self.interval_s - (time.monotonic() - started)))
