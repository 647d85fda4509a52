"""补交材料 from 办件进度: for an application returned for correction, the department's note of what to add, the
document camera's live picture (pages taken by themselves when steady, or by 拍照), thumbnails to delete (asked
first), a check of the pages, then the outbox, as for an application. The stages are
kiosk.core.services.supplement's; this screen shows them and feeds the captured pages in."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.results import ApplicationProgress
from kiosk.core.services.supplement import Stage, Supplement
from kiosk.ui.screens.items.materials import fill_demo_documents
from kiosk.ui.screens.services.base import ServiceScreen, show_pane
from kiosk.ui.widgets.live import LivePicture, page_outline
from kiosk.ui.widgets.qr import png_texture


class PageThumb(ButtonBehavior, BoxLayout):
    number = NumericProperty(0)
    deletable = BooleanProperty(True)


class SupplementScreen(ServiceScreen):
    body_class = "SupplementBody"
    settle_s = 3.0  # the live picture's first frames
    stage = OptionProperty("pages", options=[s.value for s in Stage])
    asked = StringProperty("")  # the department's note
    guidance = StringProperty("")
    camera_ok = BooleanProperty(True)
    summary = StringProperty("")  # on the check: how many pages, for which application
    number = StringProperty("")  # the supplement's number once sent (provisional while offline)
    outline = ListProperty()

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        self._panes = {name: ids[name].__self__ for name in ("pages", "check", "done")}
        self.supplement: Supplement | None = None
        self._live: LivePicture | None = None
        self._tick: Any = None
        self._question: Any = None

    def prepare(self, progress: ApplicationProgress | None = None, supplement: Supplement | None = None,
                **_params: Any) -> None:
        """For the application in `progress`, from the start; or `supplement` as it stands (a sample)."""
        if supplement is not None:
            self.supplement = supplement
        elif progress is not None:
            self.supplement = Supplement.of(progress, self.app.config_model.station.id)
        self._show()

    def relabel(self) -> None:
        self._show()  # the pages stay: they live in the Supplement

    def _show(self) -> None:
        s = self.supplement
        if s is None:
            return
        self.stage = s.stage.value
        self.asked = s.asked
        self.notice = s.notice if s.stage is not Stage.DONE else ""
        self.message = ""
        self.camera_ok = self.app.controller.device_ready("camera")
        if not self.camera_ok:
            self.guidance = _("拍摄设备暂时不能用，请到窗口补交")
        elif not self.guidance or s.stage is not Stage.PAGES:
            self.guidance = _("请将要补交的材料平放在拍摄区")
        # The item's short name, as its tile says it: the full name took two lines of the photo's room (English).
        item = next((i.short_name for i in self.app.catalog.items if i.name == s.item_name), s.item_name)
        self.title = {Stage.PAGES: _("补交材料：{item}").format(item=_(item)),
                      Stage.CONFIRM: _("请核对要补交的材料"), Stage.SENDING: _("正在提交，请稍候…"),
                      Stage.DONE: _("材料已补交")}[s.stage]
        self.summary = _("共{n}页，补交到受理编号 {number}").format(n=len(s.pages), number=s.receipt_no)
        self.back_text = {Stage.PAGES: _("返回办件进度"), Stage.CONFIRM: _("上一步"), Stage.SENDING: "",
                          Stage.DONE: _("返回办件进度")}[s.stage]
        self.primary_text = {Stage.PAGES: _("下一步"), Stage.CONFIRM: _("确认补交"), Stage.SENDING: "",
                             Stage.DONE: ""}[s.stage]
        pane = {Stage.PAGES: "pages", Stage.CONFIRM: "check", Stage.SENDING: "check", Stage.DONE: "done"}[s.stage]
        show_pane(self.body, list(self._panes.values()), self._panes[pane])
        self._thumbs(self.body.ids.thumbs if pane == "pages" else self.body.ids.check_thumbs, pane == "pages")
        if s.stage is Stage.DONE:
            self.number = s.number
            self.message = s.notice  # kept offline: said in the calm colour, it is not a failure
        self._demo_panel()

    def _thumbs(self, box: Any, deletable: bool) -> None:
        box.clear_widgets()
        if self.supplement is None:
            return
        for number, png in enumerate(self.supplement.thumbnails):
            thumb = PageThumb(number=number, deletable=deletable)
            if png:
                thumb.ids.image.texture = png_texture(png)
            if deletable:
                thumb.bind(on_release=lambda t: self.delete_page(t.number))
            box.add_widget(thumb)

    # -- the camera -----------------------------------------------------------------------------------------
    def on_enter(self, *_: Any) -> None:
        preview, capture = self.app.controller.feeds(face=False)
        for feed in (preview, capture):
            if feed is not None:
                feed.set_active(True)
        self._live = LivePicture(self.body.ids.preview)
        self._tick = Clock.schedule_interval(self._show_frame, 1 / 15)

    def on_leave(self, *_: Any) -> None:
        if self._tick is not None:
            self._tick.cancel()
        for feed in self.app.controller.feeds(face=False):
            if feed is not None:
                feed.set_active(False)
        self.body.ids.preview.texture = None
        if self._question is not None:
            self._question.dismiss(animation=False)
            self._question = None
        # Nothing of the citizen's stays on a screen that lives on: what was not sent is forgotten.
        if self.supplement is not None:
            self.supplement.wipe_pages()
        self.supplement = None
        self.body.ids.thumbs.clear_widgets()
        self.body.ids.check_thumbs.clear_widgets()
        self.asked = self.summary = self.number = ""

    def _show_frame(self, *_: Any) -> None:
        preview, _capture = self.app.controller.feeds(face=False)
        if self._live is not None and self.stage == "pages":
            self._live.show_latest(preview)

    def device_event(self, event: Any) -> None:
        """The document camera's guidance and pages (no item is in progress here)."""
        match (event.device, event.kind):
            case ("capture", "guidance") if self.stage == "pages":
                self._guidance(event.payload)
            case ("capture", "page") if self.supplement is not None:
                self.supplement.page_added(*event.payload)
                self._show()

    def _guidance(self, preview: Any) -> None:
        guidance = preview.guidance
        self.guidance = guidance.message
        self.outline = page_outline(self.body.ids.preview, preview)

    def shutter(self) -> None:
        self.app.controller.shutter(False, lambda *_: None)

    def delete_page(self, number: int) -> None:
        """删除 asks first, as on an item's materials step."""
        from kiosk.ui.widgets.dialogs import ConfirmDialog

        def confirmed() -> None:
            self._question = None
            if self.supplement is not None:
                self.supplement.page_removed(number)
                self._show()

        self._question = ConfirmDialog(confirmed, question=_("删除第{n}页吗？删除后可以重拍。").format(n=number + 1),
                                       action_text=_("删除"))
        self._question.bind(on_dismiss=lambda *_: setattr(self, "_question", None))
        self._question.open()

    def _demo_panel(self) -> None:
        fill_demo_documents(self.body.ids.demo, self.app.controller.camera_source(), shown=self.stage == "pages")

    # -- moving on ------------------------------------------------------------------------------------------
    def primary(self) -> None:
        s = self.supplement
        if s is None:
            return
        sending = s.next()
        if sending is not None:
            payload, pages = sending
            if not self.app.controller.send("supplement", payload, self._sent, pages=pages):
                s.sent("", False, _("网络暂时不可用，请稍后再试或到窗口补交"))
        self._show()

    def _sent(self, sent: Any) -> None:
        if self.supplement is not None:
            self.supplement.sent(sent.number, sent.kept, sent.message)
            self._show()

    def back(self) -> None:
        if self.supplement is not None and self.supplement.back():
            self._show()
            return
        self.app.open_service("progress")

    @classmethod
    def sample(cls, app: Any, state: str = "") -> dict[str, Any]:
        """王建国's returned application; `state` confirm or done: two pages taken, checked or sent."""
        import datetime as dt

        from kiosk.demo.services import sample_progress
        from kiosk.receipts import qr_png

        progress = sample_progress(app.catalog, dt.datetime.now().replace(second=0, microsecond=0))
        if not state:
            return {"progress": progress}
        supplement = Supplement.of(progress, app.config_model.station.id)
        for n in range(2):
            supplement.page_added(b"demo page", qr_png(f"page {n + 1}"))
        supplement.next()
        if state == "done":
            supplement.next()
            supplement.sent(f"BZ{dt.date.today():%Y%m%d}000007", True)
        return {"supplement": supplement}
