"""The live picture for a screen: a worker that turns the camera's newest frame into preview pixels (smaller,
RGB, bottom-up), so the UI thread only copies bytes into its texture and never converts images itself."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kiosk.base.i18n import N_, _
from kiosk.devices.base import Device, State
from kiosk.devices.camera.camera import Camera
from kiosk.vision.export import preview_rgb

PREVIEW_WIDTH = 960
PREVIEW_FPS = 15


@dataclass(frozen=True)
class PreviewImage:
    pixels: bytes  # RGB, rows bottom-up, ready for Texture.blit_buffer
    width: int
    height: int
    frame_size: tuple[int, int]  # the camera frame's (width, height), to scale outlines onto the preview
    seq: int


class PreviewFeed(Device):
    kind = "preview"

    def __init__(self, camera: Camera, name: str | None = None, width: int = PREVIEW_WIDTH) -> None:
        super().__init__(name or f"{camera.name}-preview")
        self.camera = camera
        self.width = width
        self._active = threading.Event()
        self._latest: PreviewImage | None = None

    def set_active(self, active: bool) -> None:
        """Convert frames only while a screen shows them."""
        if active:
            self._active.set()
        else:
            self._active.clear()
            self._latest = None

    def latest(self) -> PreviewImage | None:
        return self._latest

    def open(self) -> None:
        self.set_status(State.OK, N_("预览就绪"), self.camera.name)

    def close(self) -> None:
        self._latest = None

    def serve(self, stop: threading.Event) -> None:
        seq = 0
        while not stop.is_set():
            if not self._active.wait(0.2):
                continue
            frame = self.camera.wait_frame(seq, timeout=1.0)
            if frame is None:
                self._latest = None  # the camera is gone: the screen says so instead of a frozen picture
                continue
            seq = frame.seq
            rgb = preview_rgb(frame.image, self.width)
            height, width = frame.image.shape[:2]
            self._latest = PreviewImage(rgb.tobytes(), rgb.shape[1], rgb.shape[0], (width, height), seq)
            stop.wait(1 / PREVIEW_FPS)


def take_portrait(camera: Camera) -> tuple[str | None, bytes, bytes]:
    """On a worker: the front camera's newest frame cut to an ID-photo portrait, or what is wrong with it."""
    from kiosk.vision.export import jpeg_bytes, png_bytes, thumbnail
    from kiosk.vision.face import portrait, portrait_problem

    frame = camera.latest()
    if frame is None:
        return _("摄像头没有画面，请呼叫帮办"), b"", b""
    picture = portrait(frame.image)
    problem = portrait_problem(picture)
    if problem:
        return problem, b"", b""
    return None, jpeg_bytes(picture), png_bytes(thumbnail(picture))
