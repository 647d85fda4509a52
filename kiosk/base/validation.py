"""Turning pydantic's validation errors into one readable paragraph that names file, key, value and expectation."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.base.errors import ConfigError
from kiosk.base.yamlfile import load_yaml

M = TypeVar("M", bound=BaseModel)

ENV_ORIGIN = "environment variable"  # how a key set from the environment names its origin


def dotted(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _describe_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _origin(key: str, key_sources: dict[str, str], source: str) -> str:
    """Where a key came from: the variable that set it, or set a key below it (KIOSK_NOPE__X makes the unknown
    section 'nope'; KIOSK_DISPLAY__WIDTH__X a section of 'display.width'), else the file."""
    if key in key_sources:
        return key_sources[key]
    below = sorted(origin for dotted_key, origin in key_sources.items() if dotted_key.startswith(key + "."))
    return ", ".join(below) if below else source


def config_error_from(exc: ValidationError, source: str, key_sources: dict[str, str] | None = None) -> ConfigError:
    """One paragraph for every problem in `source`; `key_sources` names where a key came from instead
    (an environment variable overriding the file)."""
    problems = []
    for err in exc.errors():
        key = dotted(err["loc"])
        where = _origin(key, key_sources or {}, source)
        if err["type"] == "extra_forbidden":
            problems.append(f"{where}: unknown key '{key}' (check its spelling, or remove it)")
            continue
        if err["type"] == "missing":
            problems.append(f"{where}: key '{key}' is missing; {err['msg'].lower()}")
            continue
        from_env = where.startswith(ENV_ORIGIN)
        if from_env and isinstance(err.get("input"), dict) and key not in (key_sources or {}):
            # KIOSK_DISPLAY__WIDTH__X: the variable made a section of a single value.
            problems.append(f"{where}: '{key}' is a single value, not a section; expected: {err['msg']}")
            continue
        expected = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            expected = expected.removeprefix(prefix)
        if isinstance(err.get("input"), dict):
            # A rule across a whole section: the expectation names the keys involved.
            problems.append(f"{where}: section [{key}]; expected: {expected}")
            continue
        problems.append(f"{where}: key '{key}' has the value {_describe_value(err.get('input'))}; expected: {expected}")
    detail = "; ".join(problems)
    return ConfigError(f"配置有误 (configuration error) — {detail}.", detail)


def load_model(path: Path, model: type[M], what: str) -> M:
    """A YAML file read and checked against `model`: any fault is one ConfigError naming the file, key and value
    (`what` names the file for a person, as for load_yaml)."""
    raw = load_yaml(path, what)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise config_error_from(exc, str(path)) from None
