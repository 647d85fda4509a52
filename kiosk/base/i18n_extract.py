"""Find the translatable text of the project, and text a person would see that bypasses `_()`.

Used by `kiosk i18n` (for translators) and by the tests (no string ships without its translation).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
import yaml

from kiosk import CONFIG_DIR, PACKAGE_DIR
from kiosk.base import i18n

PACKAGE = PACKAGE_DIR
CATALOG = CONFIG_DIR / "catalog.yaml"
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
# `_("...")` or `tr._("...")` in a .kv file; kv values are Python expressions, so a regex over them is enough.
KV_CALL = re.compile(r"""\b_\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)""")
KV_STRING = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
# Where everything a citizen or the staff reads on screen is made.
UI_CODE = ("ui/screens", "ui/widgets", "ui/app.py")


@dataclass(frozen=True)
class Place:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{self.line}"


def _is_translate_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id in ("_", "N_")) or (
        isinstance(func, ast.Attribute) and func.attr == "_")


def _files(root: Path, suffix: str) -> list[Path]:
    return sorted(p for p in root.rglob(f"*{suffix}") if "__pycache__" not in p.parts)


def code_messages(root: Path = PACKAGE) -> dict[str, list[Place]]:
    """Every literal passed to `_()` in the package's Python and kv files."""
    found: dict[str, list[Place]] = {}
    for path in _files(root, ".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_translate_call(node):
                arg = node.args[0]  # type: ignore[attr-defined]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, []).append(Place(path, arg.lineno))
    for path in _files(root, ".kv"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in KV_CALL.finditer(line):
                found.setdefault(ast.literal_eval(match.group(1)), []).append(Place(path, number))
    return found


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def catalog_messages(path: Path = CATALOG) -> dict[str, list[Place]]:
    """Every Chinese text of the catalog (names, labels, guide text): the screens show them through `_()`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {text: [Place(path, 0)] for text in _strings(data) if CJK.search(text)}


def english_messages() -> dict[str, list[Place]]:
    """Every message the English catalog translates, at its place there: some are looked up from tables (the
    platform's field labels, a device's error codes, the catalog's choices) and appear in no `_()` call."""
    found: dict[str, list[Place]] = {}
    for path in sorted((i18n.LOCALE_DIR / "en").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                found.setdefault(entry.msgid, []).append(Place(path, entry.linenum))
    return found


def untranslated(lang: str) -> dict[str, list[Place]]:
    """The messages of code and catalog, and those English translates, that `lang` has no translation for."""
    table = i18n.translations(lang)
    wanted = {**english_messages(), **catalog_messages(), **code_messages()}
    return {text: places for text, places in wanted.items() if text not in table}


def bypassing(root: Path = PACKAGE) -> list[tuple[Place, str]]:
    """Chinese literals in the UI code that do not go through `_()` (docstrings and log messages aside)."""
    found: list[tuple[Place, str]] = []
    for part in UI_CODE:
        target = root / part
        paths = [target] if target.is_file() else _files(target, ".py")
        for path in paths:
            found.extend((Place(path, line), text) for line, text in _python_bypassing(path))
        if target.is_dir():
            for path in _files(target, ".kv"):
                found.extend((Place(path, line), text) for line, text in _kv_bypassing(path))
    return found


def _python_bypassing(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if _is_translate_call(node):
            exempt.update(id(arg) for arg in node.args[:1])  # type: ignore[attr-defined]
        elif isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))  # a docstring
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
            "debug", "info", "warning", "error", "exception",
        ):
            exempt.update(id(arg) for arg in node.args)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in exempt:
            if CJK.search(node.value):
                yield node.lineno, node.value


def _kv_bypassing(path: Path) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        wrapped = {m.start(1) for m in KV_CALL.finditer(line)}
        for match in KV_STRING.finditer(line):
            if match.start(1) not in wrapped and CJK.search(match.group(1)):
                yield number, ast.literal_eval(match.group(1))
