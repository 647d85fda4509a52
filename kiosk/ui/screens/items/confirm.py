"""确认提交: everything the citizen entered and photographed, on one page, with the consent to send it."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.flow import Consent
from kiosk.ui.screens.items.base import ItemStepScreen
from kiosk.ui.screens.items.form import shown_value
from kiosk.ui.screens.items.materials import pages_taken
from kiosk.ui.widgets.common import InfoLine


class ConfirmScreen(ItemStepScreen):
    body_class = "ConfirmBody"
    consent = BooleanProperty(False)
    amount_text = StringProperty("")  # a payment's amount, in sight before 确认缴费

    def refresh(self) -> None:
        super().refresh()
        flow = self.flow
        self.consent = flow.consent
        self.primary_text = _("确认缴费") if flow.item.result == "payment" else _("确认提交")
        amount = flow.amount_due()
        self.amount_text = "" if amount is None else _("应缴金额：{amount} 元（{n}人，每人{each} 元）").format(
            amount=f"{amount:.2f}", n=len(flow.session.answers.get("insured", [])),
            each=f"{flow.item.amount_per_person:.2f}")
        rows = self.body.ids.rows
        rows.clear_widgets()
        rows.add_widget(InfoLine(label=_("申请人"), value=flow.session.identity.name if flow.session.identity else ""))
        for spec in flow.item.fields:
            value = flow.session.answers.get(spec.key, "")
            if spec.type == "persons":
                shown = _("、").join(p.get("name") or p.get("id_number", "") for p in value) or _("（无）")
            else:
                shown = shown_value(spec, value, flow.session.bank_card) or _("（未填）")
            rows.add_widget(InfoLine(label=_(spec.label), value=shown))
        for material in flow.item.materials:
            pages = len(flow.session.materials.get(material.code, []))
            if pages:
                state = pages_taken(pages)
            else:
                state = _("到窗口交") if material.code in flow.session.at_counter else _("无")
            rows.add_widget(InfoLine(label=_(material.name), value=state))

    def forget(self) -> None:
        super().forget()
        self.body.ids.rows.clear_widgets()

    def toggle_consent(self) -> None:
        self.consent = not self.consent
        self.app.controller.flow_event(Consent(self.consent))

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "yb-bx", "confirm")
        return {}

