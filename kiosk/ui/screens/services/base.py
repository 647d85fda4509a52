"""The frame the public services share (guides, progress, queries): a title, a line for problems, the service's
own body, and at the bottom one way back and at most one primary action. 返回首页 is in the header."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.widget import Widget

from kiosk.base.i18n import _
from kiosk.runtime.controller import NO_NETWORK  # noqa: F401 (the services' screens take it from here)
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.items.base import StepBody  # noqa: F401  (the bodies' kv base class)


def show_pane(body: Widget, panes: list[Widget], visible: Widget) -> None:
    """Of a body's alternative panes only `visible` stays in it: the others are taken out of the widget tree
    (kv ids keep them), so nothing hidden can catch a touch."""
    for pane in panes:
        if pane is not visible and pane.parent is body:
            body.remove_widget(pane)
    if visible.parent is None:
        body.add_widget(visible)


def fill_demo_cards(controller: Any, panel: Widget, codes: bool = False) -> bool:
    """演示 buttons that lay a demo citizen's card on the simulated reader and, with `codes`, show a citizen's e-ID
    code to the simulated scanner; the panel goes away without a simulated reader (False then). A screen shown
    again keeps its buttons: every new label is a text rendered again, the slowest part of showing a screen."""
    from kiosk.ui.widgets.common import DemoButton

    citizens = controller.demo_citizens()
    if not citizens:
        if panel.parent is not None:
            panel.parent.remove_widget(panel)
        return False
    buttons = [(_("演示：放置身份证 {name}").format(name=c.name), partial(controller.demo_place_card, c.key))
               for c in citizens]
    if codes and controller.demo_codes():
        buttons += [(_("演示：出示电子证照 {name}").format(name=c.name), partial(controller.demo_show_code, c.eid_code))
                    for c in citizens if c.eid_code]
    box = panel.ids.buttons
    if [b.text for b in reversed(box.children)] == [text for text, _ in buttons]:
        return True
    # Each button is kept by its text: the e-ID codes' buttons come and go between items, the cards' stay.
    made: dict[str, Widget] = getattr(panel, "demo_buttons", {})
    panel.demo_buttons = made
    box.clear_widgets()
    for text, act in buttons:
        if text not in made:
            made[text] = DemoButton(text=text)
            made[text].bind(on_release=lambda _, act=act: act())
        box.add_widget(made[text])
    return True


class ServiceScreen(KioskScreen):
    body_class = ""  # the kv class of this service's body (a StepBody)
    title = StringProperty("")
    notice = StringProperty("")  # a problem, in red
    message = StringProperty("")  # good news (printed, sent), in the calm blue
    back_text = StringProperty("")  # empty: no way back inside the service (返回首页 is in the header)
    primary_text = StringProperty("")
    _asking: object = None

    def on_kv_post(self, base_widget: Any) -> None:
        self.body = Factory.get(self.body_class)(screen=self)
        self.ids.content.add_widget(self.body)

    def ask_platform(self, call: Callable[[Any], Any], deliver: Callable[[Any], None],
                     failed: Callable[[str], None]) -> bool:
        """Run `call(client)` on the backend's workers; `deliver(result)` or `failed(message)` on the UI thread,
        only if this screen still shows and no newer question was asked. False when there is no platform."""
        token = self._asking = object()

        def still_asked() -> bool:
            # The citizen may have left, or asked something else meanwhile.
            if token is not self._asking or self.manager is None or self.manager.current != self.name:
                return False
            self._asking = None
            return True

        asked = self.app.controller.ask(call, lambda result: deliver(result) if still_asked() else None,
                                        lambda message: failed(message) if still_asked() else None)
        if not asked:
            self._asking = None
        return asked

    @property
    def waiting(self) -> bool:
        """Whether an answer from the platform is still awaited (the screen fills in when it comes)."""
        return self._asking is not None

    def send(self, kind: str, payload: dict[str, Any], delivered: Callable[[Any], None]) -> bool:
        """Send a complaint or an evaluation through the outbox (kiosk.runtime.actions.Work.send) off the UI thread;
        `delivered(sent)` on the UI thread, only if this screen still shows and nothing newer was asked.
        False when the kiosk is not ready to send yet."""
        token = self._asking = object()

        def answered(sent: Any) -> None:
            if token is self._asking and self.manager is not None and self.manager.current == self.name:
                self._asking = None
                delivered(sent)

        if not self.app.controller.send(kind, payload, answered):
            self.notice = _("终端还在准备，请稍后再试")
            return False
        return True

    def forget_questions(self) -> None:
        """Answers to questions asked before this are ignored (the screen was entered anew)."""
        self._asking = None

    def relabel(self) -> None:
        """The language changed: keep where the citizen is and what they typed or chose, rebuild the words."""
        self.refill()

    def refill(self) -> None:
        """Set the title and the buttons' words for the screen's state (services with states override this)."""

    def primary(self) -> None:
        """The primary action; services with one override this."""

    def back(self) -> None:
        self.app.go_home()


Builder.load_file(str(Path(__file__).with_name("base.kv")))
