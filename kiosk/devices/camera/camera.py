"""Cameras: the document camera over the base plate and the terminal's front camera (face photos).

A `Camera` is a Device whose serve loop is the grabber: it reads frames from its source as fast as they come
and keeps only the newest, so whoever analyses or previews never works on a stale frame and never blocks the
grabber. When the source is lost (unplugged, file gone) the driver raises DeviceGone and the Supervisor
reopens it with backoff; the status says so meanwhile.

Sources: `OpenCVSource` (a V4L2 device by index or path, MJPG at the configured size), `FileSource` (a video
or still image, looped: the demo and the tests) and `SyntheticSource` in kiosk/devices/sim/camera.py (a
plate on which the demo lays documents and shows codes).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from kiosk.base.config import Camera as CameraConfig
from kiosk.base.config import Vision
from kiosk.base.i18n import N_, _
from kiosk.devices.base import Device, DeviceError, DeviceGone, State
from kiosk.vision.imagefile import ImageRefused, decode_image, header_size

log = logging.getLogger(__name__)

STALE_S = 2.0  # a frame older than this is not "the current picture"
MAX_FAILED_READS = 5  # consecutive failed reads before the camera counts as gone
_HEADER_BYTES = 256 * 1024  # enough for a picture's size: a JPEG's comes after its EXIF block (at most 64 KiB)


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR uint8; shared, do not modify (copy first)
    seq: int  # increases by one per grabbed frame, across reconnects
    at: float  # time.monotonic() when grabbed


class FrameSource(Protocol):
    description: str

    def open(self) -> None: ...

    def read(self) -> np.ndarray:
        """The next frame; blocks for at most about one frame time. Raises DeviceGone when lost."""
        ...

    def close(self) -> None: ...


class OpenCVSource:
    """A UVC camera through OpenCV's V4L2 backend, asked for MJPG (USB 2 cannot carry 1080p raw at 15 fps)."""

    def __init__(self, device: str, width: int, height: int, fps: int, mjpg: bool = True) -> None:
        self.device = device
        self.width, self.height, self.fps, self.mjpg = width, height, fps, mjpg
        self.description = f"{device} {width}x{height}@{fps}"
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        target: int | str = int(self.device) if self.device.isdigit() else self.device
        if isinstance(target, str) and not Path(target).exists():
            raise DeviceGone(_("摄像头未连接"), f"{target} does not exist")
        cap = cv2.VideoCapture(target, cv2.CAP_V4L2)
        if not cap.isOpened():
            cap.release()
            raise DeviceGone(_("摄像头未连接"), f"cannot open camera {self.device}")
        if self.mjpg:
            cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        got_w, got_h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.description = f"{self.device} {got_w}x{got_h}@{cap.get(cv2.CAP_PROP_FPS):.0f}"
        self._cap = cap

    def read(self) -> np.ndarray:
        if self._cap is None:
            raise DeviceGone(_("摄像头未连接"), "not open")
        ok, image = self._cap.read()
        if not ok or image is None:
            raise DeviceGone(_("摄像头断开"), f"no frame from {self.device}")
        return image

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class FileSource:
    """A video file (or a still image) played in a loop at `fps`; the file is reopened at each loop, so a
    file that disappears is noticed like an unplugged camera."""

    def __init__(self, path: str | Path, fps: float = 15.0, max_pixels: int = Vision().max_image_pixels) -> None:
        self.path = Path(path)
        self.fps = fps
        self.max_pixels = max_pixels
        self.description = f"file {self.path.name}"
        self._cap: cv2.VideoCapture | None = None
        self._still: np.ndarray | None = None
        self._next_at = 0.0

    def open(self) -> None:
        if not self.path.is_file():
            raise DeviceGone(_("视频文件不存在"), f"{self.path} not found")
        still = self._picture()
        if still is not None:
            self._still = still
            return
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            cap.release()
            raise DeviceError(_("视频文件无法读取"), f"{self.path} is neither an image nor a video")
        self._cap = cap

    def _picture(self) -> np.ndarray | None:
        """The file as a still picture, None when it is not one (a video): its size is checked from the header
        before decoding, and it is decoded from memory (OpenCV's own file reading crashes on some names)."""
        try:
            with self.path.open("rb") as f:
                head = f.read(_HEADER_BYTES)
            header_size(head)
        except ImageRefused as exc:
            if exc.reason != "too_large":
                return None  # not a picture: a video, perhaps
            raise DeviceError(_("图片无法使用"), f"{self.path}: {exc.detail}") from None
        except OSError as exc:
            raise DeviceGone(_("视频文件无法读取"), f"{self.path}: {exc}") from None
        try:
            decoded = decode_image(self.path.read_bytes(), self.max_pixels)
        except ImageRefused as exc:
            raise DeviceError(_("图片无法使用"), f"{self.path}: {exc.detail}") from None
        except OSError as exc:
            raise DeviceGone(_("视频文件无法读取"), f"{self.path}: {exc}") from None
        if decoded.truncated:
            log.warning("camera file %s is cut short: its missing part is grey", self.path.name)
        return decoded.image

    def read(self) -> np.ndarray:
        now = time.monotonic()
        if self._next_at > now:
            time.sleep(self._next_at - now)
        self._next_at = max(now, self._next_at) + 1.0 / self.fps
        if self._still is not None:
            if not self.path.is_file():
                raise DeviceGone(_("视频文件不存在"), f"{self.path} disappeared")
            return self._still
        if self._cap is None:
            raise DeviceGone(_("视频文件未打开"), "not open")
        ok, image = self._cap.read()
        if not ok:  # end of file: start again (from the file as it is now)
            self.close()
            self.open()
            if self._cap is None:
                return self.read()
            ok, image = self._cap.read()
            if not ok:
                raise DeviceError(_("视频文件无法读取"), f"{self.path} has no frames")
        return image

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        self._still = None


class Camera(Device):
    """One camera with a grabber: `latest()` and `wait_frame()` give the newest frame to any thread."""

    kind = "camera"

    def __init__(self, source: FrameSource, name: str | None = None, stale_s: float = STALE_S) -> None:
        super().__init__(name)
        self.source = source
        self.stale_s = stale_s
        self._frame: Frame | None = None
        self._seq = 0
        self._new_frame = threading.Condition()

    @classmethod
    def from_config(cls, cfg: CameraConfig, name: str = "camera", root: Path | None = None,
                    max_pixels: int = Vision().max_image_pixels) -> Camera | None:
        """The camera a [devices.camera] or [devices.face_camera] table describes; None for driver "none".
        `root` resolves a relative file path (the config file's folder); `max_pixels` caps a picture file."""
        if cfg.driver == "none":
            return None
        source: FrameSource
        if cfg.driver == "v4l2":
            source = OpenCVSource(cfg.device, cfg.width, cfg.height, cfg.fps, cfg.mjpg)
        elif cfg.driver == "file":
            path = Path(cfg.device)
            source = FileSource(path if path.is_absolute() or root is None else root / path, cfg.fps, max_pixels)
        else:
            from kiosk.devices.sim.camera import SyntheticSource

            source = SyntheticSource((cfg.width, cfg.height), cfg.fps, scene=cfg.sim_scene)
        return cls(source, name)

    # -- lifecycle (called by the Supervisor's thread) ---------------------------------------------------------
    def open(self) -> None:
        self.source.open()
        self.set_status(State.OK, N_("摄像头正常"), self.source.description)

    def close(self) -> None:
        try:
            self.source.close()
        finally:
            with self._new_frame:
                self._frame = None
                self._new_frame.notify_all()

    def serve(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                image = self.source.read()
            except DeviceGone:
                failures += 1
                if failures >= MAX_FAILED_READS or not isinstance(self.source, OpenCVSource):
                    raise
                continue
            failures = 0
            with self._new_frame:
                self._seq += 1
                self._frame = Frame(image, self._seq, time.monotonic())
                self._new_frame.notify_all()

    # -- frames (any thread) -----------------------------------------------------------------------------------
    def latest(self) -> Frame | None:
        """The newest frame, or None when there is no fresh one (camera closed, lost, or stalled)."""
        frame = self._frame
        if frame is None or time.monotonic() - frame.at > self.stale_s:
            return None
        return frame

    def wait_frame(self, after_seq: int = 0, timeout: float = 1.0) -> Frame | None:
        """The newest frame with seq > after_seq, waiting up to `timeout` seconds for one; None if none came."""
        deadline = time.monotonic() + timeout
        with self._new_frame:
            while self._frame is None or self._frame.seq <= after_seq:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._new_frame.wait(remaining)
            return self._frame
