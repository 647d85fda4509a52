"""办件进度: an application's progress by its receipt number (typed on a pad, or scanned from the receipt's QR),
or all the applications of the citizen whose ID card is on the reader, with their paid payments (the 缴费凭证
printed again); a timeline in plain status words, and for 退回补正 what is still to be handed in. What to ask and what the answers mean are kiosk.core.services.progress's; this
screen shows them, forwards keys, codes and cards, and asks the platform off the UI thread."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.results import ApplicationProgress, PaymentStatus, TimelineEntry
from kiosk.core.services.progress import Mode, Progress, Question
from kiosk.core.services.supplement import can_supplement
from kiosk.ui.screens.services.base import NO_NETWORK, ServiceScreen, fill_demo_cards, show_pane

# The theme colour of each status: green only when done, warm when the citizen must act, red when refused.
STATUS_TONE = {"accepted": "primary", "reviewing": "primary", "approved": "success", "returned": "accent",
               "rejected": "error"}


def when(moment: dt.datetime) -> str:
    return _("{year}年{month}月{day}日 {hour:02d}:{minute:02d}").format(
        year=moment.year, month=moment.month, day=moment.day, hour=moment.hour, minute=moment.minute)


def promised_by(day: dt.date) -> str:
    return _("{year}年{month}月{day}日前").format(year=day.year, month=day.month, day=day.day)


class ApplicationButton(ButtonBehavior, BoxLayout):
    """One of the citizen's applications in the list: what, which number, its status in a word."""

    title = StringProperty("")
    receipt_no = StringProperty("")
    status = StringProperty("")
    accepted = StringProperty("")


class PaymentRow(BoxLayout):
    """One of the citizen's paid payments: what, which year, how much, when, and 打印缴费凭证."""

    __events__ = ("on_print",)
    title = StringProperty("")
    detail = StringProperty("")

    def on_print(self) -> None:
        """打印缴费凭证 was touched (the screen binds what it prints)."""


def payment_detail(payment: PaymentStatus) -> str:
    years = _("、").join(str(y) for y in payment.years)
    paid = when(payment.paid_at) if payment.paid_at else ""
    return _("{years}年度 · {n}人 · {amount} 元 · {paid}").format(
        years=years, n=len(payment.lines), amount=f"{payment.amount:.2f}", paid=paid)


class TimelineRow(BoxLayout):
    at = StringProperty("")
    status = StringProperty("")
    note = StringProperty("")
    latest = ObjectProperty(False)


class ProgressScreen(ServiceScreen):
    """Shows a kiosk.core.services.progress.Progress and forwards keys, codes and cards to it."""

    body_class = "ProgressBody"
    # The service's state, mirrored for the kv.
    mode = OptionProperty("ask", options=[m.value for m in Mode])
    typed = StringProperty("")
    applications = ListProperty()  # ApplicationProgress of the citizen whose card was read
    payments = ListProperty()  # their paid PaymentStatus
    shown = ObjectProperty(None, allownone=True)  # the ApplicationProgress in detail
    promised = StringProperty("")  # of the one in detail, in words

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("ask", "list", "detail")}
        fill_demo_cards(self.app.controller, ids.demo)
        self.progress = Progress()

    def prepare(self, applications: list[ApplicationProgress] | None = None,
                shown: ApplicationProgress | None = None, payments: list[PaymentStatus] | None = None,
                **_params: Any) -> None:
        self.forget_questions()
        self.progress = Progress(list(applications or []), list(payments or []), shown)
        self._show()

    def _show(self) -> None:
        p = self.progress
        self.typed, self.notice, self.applications, self.shown = p.typed, p.notice, p.applications, p.shown
        self.payments, self.message = p.payments, p.message
        self.mode = p.mode.value
        self.refill()

    def refill(self) -> None:
        mode = self.mode
        self.title = {"ask": _("办件进度查询"), "busy": _("正在查询，请稍候…"),
                      "list": _("您的办件和缴费") if self.payments
                      else _("您的办件（共{n}件）").format(n=len(self.applications)),
                      "detail": _(self.shown.item_name) if self.shown else ""}[mode]
        self.back_text = {"ask": "", "busy": "", "list": _("重新查询"),
                          "detail": _("返回列表") if self.applications else _("重新查询")}[mode]
        # 退回补正: the materials asked for are handed in here (kiosk.ui.screens.services.supplement).
        self.primary_text = (_("查询") if mode == "ask" else
                             _("补交材料") if mode == "detail" and can_supplement(self.shown) else "")
        self.promised = promised_by(self.shown.promised_date) if self.shown else ""
        show_pane(self.body, list(self._panes.values()), self._panes["ask" if mode == "busy" else mode])
        self._panes["ask"].disabled = mode != "ask"
        if mode == "list":
            box = self.body.ids.applications
            box.clear_widgets()
            for progress in self.applications:
                button = ApplicationButton(title=_(progress.item_name), receipt_no=progress.receipt_no,
                                           status=progress.status,
                                           accepted=when(progress.timeline[0].at) if progress.timeline else "")
                button.bind(on_release=lambda _, p=progress: self.open(p))
                box.add_widget(button)
            for payment in self.payments:
                row = PaymentRow(title=_("医保缴费"), detail=payment_detail(payment))
                row.bind(on_print=lambda _, p=payment: self.print_payment(p))
                box.add_widget(row)
        if mode == "detail" and self.shown is not None:
            box = self.body.ids.timeline
            box.clear_widgets()
            entries: list[TimelineEntry] = list(self.shown.timeline)
            for i, entry in enumerate(reversed(entries)):  # newest first: what matters now is on top
                box.add_widget(TimelineRow(at=when(entry.at), status=entry.status, note=entry.note, latest=i == 0))

    # -- touches and devices --------------------------------------------------------------------------------
    def key(self, key: str) -> None:
        self.progress.key(key)
        self._show()

    def primary(self) -> None:
        if self.mode == "detail" and can_supplement(self.shown):
            self.app.show("supplement", progress=self.shown)
            return
        self._ask(self.progress.primary())

    def open(self, progress: ApplicationProgress) -> None:
        self.progress.show(progress)
        self._show()

    def print_payment(self, payment: PaymentStatus) -> None:
        """打印缴费凭证: the receipt of a payment as the platform recorded it."""
        from kiosk.receipts.payment import payment_receipt_of

        receipt = payment_receipt_of(payment, self.progress.payer_name(payment), self.app.config_model,
                                     dt.datetime.now())
        if not self.app.controller.print_receipt(receipt, self._payment_printed):
            self.progress.tell(_("终端还在准备，请稍后再试"))
            self._show()

    def _payment_printed(self, printed: Any) -> None:
        self.progress.printed(printed.ok, printed.message)
        if printed.ok:
            self.app.speak("take_receipt")
        self._show()

    def back(self) -> None:
        # Nothing is being asked here: the way back is hidden while the platform is asked.
        self.forget_questions()
        self.progress.back()
        self._show()

    def device_event(self, event: Any) -> None:
        """The app hands this screen the scanner's codes and the reader's cards while it shows."""
        match (event.device, event.kind):
            case ("scanner", "code"):
                self._ask(self.progress.scanned(event.payload.text.strip()))
            case ("scanner", "blurred"):
                self.progress.code_blurred()
                self._show()
            case ("idcard", "card"):
                self._ask(self.progress.card(event.payload, dt.date.today()))
            case ("idcard", "card_error"):
                self.progress.card_error(event.payload.message)
                self._show()

    # -- the platform ---------------------------------------------------------------------------------------
    def _ask(self, question: Question | None) -> None:
        if question is not None:
            if self.ask_platform(question.ask, self._answered, self._failed):
                self.progress.asking()
            else:
                self.progress.tell(NO_NETWORK)
        self._show()

    def _answered(self, answer: ApplicationProgress | list[ApplicationProgress]) -> None:
        self.progress.answered(answer)
        self._show()

    def _failed(self, message: str) -> None:
        self.progress.failed(message)
        self._show()

    @classmethod
    def sample(cls, app: Any, state: str = "") -> dict[str, Any]:
        from kiosk.demo.services import sample_payment, sample_progress

        now = dt.datetime.now().replace(second=0, microsecond=0)
        if state == "payments":  # by card: an application and a payment made after the citizen left
            return {"applications": [sample_progress(app.catalog, now)], "payments": [sample_payment(now)]}
        return {"shown": sample_progress(app.catalog, now)}
