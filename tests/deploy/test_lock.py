"""requirements.lock (what the Debian package and set-up install) pins every run-time dependency of
pyproject.toml, the usb extra's included, at a version its specifier allows, each with hashes: a dependency
added or changed without `make lock` fails here."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from install_support import ROOT

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", re.MULTILINE)


def test_the_lock_pins_every_run_time_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["usb"]]]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = {canonicalize_name(name): version for name, version, _ in _PIN.findall(lock)}
    assert len(pins) == len(re.findall(r"^[A-Za-z0-9][^\s#]*==", lock, re.MULTILINE)), "a pin without hashes"
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (requirement, pins[name])
