"""确认提交: everything the citizen entered and photographed, on one page, with the consent to send it."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty

from kiosk.flow import Consent
from kiosk.screens.item_base import ItemStepScreen
from kiosk.widgets.common import InfoLine

CONSENT_TEXT = ("我确认以上信息真实，同意把这些信息和材料提交给办理部门，"
                "仅用于办理本事项。终端不保存您的信息，办完即清除。")


class ConfirmScreen(ItemStepScreen):
    body_class = "ConfirmBody"
    consent = BooleanProperty(False)

    def refresh(self) -> None:
        super().refresh()
        flow = self.flow
        self.consent = flow.consent
        self.primary_text = "确认缴费" if flow.item.result == "payment" else "确认提交"
        rows = self.body.ids.rows
        rows.clear_widgets()
        rows.add_widget(InfoLine(label="申请人", value=getattr(flow.session.identity, "name", "")))
        for spec in flow.item.fields:
            value = flow.session.answers.get(spec.key, "")
            if spec.type == "persons":
                value = "、".join(p.get("name") or p.get("id_number", "") for p in value) or "（无）"
            rows.add_widget(InfoLine(label=spec.label, value=str(value) or "（未填）"))
        for material in flow.item.materials:
            pages = len(flow.session.materials.get(material.code, []))
            state = f"已拍{pages}页" if pages else "到窗口交" if material.code in flow.session.at_counter else "无"
            rows.add_widget(InfoLine(label=material.name, value=state))

    def forget(self) -> None:
        super().forget()
        self.body.ids.rows.clear_widgets()

    def toggle_consent(self) -> None:
        self.consent = not self.consent
        self.app.flow_event(Consent(self.consent))

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo import sample_flow

        sample_flow(app, "yb-bx", "confirm")
        return {}
