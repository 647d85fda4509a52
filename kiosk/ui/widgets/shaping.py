"""Mongolian on a line measured as it is drawn: shaped.

Kivy's SDL2 text provider keeps one SDL_ttf font per file and size and sets its script (font_script_name) only when
it draws; measuring (get_extents, which lays out every label and every FitLabel's trial) uses whatever script the
font last drew with. A Mongolian font just opened (a new size, or one evicted from Kivy's 64 open fonts) therefore
measures its letters unshaped, much wider than they are drawn: the label's texture is too wide and the joined
glyphs sit at its left, so a centred word starts outside its key or button. Drawing one letter first sets the
script on that font, so the measure that follows is the shaped one.
"""

from __future__ import annotations

from typing import Any

from kivy.core.text import Label as CoreLabel

PRIMER = "\u1820"  # ᠠ
SCRIPT = "Mong"


def shaped_extents(measure: Any) -> Any:
    """`measure` (the provider's get_extents) preceded, for a Mongolian label, by a one-letter draw."""
    from kivy.core.text._text_sdl2 import _SurfaceContainer

    def get_extents(label: Any, text: str) -> tuple[int, int]:
        if label.options.get("font_script_name") == SCRIPT:
            _SurfaceContainer(1, 1).render(label, PRIMER, 0, 0)
        return measure(label, text)

    return get_extents


def install() -> None:
    """Once, before any label is laid out (theme.py, which registers the Mongolian font, calls it)."""
    if CoreLabel.__name__ == "LabelSDL2" and not getattr(CoreLabel.get_extents, "shaped", False):
        CoreLabel.get_extents = shaped_extents(CoreLabel.get_extents)
        CoreLabel.get_extents.shaped = True  # type: ignore[attr-defined]
