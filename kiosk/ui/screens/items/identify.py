"""身份识别: lay the ID card on the reader, or show the province app's e-ID code. The reader's state is shown
(waiting, reading, a refused card with the reason); when the reader is offline the other ways are offered.
A phone's code seen too blurred to read turns the e-ID card's hint into how to hold the phone.
With simulated devices a clearly marked demo panel can lay down one of the demo cards or show an e-ID code."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.ui.screens.items.base import ItemStepScreen
from kiosk.ui.screens.services.base import fill_demo_cards


class IdentifyScreen(ItemStepScreen):
    body_class = "IdentifyBody"
    phase = StringProperty("waiting")  # waiting | reading | refused
    reader_ok = BooleanProperty(True)
    eid_allowed = BooleanProperty(False)
    message = StringProperty("")
    blurred = BooleanProperty(False)  # the camera saw a code too blurred to read: hold the phone still

    def refresh(self) -> None:
        super().refresh()
        flow = self.flow
        self.primary_text = ""
        self.show_back = False
        self.eid_allowed = "eid" in flow.item.identity
        self.reader_ok = self.app.controller.device_ready("idcard")
        self.blurred = False
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

    def code_blurred(self) -> None:
        """The camera sees a code it cannot read for blur: the e-ID card says how to hold the phone."""
        self.blurred = self.eid_allowed

    def _demo_panel(self) -> None:
        """演示 controls: only with simulated devices, each label beginning with 演示."""
        fill_demo_cards(self.app.controller, self.body.ids.demo, codes=self.eid_allowed)

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "gjj-cx", "identify")
        return {}
