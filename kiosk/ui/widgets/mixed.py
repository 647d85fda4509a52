"""Mongolian beside Chinese, digits and Latin on one horizontal line: each run in its own font, Mongolian shaped.

Noto Sans Mongolian has no digits, Latin, hanzi or full stop, and a Kivy label draws with one font. Kivy's markup
labels may change font between words, so a label whose text holds Mongolian turns markup on (the `<Label>` rule in
common.kv) and is drawn by `MixedScriptLabel`: the runs of kiosk.base.scripts.script_runs, Mongolian in the
Mongolian font with font_script_name "Mong" (HarfBuzz joins the letters), the rest in the label's own font. Kivy's
layout then wraps, aligns and shortens the line as for any label; its ellipsis is in the label's font, which has
the full stop the Mongolian font lacks.

A line of Noto Sans Mongolian is 1.75 times its size high, and the top of it is empty: no letter of the messages
reaches above half the size under the line's top (the font's ascent leaves room for marks the messages do not use).
A Mongolian run is laid out without that empty top (TRIM) and drawn raised by as much, so a Mongolian line is about
as tall as a Chinese one (1.3 against 1.4 times the size) and its letters sit on the Chinese run's band.
"""

from __future__ import annotations

from typing import Any

import kivy.uix.label
from kivy.core.text.markup import MarkupLabel

from kiosk.base.scripts import is_mongolian, script_runs
from kiosk.ui.widgets.mongolian import shaped_run
from kiosk.ui.widgets.theme import MONGOLIAN

TRIM = 0.42  # of the font size: the empty top of a Mongolian line (the messages' letters start below 0.49)

_widths: dict[tuple[str, float, bool], int] = {}


def shaped_width(text: str, font_size: float, bold: bool) -> int:
    """The width of a Mongolian run as drawn, shaped. SDL2's measure of a Mongolian run is not always shaped (it
    depends on what the shared font object last drew), and an unshaped measure leaves a gap after the run."""
    key = (text, font_size, bold)
    if key not in _widths:
        _widths[key] = shaped_run(text, True, font_size, bold).width
    return _widths[key]


class MixedScriptLabel(MarkupLabel):
    """Kivy's markup label with every Mongolian run of the text in the Mongolian font, shaped."""

    @property
    def markup(self) -> list[str]:
        items: list[str] = []
        for item in super().markup:
            if not is_mongolian(item):  # Chinese, Latin, a tag
                items.append(item)
                continue
            for run, mongolian in script_runs(item):
                items += [f"[font={MONGOLIAN}]", run, "[/font]"] if mongolian else [run]
        return items

    def resolve_font_name(self) -> None:
        # The markup switches fonts and calls this after each switch: the script follows the font, set on the
        # font object when a run is drawn (Kivy keeps one per file and size, shared by every label).
        super().resolve_font_name()
        self.options["font_script_name"] = "Mong" if self.options["font_name"] == MONGOLIAN else "Latn"

    def _trim(self) -> int:
        return round(self.options["font_size"] * TRIM) if self.options["font_name"] == MONGOLIAN else 0

    def get_extents(self, text: str) -> tuple[int, int]:
        width, height = super().get_extents(text)
        height -= self._trim()
        if self.options["font_name"] != MONGOLIAN or not text.strip():
            return width, height
        body = text.rstrip(" ")
        spaces = len(text) - len(body)
        return shaped_width(body, self.options["font_size"], self.options["bold"]) + spaces * super().get_extents(" ")[0], height

    def _render_text(self, text: str, x: int, y: int) -> None:
        super()._render_text(text, x, y - self._trim())

    def render_lines(self, lines: list[Any], options: dict[str, Any], render_text: Any, y: int, size: Any) -> int:
        # Bottom line first: a raised Mongolian run's empty top is copied over the line above (SDL copies a run's
        # pixels, transparent ones too), which is drawn after it and so keeps the letters that reach its bottom.
        tops = []
        for line in lines:
            tops.append(y)
            y += line.h
        for line, top in reversed(list(zip(lines, tops))):
            super().render_lines([line], options, render_text, top, size)
        return y

    def line_width(self, text: str) -> int:
        """The width of `text` on one line, each run in its font (what get_extents is for one font)."""
        options = self.options
        width = 0
        for run, mongolian in script_runs(text):
            self.options = dict(options, font_name=MONGOLIAN) if mongolian else dict(options)
            self.resolve_font_name()
            width += self.get_extents(run)[0]
        self.options = options
        return width


def line_width(label: Any, text: str) -> int:
    """The width of `text` on one line in a core label's fonts, mixed or not."""
    return label.line_width(text) if isinstance(label, MixedScriptLabel) else label.get_extents(text)[0]


# Every Label with markup on is drawn by the class above (kivy.uix.label picks its core class from this name when
# markup changes); the kiosk's only markup labels are those the <Label> rule turns on for Mongolian text.
kivy.uix.label.CoreMarkupLabel = MixedScriptLabel
