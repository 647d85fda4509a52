"""办事导航: the county's service centres, village stations and bank posts from the platform, filtered by town
and by item; whether each is open now, its hours, address and phone, and a QR that opens it on a phone's map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.results import StationInfo
from kiosk.ui.screens.items.rate import ReasonButton
from kiosk.ui.screens.services.base import NO_NETWORK, ServiceScreen, show_pane

LEVEL_ORDER = {"county": 0, "township": 1, "village": 2, "bank": 3}


def level_word(level: str) -> str:
    """What kind of place a station of the directory is."""
    words = {"township": _("便民服务中心"), "village": _("村便民服务站"), "bank": _("银行便民点"),
             "county": _("政务服务中心")}
    return words.get(level, "")


def open_now(hours: Iterable[str], now: dt.time) -> bool:
    """Within one of the opening spans ("08:30-12:00"); the spans are the platform's, the same every workday."""
    clock = now.strftime("%H:%M")
    return any(span[:5] <= clock < span[6:11] for span in hours)


def filtered(stations: Iterable[StationInfo], town: str, item: str) -> list[StationInfo]:
    """The places of `town` that handle `item` ("" for any), centres first, then stations, then bank posts."""
    chosen = [s for s in stations if town in ("", s.town) and (not item or item in s.items)]
    return sorted(chosen, key=lambda s: (LEVEL_ORDER.get(s.level, 9), s.name))


class StationButton(ButtonBehavior, BoxLayout):
    station_id = StringProperty("")
    title = StringProperty("")
    where = StringProperty("")
    is_open = ObjectProperty(False)


class NavigationScreen(ServiceScreen):
    body_class = "NavigationBody"
    mode = OptionProperty("list", options=["list", "towns", "items", "detail"])
    stations = ListProperty()
    town = StringProperty("")
    item = StringProperty("")  # an item code, "" for any
    shown = ObjectProperty(None, allownone=True)
    detail = StringProperty("")  # the shown place, in lines
    map_url = StringProperty("")
    now: Callable[[], dt.datetime] = staticmethod(dt.datetime.now)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("list", "towns", "items", "detail")}
        self.bind(mode=lambda *_: self.refill())  # bound after construction: see kiosk.ui.widgets.common.StepBar

    def prepare(self, stations: list[StationInfo] | None = None, shown: StationInfo | None = None,
                **_params: Any) -> None:
        self.forget_questions()
        self.notice, self.message, self.item, self.shown = "", "", "", shown
        self.town = self.app.config_model.station.town
        self.stations = stations or []
        self.mode = "detail" if shown else "list"
        if stations is None:
            self.message = _("正在读取服务网点…")
            if not self.ask_platform(lambda client: client.stations(), self._fetched, self._failed):
                self._failed(NO_NETWORK)
        self.refill()

    def _fetched(self, stations: list[StationInfo]) -> None:
        self.message, self.stations = "", stations
        self.refill()

    def _failed(self, message: str) -> None:
        self.message, self.notice = "", message

    def refill(self) -> None:
        mode = self.mode if (self.mode != "detail" or self.shown) else "list"
        show_pane(self.body, list(self._panes.values()), self._panes[mode])
        self.title = {"list": _("办事导航"), "towns": _("选择乡镇"), "items": _("选择要办的事"),
                      "detail": self.shown.name if self.shown else ""}[mode]
        self.back_text = "" if mode == "list" else _("返回列表")
        if mode == "list":
            self._list()
        elif mode == "towns":
            towns = sorted({s.town for s in self.stations})  # place names: content, as the platform names them
            self._choices([("", _("全部乡镇")), *((t, t) for t in towns)], self.town, self.choose_town)
        elif mode == "detail":
            self.detail, self.map_url = self.detail_text(), self.shown.map_url
        elif mode == "items":
            items = [(i.code, _(i.short_name)) for i in self.app.catalog.items]
            self._choices([("", _("全部事项")), *items], self.item, self.choose_item)

    def _list(self) -> None:
        now = self.now().time()
        box = self.body.ids.places
        box.clear_widgets()
        places = filtered(self.stations, self.town, self.item)
        for s in places:
            button = StationButton(station_id=s.station_id, title=s.name, where=f"{level_word(s.level)} · {s.address}",
                                   is_open=open_now(s.hours, now))
            button.bind(on_release=lambda _b, shown=s: self.open(shown))
            box.add_widget(button)
        self.body.ids.town_button.text = self.town or _("全部乡镇")
        self.body.ids.item_button.text = _(self.app.catalog.item(self.item).short_name) if self.item else _("全部事项")
        self.body.ids.nothing.opacity = 0 if places or not self.stations else 1

    def _choices(self, choices: list[tuple[str, str]], current: str, choose: Callable[[str], None]) -> None:
        """Buttons of (value, label); `choose(value)` on a touch."""
        grid = self.body.ids.choices if self.mode == "towns" else self.body.ids.item_choices
        grid.clear_widgets()
        for value, label in choices:
            button = ReasonButton(text=label, chosen=value == current)
            button.bind(on_release=lambda _b, v=value: choose(v))
            grid.add_widget(button)

    def choose_town(self, town: str) -> None:
        self.town = town
        self.mode = "list"

    def choose_item(self, code: str) -> None:
        self.item = code
        self.mode = "list"

    def open(self, station: StationInfo) -> None:
        self.shown = station
        self.mode = "detail"
        self.refill()

    def back(self) -> None:
        if self.mode == "list":
            super().back()
        else:
            self.shown = None
            self.mode = "list"

    def detail_text(self) -> str:
        s = self.shown
        if s is None:
            return ""
        names = [_(i.short_name) for i in self.app.catalog.items if i.code in s.items]
        state = _("现在开放") if open_now(s.hours, self.now().time()) else _("现在不在开放时间")
        separator = _("、")
        return "\n".join([
            _("{kind}（{town}）").format(kind=level_word(s.level), town=s.town),
            _("地址：{address}").format(address=s.address),
            _("开放时间：{hours}（{state}）").format(hours=separator.join(s.hours), state=state),
            _("电话：{phone}").format(phone=s.phone),
            _("可办事项：{items}").format(items=separator.join(names)),
        ])

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.core.stations import load_stations

        stations = [StationInfo.from_json(e.public()) for e in load_stations().values()]
        return {"stations": stations}
