"""The layer rule of docs/architecture.md, read from the source (no imports of the package): imports point
downwards, nothing below ui/ imports Kivy, screens only show and ask, vision does no I/O, and no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KIOSK = Path(__file__).resolve().parents[1] / "kiosk"

# Each wing with the wings it may import (besides itself). Lower wings never import higher ones.
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "core": {"base"},
    "vision": {"base"},
    "ime": {"base", "core"},
    "devices": {"base", "core", "vision"},
    "backend": {"base", "core"},
    "receipts": {"base", "core", "devices"},
    "sandbox": {"base", "core", "backend", "devices"},
    "runtime": {"base", "core", "vision", "ime", "devices", "backend", "receipts", "sandbox"},
    "staff": {"base", "core", "vision", "ime", "devices", "backend", "receipts", "runtime"},
    "demo": {"base", "core", "vision", "devices", "backend", "receipts", "sandbox", "runtime", "staff"},
    "ui": {"base", "core", "vision", "ime", "devices", "backend", "receipts", "sandbox", "runtime", "staff", "demo"},
}
NO_KIVY = ("core", "devices", "vision", "backend", "receipts", "runtime", "staff", "base", "ime", "sandbox")
# What a screen may not reach: the drivers, the platform's wire, the sandbox, the runtime's insides.
SCREEN_FORBIDDEN = ("kiosk.devices", "kiosk.backend", "kiosk.sandbox", "kiosk.runtime")
SCREEN_ALLOWED = ("kiosk.runtime.controller",)
# Screens go off the UI thread one way, through the controller: none starts threads or pools of its own.
SCREEN_NO_THREADS = ("threading", "concurrent", "multiprocessing", "_thread")
# I/O a pure image function must not do.
VISION_IO = {"open", "imread", "imwrite", "imdecode_file", "VideoCapture", "read_text", "read_bytes", "write_text",
             "write_bytes", "urlopen", "socket"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(KIOSK.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(KIOSK.rglob("*.py"))}


def imports_of(path: Path, top_level_only: bool = False) -> set[str]:
    """The modules `path` imports (`from a import b` counts as a.b when b is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = [n for n in tree.body] if top_level_only else list(ast.walk(tree))
    if top_level_only:  # module level includes `if`/`try` blocks, not function bodies
        nodes = [n for top in tree.body if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                 for n in ast.walk(top)]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES)
    return found


def wing(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_point_downwards(layer: str) -> None:
    wrong = sorted(f"{name} -> {target}" for name, path in MODULES.items() if wing(name) == layer
                   for target in imports_of(path)
                   if target.startswith("kiosk.") and wing(target) not in ALLOWED[layer] | {layer}
                   and target not in ("kiosk",))
    assert wrong == []


@pytest.mark.parametrize("layer", NO_KIVY)
def test_nothing_below_the_ui_imports_kivy(layer: str) -> None:
    wrong = sorted(name for name, path in MODULES.items() if wing(name) == layer
                   and any(t == "kivy" or t.startswith("kivy.") for t in imports_of(path)))
    assert wrong == []


def test_screens_only_show_and_ask() -> None:
    """No screen imports a driver, the backend, the sandbox or the runtime's insides, nor reads `.runtime`, nor
    starts a thread of its own."""
    wrong = []
    for name, path in MODULES.items():
        if not name.startswith("kiosk.ui.screens"):
            continue
        for target in imports_of(path):
            if target.startswith(SCREEN_FORBIDDEN) and target not in SCREEN_ALLOWED \
                    or target.split(".")[0] in SCREEN_NO_THREADS:
                wrong.append(f"{name} imports {target}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrong += [f"{name}:{node.lineno} reads .runtime" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and node.attr == "runtime"]
    assert wrong == []


def test_vision_does_no_io() -> None:
    wrong = []
    for name, path in MODULES.items():
        if wing(name) != "vision":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if called in VISION_IO:
                    wrong.append(f"{name}:{node.lineno} calls {called}")
    assert wrong == []


def test_no_import_cycle() -> None:
    """Among the imports that run when a module is imported (module level, not inside functions)."""
    graph = {name: {t for t in imports_of(path, top_level_only=True) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, stack + [node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


def test_the_rules_see_the_package() -> None:
    # A rule over no modules would pass whatever the code did.
    assert {wing(m) for m in MODULES} >= set(ALLOWED)
    assert "kivy.app" in imports_of(MODULES["kiosk.ui.app"])
    assert "kiosk.core.flow" in imports_of(MODULES["kiosk.runtime.controller"])
