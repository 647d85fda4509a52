"""Where the bundled assets are: fonts (with their licences), icons, sounds."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from kiosk import ASSETS_DIR

ASSETS = ASSETS_DIR
FONT_REGULAR = ASSETS / "fonts" / "NotoSansSC-Regular.otf"
FONT_BOLD = ASSETS / "fonts" / "NotoSansSC-Bold.otf"
# Traditional Mongolian script (Noto Sans Mongolian subset: the Mongolian block, joiners, NNBSP; no digits or hanzi).
MONGOLIAN_FONT = ASSETS / "fonts" / "NotoSansMongolian-Regular.ttf"


def font_path(bold: bool = False) -> Path:
    """The bundled Simplified Chinese font (Noto Sans SC subset: GB 2312 and the project's own text)."""
    return FONT_BOLD if bold else FONT_REGULAR
ICON_FONT = ASSETS / "icons" / "tabler-icons.ttf"
_ICON_MAP = ASSETS / "icons" / "icons.json"


@cache
def _icon_codepoints() -> dict[str, int]:
    return json.loads(_ICON_MAP.read_text(encoding="utf-8"))


def icon_glyph(name: str) -> str:
    """The character of a bundled Tabler icon (see tools/make_icon_subset.py to add one)."""
    try:
        return chr(_icon_codepoints()[name])
    except KeyError:
        raise KeyError(f"icon '{name}' is not bundled; add it with tools/make_icon_subset.py") from None


def icon_names() -> set[str]:
    return set(_icon_codepoints())
