"""身份识别: lay the ID card on the reader, or show the province app's e-ID code. The reader's state is shown
(waiting, reading, a refused card with the reason); when the reader is offline the other ways are offered.
With simulated devices a clearly marked demo panel can lay down one of the demo cards or show an e-ID code."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.devices.base import State
from kiosk.base.i18n import _
from kiosk.ui.screens.items.base import ItemStepScreen
from kiosk.ui.widgets.common import DemoButton


class IdentifyScreen(ItemStepScreen):
    body_class = "IdentifyBody"
    phase = StringProperty("waiting")  # waiting | reading | refused
    reader_ok = BooleanProperty(True)
    eid_allowed = BooleanProperty(False)
    message = StringProperty("")

    def refresh(self) -> None:
        super().refresh()
        flow = self.flow
        self.primary_text = ""
        self.show_back = False
        self.eid_allowed = "eid" in flow.item.identity
        reader = self.app.runtime.idcard if self.app.runtime else None
        self.reader_ok = reader is not None and reader.status.state in (State.OK, State.UNKNOWN)
        if flow.notice:
            self.phase, self.message = "refused", flow.notice
        else:
            self.phase, self.message = "waiting", ""
        self._demo_panel()

    def relabel(self) -> None:
        """A card being read or refused stays so (the reader's message keeps the words it came with)."""
        phase, message = self.phase, self.message
        self.refresh()
        if phase != "waiting" and not self.flow.notice:
            self.phase, self.message = phase, message

    def forget(self) -> None:
        super().forget()
        self.message = ""

    def reading(self) -> None:
        self.phase, self.message = "reading", ""

    def refused(self, message: str) -> None:
        self.phase, self.message = "refused", message

    def _demo_panel(self) -> None:
        """演示 controls: only with simulated devices, each label beginning with 演示."""
        panel = self.body.ids.demo
        runtime = self.app.runtime
        sim = runtime.idcard_sim if runtime else None
        if sim is None:
            if panel.parent is not None:
                panel.parent.remove_widget(panel)
            return
        panel.ids.buttons.clear_widgets()
        for citizen in sim.citizens.values():
            button = DemoButton(text=_("演示：放置身份证 {name}").format(name=citizen.name))
            button.bind(on_release=lambda _, key=citizen.key: self.app.demo_place_card(key))
            panel.ids.buttons.add_widget(button)
        if self.eid_allowed and runtime.scanner_sim is not None:
            for citizen in sim.citizens.values():
                if citizen.eid_code:
                    button = DemoButton(text=_("演示：出示电子证照 {name}").format(name=citizen.name))
                    button.bind(on_release=lambda _, code=citizen.eid_code: self.app.demo_show_code(code))
                    panel.ids.buttons.add_widget(button)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "gjj-cx", "identify")
        return {}
