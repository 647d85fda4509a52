"""Settings changed from the maintenance screen, written into `settings.toml` in the data folder, which the
config loader lays over the config file (on a terminal /etc/kiosk/kiosk.toml is read-only). The new file is
validated by the same loader as at start-up (a wrong value is refused with the same message and nothing is
written), then replaces the old one atomically; it is edited with tomlkit, so comments and layout stay as they
were. Most changes take effect at the next start of the app (the page offers the restart); the voice and the
default language at once."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from kiosk.base.config import SETTINGS_FILE, KioskConfig, is_loopback_url, load_config
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


SETTINGS_HEADER = """\
# Settings changed on the maintenance screen (维护 → 设置), laid over the config file when the kiosk starts.
# Written by the kiosk; a key removed here takes the config file's value again.
"""


def settings_file(config: KioskConfig) -> Path:
    return config.data_dir / SETTINGS_FILE


def _unsaved(path: Path, exc: OSError) -> KioskError:
    return KioskError(_("设置无法保存：数据文件夹不能写入，请联系技术人员") + f" ({path}: {exc.strerror})",
                      f"cannot write {path}: {exc}")


def write_settings(config: KioskConfig, changes: dict[str, Any]) -> KioskConfig:
    """Apply {"table.key": value} to the settings file in the data folder (comments and hand-made layout kept);
    returns the validated new config. Raises ConfigError (nothing written) when a value is not accepted, and
    KioskError when the file cannot be written."""
    path = settings_file(config)
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8") if path.exists() else SETTINGS_HEADER)
    except OSError as exc:
        raise _unsaved(path, exc) from None
    except TOMLKitError as exc:
        raise ConfigError(f"设置文件格式有误 (not valid TOML): {path}: {exc}", str(exc)) from None
    for dotted, value in changes.items():
        table, key = dotted.split(".", 1)
        section = document.get(table)
        if section is None:
            section = document[table] = tomlkit.table()
        section[key] = value
    tmp = path.with_name(f".{path.name}.new")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(tomlkit.dumps(document))
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        _discard(tmp)
        raise _unsaved(path, exc) from None
    try:
        # The same loader as at start-up, without environment overrides: the files alone must be valid.
        new = load_config(config.source, environ={}, settings=tmp)
    except ConfigError as exc:
        tmp.unlink()
        message = exc.message.replace(str(tmp.resolve()), str(path)).replace(str(tmp), str(path))
        raise ConfigError(message, exc.detail) from None
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise _unsaved(path, exc) from None
    return new


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):  # what could not be written may not be removable either
        tmp.unlink()
