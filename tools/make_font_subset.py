"""Make the kiosk's bundled fonts: the Simplified Chinese face of Noto Sans CJK, and Noto Sans Mongolian, subset.

The subset keeps ASCII, Latin-1, general and CJK punctuation, full-width forms, every character of GB 2312
(the 6,763 hanzi of everyday Chinese, which cover the county's place names and common given names), and every
character that appears in the project's own text (config, catalog, code, specs).

Source: Debian's fonts-noto-cjk (NotoSansCJK-{Regular,Bold}.ttc, SIL Open Font License 1.1).
Kivy opens only the first face of a .ttc, so the SC face is extracted into a standalone .otf.

Noto Sans Mongolian (Debian's fonts-noto-core, OFL 1.1) keeps the Mongolian block (with the free variation
selectors and MVS), the joiners, NNBSP and the Latin and CJK punctuation it has, and all its layout features: Kivy's SDL2 text
shapes it with HarfBuzz (font_script_name='Mong'). It has no digits or hanzi; those come from the CJK font.

    apt-get install fonts-noto-cjk fonts-noto-core && .venv/bin/python tools/make_font_subset.py [cjk|mongolian]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
MONGOLIAN_SOURCE = Path("/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf")
OUT_DIR = ROOT / "assets" / "fonts"
TEXT_GLOBS = ["config/**/*.yaml", "config/**/*.toml", "kiosk/**/*.py", "kiosk/**/*.kv", "kiosk/**/*.yaml"]
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF),
          (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def gb2312_characters() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_characters() -> set[str]:
    chars: set[str] = set()
    for pattern in TEXT_GLOBS:
        for path in ROOT.glob(pattern):
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if ord(c) > 0x7F}


def subset_options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    return options


def make_mongolian() -> None:
    face = TTFont(str(MONGOLIAN_SOURCE))
    wanted = {c for c in face.getBestCmap() if c < 0x2460 or 0x3000 <= c <= 0x303F}
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(face)
    out = OUT_DIR / "NotoSansMongolian-Regular.ttf"
    face.save(str(out))
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KiB")


def make_cjk() -> None:
    wanted = gb2312_characters() | project_characters()
    for start, end in RANGES:
        wanted.update(chr(c) for c in range(start, end + 1))
    for weight in ("Regular", "Bold"):
        collection = TTCollection(str(SOURCE_DIR / f"NotoSansCJK-{weight}.ttc"))
        face = next(f for f in collection.fonts if f["name"].getDebugName(4) == f"Noto Sans CJK SC{'' if weight == 'Regular' else ' Bold'}")
        subsetter = subset.Subsetter(subset_options())
        subsetter.populate(unicodes=[ord(c) for c in wanted])
        subsetter.subset(face)
        out = OUT_DIR / f"NotoSansSC-{weight}.otf"
        face.save(str(out))
        print(f"{out.relative_to(ROOT)}: {len(wanted)} characters, {out.stat().st_size // 1024} KiB")


def main() -> int:
    which = sys.argv[1:] or ["cjk", "mongolian"]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if "cjk" in which:
        make_cjk()
    if "mongolian" in which:
        make_mongolian()
    return 0


if __name__ == "__main__":
    sys.exit(main())
