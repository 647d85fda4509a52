"""The built-in camera drivers (kiosk.devices.registry): one Camera over the frame source its name picks,
"v4l2" (a USB camera through OpenCV), "file" (a video or picture) or "sim" (synthetic frames)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.devices.camera.camera import Camera
from kiosk.devices.registry import DRIVERS, BuildContext

if TYPE_CHECKING:
    from kiosk.base.config import Camera as CameraConfig


@DRIVERS.register("camera", "v4l2")
@DRIVERS.register("camera", "file")
@DRIVERS.register("camera", "sim")
def camera(section: CameraConfig, context: BuildContext) -> Camera | None:
    return Camera.from_config(section, name=context.name, root=context.root, max_pixels=context.max_image_pixels)
