"""The data folder's format version (data_dir/FORMAT): written on the kiosk's first start (`kiosk run`), checked
by every command that uses the data folder (kiosk.base.config.check_data_dir).

Rolling back is installing the previous package; a kiosk that finds data written in a format newer than it knows
refuses to start, with a message saying so, instead of reading it wrongly or overwriting it. A change to what is
kept in the data folder that an older kiosk would misread raises CURRENT (and says what it changed below).
"""

from __future__ import annotations

from pathlib import Path

from kiosk.base.errors import ConfigError
from kiosk.base.storage import write_whole

FORMAT_FILE = "FORMAT"
# 1: the outbox, statistics, staff accounts, paper counter, logs and lexicon as of kiosk 0.1.0.
CURRENT = 1


def check_data_format(folder: Path, current: int = CURRENT) -> int | None:
    """The data folder's format version, None when it has none yet (nothing has started there, or its data is
    from before versions were kept, which is format 1); a ConfigError when it is newer than `current` or cannot
    be read. Reads only: every command checks, only the kiosk's start writes."""
    path = folder / FORMAT_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"数据格式版本无法读取 (the data format version cannot be read): {path}", str(exc)) from None
    if not text.isdigit():
        raise ConfigError(f"数据格式版本无法识别 (not a data format version: {text[:20]!r}): {path}", text[:20])
    version = int(text)
    if version > current:
        raise ConfigError(
            f"数据文件夹 {folder} 是更新版本的终端程序写入的（数据格式 {version}，本程序只认识到 {current}）。"
            f"为了不损坏数据，程序不启动：请安装更新的版本 (the data folder was written by a newer kiosk, "
            f"data format {version}; this one knows up to {current} and will not start rather than damage it)",
            f"data format {version} > {current}")
    return version


def claim_data_format(folder: Path, current: int = CURRENT) -> int:
    """At the kiosk's start: the folder's format checked, and written as `current` on the first start."""
    version = check_data_format(folder, current)
    if version is None:
        write_whole(folder / FORMAT_FILE, f"{current}\n".encode("ascii"))
        return current
    return version
