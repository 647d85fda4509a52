"""The camera driver against file and simulated sources: newest frames, reconnect, and its consumers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
from image_support import png_claiming
from pydantic import ValidationError

from kiosk.base.config import Camera as CameraConfig
from kiosk.core.payloads import clean_payload
from kiosk.devices.base import DeviceEvent, DeviceGone, State, Supervisor
from kiosk.devices.camera.camera import Camera, FileSource, OpenCVSource
from kiosk.devices.camera.page_capture import PageCapture
from kiosk.devices.scanner.camera_codes import CameraCodeReader
from kiosk.devices.sim.camera import SyntheticSource

WAIT_S = 20.0  # generous: the machine is shared; these are time-outs, not timing assertions


def _until(condition: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _write_video(path: Path, frames: int = 6) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (160, 120))
    for i in range(frames):
        writer.write(np.full((120, 160, 3), 40 * i, np.uint8))
    writer.release()


class _Recorder:
    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: DeviceEvent) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: str) -> list[DeviceEvent]:
        with self._lock:
            return [e for e in self.events if e.kind == kind]


def test_file_camera_gives_newest_frames_and_reconnects_when_the_file_returns(tmp_path: Path) -> None:
    video = tmp_path / "plate.avi"
    _write_video(video)
    camera = Camera(FileSource(video, fps=60), stale_s=0.5)
    supervisor = Supervisor(camera, backoff=(0.05, 0.1, 0.2)).start()
    try:
        first = camera.wait_frame(0, timeout=WAIT_S)
        assert first is not None and first.image.shape == (120, 160, 3)
        assert _until(lambda: camera.status.state == State.OK)
        later = camera.wait_frame(first.seq, timeout=WAIT_S)
        assert later is not None and later.seq > first.seq  # the grabber keeps going, newest wins

        hidden = tmp_path / "elsewhere.avi"
        video.rename(hidden)  # unplugged
        assert _until(lambda: camera.status.state == State.DISCONNECTED)
        assert _until(lambda: camera.latest() is None)  # no stale picture is passed off as current
        gone_at = camera.wait_frame(0, timeout=0.01)
        hidden.rename(video)  # plugged back in
        assert _until(lambda: camera.status.state == State.OK)
        back = camera.wait_frame(gone_at.seq if gone_at else later.seq, timeout=WAIT_S)
        assert back is not None and back.seq > later.seq
        assert supervisor.reopens >= 1
    finally:
        supervisor.stop()


def test_missing_file_at_start_is_disconnected_until_it_appears(tmp_path: Path) -> None:
    still = tmp_path / "still.png"
    camera = Camera(FileSource(still, fps=30))
    supervisor = Supervisor(camera, backoff=(0.05, 0.1)).start()
    try:
        assert _until(lambda: camera.status.state == State.DISCONNECTED)
        assert camera.latest() is None
        image = np.full((90, 120, 3), 77, np.uint8)
        cv2.imwrite(str(still), image)
        frame = camera.wait_frame(0, timeout=WAIT_S)
        assert frame is not None and np.array_equal(frame.image, image)
        assert camera.status.state == State.OK
    finally:
        supervisor.stop()


def test_a_file_that_is_not_a_video_is_an_error_not_a_crash(tmp_path: Path) -> None:
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"\x00garbage" * 100)
    camera = Camera(FileSource(junk))
    supervisor = Supervisor(camera, backoff=(0.05,)).start()
    try:
        assert _until(lambda: camera.status.state in (State.ERROR, State.DISCONNECTED))
        assert camera.latest() is None
    finally:
        supervisor.stop()


def test_v4l2_camera_that_is_not_there_is_gone() -> None:
    with pytest.raises(DeviceGone):
        OpenCVSource("/dev/video-not-here", 1920, 1080, 15).open()


def test_from_config_builds_each_driver(tmp_path: Path) -> None:
    assert Camera.from_config(CameraConfig(driver="none")) is None
    sim = Camera.from_config(CameraConfig(driver="sim", width=640, height=360))
    assert isinstance(sim.source, SyntheticSource) and sim.source.size == (640, 360)  # type: ignore[union-attr]
    filed = Camera.from_config(CameraConfig(driver="file", device="demo.avi"), root=tmp_path)
    assert isinstance(filed.source, FileSource) and filed.source.path == tmp_path / "demo.avi"  # type: ignore[union-attr]
    real = Camera.from_config(CameraConfig(driver="v4l2", device="/dev/video0", mjpg=True), name="face_camera")
    assert isinstance(real.source, OpenCVSource) and real.name == "face_camera"  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        CameraConfig(driver="v4l2", device="front camera")
    with pytest.raises(ValidationError):
        CameraConfig(driver="file", device="")


def test_simulated_plate_auto_captures_a_laid_document() -> None:
    source = SyntheticSource((1280, 720), fps=20)
    camera = Camera(source)
    capture = PageCapture(camera, dpi=100)
    record = _Recorder()
    capture.subscribe(record)
    supervisors = [Supervisor(camera).start(), Supervisor(capture).start()]
    try:
        capture.set_active(True)
        assert _until(lambda: any(e.payload.guidance.state == "empty" for e in record.of("guidance")))
        source.lay_document("a4")
        assert _until(lambda: bool(record.of("page")))
        scanned = record.of("page")[0].payload
        assert scanned.image.shape[:2] == (round(297 / 25.4 * 100), round(210 / 25.4 * 100))
        assert scanned.jpeg()[:2] == b"\xff\xd8"
        states = [e.payload.guidance.state for e in record.of("guidance")]
        assert "capture" in states and states.index("capture") > states.index("empty")
        time.sleep(0.5)
        assert len(record.of("page")) == 1  # once per page
        capture.shutter()  # the manual shutter takes another
        assert _until(lambda: len(record.of("page")) == 2)
    finally:
        for supervisor in reversed(supervisors):
            supervisor.stop()


def test_camera_code_reader_publishes_a_shown_code_once() -> None:
    source = SyntheticSource((1280, 720), fps=20)
    camera = Camera(source)
    reader = CameraCodeReader(camera, interval_s=0.05)
    record = _Recorder()
    reader.subscribe(record)
    supervisors = [Supervisor(camera).start(), Supervisor(reader).start()]
    try:
        text = "宁城县 电子身份证 CTID:150429A7F3"
        source.show_code(text)
        assert _until(lambda: bool(record.of("code")))
        assert _until(lambda: camera.latest() is not None)
        seen = camera.latest().seq  # type: ignore[union-attr]
        assert _until(lambda: camera.latest() is not None and camera.latest().seq > seen + 10)  # type: ignore[union-attr]
        codes = [e.payload for e in record.of("code")]
        assert [c.text for c in codes] == [text]  # held in view: reported once
        assert all(c.source == "camera" for c in codes)
        source.clear()
    finally:
        for supervisor in reversed(supervisors):
            supervisor.stop()


class _StillSource:
    """A camera that sees one picture, at about 20 frames a second."""

    description = "a still picture"

    def __init__(self, image: np.ndarray) -> None:
        self.image = image

    def open(self) -> None:
        pass

    def read(self) -> np.ndarray:
        time.sleep(0.05)
        return self.image

    def close(self) -> None:
        pass


def test_camera_code_reader_says_when_a_code_in_view_is_too_blurred_to_read() -> None:
    from kiosk.vision import synth
    from kiosk.vision.codes import TOO_BLURRED

    code = np.where(synth.code_modules("CTID:150429A7F3E9D1C0B8A6") > 0, 40, 215).astype(np.uint8)
    code = cv2.resize(code, None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST)
    frame = np.full((720, 1280), 215, np.uint8)
    frame[200:200 + code.shape[0], 500:500 + code.shape[1]] = code
    reader = CameraCodeReader(Camera(_StillSource(cv2.GaussianBlur(frame, (0, 0), 3.6))), interval_s=0.05)
    record = _Recorder()
    reader.subscribe(record)
    supervisors = [Supervisor(reader.camera).start(), Supervisor(reader).start()]
    try:
        assert _until(lambda: bool(record.of("blurred")))
        assert record.of("blurred")[0].payload >= TOO_BLURRED
        assert not record.of("code")
    finally:
        for supervisor in reversed(supervisors):
            supervisor.stop()


def test_payloads_are_cleaned() -> None:
    assert clean_payload("ab\x00c\x1b[31m\r\nd") == "abc[31m  d"
    assert len(clean_payload("x" * 10_000)) == 2048
    assert clean_payload("\x07\x08") == ""


def test_a_picture_too_large_for_the_pixel_cap_is_refused_from_its_header(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(png_claiming(60_000, 60_000))
    capped = tmp_path / "capped.png"
    cv2.imwrite(str(capped), np.full((1000, 1001, 3), 200, np.uint8))
    for picture in (huge, capped):
        camera = Camera(FileSource(picture, max_pixels=1_000_000))
        supervisor = Supervisor(camera, backoff=(0.05,)).start()
        try:
            assert _until(lambda camera=camera: camera.status.state is State.ERROR)
            assert camera.status.message == "图片无法使用" and "pixels" in camera.status.detail
            assert camera.latest() is None
        finally:
            supervisor.stop()
