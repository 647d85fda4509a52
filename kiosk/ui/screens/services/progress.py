"""办件进度: an application's progress by its receipt number (typed on a pad, or scanned from the receipt's QR),
or all the applications of the citizen whose ID card is on the reader; a timeline in plain status words, and for
退回补正 what is still to be handed in. The platform answers off the UI thread (client.application/applications)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.core.results import STATUS_TEXT, ApplicationProgress, TimelineEntry
from kiosk.devices.base import DeviceEvent
from kiosk.base.i18n import _
from kiosk.core.keypress import apply_key
from kiosk.ui.screens.services.base import NO_NETWORK, ServiceScreen, fill_demo_cards, show_pane

MAX_NUMBER = 32
# The theme colour of each status: green only when done, warm when the citizen must act, red when refused.
STATUS_TONE = {"accepted": "primary", "reviewing": "primary", "approved": "success", "returned": "accent",
               "rejected": "error"}


def status_word(status: str) -> str:
    """The plain word of a platform status code, as a msgid (the kv shows it through tr._)."""
    return STATUS_TEXT.get(status, status)


def to_add(progress: ApplicationProgress) -> str:
    """For 退回补正: the platform's note saying what to add (the latest returned step's)."""
    if progress.status != "returned":
        return ""
    return next((t.note for t in reversed(progress.timeline) if t.status == "returned"), "")


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


class TimelineRow(BoxLayout):
    at = StringProperty("")
    status = StringProperty("")
    note = StringProperty("")
    latest = ObjectProperty(False)


class ProgressScreen(ServiceScreen):
    body_class = "ProgressBody"
    mode = OptionProperty("ask", options=["ask", "busy", "list", "detail"])
    typed = StringProperty("")
    applications = ListProperty()  # ApplicationProgress of the citizen whose card was read
    shown = ObjectProperty(None, allownone=True)  # the ApplicationProgress in detail
    promised = StringProperty("")  # of the one in detail, in words

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("ask", "list", "detail")}
        fill_demo_cards(self.app.controller, ids.demo)

    def prepare(self, applications: list[ApplicationProgress] | None = None,
                shown: ApplicationProgress | None = None, **_params: Any) -> None:
        self.forget_questions()
        self.typed, self.notice = "", ""
        self.applications = applications or []
        self.shown = shown
        self.mode = "detail" if shown else "list" if applications else "ask"
        self.refill()

    def on_mode(self, *_args: Any) -> None:
        self.refill()

    def refill(self) -> None:
        mode = self.mode
        self.title = {"ask": _("办件进度查询"), "busy": _("正在查询，请稍候…"),
                      "list": _("您的办件（共{n}件）").format(n=len(self.applications)),
                      "detail": _(self.shown.item_name) if self.shown else ""}[mode]
        self.back_text = {"ask": "", "busy": "", "list": _("重新查询"),
                          "detail": _("返回列表") if self.applications else _("重新查询")}[mode]
        self.primary_text = _("查询") if mode == "ask" else ""
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
                button.bind(on_release=lambda _, p=progress: self._show(p))
                box.add_widget(button)
        if mode == "detail" and self.shown is not None:
            box = self.body.ids.timeline
            box.clear_widgets()
            entries: list[TimelineEntry] = list(self.shown.timeline)
            for i, entry in enumerate(reversed(entries)):  # newest first: what matters now is on top
                box.add_widget(TimelineRow(at=when(entry.at), status=entry.status, note=entry.note, latest=i == 0))

    # -- input ----------------------------------------------------------------------------------------------
    def key(self, key: str) -> None:
        self.notice = ""
        self.typed = apply_key("text", self.typed, key, MAX_NUMBER)

    def primary(self) -> None:
        if self.mode != "ask":
            return
        if not self.typed:
            self.notice = _("请先输入回执上的受理编号")
            return
        self.look_up_number(self.typed)

    def back(self) -> None:
        if self.mode == "detail" and self.applications:
            self.shown = None
            self.mode = "list"
        else:
            self.prepare()

    def device_event(self, event: DeviceEvent) -> None:
        """The app hands this screen the scanner's codes and the reader's cards while it shows."""
        if self.mode == "busy":
            return
        if event.device == "scanner" and event.kind == "code":
            self.look_up_number(event.payload.text.strip())
        elif event.device == "idcard" and event.kind == "card":
            self.look_up_person(event.payload.id_number)
        elif event.device == "idcard" and event.kind == "card_error":
            self.notice = event.payload.message

    # -- the platform ---------------------------------------------------------------------------------------
    def look_up_number(self, number: str) -> None:
        number = "".join(c for c in number.upper() if c.isalnum())[:MAX_NUMBER]
        if not number:
            self.notice = _("这个二维码不是办件回执，请扫描回执上的二维码")
            return
        self._ask(lambda client: client.application(number), self._show)

    def look_up_person(self, id_number: str) -> None:
        self._ask(lambda client: client.applications(id_number), self._listed)

    def _ask(self, call: Callable[[Any], Any], deliver: Callable[[Any], None]) -> None:
        if not self.ask_platform(call, deliver, self._failed):
            self.notice = NO_NETWORK
            return
        self.notice, self.mode = "", "busy"

    def _failed(self, message: str) -> None:
        self.mode, self.notice = "ask", message

    def _show(self, progress: ApplicationProgress) -> None:
        self.shown = progress
        self.typed = ""
        self.mode = "detail"
        self.refill()

    def _listed(self, applications: list[ApplicationProgress]) -> None:
        if not applications:
            self.mode, self.notice = "ask", _("没有查到您的办件。如在别处办理，请用回执上的受理编号查询")
            return
        self.applications = applications
        if len(applications) == 1:
            self._show(applications[0])
        else:
            self.mode = "list"
            self.refill()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.services import sample_progress

        return {"shown": sample_progress(app.catalog, dt.datetime.now().replace(second=0, microsecond=0))}
