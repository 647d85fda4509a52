"""Answers chosen rather than typed: a date on large year / month / day keys (今天 / 昨天 at once). Each picker sends
`on_pick` with the finished value; what to offer and how a touch changes the choice is kiosk.core's (datepick)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.base.i18n import N_, _
from kiosk.core import datepick
from kiosk.ui.widgets.lang import tr

MONTHS = (N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"), N_("7月"), N_("8月"), N_("9月"),
          N_("10月"), N_("11月"), N_("12月"))


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


PICKERS = {"date": DatePicker}  # the form's pad name (kiosk.core.keypress.pad_for) -> its picker


Builder.load_file(str(Path(__file__).with_name("pickers.kv")))
