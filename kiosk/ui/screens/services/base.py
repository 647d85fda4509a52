"""The frame the public services share (guides, progress, queries): a title, a line for problems, the service's
own body, and at the bottom one way back and at most one primary action. 返回首页 is in the header."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.widget import Widget

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.items.base import StepBody  # noqa: F401  (the bodies' kv base class)

log = logging.getLogger(__name__)

# A msgid (made at import, in the source language): the notice line shows it in the language of the moment.
NO_NETWORK = _("网络暂时不可用，请稍后再试，或点右上角“呼叫帮办”")


def show_pane(body: Widget, panes: list[Widget], visible: Widget) -> None:
    """Of a body's alternative panes only `visible` stays in it: the others are taken out of the widget tree
    (kv ids keep them), so nothing hidden can catch a touch."""
    for pane in panes:
        if pane is not visible and pane.parent is body:
            body.remove_widget(pane)
    if visible.parent is None:
        body.add_widget(visible)


def fill_demo_cards(app: Any, panel: Widget) -> None:
    """演示 buttons that lay a demo citizen's card on the simulated reader; the panel goes away without one."""
    from kiosk.ui.widgets.common import DemoButton

    sim = app.runtime.idcard_sim if app.runtime is not None else None
    if sim is None:
        if panel.parent is not None:
            panel.parent.remove_widget(panel)
        return
    panel.ids.buttons.clear_widgets()
    for citizen in sim.citizens.values():
        button = DemoButton(text=_("演示：放置身份证 {name}").format(name=citizen.name))
        button.bind(on_release=lambda _, key=citizen.key: app.demo_place_card(key))
        panel.ids.buttons.add_widget(button)


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
        backend = getattr(self.app.runtime, "backend", None)
        if backend is None:
            return False
        token = self._asking = object()

        def answered(future: Any) -> None:
            if token is not self._asking or self.manager is None or self.manager.current != self.name:
                return  # the citizen left, or asked something else meanwhile
            self._asking = None
            try:
                result = future.result()
            except KioskError as exc:
                failed(exc.message)
                return
            except Exception:
                log.exception("platform call failed")
                failed(NO_NETWORK)
                return
            deliver(result)

        backend.call(call, backend.client).add_done_callback(lambda f: Clock.schedule_once(lambda _: answered(f)))
        return True

    def send(self, kind: str, payload: dict[str, Any], delivered: Callable[[Any], None]) -> bool:
        """Send a complaint or an evaluation through the outbox (kiosk.runtime.actions.Work.send) off the UI thread;
        `delivered(sent)` on the UI thread, only if this screen still shows and nothing newer was asked.
        False when the kiosk is not ready to send yet."""
        work = getattr(self.app.runtime, "work", None)
        if work is None:
            self.notice = _("终端还在准备，请稍后再试")
            return False
        token = self._asking = object()

        def answered(sent: Any) -> None:
            if token is self._asking and self.manager is not None and self.manager.current == self.name:
                self._asking = None
                delivered(sent)

        work.send(kind, payload, lambda sent: Clock.schedule_once(lambda _: answered(sent)))
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
