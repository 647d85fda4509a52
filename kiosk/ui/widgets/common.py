"""Widgets every screen uses: big buttons, icons, tiles, the header. Their look is in common.kv."""

from __future__ import annotations

import re
import time
from pathlib import Path

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.base.assets import ICON_FONT, icon_glyph
from kiosk.base.i18n import _
from kiosk.base.scripts import is_mongolian
from kiosk.ui.widgets.label import Label
from kiosk.ui.widgets.lang import tr
from kiosk.ui.widgets.mixed import MixedScriptLabel, line_width


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


# A piece ends after Chinese punctuation: full-width comma, full stop, enumeration comma, semicolon, colon, !, ?
_STOPS = "".join(map(chr, (0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F)))  # (not screen text)
# No-break spaces join (a Mongolian suffix to its stem after U+202F): Kivy breaks lines at plain spaces only.
_PIECES = re.compile(rf"(?:[^\s{_STOPS}]|[\u00a0\u202f])+[{_STOPS}]*")
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LONGEST_UNBROKEN = 8  # a longer run of Chinese is a sentence, which may break between any two characters


def unbreakable(text: str) -> list[str]:
    """The pieces a line may not break inside: words at spaces, Chinese after its punctuation. A short Chinese
    name (身份识别) stays whole, so it gets smaller rather than ending a line with one character; a longer
    sentence may break anywhere, as Chinese does."""
    pieces = []
    for piece in _PIECES.findall(text) or [text]:
        if len(piece) > LONGEST_UNBROKEN and _CJK_CHAR.search(piece):
            pieces += list(piece)
        else:
            pieces.append(piece)
    return pieces


class FitLabel(Label):
    """Text that must be read whole in a box of fixed size (a tile's title, a step's name): it wraps onto the lines
    the box holds and, when it still does not fit (English runs 2-3 times wider than Chinese), gets smaller, down
    to `min_scale` of `base_font_size`; only then is it shortened to one line. Words are never split across lines."""

    base_font_size = NumericProperty(20)
    min_scale = NumericProperty(0.6)
    may_shorten = BooleanProperty(False)  # a name that may end in "…" when even min_scale does not fit (the layout check)
    natural_width = NumericProperty(0)  # the text on one line at base_font_size (a button sizes itself by it)
    widest_word = NumericProperty(0)  # its widest unbreakable piece at base_font_size (a step's mark shares by it)

    def __init__(self, **kwargs: object) -> None:
        # Before the next frame is drawn (-1), with the layouts: never a frame of text in the wrong size.
        self._fit_later = Clock.create_trigger(self._fit, -1)
        super().__init__(**kwargs)
        self.bind(text=self._fit_later, size=self._fit_later, base_font_size=self._fit_later, bold=self._fit_later)
        self._fit_later()

    def _fit(self, *args: object) -> None:
        base = self.base_font_size
        measure = self._measure(base)
        self.natural_width = line_width(measure, self.text) if self.text else 0
        self.widest_word = max((line_width(measure, word) for word in unbreakable(self.text)), default=0)
        # The base size (shared with plain labels), then a few whole-pixel steps down: every distinct size opens
        # the font once more (about 1 MB for a CJK face).
        smaller = {round(base * 0.9**k) for k in range(1, 6) if 0.9**k > self.min_scale}
        steps = [base, *sorted(smaller | {round(base * self.min_scale)}, reverse=True)]
        if self.text and self.width > 1:
            # Text grows in proportion to its size: start at the first step where the widest word fits.
            widest = max(line_width(measure, word) for word in unbreakable(self.text))
            steps = [size for size in steps if size * widest <= base * self._room] or steps[-1:]
        for size in steps:
            fits = self._fits(size)
            if fits:
                break
        self.font_size = size
        self.shorten = not fits
        self._trigger_texture()  # drawn now, at the size chosen (see texture_update)

    def texture_update(self, *args: object) -> None:
        # While a fit is due, the text would be drawn at a size about to change: a wasted render of every label
        # on every screen that is built. A box with no width yet (before its layout) shows nothing.
        if self._fit_later.is_triggered:
            return
        if self.width <= 1:
            self.texture = None
            self.texture_size = [0, 0]
            return
        super().texture_update(*args)

    def _fits(self, size: float) -> bool:
        if not self.text or self.width <= 1 or self.height <= 1:
            return True
        measure = self._measure(size)
        measure.resolve_font_name()
        height = measure.render()[1]  # lays the lines out without drawing them (refresh would make a texture)
        widest_word = max(line_width(measure, word) for word in unbreakable(self.text))
        # A little room above and below the glyphs may spill over the box, as any Label's would; not Mongolian's,
        # whose letters reach the bottom of its line, and not a second line's: Kivy leaves out the lines that do not
        # fit the box's height (an English title beside the e-ID icon showed only its second line).
        lines = len(getattr(measure, "_cached_lines", ()) or ())
        spill = 0 if is_mongolian(self.text) or lines > 1 else size * 0.2
        return widest_word <= self._room and height <= self.height + spill

    def _measure(self, size: float) -> CoreLabel:
        # Measured as drawn: Mongolian text run by run (kiosk.ui.widgets.mixed), Chinese in the lines it will have.
        kind = MixedScriptLabel if self.markup else CoreLabel
        measure = kind(text=self.text, font_size=size, font_name=self.font_name, bold=self.bold,
                       text_size=(self._room, None), split_str=self.split_str)
        measure.text = self.typeset(self.text, measure)
        return measure

    @property
    def _room(self) -> float:
        """The width the lines wrap in: the box's, or less where a rule keeps a margin in text_size (a button)."""
        return min(self.width, self.text_size[0] or self.width)


class BigButton(ButtonBehavior, BoxLayout):
    """A touch target of at least the theme's button height, with an optional icon. `kind`: primary (the one
    warm action of a screen), secondary (white), header (on the blue header)."""

    text = StringProperty("")
    icon = StringProperty("")
    kind = OptionProperty("secondary", options=["primary", "secondary", "header", "header_on"])
    font_size = NumericProperty(0)  # the label's; 0: the theme's body size
    mongolian = StringProperty("")  # shown vertically before the text (a bilingual station's header)
    max_width = NumericProperty(0)  # with size_hint_x None: the widest it grows, its words wrapped or shrunk; 0: no limit
    wide = NumericProperty(2.4)  # with size_hint_x None: the narrowest it is, in button heights (common.kv)


class ListenKey(ButtonBehavior, Icon):
    """The round 🔊 key of a step screen: says the step's prompt again (kiosk.ui.voice), in any mode."""


class Tile(ButtonBehavior, BoxLayout):
    """A wide tile: icon, a plain title, and a coloured line under it (an item's way of handling)."""

    title = StringProperty("")
    subtitle = StringProperty("")
    icon = StringProperty("")
    colour = ColorProperty((0.04, 0.29, 0.55, 1))
    mongolian = StringProperty("")  # the title in Mongolian, vertical, before the Chinese (kiosk.ui.widgets.mongolian)


class ServiceTile(ButtonBehavior, BoxLayout):
    """One public service (guides, progress, ...): icon above its name and a short hint."""

    title = StringProperty("")
    hint = StringProperty("")
    icon = StringProperty("")
    mongolian = StringProperty("")  # the name in Mongolian, vertical, in place of the icon and the hint


def clock_text(now: time.struct_time) -> str:
    """11月28日 星期六 01:10 / Sat 28 Nov 01:10: built from the date, whatever the system's locale."""
    weekday = (_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日"))[now.tm_wday]
    month = (_("1月"), _("2月"), _("3月"), _("4月"), _("5月"), _("6月"), _("7月"), _("8月"), _("9月"), _("10月"),
             _("11月"), _("12月"))[now.tm_mon - 1]
    return _("{month}{day}日 {weekday} {time}").format(
        month=month, day=now.tm_mday, weekday=weekday, time=f"{now.tm_hour:02d}:{now.tm_min:02d}")


class ClockLabel(FitLabel):
    """Date and time in the header (clock_text), refreshed every few seconds and on a language switch."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._refresh()
        self._event = Clock.schedule_interval(self._refresh, 5)
        tr.bind(lang=self._refresh)

    def _refresh(self, *_: object) -> None:
        self.text = clock_text(time.localtime())


class Header(BoxLayout):
    """Always on screen: station name, date and time, 长辈模式, 呼叫帮办, 返回首页."""

    station_name = StringProperty("")
    elder = BooleanProperty(False)
    other_language = StringProperty("en")  # the language the language button switches to
    bilingual = BooleanProperty(False)  # Mongolian (vertical) beside the Chinese on the buttons
    vertical = BooleanProperty(False)  # Mongolian written vertically on the buttons (kiosk.ui.widgets.lang)
    show_home = BooleanProperty(True)


class DemoButton(BigButton):
    """A demo control (simulated devices only): smaller than the citizen's buttons, so it never competes."""


class StepBar(BoxLayout):
    """Progress through an item: numbered steps, the done ones ticked, the current one highlighted."""

    steps = ListProperty()  # [(label, done, current)]

    # Widgets that build children when a property changes bind their builder after construction, never as an
    # on_<property> handler: Kivy runs the handler of a property given to the constructor inside
    # EventDispatcher.__init__, before Widget.__init__ has made the canvas that add_widget needs.
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(steps=self._show)
        self._show()

    def _show(self, *_: object) -> None:
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

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(headers=self._fill, records=self._fill, max_rows=self._fill)  # after construction: see StepBar
        self._fill()

    def _fill(self, *_: object) -> None:
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
    label_share = NumericProperty(0.35)  # of the width, for the label


class PagedScroll(BoxLayout):
    """A list that may run longer than its room (a large household): it scrolls under a finger, and two large keys
    beside it (上翻 / 下翻) turn it most of a view at a time for a hand that does not swipe; the keys show only
    when the list runs over. `fill` puts the list in, after construction."""

    overflow = BooleanProperty(False)
    at_top = BooleanProperty(True)
    at_bottom = BooleanProperty(True)

    def fill(self, content: Widget) -> None:
        view = self.ids.view
        view.clear_widgets()
        view.add_widget(content)
        # Measured on the frame after a change, once the layout has settled: on the way the sizes pass through steps
        # (a view not yet sized, rows wrapped narrow); keys shown for one of them and taken away again (the rows
        # widened back) left the rows' insides where the narrow rows had them.
        measure = Clock.create_trigger(self._measure, 0)
        content.bind(height=measure)
        view.bind(height=measure, scroll_y=self._ends)
        measure()

    def _measure(self, *_: object) -> None:
        view = self.ids.view
        self.overflow = bool(view.children) and view.children[0].height > view.height + 1
        self._ends()

    def _ends(self, *_: object) -> None:
        view = self.ids.view
        self.at_top = not self.overflow or view.scroll_y >= 0.999
        self.at_bottom = not self.overflow or view.scroll_y <= 0.001

    def turn(self, step: int) -> None:
        """A page up (-1) or down (1): four fifths of the view, so the row at the edge stays in sight."""
        view = self.ids.view
        if not self.overflow:
            return
        distance = view.convert_distance_to_scroll(0, view.height * 0.8)[1]
        view.scroll_y = min(1.0, max(0.0, view.scroll_y - step * distance))


class TableCell(Label):
    header = BooleanProperty(False)


# Widgets of other modules that .kv files use by name, imported when first used.
Factory.register("QRImage", module="kiosk.ui.widgets.qr")
for _name in ("VerticalLabel", "VerticalButton"):
    Factory.register(_name, module="kiosk.ui.widgets.mongolian")
for _name in ("Key", "KeyPad", "PinyinKeyboard"):
    Factory.register(_name, module="kiosk.ui.widgets.keyboards")
Factory.register("TextKeyboard", module="kiosk.ui.widgets.handwriting")
Builder.load_file(str(Path(__file__).with_name("common.kv")))
