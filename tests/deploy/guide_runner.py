"""Runs the deployment guide's commands (the `sh` blocks of docs/deployment.md, in order) in a scratch root, as far
as a machine without a display manager allows: no apt, no kiosk user, no running systemd, no devices, no Xorg.

Each command is either run, with its paths moved into the scratch root (`/etc/...` -> ROOT/etc/...,
`/var/lib/kiosk` -> ROOT/var/lib/kiosk, `/opt/kiosk` -> this checkout, the package's `kiosk` and the program's
Python -> this one), or skipped for a reason this machine cannot help (the SKIPPED table). `apt-get install kiosk`
is stood in for by laying the package's files into the scratch root from this checkout, as debian/rules and the
postinst do (tests/deploy/test_deb.py builds and installs the real package); its units are enabled with
`systemctl --root`. "started" is done as systemd would where it can: Xvfb stands in for Xorg, then kiosk-x's
ExecStartPost waits for it and kiosk.service's ExecStart runs with the unit's Environment= until it sends READY=1
on $NOTIFY_SOCKET.
The guide's edits of kiosk.toml (data_dir, an empty demo_pin) are made from the environment, as the guide allows.

    python tests/deploy/guide_runner.py [--root DIR] [--python PATH]    (or KIOSK_GUIDE_ROOT, KIOSK_GUIDE_PYTHON)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
GUIDE = SOURCE / "docs" / "deployment.md"
PIN = "384756"  # typed twice at `kiosk staff add`'s prompt; not an easy one

SKIPPED = [
    (r"^apt-get (?!install kiosk)", "no packages are installed into a scratch root (the test machine has what the "
                                    "checkout needs)"),
    (r"^curl ", "the county's apt repository is not reachable from the test machine"),
    (r"^deploy/apt/publish\.sh ", "run on the county's repository server (tests/deploy/test_apt.py publishes one)"),
    (r"^useradd ", "no kiosk user: the commands run as the test's user"),
    (r"^git (clone|pull)\b", "the checkout under test is the program"),
    (r"^python3 -m venv |/pip install ", "the test's virtual environment is the program's"),
    (r"^udevadm |^ls -l /dev/", "no devices to name"),
    (r"^systemctl (daemon-reload|stop|restart)\b", "no running systemd to talk to (started once in section 5)"),
]


@dataclass
class Step:
    section: str
    command: str
    outcome: str = ""  # "ran", or why it was skipped
    returncode: int = 0
    output: str = ""


@dataclass
class Run:
    root: Path
    python: str
    steps: list[Step] = field(default_factory=list)
    notifications: list[bytes] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.root / "var" / "lib" / "kiosk"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "KIVY_HOME", "SDL_VIDEODRIVER", "KIOSK_OFFSCREEN")}
        env.update(PYTHONPATH=str(SOURCE), HOME=str(self.root / "home" / "kiosk"),
                   KIOSK_PATHS__DATA_DIR=str(self.data_dir), KIOSK_MAINTENANCE__DEMO_PIN="")
        env.update(extra)
        return env


def guide_commands(text: str) -> list[Step]:
    """Every command of the guide's `sh` blocks with its section, continuation lines joined, `a && b` as two."""
    steps, section, block = [], "", None
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.strip() == "```sh":
            block = []
        elif line.strip() == "```" and block is not None:
            for command in re.sub(r"\\\n\s*", "", "\n".join(block)).splitlines():
                steps += [Step(section, part.strip()) for part in command.split(" && ") if part.strip()]
            block = None
        elif block is not None:
            block.append(line)
    return steps


def rewrite(command: str, run: Run) -> str:
    """The command with its paths in the scratch root and this checkout, run as the test's user."""
    command = command.removeprefix("sudo -u kiosk ")
    command = command.replace("/opt/venvs/kiosk/bin/kiosk", f"{run.python} -m kiosk")
    command = re.sub(r"(?:/opt/kiosk/|(?<![\w/]))\.venv/bin/python", run.python, command)
    command = command.replace("/opt/kiosk", str(SOURCE))
    command = re.sub(r"(?<![\w/.-])/(etc|var/lib/kiosk)\b", lambda m: f"{run.root}/{m.group(1)}", command)
    if shutil.which("id") and subprocess.run(["id", "kiosk"], capture_output=True).returncode != 0:
        command = command.replace(" -o kiosk -g kiosk", "")
    return command


def prepare_root(root: Path) -> None:
    """A fresh machine's bare bones: its systemd targets (for `systemctl --root`), the kiosk user's home and the
    folders its packages make."""
    units = root / "usr" / "lib" / "systemd" / "system"
    units.mkdir(parents=True, exist_ok=True)
    for target in ("graphical.target", "multi-user.target"):
        for folder in (Path("/usr/lib/systemd/system"), Path("/lib/systemd/system")):
            if (folder / target).is_file():
                shutil.copy(folder / target, units / target)
                break
        else:
            (units / target).write_text(f"[Unit]\nDescription={target}\n", encoding="utf-8")
    # What the packages of section 1 would have made.
    for folder in ("home/kiosk", "etc/systemd/system", "etc/apt/sources.list.d"):
        (root / folder).mkdir(parents=True, exist_ok=True)


def install_package_files(step: Step, run: Run) -> None:
    """`apt-get install kiosk` in the scratch root: the files debian/rules installs, the data folder its postinst
    makes (0700), and its units enabled."""
    root = run.root
    placed = {
        "lib/systemd/system/kiosk.service": SOURCE / "deploy" / "kiosk.service",
        "lib/systemd/system/kiosk-x.service": SOURCE / "deploy" / "kiosk-x.service",
        "lib/udev/rules.d/70-kiosk.rules": SOURCE / "deploy" / "70-kiosk.rules",
        "usr/share/polkit-1/rules.d/50-kiosk.rules": SOURCE / "deploy" / "50-kiosk.polkit.rules",
        "etc/X11/xorg.conf.d/50-kiosk-lockdown.conf": SOURCE / "deploy" / "x" / "xorg.conf.d" / "50-kiosk-lockdown.conf",
        "etc/kiosk/kiosk.toml": SOURCE / "config" / "kiosk.toml",
        "etc/kiosk/catalog.yaml": SOURCE / "config" / "catalog.yaml",
    }
    for where, source in placed.items():
        (root / where).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / where)
    run.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    result = subprocess.run(["systemctl", f"--root={root}", "enable", "kiosk-x.service", "kiosk.service"],
                            capture_output=True, text=True)
    step.outcome, step.returncode = "ran", result.returncode
    step.output = "the package's files laid from this checkout\n" + result.stdout + result.stderr


def unit_lines(path: Path, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"{key}=")]


def start_units(step: Step, run: Run) -> None:
    """kiosk-x: Xvfb in place of xinit/Xorg, then its ExecStartPost; kiosk: its ExecStart with its Environment=,
    until READY=1."""
    if shutil.which("Xvfb") is None:
        step.output += "\nnot started: Xvfb is not installed"
        return
    units = run.root / "lib" / "systemd" / "system"
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            display = ":" + numbers.readline().strip()
        (wait,) = unit_lines(units / "kiosk-x.service", "ExecStartPost")
        wait = rewrite(wait, run).replace(" :0 ", f" {display} ")
        waited = subprocess.run(wait.split(), capture_output=True, text=True, timeout=120)
        step.output += f"\n{wait}: {waited.returncode} {waited.stderr}"
        if waited.returncode != 0:
            step.returncode = waited.returncode
            return
        service = units / "kiosk.service"
        environment = dict(rewrite(value, run).split("=", 1) for value in unit_lines(service, "Environment"))
        environment["DISPLAY"] = display
        (command,) = unit_lines(service, "ExecStart")
        step.returncode = start_kiosk(rewrite(command, run), run, environment, step)
    finally:
        server.terminate()
        server.wait(timeout=30)


def start_kiosk(command: str, run: Run, environment: dict[str, str], step: Step) -> int:
    with tempfile.TemporaryDirectory(prefix="kiosk-notify-") as folder:
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(f"{folder}/notify")
        notify.settimeout(0.5)
        kiosk = subprocess.Popen(command.split(), cwd=SOURCE, env=run.env(NOTIFY_SOCKET=f"{folder}/notify",
                                                                           **environment),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 180  # the unit's TimeoutStartSec is 120; this machine is shared
        try:
            while time.monotonic() < deadline and b"READY=1" not in run.notifications and kiosk.poll() is None:
                try:
                    run.notifications.append(notify.recv(4096))
                except TimeoutError:
                    pass
        finally:
            notify.close()
            kiosk.terminate()
            _out, err = kiosk.communicate(timeout=60)
        step.output += f"\n{command}: notified {run.notifications}\n{err[-3000:]}"
        return 0 if b"READY=1" in run.notifications else 1


def run_guide(root: Path, python: str = sys.executable, guide: Path = GUIDE) -> Run:
    run = Run(root, python)
    prepare_root(root)
    for step in guide_commands(guide.read_text(encoding="utf-8")):
        run.steps.append(step)
        reason = next((why for pattern, why in SKIPPED if re.search(pattern, step.command)), None)
        if reason is not None:
            step.outcome = f"skipped: {reason}"
            continue
        if step.command.startswith("apt-get install kiosk"):
            install_package_files(step, run)
        elif step.command.startswith("systemctl start"):
            step.outcome = "ran"
            start_units(step, run)
        elif step.command.startswith("systemctl "):
            command = step.command.replace("systemctl ", f"systemctl --root={run.root} ", 1)
            execute(step, command, run)
        else:
            execute(step, rewrite(step.command, run), run)
        if step.returncode != 0:
            break
    return run


def execute(step: Step, command: str, run: Run) -> None:
    result = subprocess.run(["bash", "-c", command], cwd=SOURCE, env=run.env(), input=f"{PIN}\n{PIN}\n",
                            capture_output=True, text=True, timeout=600)
    step.outcome, step.returncode = "ran", result.returncode
    step.output = f"{command}\n{result.stdout}{result.stderr}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=os.environ.get("KIOSK_GUIDE_ROOT"),
                        help="the scratch root (default: a new temporary folder)")
    parser.add_argument("--python", default=os.environ.get("KIOSK_GUIDE_PYTHON", sys.executable),
                        help="the Python that has the kiosk's dependencies")
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="kiosk-guide-"))
    run = run_guide(root, args.python)
    for step in run.steps:
        status = step.outcome if step.outcome != "ran" else f"ran, exit {step.returncode}"
        sys.stdout.write(f"[{step.section}] {step.command}\n    {status}\n")
    sys.stdout.write(f"scratch root: {root}\n")
    return max((step.returncode for step in run.steps), default=0)


if __name__ == "__main__":
    sys.exit(main())
