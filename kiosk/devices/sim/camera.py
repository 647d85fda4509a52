"""The simulated cameras. The document camera: an empty base plate on which the demo lays documents (they
slide in and settle, as a hand would put them down) and holds up phones showing codes. The front camera
(scene "face"): a citizen facing it. The real Camera driver reads it
like any other source. Controls are thread-safe and return at once; frames come at the configured rate.
"""

from __future__ import annotations

import itertools
import threading
import time

import cv2
import numpy as np

from kiosk.base.i18n import _
from kiosk.devices.base import DeviceError
from kiosk.vision import synth

SLIDE_S = 0.8  # a document takes this long to be put down
DOCUMENT_KINDS = synth.DOC_KINDS


class SyntheticSource:
    def __init__(self, size: tuple[int, int] = (1920, 1080), fps: float = 15.0, scene: str = "documents",
                 seed: int = 7) -> None:
        self.size = size
        self.fps = fps
        self.scene = scene
        self.description = f"simulated {scene} camera {size[0]}x{size[1]}@{fps:g}"
        self._seeds = itertools.count(seed * 1000)
        self._lock = threading.Lock()
        self._plate = synth.empty_frame(seed, size) if scene == "documents" else synth.face_frame(seed, size)
        self._still = self._plate
        self._moving: tuple[np.ndarray, np.ndarray, float] | None = None  # composed, mask, start time
        self._open = False
        self._next_at = 0.0

    # -- demo controls (any thread) ----------------------------------------------------------------------------
    def lay_document(self, kind: str = "a4") -> np.ndarray:
        """Put a document of `kind` (a4, idcard, receipt, booklet) on the plate; returns its true corners."""
        if kind not in DOCUMENT_KINDS:
            raise DeviceError(_("不认识的材料类型"), f"kind {kind!r} not one of {DOCUMENT_KINDS}")
        sample = synth.page_frame(next(self._seeds), self.size, kind=kind, clean=True, base=self._plate)
        mask: np.ndarray = np.zeros(sample.image.shape[:2], np.uint8)
        cv2.fillConvexPoly(mask, np.round(sample.corners).astype(np.int32), 255)
        mask = cv2.dilate(mask, np.ones((25, 25), np.uint8))  # with its shadow
        with self._lock:
            self._moving = (sample.image, mask, time.monotonic())
            self._still = sample.image
        return sample.corners

    def show_code(self, text: str) -> None:
        """A phone showing a QR code of `text` held over the plate (the e-ID or a receipt's code)."""
        sample = synth.code_frame(next(self._seeds), self.size, texts=[text])
        with self._lock:
            self._moving = None
            self._still = sample.image

    def clear(self) -> None:
        """Take everything off the plate."""
        with self._lock:
            self._moving = None
            self._still = self._plate

    # -- the FrameSource protocol ------------------------------------------------------------------------------
    def open(self) -> None:
        self._open = True

    def read(self) -> np.ndarray:
        now = time.monotonic()
        if self._next_at > now:
            time.sleep(self._next_at - now)
        self._next_at = max(now, self._next_at) + 1.0 / self.fps
        with self._lock:
            moving, still = self._moving, self._still
        if moving is None:
            return still
        composed, mask, started = moving
        t = (time.monotonic() - started) / SLIDE_S
        if t >= 1:
            with self._lock:
                if self._moving is moving:
                    self._moving = None
            return still
        # Sliding in from the bottom edge, slowing down as it lands.
        shift = (1 - t) ** 2 * self.size[1] * 0.6
        matrix = np.array([[1, 0, 0], [0, 1, shift]], np.float32)
        moved = cv2.warpAffine(composed, matrix, self.size, borderMode=cv2.BORDER_CONSTANT)
        moved_mask = cv2.warpAffine(mask, matrix, self.size)
        frame = self._plate.copy()
        np.copyto(frame, moved, where=moved_mask[..., None] > 0)
        return frame

    def close(self) -> None:
        self._open = False
