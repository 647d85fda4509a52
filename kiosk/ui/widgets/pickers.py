"""Answers chosen rather than typed: a date on large year / month / day keys (今天 / 昨天 at once); a hospital from the
county's list, found by characters or pinyin initials, typed when it is not on it. Each picker sends `on_pick`
with the finished value; what to offer and how a touch changes the choice is kiosk.core's (datepick, hospitals,
lookup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.base.i18n import N_, _
from kiosk.core import datepick, hospitals, lookup
from kiosk.ui.widgets.handwriting import TextKeyboard
from kiosk.ui.widgets.lang import tr

MONTHS = (N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"), N_("7月"), N_("8月"), N_("9月"),
          N_("10月"), N_("11月"), N_("12月"))


MATCHES = 3  # names above the keyboard while typing


class PickKey(ButtonBehavior, Label):
    """A key of a picker: marked when it is what is chosen; a key that cannot be chosen is greyed and inert."""

    chosen = BooleanProperty(False)


class DatePicker(BoxLayout):
    """Year, month and day keys, and 今天 / 昨天. `value` is the field's date (or ""), `near` the date this one
    is usually close to (the admission, for the discharge); `today` bounds it (no date to come)."""

    value = StringProperty("")
    near = StringProperty("")
    today = ObjectProperty(None)
    __events__ = ("on_pick",)

    def on_kv_post(self, base_widget: object) -> None:
        self.today = self.today or dt.date.today()
        self.pick = datepick.start(self.value, self.today, self.near)
        self._build()
        tr.bind(lang=self._build)

    def _build(self, *_args: object) -> None:
        """今天 / 昨天 always; then the years and months, or the picked month's days under a key to change it."""
        today, pick = self.today, self.pick
        top, month_keys, day_keys = self.ids.top, self.ids.months, self.ids.days
        for grid in (top, month_keys, day_keys):
            grid.clear_widgets()
        for label, value in datepick.quick(today):
            self._key(top, _(label), value == pick.value, lambda v=value: self.dispatch("on_pick", v))
        if pick.months_shown:
            for year in datepick.years(today):
                self._key(top, str(year), year == pick.year, lambda y=year: self._set(pick.with_year(y, today)))
            for month, allowed in datepick.months(pick, today):
                self._key(month_keys, _(MONTHS[month - 1]), month == pick.month,
                          lambda m=month: self._set(pick.with_month(m, today)), allowed)
            return
        shown = _("{year}年{month}").format(year=pick.year, month=_(MONTHS[pick.month - 1]))
        change = self._key(top, _("{month} 换月份").format(month=shown), False, lambda: self._set(pick.other_month()))
        change.size_hint_x = 4
        for day, allowed in datepick.days(pick, today):
            self._key(day_keys, str(day), day == pick.day, lambda d=day: self._day(d), allowed)

    @staticmethod
    def _key(grid: Any, text: str, chosen: bool, action: Callable[[], None], allowed: bool = True) -> PickKey:
        key = PickKey(text=text, chosen=chosen, disabled=not allowed)
        key.bind(on_release=lambda *_: action())
        grid.add_widget(key)
        return key

    def _set(self, pick: datepick.DatePick) -> None:
        self.pick = pick
        self._build()

    def _day(self, day: int) -> None:
        self._set(self.pick.with_day(day))
        self.dispatch("on_pick", self.pick.value)

    def on_pick(self, value: str) -> None:
        pass


@cache
def hospital_names() -> list[str]:
    return hospitals.names(hospitals.load_hospitals())


class ListPicker(BoxLayout):
    """One name from a list, or typed: the list as large keys (those that fit what is typed first), and a key to
    write or type instead; while typing, the best few names above the keyboard, found by the characters typed or
    the pinyin letters on their way to a word. Sends `on_pick` with a name from the list, `on_key` with each key
    of the keyboard (the field takes what is typed, as on any text field)."""

    typed = StringProperty("")  # the field's text
    searching = BooleanProperty(False)
    names = ListProperty()
    __events__ = ("on_pick", "on_key")

    def on_kv_post(self, base_widget: object) -> None:
        self.searching = bool(self.typed) and self.typed not in self.names
        self._keyboard: TextKeyboard | None = None
        self.bind(searching=self._show, typed=self._matches)
        self._show()

    def _show(self, *_args: object) -> None:
        area = self.ids.area
        area.clear_widgets()
        self._keyboard = None
        if self.searching:
            # The names beside the keyboard in landscape (no room above it), above it in portrait.
            theme = App.get_running_app().theme
            keyboard = TextKeyboard(kind="text", before=self.typed)
            keyboard.bind(on_key=lambda _kb, key: self.dispatch("on_key", key), composing=self._matches)
            self.bind(typed=keyboard.setter("before"))
            box = Factory.PickSearch(orientation="vertical" if theme.portrait else "horizontal")
            matches = box.ids.matches
            matches.orientation = "horizontal" if theme.portrait else "vertical"
            if theme.portrait:
                matches.size_hint = (1, None)
                matches.height = theme.key_h
            else:
                matches.size_hint_x = 0.3
            box.add_widget(keyboard)
            self._keyboard, self._row = keyboard, matches
            area.add_widget(box)
        else:
            view = Factory.PickList()
            grid = view.ids.grid
            for name in self._found(self.typed, limit=None):
                DatePicker._key(grid, name, name == self.typed, lambda n=name: self.dispatch("on_pick", n))
            area.add_widget(view)
            write = Factory.PickKey(text=_("不在列表中？写字或拼音查找"))
            write.size_hint_y = None
            write.height = App.get_running_app().theme.key_h
            write.bind(on_release=lambda *_: setattr(self, "searching", True))
            area.add_widget(write)
        self._matches()

    def _matches(self, *_args: object) -> None:
        if self._keyboard is None:
            return
        row = self._row
        row.clear_widgets()
        for name in self._found(self._keyboard.composing or self.typed, limit=MATCHES):
            DatePicker._key(row, name, name == self.typed, lambda n=name: self.dispatch("on_pick", n))
        every = DatePicker._key(row, _("全部列表"), False, lambda: setattr(self, "searching", False))
        every.size_hint_x = 0.5

    def _found(self, query: str, limit: int | None) -> list[str]:
        from kiosk.ime import engine

        letters = engine.letters if engine.ready() else None  # never wait for the lexicon on the UI thread
        return lookup.search(self.names, query, letters)[:limit]

    def on_pick(self, value: str) -> None:
        pass

    def on_key(self, key: str) -> None:
        pass


class HospitalPicker(ListPicker):
    """就诊医院 from the county's list (config/hospitals.yaml)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("names", hospital_names())
        super().__init__(**kwargs)


PICKERS = {"date": DatePicker, "hospital": HospitalPicker}  # the form's pad name (kiosk.core.keypress.pad_for) -> its picker


Builder.load_file(str(Path(__file__).with_name("pickers.kv")))
