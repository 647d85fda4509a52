"""The one way the kiosk reads its YAML data files (catalog, stations, simulated identities): a key given twice in
one mapping is an error naming both lines (YAML's own rule; PyYAML lets the second silently win, and a second
`amount_per_person: 0.01` would set a fee), and a file that is missing, a folder, unreadable, not UTF-8, not
YAML or nested too deeply gives one ConfigError naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kiosk.base.errors import ConfigError

# The C parser when PyYAML has it (the catalog is read before the first frame); mappings are built in Python.
_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, key: str, first: int, second: int) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _UniqueKeyLoader(_BASE):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[str, str], int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise _DuplicateKey(key_node.value, seen[key], line)
                seen[key] = line
        return super().construct_mapping(node, deep)


def load_yaml(path: Path, what: str) -> Any:
    """The document in `path`; `what` names the file for a person ("事项目录 (catalog)")."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{what}文件不存在 (not found): {path}", str(path)) from None
    except IsADirectoryError:
        raise ConfigError(f"{what}路径是一个文件夹，不是文件 (a folder, not a file): {path}", str(path)) from None
    except OSError as exc:
        raise ConfigError(f"{what}文件无法读取 (cannot be read: {exc.strerror}): {path}", str(exc)) from None
    try:
        return yaml.load(data.decode("utf-8"), Loader=_UniqueKeyLoader)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what}文件不是 UTF-8 文本 (not UTF-8 text): {path}", str(exc)) from None
    except _DuplicateKey as dup:
        raise ConfigError(f"{what}格式有误 (a key given twice): {path}: '{dup.key}' on line {dup.first} and again on "
                          f"line {dup.second}; keep one", f"duplicate key {dup.key!r}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{what}格式有误 (not valid YAML): {path}: {exc}", str(exc)) from None
    except RecursionError:
        raise ConfigError(f"{what}嵌套过深 (nested too deeply): {path}", "recursion") from None
