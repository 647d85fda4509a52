"""The result: the answer itself for a query (balance, records, status), the receipt number and promised date for
an application, the saved-offline notice when the platform could not be reached. When the printer cannot print,
or cannot confirm that it printed (the receipt is never sent twice), the receipt is shown here with its QR so the
citizen can photograph it."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.base.i18n import _
from kiosk.core.display import readable, readable_lines
from kiosk.core.flow import PrintRequested
from kiosk.core.printed import certificate_headline, certificate_lines, originals_words
from kiosk.ui.screens.items.base import ItemStepScreen
from kiosk.ui.widgets.common import InfoLine
from kiosk.ui.widgets.qr import png_texture


class ResultScreen(ItemStepScreen):
    body_class = "ResultBody"
    headline = StringProperty("")
    tone = StringProperty("success")  # success | waiting | error
    lines = ListProperty()  # [(label, value)]
    rows = ListProperty()  # query records: [[cells]]
    columns = ListProperty()
    print_problem = StringProperty("")
    receipt_shown = BooleanProperty(False)  # the printer could not print (or confirm it): the receipt is shown
    receipt_caption = StringProperty("")  # what the citizen reads above the shown receipt
    unconfirmed = BooleanProperty(False)  # sent to the printer, which cannot say it printed
    qr_text = StringProperty("")
    can_print = BooleanProperty(False)
    printed_note = StringProperty("")  # 打印 was touched: printing, or printed (said on screen, not only aloud)
    printed = BooleanProperty(False)  # and it printed: the note in green

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self.bind(lines=self._show_lines)  # bound after construction: see kiosk.ui.widgets.common.StepBar
        # 打印 in the step's bottom row (there is no 上一步 here): the answer keeps the height.
        button = self.body.ids.print_button.__self__
        button.parent.remove_widget(button)
        self.ids.actions.add_widget(button)

    def refresh(self) -> None:
        super().refresh()
        flow = self.flow
        outcome = flow.session.outcome
        status = outcome.get("status", "done")
        self.show_back = False
        self.primary_text = _("下一步") if status != "failed" else ""
        self.print_problem = flow.print_problem
        self.unconfirmed = flow.print_unconfirmed
        preview = outcome.get("receipt_png") if flow.print_problem or flow.print_unconfirmed else None
        self.receipt_shown = preview is not None
        self.receipt_caption = (_("请取走凭条。如果没有出纸，请用手机拍下这张回执，或扫码保存") if self.unconfirmed
                                else _("没能打印回执，请用手机拍下这张回执，或扫码保存"))
        self.body.ids.preview.texture = png_texture(preview) if preview else None
        self.qr_text = outcome.get("receipt_qr", "") if preview else ""
        self.can_print = status != "failed" and not flow.prints_by_itself
        printing = flow.action is not None and flow.action.kind == "print"
        self.printed = bool(outcome.get("printed")) and not printing and not flow.print_unconfirmed
        if printing:
            self.printed_note = _("正在打印，请稍候…")
        elif self.printed:
            self.printed_note = _("已打印，请从出纸口取走凭条")
        else:
            self.printed_note = ""
        self.rows, self.columns = [], []
        if status == "failed":
            self.tone, self.headline = "error", flow.notice or _("暂时没有办成")
            self.lines = [(_("您可以"), _("稍后再试，或点右上角“呼叫帮办”"))]
        elif status == "queued":
            self.tone, self.headline = "waiting", _("您的申请已保存，联网后自动提交")
            self.lines = [(_("临时受理号"), outcome.get("provisional_no", "")),
                          (_("说明"), _("提交成功后会短信通知您，凭此回执可查询进度"))]
        elif outcome.get("check"):
            # A check decided at once (养老资格认证): passed or not, in the platform's words; no promise.
            passed = outcome["check"]["passed"]
            self.tone, self.headline = ("success", _("认证通过")) if passed else ("error", _("认证未通过"))
            self.lines = [(_("认证结果"), outcome["check"]["note"]), (_("认证编号"), outcome.get("receipt_no", ""))]
        elif flow.is_application:
            self.tone, self.headline = "success", _("申请已受理")
            self.lines = [(_("受理号"), outcome.get("receipt_no", ""))]
            if outcome.get("promised_date"):
                self.lines.append((_("承诺办结日期"), readable(outcome["promised_date"], day=_("{year}年{month}月{day}日"))))
            counter = [_(m.name) for m in flow.item.materials if m.code in flow.session.at_counter]
            if counter:
                self.lines.append((_("请到窗口交"), _("、").join(counter)))
            owed = originals_words(flow)
            if owed:
                self.lines.append((_("须交原件"), owed))
        elif flow.item.result == "payment":
            self.tone, self.headline = "success", _("缴费成功")
            self.lines = [(_("缴费金额"), _("{amount} 元").format(amount=flow.payment.get("amount", "")))]
            if outcome.get("payment") is not None:
                self.lines.append((_("交易流水号"), outcome["payment"].transaction_no))
        else:
            # The platform's own labels: shown in the current language where the locale knows them.
            self.tone, self.headline = "success", _("查询结果")
            self.lines = [(_(label), value) for label, value in readable_lines(
                outcome.get("summary", {}), day=_("{year}年{month}月{day}日"),
                moment=_("{year}年{month}月{day}日 {hour:02d}:{minute:02d}"), link=_("打印凭条，扫码查看"))]
            if outcome.get("certificate") is not None:
                self.headline = certificate_headline(flow)
                self.lines = [*certificate_lines(flow), *self.lines]
            rows = outcome.get("rows", [])
            if rows and isinstance(rows[0], dict):
                keys = list(rows[0])
                self.columns = [_(str(k)) for k in keys]
                self.rows = [[str(r.get(k, "")) for k in keys] for r in rows]

    def forget(self) -> None:
        super().forget()
        self.lines, self.rows, self.columns = [], [], []
        self.headline = self.qr_text = self.printed_note = ""
        self.receipt_shown = self.unconfirmed = False
        self.body.ids.preview.texture = None

    def _show_lines(self, *_: Any) -> None:
        box = self.body.ids.lines
        box.clear_widgets()
        for label, value in self.lines:
            # A wide label column: a platform's label (个人账户余额(元)) on one line leaves room for the figure.
            box.add_widget(InfoLine(label=label, value=value, label_share=0.42))

    def print_again(self) -> None:
        self.app.controller.flow_event(PrintRequested())

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "gjj-cx", "result")
        return {}
