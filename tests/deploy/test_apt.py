"""deploy/apt: the repository publishes with reprepro, unattended-upgrades takes the kiosk from that origin, and
the upgrade window lies outside the shipped opening hours."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest

from kiosk.base.config import load_config

from install_support import ROOT

APT = ROOT / "deploy" / "apt"


def _field(text: str, name: str) -> str:
    return re.search(rf"^{name}: *(.+)$", text, re.MULTILINE).group(1).strip()


@pytest.mark.skipif(shutil.which("reprepro") is None or shutil.which("dpkg-deb") is None, reason="needs reprepro")
def test_publish_puts_a_package_into_a_repository_of_the_county_origin(tmp_path) -> None:
    package = tmp_path / "pkg"
    (package / "DEBIAN").mkdir(parents=True)
    (package / "DEBIAN" / "control").write_text(
        "Package: kiosk\nVersion: 9.9.9\nArchitecture: amd64\nSection: misc\nPriority: optional\n"
        "Maintainer: test <t@example.org>\nDescription: a stand-in for the kiosk package\n", encoding="utf-8")
    deb = tmp_path / "kiosk_9.9.9_amd64.deb"
    subprocess.run(["dpkg-deb", "--build", str(package), str(deb)], check=True, capture_output=True)
    repo = tmp_path / "repo"
    (repo / "conf").mkdir(parents=True)
    # As shipped, but unsigned: the test machine has no repository key.
    distributions = (APT / "conf" / "distributions").read_text(encoding="utf-8")
    (repo / "conf" / "distributions").write_text(re.sub(r"^SignWith:.*\n", "", distributions, flags=re.MULTILINE),
                                                  encoding="utf-8")
    result = subprocess.run([str(APT / "publish.sh"), str(repo), str(deb)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kiosk 9.9.9" in result.stdout
    release = (repo / "dists" / "bookworm" / "Release").read_text(encoding="utf-8")
    assert _field(release, "Origin") == "Ningcheng County" and _field(release, "Label") == "Ningcheng kiosk"
    assert list((repo / "pool").rglob("kiosk_9.9.9_amd64.deb"))

    # unattended-upgrades matches the repository's origin and label exactly.
    upgrades = (APT / "52kiosk-unattended-upgrades").read_text(encoding="utf-8")
    pattern = re.search(r'"origin=([^,"]+),label=([^"]+)"', upgrades)
    assert pattern and pattern.groups() == (_field(distributions, "Origin"), _field(distributions, "Label"))


def test_the_upgrade_window_is_outside_the_shipped_opening_hours() -> None:
    timer = (APT / "kiosk-window.conf").read_text(encoding="utf-8")
    starts = re.findall(r"^OnCalendar=\*-\*-\* (\d\d:\d\d)$", timer, re.MULTILINE)
    spread = timedelta(minutes=int(re.search(r"^RandomizedDelaySec=(\d+)m$", timer, re.MULTILINE).group(1)))
    assert starts and "Persistent=false" in timer
    day = datetime(2026, 1, 5)
    spans = [(day.replace(hour=int(a[:2]), minute=int(a[3:5])), day.replace(hour=int(b[:2]), minute=int(b[3:5])))
             for a, b in (span.split("-") for span in load_config(environ={}).station.hours)]
    for start in starts:
        begin = day.replace(hour=int(start[:2]), minute=int(start[3:]))
        # An upgrade may take a quarter of an hour after its randomised start.
        end = begin + spread + timedelta(minutes=15)
        assert all(end <= open_ or begin >= close for open_, close in spans), (start, spans)
