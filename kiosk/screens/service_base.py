"""The frame the public services share (guides, progress, queries): a title, a line for problems, the service's
own body, and at the bottom one way back and at most one primary action. 返回首页 is in the header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.widget import Widget

from kiosk.screens.base import KioskScreen
from kiosk.screens.item_base import StepBody  # noqa: F401  (the bodies' kv base class)


def show_pane(body: Widget, panes: list[Widget], visible: Widget) -> None:
    """Of a body's alternative panes only `visible` stays in it: the others are taken out of the widget tree
    (kv ids keep them), so nothing hidden can catch a touch."""
    for pane in panes:
        if pane is not visible and pane.parent is body:
            body.remove_widget(pane)
    if visible.parent is None:
        body.add_widget(visible)


class ServiceScreen(KioskScreen):
    body_class = ""  # the kv class of this service's body (a StepBody)
    title = StringProperty("")
    notice = StringProperty("")  # a problem, in red
    message = StringProperty("")  # good news (printed, sent), in the calm blue
    back_text = StringProperty("")  # empty: no way back inside the service (返回首页 is in the header)
    primary_text = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        self.body = Factory.get(self.body_class)(screen=self)
        self.ids.content.add_widget(self.body)

    def primary(self) -> None:
        """The primary action; services with one override this."""

    def back(self) -> None:
        self.app.go_home()


Builder.load_file(str(Path(__file__).with_name("service_base.kv")))
