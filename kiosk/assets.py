"""Where the bundled assets are: fonts (with their licences), icons, sounds."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONT_REGULAR = ASSETS / "fonts" / "NotoSansSC-Regular.otf"
FONT_BOLD = ASSETS / "fonts" / "NotoSansSC-Bold.otf"


def font_path(bold: bool = False) -> Path:
    """The bundled Simplified Chinese font (Noto Sans SC subset: GB 2312 and the project's own text)."""
    return FONT_BOLD if bold else FONT_REGULAR
