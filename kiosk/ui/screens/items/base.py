"""The frame every step of an item shares: the item's name and the step bar on top, the step's own body in the
middle, 上一步 bottom-left and the one primary action bottom-right. Each step screen names its body's kv class."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.flow import Back, ItemFlow, Next
from kiosk.ui.screens.base import KioskScreen


class StepBody(BoxLayout):
    """The middle of a step screen; its .kv rules read the screen's properties through `root.screen`."""

    screen = ObjectProperty(None, allownone=True, rebind=True)


class ItemStepScreen(KioskScreen):
    body_class = ""  # the kv class of this step's body
    item_title = StringProperty("")
    steps = ListProperty()
    primary_text = StringProperty("")
    primary_enabled = BooleanProperty(True)
    show_back = BooleanProperty(True)
    notice = StringProperty("")
    notice_in_body = BooleanProperty(False)  # the body shows the notice where it has room (the form in landscape)

    def on_kv_post(self, base_widget: Any) -> None:
        self._question: Any = None  # the ConfirmDialog open over this screen
        self.body = Factory.get(self.body_class)(screen=self)
        self.ids.content.add_widget(self.body)

    @property
    def flow(self) -> ItemFlow:
        return self.app.flow

    def prepare(self, **_: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the flow's current state; steps extend this for their body."""
        flow = self.flow
        self.item_title = _(flow.item.name)
        self.steps = flow.bar()
        self.notice = flow.notice

    def relabel(self) -> None:
        """Rebuild the labels from the flow without starting the step over (refresh keeps the citizen's place)."""
        self.refresh()

    def on_leave(self, *_: Any) -> None:
        self.forget()

    def forget(self) -> None:
        """Drop what this screen shows of the citizen: screens live on, sessions do not. The next entry
        rebuilds everything from the flow."""
        self.notice = ""
        if self._question is not None:
            self._question.dismiss(animation=False)
            self._question = None

    def ask_first(self, question: str, confirmed: Callable[[], None]) -> None:
        """删除 and the like: the question first, the deed only on its confirming button (the dialog goes with
        the screen: a session that ends under it leaves nothing open)."""
        from kiosk.ui.widgets.dialogs import ConfirmDialog  # dialogs load on first use, like screens

        def confirmed_here() -> None:
            self._question = None
            confirmed()

        self._question = ConfirmDialog(confirmed_here, question=question, action_text=_("删除"))
        self._question.bind(on_dismiss=lambda *_: setattr(self, "_question", None))
        self._question.open()

    def listen(self) -> None:
        """The 🔊 key: the step's prompt again."""
        self.app.controller.repeat_prompt()

    def primary(self) -> None:
        self.app.controller.flow_event(Next())

    def back(self) -> None:
        self.app.controller.flow_event(Back())


Builder.load_file(str(Path(__file__).with_name("base.kv")))
