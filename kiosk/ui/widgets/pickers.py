"""Answers chosen rather than typed: a date on large year / month / day keys (今天 / 昨天 at once); a hospital from the
county's list, found by characters or pinyin initials, typed when it is not on it; 经营范围 from standard phrases; an address from town, village, 组 and 门牌号; a company's
name from a 字号 written and a 行业表述 chosen. Each picker sends `on_pick` (or `on_value`) with the value; what to
offer and how a touch changes the choice is kiosk.core's (datepick, hospitals, lookup, scopes, addresses,
company_names)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import N_, _
from kiosk.base.scripts import is_mongolian
from kiosk.base.textwidth import wrap
from kiosk.core import addresses, company_names, datepick, hospitals, lookup, scopes
from kiosk.core.keypress import apply_key
from kiosk.core.villages import county_places
from kiosk.ui.widgets.common import PagedScroll
from kiosk.ui.widgets.handwriting import TextKeyboard
from kiosk.ui.widgets.keyboards import KeyPad
from kiosk.ui.widgets.label import Label, char_widths, has_han
from kiosk.ui.widgets.lang import tr

MONTHS = (N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"), N_("7月"), N_("8月"), N_("9月"),
          N_("10月"), N_("11月"), N_("12月"))


MATCHES = 3  # names above the keyboard while typing


class PickKey(ButtonBehavior, Label):
    """A key of a picker: marked when it is what is chosen; a key that cannot be chosen is greyed and inert."""

    chosen = BooleanProperty(False)
    two_lines = BooleanProperty(False)  # a long name in two lines rather than cut (pickers.kv)

    def typeset(self, text: str, core: Any) -> str:
        """Two lines broken near the middle, as a sign sets a long name (天义镇社区 / 卫生服务中心), not the first
        line filled and a character left alone on the second."""
        if not self.two_lines or "\n" in text or not has_han(text):
            return super().typeset(text, core)  # English words: Kivy breaks lines between them
        measure = char_widths(core)
        lines = wrap(text, min(self.text_size[0], measure(text) / 2 + self.font_size), measure)
        return "\n".join(lines) if len(lines) == 2 else super().typeset(text, core)


def add_key(grid: Any, text: str, chosen: bool, action: Callable[[], None], allowed: bool = True) -> PickKey:
    """A picker's key added to `grid`, doing `action` when touched."""
    key = PickKey(text=text, chosen=chosen, disabled=not allowed)
    key.bind(on_release=lambda *_: action())
    grid.add_widget(key)
    return key


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
            key = add_key(top, _(label), value == pick.value, lambda v=value: self.dispatch("on_pick", v))
            # 今天 / 昨天 in Mongolian are one long word each, beside four years' keys: wider, or cut mid-word; an
            # English word wider by its letters (Yesterday ended in "…" in 长辈模式).
            key.size_hint_x = 1.8 if is_mongolian(key.text) else max(1.0, len(key.text) / 6)
        if pick.months_shown:
            for year in datepick.years(today):
                add_key(top, str(year), year == pick.year, lambda y=year: self._set(pick.with_year(y, today)))
            for month, allowed in datepick.months(pick, today):
                add_key(month_keys, _(MONTHS[month - 1]), month == pick.month,
                          lambda m=month: self._set(pick.with_month(m, today)), allowed)
            return
        shown = _("{year}年{month}").format(year=pick.year, month=_(MONTHS[pick.month - 1]))
        change = add_key(top, _("{month} 换月份").format(month=shown), False, lambda: self._set(pick.other_month()))
        change.size_hint_x = 4
        for day, allowed in datepick.days(pick, today):
            add_key(day_keys, str(day), day == pick.day, lambda d=day: self._day(d), allowed)

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
    """One name from a list, or typed: the list as large keys (the field's name marked), and a key to write or
    type instead (a name typed before stays in the field until changed); while typing, the best few names beside
    or above the keyboard, found by the characters typed or the pinyin letters on their way to a word. Sends
    `on_pick` with a name from the list, `on_key` with each key of the keyboard (the field takes what is typed, as
    on any text field)."""

    typed = StringProperty("")  # the field's text
    searching = BooleanProperty(False)
    names = ListProperty()
    __events__ = ("on_pick", "on_key")

    def on_kv_post(self, base_widget: object) -> None:
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
            view, grid = pick_list()
            for name in self.names:
                add_key(grid, name, name == self.typed, lambda n=name: self.dispatch("on_pick", n))
            area.add_widget(view)
            write = add_key(area, _("不在列表中？写字或拼音查找"), False, lambda: setattr(self, "searching", True))
            write.size_hint_y = None
            write.height = App.get_running_app().theme.key_h
        self._matches()

    def _matches(self, *_args: object) -> None:
        if self._keyboard is None:
            return
        self._keyboard.before = self.typed
        row = self._row
        row.clear_widgets()
        for name in self._found(self._keyboard.composing or self.typed):
            add_key(row, name, name == self.typed, lambda n=name: self.dispatch("on_pick", n))
        every = add_key(row, _("全部列表"), False, lambda: setattr(self, "searching", False))
        every.size_hint_x = 0.5

    def _found(self, query: str) -> list[str]:
        from kiosk.ime import engine

        letters = engine.letters if engine.ready() else None  # never wait for the lexicon on the UI thread
        return lookup.search(self.names, query, letters)[:MATCHES]

    def on_pick(self, value: str) -> None:
        pass

    def on_key(self, key: str) -> None:
        pass


class HospitalPicker(ListPicker):
    """就诊医院 from the county's list (config/hospitals.yaml)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("names", hospital_names())
        super().__init__(**kwargs)


@cache
def scope_list(choose_from: str = "business_scopes") -> scopes.ScopeList:
    return scopes.phrase_list(choose_from)


class ScopePicker(BoxLayout):
    """经营范围: up to the list's limit of standard phrases touched on and off, and 其他 typed on the text keyboard.
    Sends `on_value` with the field's whole text after each change."""

    typed = StringProperty("")  # the field's text when the picker opens
    max_length = NumericProperty(200)
    source = StringProperty("business_scopes")  # the field's choose_from: which phrases
    typing = BooleanProperty(False)
    __events__ = ("on_value",)

    def on_kv_post(self, base_widget: object) -> None:
        listed = scope_list(self.source)
        self.chosen, self.other = scopes.split(self.typed, listed.phrases)
        self.bind(typing=self._show)
        tr.bind(lang=self._show)
        self._show()

    def _show(self, *_args: object) -> None:
        listed, area = scope_list(self.source), self.ids.area
        area.clear_widgets()
        theme = App.get_running_app().theme
        if self.typing:
            box = Factory.PickSearch(orientation="vertical" if theme.portrait else "horizontal")
            side = box.ids.matches
            if theme.portrait:
                side.size_hint, side.height = (1, None), theme.key_h
            else:
                side.size_hint_x = 0.3
            add_key(side, _("选好了，回到列表"), False, lambda: setattr(self, "typing", False))
            keyboard = TextKeyboard(kind="text", before=self.other)
            keyboard.bind(on_key=lambda _kb, key: self._type(key, keyboard))
            box.add_widget(keyboard)
            area.add_widget(box)
            return
        view, grid = pick_list()
        for phrase in listed.phrases:
            add_key(grid, _(phrase), phrase in self.chosen, lambda p=phrase: self._toggle(p))
        area.add_widget(view)
        row = Factory.BoxLayout(size_hint_y=None, height=theme.key_h, spacing=2)
        count = _("已选{n}项，最多{limit}项").format(n=len(self.chosen), limit=listed.max_choices)
        row.add_widget(Factory.PickNote(text=count))
        other = _("其他：{text}").format(text=self.other) if self.other else _("其他（自己写）")
        add_key(row, other, bool(self.other), lambda: setattr(self, "typing", True))
        area.add_widget(row)

    def _toggle(self, phrase: str) -> None:
        self.chosen = scopes.toggle(self.chosen, phrase, scope_list(self.source).max_choices)
        self._changed()
        self._show()

    def _type(self, key: str, keyboard: TextKeyboard) -> None:
        self.other = apply_key("text", self.other, key, int(self.max_length))
        keyboard.before = self.other
        self._changed()

    def _changed(self) -> None:
        self.dispatch("on_value", scopes.compose(self.chosen, self.other))

    def on_value(self, value: str) -> None:
        pass


# Rows of a long list of keys (a town's 35 villages, the hospitals, the trades) in view, the rest paged to: as many
# as leave room for a refused field's lines; in portrait all the county's towns (6 rows of 3), one row fewer with
# elder mode's larger keys.
ROWS_IN_VIEW = {(False, False): 3, (False, True): 3, (True, False): 6, (True, True): 5}  # by (portrait, elder)


def rows_in_view(grid: Any) -> PagedScroll:
    """`grid` as tall as it is up to ROWS_IN_VIEW rows, scrolled and paged beyond."""
    paged = PagedScroll(size_hint_y=None)
    paged.fill(grid)
    theme = App.get_running_app().theme
    rows = ROWS_IN_VIEW[theme.portrait, theme.elder]

    def fit(*_args: object) -> None:
        paged.height = min(grid.height, grid.row_default_height * rows + grid.spacing[1] * (rows - 1))

    grid.bind(height=fit)
    fit()
    return paged


def pick_list() -> tuple[PagedScroll, Any]:
    """A list of names as large keys, two or three to a row, paged with 上翻 / 下翻 where it runs over (a
    half-shown row alone did not tell an elderly citizen that more names were below): (the list, its grid)."""
    theme = App.get_running_app().theme
    grid = Factory.PickGrid(cols=2 if theme.portrait or theme.elder else 3)
    return rows_in_view(grid), grid


class AddressPicker(BoxLayout):
    """An address: the town, then its village (or one typed), then 组 and 门牌号 on the number pad. Sends
    `on_value` with the whole address text after each change."""

    typed = StringProperty("")  # the field's text when the picker opens
    stage = StringProperty("town")  # town, village, typing (a village not listed), numbers
    target = StringProperty("group")  # which number the pad fills: group (组) or number (门牌号)
    __events__ = ("on_value",)

    def on_kv_post(self, base_widget: object) -> None:
        self.address = addresses.parse(self.typed, county_places())
        self.stage = "numbers" if self.address.village else "village" if self.address.town else "town"
        self.target = "number" if self.address.number and not self.address.group else "group"
        self.bind(stage=self._show, target=self._show)
        tr.bind(lang=self._show)
        self._show()

    def _show(self, *_args: object) -> None:
        place, address, area = county_places(), self.address, self.ids.area
        area.clear_widgets()
        theme = App.get_running_app().theme
        top = Factory.PickRow()
        grid = Factory.PickGrid(cols=3 if theme.portrait or theme.elder else 4)
        if self.stage == "town":
            for town in place.towns:
                add_key(grid, town, town == address.town, lambda t=town: self._go(address.with_town(t), "village"))
            area.add_widget(rows_in_view(grid))
            return
        if self.stage != "numbers":  # the town is changed from the villages' page: the numbers' row keeps 3 keys
            add_key(top, _("{town} · 换乡镇").format(town=address.town), False, lambda: self._go(address, "town"))
        if self.stage == "village":
            for village in place.villages.get(address.town, ()):
                add_key(grid, village, village == address.village,
                        lambda v=village: self._go(address.with_village(v), "numbers"))
            add_key(grid, _("其他村（自己写）"), False, lambda: self._go(address.with_village(""), "typing"))
            area.add_widget(top)
            area.add_widget(rows_in_view(grid))
            return
        if self.stage == "typing":
            add_key(top, _("好了，填组和门牌号"), False, lambda: self._go(address, "numbers"))
            keyboard = TextKeyboard(kind="address", before=address.village)
            keyboard.bind(on_key=lambda _kb, key: self._type_village(key, keyboard))
            area.add_widget(top)
            area.add_widget(keyboard)
            return
        village = add_key(top, _("{village} · 换村").format(village=address.village), False,
                          lambda: self._go(address, "village"))
        village.size_hint_x = 1.5
        add_key(top, _("{n}组").format(n=address.group or "__"), self.target == "group",
                lambda: setattr(self, "target", "group"))
        add_key(top, _("{n}号").format(n=address.number or "__"), self.target == "number",
                lambda: setattr(self, "target", "number"))
        area.add_widget(top)
        pad = KeyPad(layout="numeric")
        pad.bind(on_key=lambda _pad, key: self._digit(key))
        area.add_widget(pad)

    def _go(self, address: addresses.Address, stage: str) -> None:
        self.address = address
        self._changed()
        if self.stage == stage:
            self._show()
        self.stage = stage

    def _type_village(self, key: str, keyboard: TextKeyboard) -> None:
        village = apply_key("text", self.address.village, key, addresses.MAX_PART)
        self.address = self.address.with_village(village)
        keyboard.before = village
        self._changed()

    def _digit(self, key: str) -> None:
        now = getattr(self.address, self.target)
        digits = apply_key("phone", now, key, addresses.MAX_DIGITS)[: addresses.MAX_DIGITS]
        self.address = replace(self.address, **{self.target: digits})
        self._changed()
        self._show()

    def _changed(self) -> None:
        self.dispatch("on_value", self.address.value)

    def on_value(self, value: str) -> None:
        pass




class CompanyNamePicker(BoxLayout):
    """企业名称: the 字号 written on the text keyboard with the 行业表述 offered beside it (the first taken until
    another is touched), the 组织形式 from the 企业类型; the whole 行业表述 list, and a name written whole when it is
    not of these parts. Sends `on_value` with the name after each change (kiosk.core.company_names composes it)."""

    typed = StringProperty("")  # the field's text when the picker opens
    names = ObjectProperty(None)  # the form's NameContext
    max_length = NumericProperty(40)
    stage = StringProperty("zihao")  # zihao (writing it), list (every 行业表述), whole (the name written whole)
    # Where the 行业表述 go while the 字号 is written, when not beside the keyboard (长辈模式 in landscape: under the
    # field, the one taken and a key to the others, so the keyboard keeps its width).
    aside = ObjectProperty(None, allownone=True)
    __events__ = ("on_value",)

    def on_kv_post(self, base_widget: object) -> None:
        names: company_names.NameContext = self.names
        parts = company_names.split(self.typed, names.industries, names.form)
        self.zihao, self.industry = (parts.zihao, parts.industry) if parts else ("", names.first)
        self.whole = "" if parts else self.typed
        # A name already there (composed, or typed whole) opens on the list, to change one part.
        self.stage = "list" if self.typed else "zihao"
        self.bind(stage=self._show)
        tr.bind(lang=self._show)
        self._show()

    def _show(self, *_args: object) -> None:
        names, area = self.names, self.ids.area
        area.clear_widgets()
        if self.aside is not None:
            self.aside.clear_widgets()
        theme = App.get_running_app().theme
        if self.stage == "list":
            view, grid = pick_list()
            for industry in names.industries:
                add_key(grid, _(industry), industry == self.industry and not self.whole,
                        lambda i=industry: self._industry(i))
            area.add_widget(view)
            row = Factory.PickRow()
            zihao = _("字号：{zihao}").format(zihao=self.zihao) if self.zihao else _("写字号（2到4个字）")
            add_key(row, zihao, False, lambda: self._go("zihao"))
            add_key(row, _("写全称") if not self.whole else _("全称：{name}").format(name=self.whole), bool(self.whole),
                    lambda: self._go("whole"))
            area.add_widget(row)
            return
        box = Factory.PickSearch(orientation="vertical" if theme.portrait else "horizontal")
        side = box.ids.matches
        side.orientation = "horizontal" if theme.portrait else "vertical"
        if self.stage == "zihao" and self.aside is not None:
            side = Factory.PickRow()
            self.aside.add_widget(side)
            box.remove_widget(box.ids.matches)
        elif theme.portrait:
            side.size_hint, side.height = (1, None), theme.key_h
        else:
            side.size_hint_x = 0.3
        if self.stage == "zihao":
            shown = 1 if self.aside is not None else company_names.SUGGESTED
            offered = [self.industry, *[i for i in names.industries if i != self.industry]][:shown]
            for industry in offered:
                add_key(side, _(industry), industry == self.industry, lambda i=industry: self._industry(i))
            add_key(side, _("更多行业"), False, lambda: self._go("list"))
            keyboard = TextKeyboard(kind="text", before=self.zihao)
            keyboard.bind(on_key=lambda _kb, key: self._write_zihao(key, keyboard))
        else:
            add_key(side, _("按字号组成"), False, lambda: self._go("list"))
            keyboard = TextKeyboard(kind="text", before=self.whole)
            keyboard.bind(on_key=lambda _kb, key: self._write_whole(key, keyboard))
        box.add_widget(keyboard)
        area.add_widget(box)

    def _go(self, stage: str) -> None:
        if self.stage == stage:
            self._show()
        self.stage = stage

    def _industry(self, industry: str) -> None:
        self.industry, self.whole = industry, ""
        self._changed()
        self._go("zihao" if not self.zihao else self.stage)

    def _write_zihao(self, key: str, keyboard: TextKeyboard) -> None:
        self.zihao = apply_key("text", self.zihao, key, company_names.ZIHAO_LENGTH[1])
        self.whole = ""
        keyboard.before = self.zihao
        self._changed()

    def _write_whole(self, key: str, keyboard: TextKeyboard) -> None:
        self.whole = apply_key("text", self.whole, key, int(self.max_length))
        keyboard.before = self.whole
        self._changed()

    def _changed(self) -> None:
        name = self.whole or company_names.NameParts(self.zihao, self.industry, self.names.form).text
        self.dispatch("on_value", name)

    def on_value(self, value: str) -> None:
        pass


PICKERS = {"date": DatePicker, "hospital": HospitalPicker, "scope": ScopePicker, "address": AddressPicker,
           "company_name": CompanyNamePicker}  # the form's pad name (kiosk.core.keypress.pad_for) -> its picker


Builder.load_file(str(Path(__file__).with_name("pickers.kv")))
