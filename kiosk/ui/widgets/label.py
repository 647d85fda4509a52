"""Every label of the kiosk, in kv (`Label:`) and in code: Kivy's, except that Chinese lines break where Chinese
typesetting lets them. Kivy breaks a run without spaces at whatever character fills the line, so a closing bracket
or a 、 began a line (家庭年收入（元 / ）) and a list number stood alone above its text (3. / 残疾证…). The lines are
laid out by kiosk.base.textwidth.wrap, the receipts' rules, measured in the label's own font."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from kivy.core.text import Label as CoreLabel
from kivy.factory import Factory
from kivy.uix.label import Label as KivyLabel

from kiosk.base.scripts import is_mongolian
from kiosk.base.textwidth import wrap


def has_han(text: str) -> bool:
    """Whether `text` holds Chinese characters (wide ones), which break lines between any two."""
    return any(unicodedata.east_asian_width(ch) == "W" for ch in text)


def char_widths(core: Any) -> Callable[[str], float]:
    """A text's width in `core`'s font, each character measured alone: a little wider than the shaped run, so no
    line laid out by it is wider than Kivy allows (and additive, as kiosk.base.textwidth.wrap needs)."""
    extents = core.get_cached_extents()
    return lambda part: sum(extents(ch)[0] for ch in part)


class Label(KivyLabel):
    def texture_update(self, *largs: Any) -> None:
        self._label.text = self.typeset(self.text, self._label)
        super().texture_update(*largs)

    def typeset(self, text: str, core: Any) -> str:
        """`text` with its line breaks, as `core` (a core label in this label's font and size) will draw it."""
        width = self.text_size[0]
        if (not width or self.markup or self.shorten or self.font_script_name == "Mong"
                or not has_han(text) or is_mongolian(text)):
            return text
        room = width - self.padding[0] - self.padding[2]
        if room < 2:
            return text
        extents = core.get_cached_extents()
        if all(extents(line)[0] <= room for line in text.split("\n")):
            return text  # Kivy breaks no line: nothing to mend
        return "\n".join(wrap(text, room, char_widths(core)))




class TailLabel(Label):
    """Text a citizen writes, in a box of fixed height (a complaint): when it runs past the box, its last lines are
    shown under a "…" line, as a text field scrolls to where the writing is. Kivy itself would keep the lines the
    alignment favours and drop the others, the newest writing among them."""

    def typeset(self, text: str, core: Any) -> str:
        text = super().typeset(text, core)
        width, height = self.text_size
        if not width or not height or not text:
            return text
        measure = CoreLabel(text=text, font_size=self.font_size, font_name=self.font_name, bold=self.bold,
                            text_size=(width, None))
        measure.resolve_font_name()
        total = measure.render()[1]  # lays the lines out without drawing them
        lines = ["".join(word.text for word in line.words) for line in measure._cached_lines]
        if total <= height or len(lines) < 2:
            return text
        rows = int(height // (total / len(lines)))
        # A line for the "…" where there are lines enough; a box of one line shows the last.
        return "\n".join(["…", *lines[1 - rows:]]) if rows > 1 else lines[-1]


# kv's `Label:` is this one: every screen's labels follow the same rules without each kv file naming them.
Factory.unregister("Label")
Factory.register("Label", cls=Label)
Factory.register("TailLabel", cls=TailLabel)
