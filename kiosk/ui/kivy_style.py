"""Kivy's default style without the rules of widget families the kiosk never shows.

Kivy parses its whole default style (`kivy/data/style.kv`, 74 rules in 1,340 lines) when `kivy.lang` is
imported: about 45 ms of every start, most of it for file choosers, settings panels, action bars and the like.
`KIVY_DATA_DIR` (a documented Kivy setting) may name another data folder; the kiosk gives it a copy of the
installed Kivy's own folder (symlinks) whose style.kv keeps every rule but those of the families below, made
once per Kivy installation in the kiosk's cache folder. Any failure leaves Kivy's own folder in use: slower, the
same look. Must not import Kivy: it runs before Kivy reads its environment."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
import zlib
from pathlib import Path

# Widget families whose default rules are dropped. A kiosk widget built on one of them would lose its look:
# tests/test_app.py checks every widget of every screen and overlay against them.
UNUSED_FAMILIES = (
    "Accordion", "Action", "Bubble", "CodeInput", "ColorPicker", "ColorWheel", "ContentPanel", "FileChooser",
    "FileIconEntry", "FileListEntry", "Interface", "Menu", "Selector", "Setting", "Splitter", "StripLayout",
    "TabbedPanel", "TextInputCutCopyPaste", "TreeView", "VideoPlayer",
)

STYLE = "style.kv"
_RULE_HEAD = re.compile(r"(?m)^(?=[<\[])")  # a rule or template starts at the left margin
_SELECTOR = re.compile(r"[<\[]([^>\]]*)[>\]]")


def rule_classes(head: str) -> list[str]:
    """The class names a rule's first line styles: `<-Button,-ToggleButton>:` → Button, ToggleButton;
    `[FileListEntry@FloatLayout+TreeViewNode]:` → FileListEntry."""
    match = _SELECTOR.match(head)
    if match is None:
        return []
    return [name.strip().lstrip("-").split("@")[0] for name in match.group(1).split(",")]


def styled_classes(style: str) -> set[str]:
    """Every class name a style file has a rule for."""
    return {name for block in _RULE_HEAD.split(style) for name in rule_classes(block)}


def trim_style(style: str) -> str:
    """The style without the rules whose classes all belong to unused families; everything else verbatim."""
    kept = []
    for block in _RULE_HEAD.split(style):
        names = rule_classes(block)
        if names and all(name.startswith(UNUSED_FAMILIES) for name in names):
            continue
        kept.append(block)
    return "".join(kept)


def kivy_data_folder() -> Path | None:
    """The installed Kivy's data folder, found without importing Kivy."""
    spec = importlib.util.find_spec("kivy")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def cache_root() -> Path:
    """systemd's CacheDirectory= (deploy/kiosk.service: the home is read-only there), else the user's cache."""
    if os.environ.get("CACHE_DIRECTORY"):
        return Path(os.environ["CACHE_DIRECTORY"].split(":")[0])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kiosk"


def trimmed_data_dir(root: Path | None = None) -> Path | None:
    """A data folder for KIVY_DATA_DIR with the trimmed style, made if missing; None if it cannot be made."""
    source = kivy_data_folder()
    if source is None:
        return None
    try:
        stat = (source / STYLE).stat()
        key = zlib.crc32(f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{','.join(UNUSED_FAMILIES)}".encode())
        target = (root or cache_root()) / f"kivy-data-{key:08x}"
        if (target / STYLE).is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        # Built aside and renamed into place, so a kiosk starting at the same moment never sees half a folder.
        staging = Path(tempfile.mkdtemp(prefix=".kivy-data-", dir=target.parent))
        try:
            for entry in source.iterdir():
                if entry.name != STYLE:
                    (staging / entry.name).symlink_to(entry)
            style = trim_style((source / STYLE).read_text(encoding="utf-8"))
            (staging / STYLE).write_text(style, encoding="utf-8")
            staging.rename(target)
        except OSError:  # a full disk, or made meanwhile by another start
            shutil.rmtree(staging, ignore_errors=True)
        return target if (target / STYLE).is_file() else None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to hold a cache
        return None
