"""Widgets every screen uses: big buttons, icons, tiles, the header. Their look is in common.kv."""

from __future__ import annotations

import time
from pathlib import Path

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label

from kiosk.assets import ICON_FONT, icon_glyph

WEEKDAYS = "一二三四五六日"


class Icon(Label):
    """A Tabler icon by name, drawn from the bundled icon font."""

    name = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("font_name", str(ICON_FONT))
        super().__init__(**kwargs)
        self.bind(name=self._set_glyph)
        self._set_glyph()

    def _set_glyph(self, *_: object) -> None:
        self.text = icon_glyph(self.name) if self.name else ""


class BigButton(ButtonBehavior, BoxLayout):
    """A touch target of at least the theme's button height, with an optional icon. `kind`: primary (the one
    warm action of a screen), secondary (white), header (on the blue header)."""

    text = StringProperty("")
    icon = StringProperty("")
    kind = OptionProperty("secondary", options=["primary", "secondary", "header", "header_on"])


class Tile(ButtonBehavior, BoxLayout):
    """A wide tile: icon, a plain title, and a coloured line under it (an item's way of handling)."""

    title = StringProperty("")
    subtitle = StringProperty("")
    icon = StringProperty("")
    colour = ColorProperty((0.04, 0.29, 0.55, 1))


class ServiceTile(ButtonBehavior, BoxLayout):
    """One public service (guides, progress, ...): icon above its name and a short hint."""

    title = StringProperty("")
    hint = StringProperty("")
    icon = StringProperty("")


class ClockLabel(Label):
    """Date and time in the header, e.g. 11月27日 星期五 14:05, refreshed every few seconds."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._refresh()
        self._event = Clock.schedule_interval(self._refresh, 5)

    def _refresh(self, *_: object) -> None:
        now = time.localtime()
        self.text = f"{now.tm_mon}月{now.tm_mday}日 星期{WEEKDAYS[now.tm_wday]}  {now.tm_hour:02d}:{now.tm_min:02d}"


class Header(BoxLayout):
    """Always on screen: station name, date and time, 长辈模式, 呼叫帮办, 返回首页."""

    station_name = StringProperty("")
    elder = BooleanProperty(False)
    other_language = StringProperty("en")  # the language the language button switches to
    show_home = BooleanProperty(True)


class DemoButton(BigButton):
    """A demo control (simulated devices only): smaller than the citizen's buttons, so it never competes."""


class StepBar(BoxLayout):
    """Progress through an item: numbered steps, the done ones ticked, the current one highlighted."""

    steps = ListProperty()  # [(label, done, current)]

    def on_steps(self, *_: object) -> None:
        self.clear_widgets()
        for number, (label, done, current) in enumerate(self.steps, start=1):
            self.add_widget(StepMark(number=number, label=label, done=done, current=current))


class StepMark(BoxLayout):
    number = NumericProperty(1)
    label = StringProperty("")
    done = BooleanProperty(False)
    current = BooleanProperty(False)


class Table(GridLayout):
    """A small table of records (a query's rows): a header row and at most `max_rows` rows, newest first."""

    headers = ListProperty()
    records = ListProperty()  # (GridLayout's own `rows` is its row count)
    max_rows = NumericProperty(8)

    def on_headers(self, *_: object) -> None:
        self._fill()

    def on_records(self, *_: object) -> None:
        self._fill()

    def _fill(self) -> None:
        self.clear_widgets()
        self.cols = max(1, len(self.headers))
        if not self.headers:
            return
        for name in self.headers:
            self.add_widget(TableCell(text=str(name), header=True))
        for row in self.records[: self.max_rows]:
            for value in row:
                self.add_widget(TableCell(text=str(value)))


class InfoLine(BoxLayout):
    """A label and its value side by side (a result's lines, the confirm page)."""

    label = StringProperty("")
    value = StringProperty("")


class TableCell(Label):
    header = BooleanProperty(False)


# Widgets of other modules that .kv files use by name, imported when first used.
Factory.register("QRImage", module="kiosk.widgets.qr")
for _name in ("Key", "KeyPad", "PinyinKeyboard"):
    Factory.register(_name, module="kiosk.widgets.keyboards")
Builder.load_file(str(Path(__file__).with_name("common.kv")))
