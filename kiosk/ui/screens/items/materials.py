"""拍摄材料: each material in turn on the document camera. The live picture with the page outlined, plain guidance
("请将材料平放在拍摄区", "请保持不动", "反光太强，请调整"), the picture taken by itself when the page is steady and
sharp (or by the shutter), thumbnails to delete and retake, and "到窗口交" for what is better handed in.
The pension check's face photo uses the front camera and a guide box instead.

The camera's frames are converted on a worker (kiosk.devices.camera.preview); here they are only copied into a texture.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.catalog import Material
from kiosk.core.flow import AtCounter, PageAdded, PageRemoved
from kiosk.ui.screens.items.base import ItemStepScreen, StepBody
from kiosk.ui.widgets.common import DemoButton
from kiosk.ui.widgets.live import LivePicture, page_outline
from kiosk.ui.widgets.qr import png_texture

DEMO_DOCUMENTS = ("a4", "idcard", "receipt")  # what the simulated camera can be given to photograph


def pages_taken(pages: int) -> str:
    return _("已拍1页") if pages == 1 else _("已拍{n}页").format(n=pages)


def demo_document_label(kind: str) -> str:
    return {"a4": _("演示：放一张A4纸"), "idcard": _("演示：放一张证件"), "receipt": _("演示：放一张票据")}[kind]


class MaterialRow(ButtonBehavior, BoxLayout):
    name = StringProperty("")
    state_text = StringProperty("")
    current = BooleanProperty(False)
    wrong = BooleanProperty(False)


class Thumb(ButtonBehavior, BoxLayout):
    number = NumericProperty(0)


class MaterialsBody(StepBody):
    outline = ListProperty()  # points for a Line over the preview, in the preview widget's coordinates

    def arrange(self, *_: Any) -> None:
        """拍照 and 到窗口交 beside the thumbnails in portrait; in landscape, where height is short (长辈模式), in
        the step's bottom row beside 上一步 and 下一步."""
        actions = self.ids.step_actions.__self__
        target = self.ids.thumbs.parent if self.screen.app.theme.portrait else self.screen.ids.actions
        if actions.parent is not target:
            actions.parent.remove_widget(actions)
            target.add_widget(actions)


class MaterialsScreen(ItemStepScreen):
    body_class = "MaterialsBody"

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self.app.theme.bind(portrait=self.body.arrange)
        self.body.arrange()

    # For `kiosk screenshot`: the sample's page held still and taken (at 3 s a loaded machine caught the screen in
    # the frame a page was being added, and the layout check saw it half laid out).
    settle_s = 5.0
    index = NumericProperty(0)
    guidance = StringProperty("")
    steadiness = NumericProperty(0)
    camera_ok = BooleanProperty(True)
    face = BooleanProperty(False)  # this material is a face photo from the front camera
    error = StringProperty("")
    moved_on = StringProperty("")  # 下一步 went on to the next material: which, in words

    @property
    def materials(self) -> list[Material]:
        return self.flow.item.materials

    @property
    def material(self) -> Material:
        return self.materials[self.index]

    def prepare(self, **_: Any) -> None:
        self.moved_on = ""
        self._to_first_bad()

    def _to_first_bad(self) -> None:
        errors = self.flow.errors
        first_bad = next((i for i, m in enumerate(self.materials) if m.code in errors), None)
        self.index = first_bad or 0
        self.refresh()

    def primary(self) -> None:
        """下一步: on to the next material that still needs its pages, saying which; when none does, the step is
        done (or refused, and the first material in error is shown with its words)."""
        following = self.flow.next_material_to_take(self.index)
        if following is not None:
            self.choose(following)
            self.moved_on = _("下一份：{name}").format(name=_(self.material.name))
            return
        super().primary()
        if self.app.screens.current == self.name and self.flow.errors:
            self.moved_on = ""
            self._to_first_bad()

    def relabel(self) -> None:
        """Same material, the pages taken kept (they live in the session); only the words change."""
        self.flow.relabel_errors()
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        self.primary_text = _("下一步")
        material = self.material
        self.face = material.source == "face_camera"
        self.camera_ok = self.app.controller.device_ready("face_camera" if self.face else "camera")
        self.error = self.flow.errors.get(material.code, "")
        if not self.camera_ok:
            self.guidance = _("拍摄设备暂时不能用，这份材料请到窗口交")
        elif self.face:
            self.guidance = _("请摘下帽子和眼镜，脸放在框里，然后点“拍照”")
        else:
            self.guidance = _("请将材料平放在拍摄区")
        self._rows()
        self._thumbs()
        self._demo_panel()

    # -- camera -----------------------------------------------------------------------------------------------
    def _feeds(self) -> tuple[Any, Any]:
        return self.app.controller.feeds(self.face)

    def on_enter(self, *_: Any) -> None:
        preview, capture = self._feeds()
        for feed in (preview, capture):
            if feed is not None:
                feed.set_active(True)
        self._live = LivePicture(self.body.ids.preview)
        self._tick = Clock.schedule_interval(self._show_frame, 1 / 15)

    def on_leave(self, *_: Any) -> None:
        super().on_leave()
        self._tick.cancel()
        for feed in (*self.app.controller.feeds(face=False), *self.app.controller.feeds(face=True)):
            if feed is not None:
                feed.set_active(False)
        self.body.ids.preview.texture = None

    def _show_frame(self, *_: Any) -> None:
        preview, _ = self._feeds()
        image = self._live.show_latest(preview)
        if image is None:
            return
        self._frame_size = image.frame_size

    def forget(self) -> None:
        super().forget()
        self.body.ids.thumbs.clear_widgets()
        self.body.ids.preview.texture = None
        self.body.outline = []

    def show_guidance(self, preview: Any) -> None:
        """A "guidance" event of the page capture worker (on the UI thread)."""
        if self.face:
            return  # a late word of the document camera: the face photo keeps its own guidance and frame

        guidance = preview.guidance
        self.guidance = guidance.message
        self.steadiness = guidance.progress
        self.body.outline = page_outline(self.body.ids.preview, preview)

    def page_captured(self, jpeg: bytes, thumbnail: bytes) -> None:
        """A page was taken (automatically or by the shutter): it belongs to the current material."""
        self.app.controller.flow_event(PageAdded(self.material.code, jpeg, thumbnail))

    def shutter(self) -> None:
        self.app.controller.shutter(self.face, self._portrait_taken)

    def _portrait_taken(self, problem: str, jpeg: bytes | None, thumbnail: bytes | None) -> None:
        if self.app.flow is not self.flow or self.app.current_screen is not self:
            return
        if problem:
            self.guidance = problem
        else:
            self.page_captured(jpeg, thumbnail)

    # -- the material list, thumbnails, counter ---------------------------------------------------------------
    def choose(self, index: int) -> None:
        self.index = index
        self.moved_on = ""
        self.refresh()

    def at_counter(self) -> None:
        code = self.material.code
        self.app.controller.flow_event(AtCounter(code, code not in self.flow.session.at_counter))

    def delete_page(self, number: int) -> None:
        """A thumbnail's 删除 asks first: a page taken with care is not lost by a stray touch."""
        code = self.material.code
        self.ask_first(_("删除第{n}页吗？删除后可以重拍。").format(n=number + 1),
                       lambda: self.app.controller.flow_event(PageRemoved(code, number)))

    def _rows(self) -> None:
        box = self.body.ids.rows
        box.clear_widgets()
        session = self.flow.session
        for number, material in enumerate(self.materials):
            pages = len(session.materials.get(material.code, []))
            if pages:
                state = pages_taken(pages)
            elif material.code in session.at_counter:
                state = _("到窗口交")
            else:
                state = _("必须提交") if material.required else _("可以不交")
            row = MaterialRow(name=_(material.name), state_text=state, current=number == self.index,
                              wrong=material.code in self.flow.errors)
            row.bind(on_release=lambda _, n=number: self.choose(n))
            box.add_widget(row)

    def _thumbs(self) -> None:
        box = self.body.ids.thumbs
        box.clear_widgets()
        for number, png in enumerate(self.flow.session.thumbnails.get(self.material.code, [])):
            thumb = Thumb(number=number)
            thumb.ids.image.texture = png_texture(png)
            thumb.bind(on_release=lambda t: self.delete_page(t.number))
            box.add_widget(thumb)

    def _demo_panel(self) -> None:
        fill_demo_documents(self.body.ids.demo, self.app.controller.camera_source(), shown=not self.face)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "yb-bx", "materials")
        source = app.controller.camera_source()
        if hasattr(source, "lay_document"):
            source.lay_document("a4")
        return {}


def lay_document(source: Any, kind: str) -> None:
    """The demo lays a document on the simulated camera's plate (a handler must not return the frame)."""
    source.lay_document(kind)


def fill_demo_documents(panel: Any, source: Any, shown: bool) -> None:
    """演示 controls for the simulated document camera: lay a document down, take it away; the panel is hidden when
    not `shown` and without a simulated camera."""
    panel.ids.buttons.clear_widgets()
    if not shown or not hasattr(source, "lay_document"):
        panel.opacity, panel.disabled = 0, True
        return
    panel.opacity, panel.disabled = 1, False
    for kind in DEMO_DOCUMENTS:
        button = DemoButton(text=demo_document_label(kind))
        button.bind(on_release=lambda _button, k=kind: lay_document(source, k))
        panel.ids.buttons.add_widget(button)
    take_away = DemoButton(text=_("演示：拿走材料"))
    take_away.bind(on_release=lambda *_: source.clear())
    panel.ids.buttons.add_widget(take_away)
