"""证件复印: what to copy, the ID card's two sides (or a document's pages) on the document camera, the line across
each copy, and the copy printed at true size on the A4 printer. The stages and checks are kiosk.core.services.copies';
the controller judges each picture and prints off the UI thread. This screen shows the job and forwards touches."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.image import Image

from kiosk.base.i18n import N_, _
from kiosk.core.services.copies import PURPOSES, CopyJob, Kind, Stage, purpose_line
from kiosk.core.services.outcome import Then
from kiosk.ui.screens.items.materials import lay_document
from kiosk.ui.screens.items.rate import ReasonButton
from kiosk.ui.screens.services.base import ServiceScreen, show_pane
from kiosk.ui.widgets.common import DemoButton, Tile
from kiosk.ui.widgets.live import LivePicture, page_outline
from kiosk.ui.widgets.qr import png_texture

# What can be copied: (kind, title, what it gives, icon).
KINDS = ((Kind.IDCARD, N_("身份证复印"), N_("正反面印在一张A4纸上，原大"), "id"),
         (Kind.HOUSEHOLD, N_("户口簿复印"), N_("每页一张A4纸，原大"), "users-group"),
         (Kind.DOCUMENT, N_("其他材料复印"), N_("A4、A5等材料，原大"), "file-certificate"))
PANES = ("choose", "capture", "purpose", "type", "end")
END_ICONS = {"printing": "printer", "done": "circle-check", "held": "hourglass", "failed": "printer-off"}
BLANK = "______"  # the purpose not chosen yet


class CopyScreen(ServiceScreen):
    body_class = "CopyBody"
    settle_s = 3.0  # for `kiosk screenshot`: the camera's first frames and guidance
    stage = OptionProperty("choose", options=[s.value for s in Stage])
    wanted = StringProperty("")  # what to lay on the camera now
    guidance = StringProperty("")  # the camera's word on what it sees
    outline = ListProperty()  # the found page over the preview
    taken = NumericProperty(0)  # pictures kept so far
    line = StringProperty("")  # the purpose line as it will be printed
    chosen = BooleanProperty(False)  # a purpose is chosen
    typed_line = StringProperty("")  # the line with what is typed so far
    end_icon = StringProperty("printer")
    end_text = StringProperty("")  # printing / held / failed, in plain words

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        self._panes = {name: ids[name].__self__ for name in PANES}
        self._kind_tiles: dict[Kind, Tile] = {}
        for kind, _title, _hint, icon in KINDS:
            tile = self._kind_tiles[kind] = Tile(icon=icon)
            tile.bind(on_release=lambda _t, k=kind: self.choose(k))
            ids.kinds.add_widget(tile)
        purposes = Factory.PurposeGrid()
        self._purpose_buttons: dict[str, ReasonButton] = {}
        for purpose in PURPOSES:
            button = self._purpose_buttons[purpose] = ReasonButton()
            button.bind(on_release=lambda _b, p=purpose: self.choose_purpose(p))
            purposes.add_widget(button)
        self._own = ReasonButton()
        self._own.bind(on_release=lambda *_: self.type_purpose())
        purposes.add_widget(self._own)
        ids.purpose_page.fill(purposes)
        self._frame_flags: tuple[str, ...] = ()
        self._tick: Any = None
        self._live: LivePicture | None = None
        self.job = CopyJob()

    @property
    def controller(self) -> Any:
        return self.app.controller

    def prepare(self, state: str = "", **_params: Any) -> None:
        self.forget_questions()
        self.job = self.controller.new_copy_job()
        self._clear_thumbs()
        if state:
            sample_state(self.job, state)
        self._show()

    # -- showing the job -----------------------------------------------------------------------------------
    def _show(self) -> None:
        job = self.job
        self.stage, self.notice, self.taken = job.stage.value, job.notice, len(job.shots)
        # The line is printed in Chinese whatever the screen's language: the copy goes to an office here.
        self.line, self.chosen = purpose_line(job.purpose or BLANK), bool(job.purpose)
        self.typed_line = purpose_line(job.typed or BLANK)
        self.body.ids.keyboard.before = job.typed
        self.end_icon = END_ICONS.get(self.stage, "printer")
        pane = {"choose": "choose", "capture": "capture", "purpose": "purpose", "type": "type"}.get(self.stage, "end")
        show_pane(self.body, list(self._panes.values()), self._panes[pane])
        self._camera(job.stage is Stage.CAPTURE)
        if job.stage is not Stage.CAPTURE:
            self._clear_thumbs()
        self.refill()

    def refill(self) -> None:
        job = self.job
        self.title = _("证件复印")
        self.wanted = job.wanted() if job.kind is not None else ""
        for kind, title, hint, _icon in KINDS:
            self._kind_tiles[kind].title, self._kind_tiles[kind].subtitle = _(title), _(hint)
        for purpose, button in self._purpose_buttons.items():
            button.text, button.chosen = _(purpose), purpose == job.purpose
        self._own.text = _("其他用途（自己输入）")
        self._own.chosen = bool(job.purpose) and job.purpose not in PURPOSES
        stage = job.stage
        self.back_text = _("上一步") if stage in (Stage.CAPTURE, Stage.PURPOSE, Stage.TYPE) else ""
        self.primary_text = {
            Stage.CAPTURE: _("下一步") if job.shots and not job.sides else "",
            Stage.PURPOSE: _("开始复印"), Stage.TYPE: _("开始复印"),
            Stage.DONE: _("完成"), Stage.HELD: _("完成"), Stage.FAILED: _("完成"),
        }.get(stage, "")
        self.end_text = {
            Stage.PRINTING: _("正在复印，请稍候…"),
            Stage.DONE: _("复印件已打印"),
            Stage.HELD: _("打印机暂时不能打印，这份复印件已撤销。请找工作人员检查打印机，或到便民服务台复印"),
            Stage.FAILED: _("这次没有复印成功。请到便民服务台请工作人员复印，或点右上角“呼叫帮办”"),
        }.get(stage, "")
        self.message = job.message()
        self._demo_panel()

    # -- the camera ----------------------------------------------------------------------------------------
    def _camera(self, on: bool) -> None:
        preview, capture = self.controller.feeds(face=False)
        for feed in (preview, capture):
            if feed is not None:
                feed.set_active(on)
        if on and self._tick is None:
            self._live = LivePicture(self.body.ids.preview)
            self._tick = Clock.schedule_interval(self._show_frame, 1 / 15)
            self.guidance = "" if capture is not None else _("拍摄设备暂时不能用，请到便民服务台复印")
        elif not on and self._tick is not None:
            self._tick.cancel()
            self._tick = None
            self.body.ids.preview.texture = None
            self.outline = []

    def _show_frame(self, *_: Any) -> None:
        if self._live is not None:
            self._live.show_latest(self.controller.feeds(face=False)[0])

    def on_leave(self, *_: Any) -> None:
        super().on_leave()
        self._camera(False)
        self._clear_thumbs()

    def device_event(self, event: Any) -> None:
        """The capture worker's guidance and pages (the controller hands a public service every device event)."""
        if event.device != "capture" or self.job.stage is not Stage.CAPTURE:
            return
        if event.kind == "guidance":
            self._guidance(event.payload)
        elif event.kind == "page":
            jpeg, thumbnail = event.payload
            flags = self._frame_flags  # the frame this page was taken from: its guidance came just before
            self.controller.judge_copy(jpeg, flags, lambda judged: self._judged(jpeg, thumbnail, judged))

    def _guidance(self, preview: Any) -> None:
        guidance = preview.guidance
        self.guidance, self._frame_flags = guidance.message, guidance.flags
        self.outline = page_outline(self.body.ids.preview, preview)

    def _judged(self, jpeg: bytes, thumbnail: bytes, judged: tuple[float, float, tuple[str, ...]]) -> None:
        if self.manager is None or self.manager.current != self.name:
            return
        width, height, problems = judged
        if self.job.taken(jpeg, width, height, problems):
            thumb = Image(fit_mode="contain", texture=png_texture(thumbnail))
            self.body.ids.thumbs.add_widget(thumb)
        self._show()

    def shutter(self) -> None:
        self.controller.shutter(False, lambda *_: None)

    def _clear_thumbs(self) -> None:
        thumbs = self.body.ids.thumbs
        for thumb in thumbs.children:
            thumb.texture = None
        thumbs.clear_widgets()

    def _demo_panel(self) -> None:
        """演示 controls for the simulated document camera: lay the card (or a page) down."""
        panel = self.body.ids.demo
        panel.ids.buttons.clear_widgets()
        source = self.controller.camera_source()
        if not hasattr(source, "lay_document") or self.job.stage is not Stage.CAPTURE:
            panel.opacity, panel.disabled = 0, True
            return
        panel.opacity, panel.disabled = 1, False
        if self.job.kind is Kind.IDCARD:
            text = _("演示：放身份证人像面") if not self.job.shots else _("演示：放身份证国徽面")
            kind = "idcard"
        else:
            text, kind = _("演示：放一张A4纸"), "a4"
        button = DemoButton(text=text, size_hint_x=1)  # the panel's width, never past it (a narrow column)
        button.bind(on_release=lambda *_: lay_document(source, kind))
        panel.ids.buttons.add_widget(button)

    # -- touches -------------------------------------------------------------------------------------------
    def choose(self, kind: Kind) -> None:
        self.job.choose(kind)
        self._show()

    def choose_purpose(self, purpose: str) -> None:
        self.job.choose_purpose(purpose)
        self._show()

    def type_purpose(self) -> None:
        self.job.type_purpose()
        self.body.ids.keyboard.reset()
        self._show()

    def type_key(self, key: str) -> None:
        self.job.type_key(key)
        self._show()

    def back(self) -> None:
        if not self.job.back():
            self.app.go_home()
            return
        thumbs = self.body.ids.thumbs
        while len(thumbs.children) > len(self.job.shots):  # the last picture was thrown away
            thumb = thumbs.children[0]
            thumb.texture = None
            thumbs.remove_widget(thumb)
        self._show()

    def primary(self) -> None:
        match self.job.primary():
            case Then.SEND:
                self.controller.print_copy(self._printed)
            case Then.HOME:
                self.app.go_home()
                return
        self._show()

    def _printed(self, job: CopyJob) -> None:
        if job is self.job and self.manager is not None and self.manager.current == self.name:
            self._show()

    @classmethod
    def sample(cls, app: Any, state: str = "") -> dict[str, Any]:
        return {"state": state} if state else {}


def sample_state(job: CopyJob, state: str) -> None:
    """A job in one of its stages (kiosk.ui.screenshots.SERVICE_STATES), with empty pictures."""
    if state == "choose":
        return
    job.choose(Kind.IDCARD)
    if state == "capture":
        return
    if state == "capture-back":
        job.taken(b"", 85.6, 54.0)
        return
    job.taken(b"", 85.6, 54.0)
    job.taken(b"", 85.6, 54.0)
    job.choose_purpose(PURPOSES[0])
    if state == "type":
        job.type_purpose()
        for key in PURPOSES[2]:  # as if typed
            job.type_key(key)
    elif state in ("printing", "done", "held", "failed"):
        job.printing()
        if state != "printing":
            job.printed({"done": "completed", "held": "pending", "failed": "failed"}[state])
