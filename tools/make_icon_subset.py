"""Make the kiosk's icon font: the Tabler Icons webfont (MIT licence), subset to the icons the kiosk uses.

Icons used: every `icon:` of config/catalog.yaml and the UI's own list (UI_ICONS). To add one, put its Tabler
name in either place and run:

    cd /tmp && npm pack @tabler/icons-webfont@3.49.0 && tar xzf tabler-icons-webfont-3.49.0.tgz  # -> /tmp/package
    .venv/bin/python tools/make_icon_subset.py /tmp/package
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import yaml
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "assets" / "icons"
UI_ICONS = [
    "home", "help-circle", "headset", "text-increase", "clock", "arrow-left", "arrow-right", "check", "x",
    "alert-triangle", "hand-finger", "id", "qrcode", "printer", "camera", "lock", "settings", "tool", "wifi-off",
    "hourglass", "refresh", "apps", "circle-check", "info-circle", "user", "old", "volume", "language",
    "loader-2", "mood-happy", "mood-smile", "mood-empty", "mood-sad", "mood-cry", "printer-off", "receipt",
    "square", "square-check", "photo", "trash", "keyboard", "backspace", "plus", "pencil", "user-plus", "circle-x",
    "camera-off", "scan", "device-mobile", "clipboard-check",
]


def main(package: str) -> int:
    dist = Path(package) / "dist"
    css = (dist / "tabler-icons.css").read_text(encoding="utf-8")
    codepoints = {m[1]: int(m[2], 16) for m in re.finditer(r'\.ti-([a-z0-9-]+):before\s*\{\s*content:\s*"\\([0-9a-f]+)"', css)}
    catalog = yaml.safe_load((ROOT / "config" / "catalog.yaml").read_text(encoding="utf-8"))
    wanted = sorted({*UI_ICONS, *(e["icon"] for e in catalog["items"] + catalog["services"])})
    unknown = [name for name in wanted if name not in codepoints]
    if unknown:
        print(f"not in Tabler Icons: {', '.join(unknown)}", file=sys.stderr)
        return 1
    font = TTFont(str(dist / "fonts" / "tabler-icons.ttf"))
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(unicodes=[codepoints[name] for name in wanted])
    subsetter.subset(font)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT_DIR / "tabler-icons.ttf"))
    (OUT_DIR / "icons.json").write_text(json.dumps({n: codepoints[n] for n in wanted}, indent=1) + "\n", encoding="utf-8")
    shutil.copy(Path(package) / "LICENSE", OUT_DIR / "LICENSE-tabler-icons.txt")
    print(f"{len(wanted)} icons -> {OUT_DIR.relative_to(ROOT)}/tabler-icons.ttf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package"))
