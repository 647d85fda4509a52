"""高拍仪预览与扫码测试: the document camera's live picture with the page outline the capture worker finds (the same
feeds as the materials step), and the scan test: the next codes read, masked where they look personal."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen
from kiosk.ui.widgets.live import LivePicture, page_outline


class CameraTestScreen(MaintenanceScreen):
    body_class = "CameraTestBody"
    nav_page = "maint-devices"
    watches_devices = True  # the camera's state line
    outline = ListProperty()  # points for a Line over the preview, in window coordinates
    guidance = StringProperty("")
    camera_info = StringProperty("")
    scan_result = StringProperty("")
    scanning = BooleanProperty(False)
    settle_s = 1.5

    def title(self) -> str:
        return _("高拍仪预览与扫码测试")

    def prepare(self, **params: Any) -> None:
        self.scanning, self.scan_result, self.guidance, self.outline = False, "", "", []
        super().prepare(**params)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        source = app.staff_desk.camera_source()
        if hasattr(source, "lay_document"):
            source.lay_document("a4")
        return {}

    def relabel(self) -> None:
        kept = (self.scanning, self.scan_result)
        super().relabel()
        self.scanning, self.scan_result = kept

    def refresh(self) -> None:
        camera = self.desk.device("camera")
        self.camera_info = f"{camera.message}  {camera.detail}".strip() if camera is not None else _("没有配置高拍仪")

    def on_enter(self, *args: Any) -> None:
        super().on_enter(*args)
        feeds = self.desk.camera_feeds()
        for feed in feeds:
            feed.set_active(True)
        self._live = LivePicture(self.body.ids.preview)
        self._frames = Clock.schedule_interval(self._show_frame, 1 / 15)
        if feeds:
            self.act(lambda: self.desk.act("test_camera"))

    def on_leave(self, *args: Any) -> None:
        self._frames.cancel()
        for feed in self.desk.camera_feeds():
            feed.set_active(False)
        self.body.ids.preview.texture = None
        self.outline = []
        super().on_leave(*args)

    def _show_frame(self, _dt: float) -> None:
        self._live.show_latest(self.desk.camera_preview())

    def device_event(self, event: Any) -> None:
        """The app hands this page the devices' events (no citizen's item is open in maintenance)."""
        if event.device == "capture" and event.kind == "guidance":
            self._show_guidance(event.payload)
        elif event.device == "scanner" and event.kind == "code" and self.scanning:
            self.scan_result = self.desk.shown_code(event.payload.text)
            self.desk.touch()

    def _show_guidance(self, preview: Any) -> None:
        guidance = preview.guidance
        self.guidance = guidance.message
        self.outline = page_outline(self.body.ids.preview, preview)

    def test_scan(self) -> None:
        self.act(self.desk.start_scan_test)
        if not self.notice:  # not refused
            self.scanning = True
            self.scan_result = _("请把二维码或条码对准扫码器")
