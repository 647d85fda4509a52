"""Settings changed from the maintenance screen, written into the config file itself: the new file is
validated by the same loader as at start-up (a wrong value is refused with the same message and nothing is
written), then replaces the old one atomically. Comments and the other keys stay as they were. Most changes take
effect at the next start of the app (the page offers the restart); the voice and the default language at once."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.base.config import KioskConfig, is_loopback_url, load_config
from kiosk.base.errors import ConfigError, KioskError
from kiosk.base.i18n import LANGUAGES, _


@dataclass(frozen=True)
class Setting:
    """One value the maintenance page edits. `kind` says how it is typed and shown: "int" (number pad), "percent"
    (0-100 on the pad, a 0-1 fraction in the file), "hours" (opening spans typed as digits, 8 per span), "text"
    (pinyin keyboard), "url" (letters and signs), "bool" and "language" (chosen from buttons). `admin`: only an
    admin edits it; an operator sees it read-only. `live`: used at once, not only from the next start."""

    table: str
    key: str
    label: str
    kind: str = "int"
    admin: bool = True
    live: bool = False

    @property
    def path(self) -> str:
        return f"{self.table}.{self.key}"

    def value_in(self, config: KioskConfig) -> Any:
        return getattr(getattr(config, self.table), self.key)

    def shown(self, value: Any) -> str:
        """The value as the page shows it (translated words for the choices)."""
        if self.kind == "percent":
            return f"{round(float(value) * 100)}%"
        if self.kind == "hours":
            return "  ".join(value) if value else _("未设置")
        if self.kind == "bool":
            return _("是") if value else _("否")
        if self.kind == "language":
            return LANGUAGES.get(value, str(value))
        return str(value)

    def typed_value(self, typed: str) -> Any:
        """The value of what was typed on the page; KioskError when it cannot be one (the config loader checks
        the range and the rest)."""
        if self.kind in ("int", "percent"):
            if not typed.isdigit():
                raise KioskError(_("请输入数字"), f"{self.path}: not digits")
            return int(typed) / 100 if self.kind == "percent" else int(typed)
        if self.kind == "hours":
            if not typed.isdigit() or len(typed) % 8:
                raise KioskError(_("开放时间每段输入8位数字，如 08301200 表示 08:30-12:00"), f"{self.path}: {len(typed)} digits")
            return [hours_text(typed[i:i + 8]) for i in range(0, len(typed), 8)]
        if self.kind == "bool":
            return typed == "true"
        if self.kind == "url" and typed.strip().startswith("http://") and not is_loopback_url(typed.strip()):
            raise KioskError(_("平台地址须以 https:// 开头（只有本机地址可以用 http://）"),
                             f"{self.path}: plain http to a remote host")
        return typed.strip()


def hours_text(digits: str) -> str:
    """Typed digits as opening spans while they are typed: 0830120014 -> 08:30-12:00, 14."""
    spans = []
    for i in range(0, len(digits), 8):
        span = digits[i:i + 8]
        text = ":".join(span[j:j + 2] for j in range(0, min(len(span), 4), 2))
        if len(span) > 4:
            text += "-" + ":".join(span[j:j + 2] for j in range(4, len(span), 2))
        spans.append(text)
    return ", ".join(spans)


SETTINGS = [
    Setting("station", "name", "站点名称", kind="text"),
    Setting("station", "hours", "开放时间", kind="hours"),
    Setting("session", "idle_timeout_s", "无操作结束（秒）"),
    Setting("session", "warning_s", "结束前提醒（秒）"),
    Setting("session", "elder_idle_timeout_s", "长辈模式无操作结束（秒）"),
    Setting("maintenance", "idle_exit_s", "维护无操作退出（秒）"),
    Setting("voice", "volume", "语音音量", kind="percent", admin=False, live=True),
    Setting("voice", "mute", "语音静音", kind="bool", admin=False, live=True),
    Setting("display", "language", "默认语言", kind="language", live=True),
    Setting("backend", "url", "平台地址", kind="url"),
]
SETTING_BY_PATH = {s.path: s for s in SETTINGS}


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
    raise KioskError(_("无法保存这个设置"), f"unsupported value type {type(value).__name__}")


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

