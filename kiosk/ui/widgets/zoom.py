"""A picture full-screen, to read a notice's small print: two fingers zoom (pinch), one finger pans, a double tap
returns to the whole picture, a big 关闭 button leaves. No rotation: a turned table reads worse, not better."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.graphics.transformation import Matrix
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.scatter import Scatter

MAX_SCALE = 6.0  # enough to read an 8-point figure of an A4 table on a 21-inch screen


class ZoomScatter(Scatter):
    """The picture's surface: scaled between the whole picture and MAX_SCALE, never panned out of sight."""

    scale_min = NumericProperty(1.0)
    scale_max = NumericProperty(MAX_SCALE)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("do_rotation", False)
        kwargs.setdefault("auto_bring_to_front", False)
        super().__init__(**kwargs)

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos) and touch.is_double_tap:
            self.reset()
            return True
        return super().on_touch_down(touch)

    def reset(self) -> None:
        """The whole picture again, filling the view."""
        self.transform = Matrix()
        if self.parent is not None:
            self.pos = self.parent.pos

    def on_transform_with_touch(self, touch: Any) -> None:
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        # The scatter starts filling its parent at scale 1: zoomed in, its edges may not come inside the view.
        view = self.parent
        if view is None:
            return
        x = min(max(self.x, view.right - self.width * self.scale), view.x) if self.scale > 1 else view.x
        y = min(max(self.y, view.top - self.height * self.scale), view.y) if self.scale > 1 else view.y
        if (x, y) != (self.x, self.y):
            self.pos = (x, y)


class ZoomView(ModalView):
    """Open with `ZoomView(source=path).open()`; it closes itself on 关闭."""

    source = StringProperty("")

    @property
    def surface(self) -> ZoomScatter:
        return self.ids.surface


Builder.load_file(str(Path(__file__).with_name("zoom.kv")))
