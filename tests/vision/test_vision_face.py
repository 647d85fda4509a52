"""The front camera's portrait for the pension qualification check."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.base.config import Camera as CameraConfig
from kiosk.devices.camera.camera import Camera
from kiosk.devices.sim.camera import SyntheticSource
from kiosk.vision import synth
from kiosk.vision.face import PORTRAIT_SIZE, guide_box, portrait, portrait_problem


def test_portrait_is_the_id_photo_shape_from_the_guide_box() -> None:
    frame = synth.face_frame(1)
    x, y, w, h = guide_box(1280, 720)
    assert abs(x + w / 2 - 640) <= 1 and abs(y + h / 2 - 360) <= 1 and abs(w / h - 358 / 441) < 0.01
    shot = portrait(frame)
    assert shot.shape == (PORTRAIT_SIZE[1], PORTRAIT_SIZE[0], 3)
    assert portrait_problem(shot) is None


def test_portrait_problems_are_named() -> None:
    shot = portrait(synth.face_frame(2))
    assert portrait_problem((shot * 0.15).astype(np.uint8)).startswith("光线太暗")  # type: ignore[union-attr]
    assert portrait_problem(np.full_like(shot, 250)) == "光线太亮，请调整位置"
    assert portrait_problem(cv2.GaussianBlur(shot, (0, 0), 6)) == "请保持不动"


def test_face_camera_from_config_shows_a_citizen() -> None:
    camera = Camera.from_config(CameraConfig(driver="sim", sim_scene="face", width=640, height=360), name="face_camera")
    assert camera is not None and isinstance(camera.source, SyntheticSource)
    camera.source.open()
    frame = camera.source.read()
    assert frame.shape == (360, 640, 3)
    assert portrait_problem(portrait(frame)) is None
