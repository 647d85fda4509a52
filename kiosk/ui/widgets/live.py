"""A camera's newest picture on screen. Cameras do not push frames to the UI: a screen pulls the newest one from
a PreviewFeed (kiosk.devices.camera.preview) on its own clock, and draws it only when it is new."""

from __future__ import annotations

from typing import Any

from kivy.graphics.texture import Texture


class LivePicture:
    """Draws a feed's newest picture into an Image widget, reusing one texture while the picture's size stays."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self._texture: Texture | None = None
        self._shown_seq = -1

    def show_latest(self, feed: Any) -> Any | None:
        """Draw the feed's newest picture if it was not shown yet; return it (None when nothing new came)."""
        image = feed.latest() if feed is not None else None
        if image is None or image.seq == self._shown_seq:
            return None
        self._shown_seq = image.seq
        if self._texture is None or self._texture.size != (image.width, image.height):
            self._texture = Texture.create(size=(image.width, image.height), colorfmt="rgb")
        self._texture.blit_buffer(image.pixels, colorfmt="rgb", bufferfmt="ubyte")
        self.view.texture = self._texture
        self.view.canvas.ask_update()
        return image


def page_outline(view: Any, preview: Any) -> list[float]:
    """The page's outline the capture found, as window points over the Image widget `view` that shows the preview
    (letterboxed in it); [] when no page was found or the picture is not drawn yet."""
    from kiosk.vision.capture import outline_points

    corners = preview.guidance.corners
    if corners is None or not view.norm_image_size[0]:
        return []
    width, height = view.norm_image_size
    left, bottom = view.center_x - width / 2, view.center_y - height / 2
    points = outline_points(corners, (preview.width, preview.height), (width, height))
    return [v + (left if i % 2 == 0 else bottom) for i, v in enumerate(points)]
