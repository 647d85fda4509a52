"""Benchmarks the project ships: `kiosk bench NAME`. One module per benchmark in this package, each with

    TITLE = "what it measures"
    def run(config: KioskConfig, quick: bool) -> list[Row]

Every figure is reported next to a baseline measured in the same run (machines here are noisy), as a ratio.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import asdict, dataclass
from types import ModuleType


@dataclass(frozen=True)
class Row:
    metric: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio}


def names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def load(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def markdown_table(rows: list[Row]) -> str:
    lines = ["| metric | this project | baseline (same run) | ratio | target | met |", "|---|---|---|---|---|---|"]
    for r in rows:
        base = f"{_fmt(r.baseline)} {r.unit} ({r.baseline_label})" if r.baseline is not None else "-"
        met = {True: "yes", False: "**no**", None: "-"}[r.met]
        lines.append(f"| {r.metric} | {_fmt(r.value)} {r.unit} | {base} | {_fmt(r.ratio)} | {r.target or '-'} | {met} |")
    return "\n".join(lines)
