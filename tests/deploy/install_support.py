"""Helpers for the tests that install the kiosk as a wheel or a Debian package and run it from there."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a build needs from the checkout: not its virtualenv, state, caches or earlier builds.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "var", "build", "dist", "shots", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache")


def source_copy(folder: Path) -> Path:
    """The checkout copied to `folder`, so that building leaves nothing in the checkout."""
    shutil.copytree(ROOT, folder, ignore=NOT_SOURCE, symlinks=True)
    return folder


def failures(checks: list[dict[str, str]]) -> list[dict[str, str]]:
    return [check for check in checks if check["status"] == "fail"]
