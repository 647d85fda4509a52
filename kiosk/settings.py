"""Settings changed from the maintenance screen, written into the config file itself: the new file is
validated by the same loader as at start-up (a wrong value is refused with the same message and nothing is
written), then replaces the old one atomically. Comments and the other keys stay as they were. Changes take
effect at the next start of the app (the page offers the restart)."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig, load_config
from kiosk.errors import ConfigError, KioskError


@dataclass(frozen=True)
class Setting:
    table: str
    key: str
    label: str

    @property
    def path(self) -> str:
        return f"{self.table}.{self.key}"

    def value_in(self, config: KioskConfig) -> Any:
        return getattr(getattr(config, self.table), self.key)


SETTINGS = [
    Setting("session", "idle_timeout_s", "无操作结束（秒）"),
    Setting("session", "warning_s", "结束前提醒（秒）"),
    Setting("session", "elder_idle_timeout_s", "长辈模式无操作结束（秒）"),
    Setting("maintenance", "idle_exit_s", "维护无操作退出（秒）"),
]


def toml_value(value: Any) -> str:
    """A TOML literal for the kinds of values settings hold (a JSON string is a valid TOML basic string)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise KioskError("无法保存这个设置", f"unsupported value type {type(value).__name__}")


def _comment_of(line: str) -> str:
    """The trailing comment of a `key = value` line ('' if none); a '#' inside a string is not one."""
    for i, ch in enumerate(line):
        if ch != "#":
            continue
        try:
            tomllib.loads(line[:i])
        except tomllib.TOMLDecodeError:
            continue
        return line[i:].rstrip("\n")
    return ""


def set_in_text(text: str, table: str, key: str, value: Any) -> str:
    """The config text with `table.key` set to `value`, keeping every other line (and its comment)."""
    lines = text.splitlines(keepends=True)
    literal = f"{key} = {toml_value(value)}"
    start = next((i for i, line in enumerate(lines) if line.strip().split("#")[0].strip() == f"[{table}]"), None)
    if start is None:
        return text.rstrip("\n") + f"\n\n[{table}]\n{literal}\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    for i in range(start + 1, end):
        name = lines[i].split("=", 1)[0].strip()
        if "=" in lines[i] and name == key:
            comment = _comment_of(lines[i])
            padding = " " * max(1, 29 - len(literal)) if comment else ""
            lines[i] = f"{literal}{padding}{comment}\n"
            return "".join(lines)
    lines.insert(start + 1, literal + "\n")
    return "".join(lines)


def write_settings(config: KioskConfig, changes: dict[str, Any]) -> KioskConfig:
    """Apply {"table.key": value} to the config file; returns the validated new config. Raises ConfigError
    (nothing written) when a value is not accepted."""
    path: Path = config.source
    text = path.read_text(encoding="utf-8")
    for dotted, value in changes.items():
        table, key = dotted.split(".", 1)
        text = set_in_text(text, table, key, value)
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_text(text, encoding="utf-8")
    try:
        # The same loader as at start-up, without environment overrides: the file alone must be valid.
        new = load_config(tmp, environ={})
    except ConfigError as exc:
        tmp.unlink()
        message = exc.message.replace(str(tmp.resolve()), str(path)).replace(str(tmp), str(path))
        raise ConfigError(message, exc.detail) from None
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return new.model_copy(update={"source": path})
