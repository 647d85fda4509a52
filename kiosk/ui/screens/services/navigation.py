"""办事导航: the county's service centres, village stations and bank posts from the platform, filtered by town
and by item; whether each is open now, its hours, address and phone, and a QR that opens it on a phone's map.
What is listed and what a place says are kiosk.core.services.navigation's; this screen shows them, forwards the
touches and asks the platform for the directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.results import StationInfo
from kiosk.core.services.navigation import Mode, Navigation, detail_lines, elsewhere_words, level_word, open_now
from kiosk.ui.screens.items.rate import ReasonButton
from kiosk.ui.screens.services.base import NO_NETWORK, ServiceScreen, show_pane


class StationButton(ButtonBehavior, BoxLayout):
    station_id = StringProperty("")
    title = StringProperty("")
    where = StringProperty("")
    is_open = ObjectProperty(False)


class NavigationScreen(ServiceScreen):
    """Shows a kiosk.core.services.navigation.Navigation and forwards the touches to it."""

    body_class = "NavigationBody"
    # The service's state, mirrored for the kv.
    mode = OptionProperty("list", options=[m.value for m in Mode])
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
        self.navigation = Navigation()
        self.elsewhere = ""
        self._buttons: list[StationButton] = []  # the list's buttons, kept and given each place's words
        self._listed: list[StationInfo] = []  # the places the buttons show, in order

    def prepare(self, stations: list[StationInfo] | None = None, shown: StationInfo | None = None,
                item: str = "", **_params: Any) -> None:
        """`item`: an item this terminal does not offer, chosen by the citizen: the places that do, and why."""
        self.forget_questions()
        self.notice = ""
        self.elsewhere = elsewhere_words(_(self.app.catalog.item(item).short_name)) if item else ""
        self.message = self.elsewhere
        # Where the item is offered may be outside this town: the whole county is listed then.
        self.navigation = Navigation("" if item else self.app.config_model.station.town, list(stations or []),
                                     shown, item)
        if stations is None:
            # The places kept within the hour (the heartbeat fetches them ahead) show at once; else the platform.
            cache = self.app.controller.stations_cache()
            kept = cache.fresh()
            if kept is not None:
                self.navigation.fetched(kept)
            else:
                self.message = _("正在读取服务网点…")
                if not self.ask_platform(cache.refresh, self._fetched, self._failed):
                    self._failed(NO_NETWORK)
        self._show()

    def _fetched(self, stations: list[StationInfo]) -> None:
        self.message = self.elsewhere
        self.navigation.fetched(stations)
        self._show()

    def _failed(self, message: str) -> None:
        self.message, self.notice = self.elsewhere, message
        # Offline: the places as last kept, however old (they seldom change), under the notice that says so.
        self.navigation.fetched(self.app.controller.stations_cache().load())
        self._show()

    def _show(self) -> None:
        n = self.navigation
        self.stations, self.town, self.item, self.shown = n.stations, n.town, n.item, n.shown
        self.mode = n.mode.value
        self.refill()

    def refill(self) -> None:
        mode = self.mode
        show_pane(self.body, list(self._panes.values()), self._panes[mode])
        self.title = {"list": _("办事导航"), "towns": _("选择乡镇"), "items": _("选择要办的事"),
                      "detail": self.shown.name if self.shown else ""}[mode]
        self.back_text = "" if mode == "list" else _("返回列表")
        if mode == "list":
            self._list()
        elif mode == "towns":
            towns = self.navigation.towns  # place names: content, as the platform names them
            self._choices([("", _("全部乡镇")), *((t, t) for t in towns)], self.town, self.choose_town)
        elif mode == "detail" and self.shown is not None:
            self.detail = "\n".join(detail_lines(self.shown, self.app.catalog, self.now().time()))
            self.map_url = self.shown.map_url
        elif mode == "items":
            items = [(i.code, _(i.short_name)) for i in self.app.catalog.items]
            self._choices([("", _("全部事项")), *items], self.item, self.choose_item)

    def _list(self) -> None:
        now = self.now().time()
        box, buttons = self.body.ids.places, self._buttons
        # A button made for each place took 50-80 ms for the county's list, shown twice for each item sent here
        # (before and after the platform's answer): the buttons stay, and a place listed again keeps its drawn text.
        self._listed = list(self.navigation.places)
        while len(buttons) < len(self._listed):
            button = StationButton()
            button.bind(on_release=lambda button: self.open(self._listed[buttons.index(button)]))
            buttons.append(button)
        for button, s in zip(buttons, self._listed):
            button.station_id, button.title = s.station_id, s.name
            button.where, button.is_open = f"{level_word(s.level)} · {s.address}", open_now(s.hours, now)
        shown = buttons[: len(self._listed)]
        if list(reversed(box.children)) != shown:
            box.clear_widgets()
            for button in shown:
                box.add_widget(button)
        self.body.ids.town_button.text = self.town or _("全部乡镇")
        self.body.ids.item_button.text = _(self.app.catalog.item(self.item).short_name) if self.item else _("全部事项")
        self.body.ids.nothing.opacity = 1 if self.navigation.nothing_here else 0

    def _choices(self, choices: list[tuple[str, str]], current: str, choose: Callable[[str], None]) -> None:
        """Buttons of (value, label); `choose(value)` on a touch."""
        grid = self.body.ids.choices if self.mode == "towns" else self.body.ids.item_choices
        grid.clear_widgets()
        for value, label in choices:
            button = ReasonButton(text=label, chosen=value == current)
            button.bind(on_release=lambda _b, v=value: choose(v))
            grid.add_widget(button)

    # -- touches --------------------------------------------------------------------------------------------
    def ask_town(self) -> None:
        self.navigation.ask_town()
        self._show()

    def ask_item(self) -> None:
        self.navigation.ask_item()
        self._show()

    def choose_town(self, town: str) -> None:
        self.navigation.choose_town(town)
        self._show()

    def choose_item(self, code: str) -> None:
        self.navigation.choose_item(code)
        self._show()

    def open(self, station: StationInfo) -> None:
        self.navigation.open(station)
        self._show()

    def back(self) -> None:
        if self.navigation.back():
            self._show()
        else:
            super().back()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.core.stations import load_stations

        stations = [StationInfo.from_json(e.public()) for e in load_stations().values()]
        return {"stations": stations}
