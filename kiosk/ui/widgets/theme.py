"""Colours and sizes of the kiosk, as Kivy properties so that .kv rules follow elder mode and the window size.

Sizes are for 1920x1080 landscape (docs/architecture.md, "The look") and scaled to the window; elder mode multiplies
type and targets by the configured factor (at least 1.4).
"""

from __future__ import annotations

from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty

from kiosk.base.assets import MONGOLIAN_FONT, font_path
from kiosk.ui.widgets import shaping

# Base sizes in pixels at 1920x1080. Few distinct type sizes on purpose: each size of each face is a font
# instance in memory (about 1 MB for a CJK face).
BASE = {
    "display": 80,
    "title": 56,
    "tile": 40,
    "body": 32,
    "small": 28,  # nothing a citizen must read is smaller
    "header_h": 120,
    "button_h": 104,  # touch targets at least 96 px high
    "tile_h": 132,
    "gap": 24,
    "pad": 40,
    "icon": 56,
}
ELDER_KEY_H = 104  # a key in 长辈模式 on a landscape screen: a touch target of at least 100 px


# Every label without its own font gets the bundled Chinese font (Kivy's default, Roboto, has no Chinese).
LabelBase.register(DEFAULT_FONT, fn_regular=str(font_path()), fn_bold=str(font_path(bold=True)))
# Traditional Mongolian, always drawn with font_script_name="Mong" (kiosk.ui.widgets.mixed on a line,
# kiosk.ui.widgets.mongolian in a column) so that HarfBuzz joins its letters.
MONGOLIAN = "Mongolian"
LabelBase.register(MONGOLIAN, fn_regular=str(MONGOLIAN_FONT))
shaping.install()  # measured shaped, as drawn


def _hex(code: str) -> tuple[float, float, float, float]:
    code = code.lstrip("#")
    return tuple(int(code[i : i + 2], 16) / 255 for i in (0, 2, 4)) + (1.0,)  # type: ignore[return-value]


class Theme(EventDispatcher):
    elder = BooleanProperty(False)
    elder_scale = NumericProperty(1.4)
    size_factor = NumericProperty(1.0)
    portrait = BooleanProperty(False)

    font = StringProperty(str(font_path()))
    font_bold = StringProperty(str(font_path(bold=True)))

    display = NumericProperty(BASE["display"])
    title = NumericProperty(BASE["title"])
    tile = NumericProperty(BASE["tile"])
    body = NumericProperty(BASE["body"])
    small = NumericProperty(BASE["small"])
    header_h = NumericProperty(BASE["header_h"])
    button_h = NumericProperty(BASE["button_h"])
    tile_h = NumericProperty(BASE["tile_h"])
    gap = NumericProperty(BASE["gap"])
    pad = NumericProperty(BASE["pad"])
    icon = NumericProperty(BASE["icon"])
    # A keyboard's row: in 长辈模式 on a landscape screen only as tall as a big enough target (ELDER_KEY_H), so the
    # keyboard and the field still fit between the header and the step's buttons.
    key_h = NumericProperty(round(BASE["button_h"] * 0.8))

    # Calm public-service palette: one deep blue for structure, one warm accent for the primary action,
    # red only for errors, green only for success.
    background = ColorProperty(_hex("f4f6f9"))
    surface = ColorProperty(_hex("ffffff"))
    primary = ColorProperty(_hex("0b4a8b"))
    primary_light = ColorProperty(_hex("e3edf8"))
    accent = ColorProperty(_hex("e8730c"))
    text = ColorProperty(_hex("1c2430"))
    text_muted = ColorProperty(_hex("4a5565"))
    on_primary = ColorProperty(_hex("ffffff"))
    border = ColorProperty(_hex("c9d3df"))
    error = ColorProperty(_hex("c62828"))
    success = ColorProperty(_hex("2e7d32"))
    way_colours = {
        "immediate": _hex("2e7d32"),
        "promised": _hex("0b4a8b"),
        "appointment": _hex("6a3d9a"),
        "extended": _hex("8a5a00"),
        "self": _hex("00796b"),
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(elder=self._rescale, elder_scale=self._rescale, size_factor=self._rescale, portrait=self._rescale)
        self._rescale()

    def fit_window(self, width: int, height: int) -> None:
        """Scale to the window: 1920x1080 landscape or 1080x1920 portrait is 1.0."""
        self.portrait = height > width
        long_side, short_side = max(width, height), min(width, height)
        self.size_factor = min(long_side / 1920, short_side / 1080)

    def _rescale(self, *_: object) -> None:
        type_factor = self.size_factor * (self.elder_scale if self.elder else 1.0)
        for name in ("display", "title", "tile", "body", "small", "icon", "tile_h", "button_h"):
            setattr(self, name, round(BASE[name] * type_factor))
        for name in ("header_h", "gap", "pad"):
            setattr(self, name, round(BASE[name] * self.size_factor))
        key_h = self.button_h * 0.8
        if self.elder and not self.portrait:
            key_h = min(key_h, ELDER_KEY_H * self.size_factor)
        self.key_h = round(key_h)

    def way_colour(self, way: str) -> tuple[float, float, float, float]:
        return self.way_colours[way]
