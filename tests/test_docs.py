"""The project's documentation matches its tree: every `kiosk/...` path and `kiosk.x.y` name the README and docs/
mention exists, their relative links resolve, and nothing points to documents outside the repository.
Plain text and the file system only: no Kivy, no imports of the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

# `kiosk/core/flow.py`, `kiosk/ui/screens/<wing>/` (up to the placeholder); not `/opt/kiosk/...` or `70-kiosk.rules`.
_PATH = re.compile(r"(?<![\w/.~-])kiosk/[\w./-]*")
# `kiosk.core.flow`, `kiosk.runtime.actions.Work.send`; not `kiosk.toml` or `kiosk.service` (file names).
_DOTTED = re.compile(r"(?<![\w/.~-])kiosk(?:\.[A-Za-z_]\w*)+")
_FILE_SUFFIXES = {"toml", "service", "log", "rules", "yaml", "yml", "json", "po", "py", "kv", "md", "txt", "sqlite",
                  "key", "png", "wav", "desktop"}
# [text](target) with a relative target.
_LINK = re.compile(r"\]\(((?![a-z][a-z0-9+.-]*:|#)[^)\s]+)\)")
# Written in two pieces so this file does not trip its own check.
_OUTSIDE = ("../" + "shared", "shared/" + "spec/", "DESIGN" + ".md")


def _doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _paths(text: str) -> set[str]:
    return {m.group(0).rstrip("./") for m in _PATH.finditer(text)}


def _module_file(parts: list[str]) -> Path | None:
    """The file of module `kiosk.<parts>` (a package's __init__.py), or None."""
    base = ROOT.joinpath("kiosk", *parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _defines(source: str, name: str) -> bool:
    return re.search(rf"^\s*(?:class|def)\s+{name}\b|^\s*{name}\s*[:=]|^\s*(?:from\s+\S+\s+)?import\s.*\b{name}\b",
                     source, re.MULTILINE) is not None


def _dotted_problem(name: str) -> str:
    """Why `kiosk.x.y[.Attr...]` does not resolve ("" when it does)."""
    parts = name.split(".")[1:]
    if len(parts) == 1 and parts[0] in _FILE_SUFFIXES:
        return ""  # a file name such as kiosk.toml
    for n in range(len(parts), 0, -1):
        module = _module_file(parts[:n])
        if module is None:
            continue
        source = module.read_text(encoding="utf-8")
        missing = [attr for attr in parts[n:] if not _defines(source, attr)]
        return f"{name}: {', '.join(missing)} not defined in {_doc_id(module)}" if missing else ""
    return f"{name}: no such module"


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_module_paths_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = sorted(p for p in _paths(text) if not (ROOT / p).exists() and not (ROOT / f"{p}.py").exists())
    assert not missing, f"{_doc_id(doc)} names paths that are not in the tree: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_dotted_names_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    problems = sorted(filter(None, (_dotted_problem(m.group(0)) for m in _DOTTED.finditer(text))))
    assert not problems, f"{_doc_id(doc)}: " + "; ".join(problems)


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_relative_links_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    broken = sorted(t for t in _LINK.findall(text) if not (doc.parent / t.split("#")[0]).exists())
    assert not broken, f"{_doc_id(doc)} links to what is not there: {broken}"


def test_nothing_points_outside_the_repository() -> None:
    sources = [*DOCS, *(ROOT / "kiosk").rglob("*.py"), *(ROOT / "kiosk").rglob("*.kv"),
               *(ROOT / "kiosk").rglob("*.yaml"), *(ROOT / "tests").rglob("*.py")]
    found = [f"{_doc_id(path)}:{n}" for path in sources
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if any(marker in line for marker in _OUTSIDE)]
    assert not found, f"references to documents outside the repository (use docs/): {found}"


def test_the_checks_see_what_they_should() -> None:
    # The patterns themselves: a path, a dotted name with an attribute, and what they must leave alone.
    assert _paths("see `kiosk/core/flow.py`, /opt/kiosk/kiosk.toml, 70-kiosk.rules") == {"kiosk/core/flow.py"}
    assert _dotted_problem("kiosk.core.flow.ItemFlow") == ""
    assert _dotted_problem("kiosk.core.flow.NoSuchThing") != ""
    assert _dotted_problem("kiosk.no_such_module") != ""
    assert _dotted_problem("kiosk.toml") == ""
    found = [m.group(0) for m in _DOTTED.finditer("the kiosk. Then kiosk.cli and 50-kiosk.polkit.rules")]
    assert found == ["kiosk.cli"]
