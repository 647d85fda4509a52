"""The deployment guide's commands, run in order in a scratch root (tests/deploy/guide_runner.py): everything this
machine can do works in the order the guide gives, and leaves a terminal that `kiosk doctor` passes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from guide_runner import SKIPPED, Run, guide_commands, rewrite, run_guide

from kiosk.staff.accounts import StaffStore


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = Path(os.environ.get("KIOSK_GUIDE_ROOT") or tmp_path_factory.mktemp("guide-root"))
    return run_guide(root)


def ran(run: Run, pattern: str) -> list:
    return [step for step in run.steps if step.outcome == "ran" and re.search(pattern, step.command)]


def test_every_command_the_machine_allows_runs_and_succeeds(guide: Run) -> None:
    failed = [step for step in guide.steps if step.returncode != 0]
    assert failed == [], f"[{failed[0].section}] {failed[0].command}\n{failed[0].output}" if failed else ""
    reasons = {why for _pattern, why in SKIPPED}
    assert all(step.outcome == "ran" or step.outcome.removeprefix("skipped: ") in reasons for step in guide.steps)
    # The guide's own steps ran, not only the trivial ones.
    for needed in (r"apt-get install kiosk", r"kiosk staff add \S+ --role admin", r"kiosk ime --prepare",
                   r"kiosk doctor$", r"systemctl start kiosk-x.service kiosk.service"):
        assert ran(guide, needed), needed


def test_staff_accounts_are_made_before_the_first_start(guide: Run) -> None:
    assert guide.data_dir.stat().st_mode & 0o777 == 0o700
    names = {member.name: member.role.value for member in StaffStore(guide.data_dir).members()}
    assert names == {"张建军": "admin", "李秀英": "operator"}


def test_the_units_and_the_lockdown_are_installed(guide: Run) -> None:
    root = guide.root
    assert (root / "etc" / "X11" / "xorg.conf.d" / "50-kiosk-lockdown.conf").is_file()
    assert (root / "lib" / "udev" / "rules.d" / "70-kiosk.rules").is_file()
    assert (root / "usr" / "share" / "polkit-1" / "rules.d" / "50-kiosk.rules").is_file()
    if shutil.which("systemctl") is None:
        pytest.skip("systemctl is not installed")
    enabled = subprocess.run(["systemctl", f"--root={guide.root}", "is-enabled", "kiosk-x.service", "kiosk.service"],
                             capture_output=True, text=True)
    assert enabled.stdout.split() == ["enabled", "enabled"]
    default = subprocess.run(["systemctl", f"--root={guide.root}", "get-default"], capture_output=True, text=True)
    assert default.stdout.strip() == "graphical.target"


def test_the_service_starts_on_x_and_keeps_kivy_out_of_the_home(guide: Run) -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed: the service could not be started")
    assert b"READY=1" in guide.notifications
    assert (guide.data_dir / "kivy" / "config.ini").is_file()
    assert not (guide.root / "home" / "kiosk" / ".kivy").exists()


def test_the_commands_are_read_and_moved_into_the_scratch_root(tmp_path: Path) -> None:
    text = "## 2. The program\n\n```sh\ninstall -d -m 0755 /etc/kiosk && cp a \\\n    /etc/kiosk/\n```\n"
    steps = guide_commands(text)
    assert [(s.section, s.command) for s in steps] == [
        ("2. The program", "install -d -m 0755 /etc/kiosk"), ("2. The program", "cp a /etc/kiosk/")]
    run = Run(tmp_path, "/usr/bin/python3.11")
    command = rewrite("sudo -u kiosk KIOSK_CONFIG=/etc/kiosk/kiosk.toml /opt/venvs/kiosk/bin/kiosk doctor", run)
    assert command == f"KIOSK_CONFIG={tmp_path}/etc/kiosk/kiosk.toml /usr/bin/python3.11 -m kiosk doctor"
    assert rewrite(".venv/bin/python -m kiosk ime --prepare", run) == "/usr/bin/python3.11 -m kiosk ime --prepare"
