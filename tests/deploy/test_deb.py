"""The Debian package, built by `make deb` and installed on this machine as root: the app runs from its own
virtualenv, `kiosk doctor --json` finds nothing wrong but the absent hardware, postinst can run again, an upgrade
and a rollback keep the edited config and the data, a data format from the future is refused, and a purge leaves
nothing behind. Takes a few minutes (pip downloads are cached in var/pip-cache)."""

from __future__ import annotations

import fcntl
import json
import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from install_support import ROOT, failures

VENV = Path("/opt/venvs/kiosk")
STATE = Path("/var/lib/kiosk")
WANTS = Path("/etc/systemd/system/graphical.target.wants")  # enabled units, also where systemd is not running
# What the X session needs: a CI machine has no display, and the test does not install an X server. Every other
# dependency must be there (installed by scripts/setup.sh).
X_SESSION = {"xserver-xorg", "xinit", "openbox", "x11-xserver-utils"}
# Checks that find a machine without the terminal's hardware or its time service.
HARDWARE = {"身份证读卡器", "扫码器", "凭条打印机", "高拍仪", "人脸摄像头", "材料识别", "高拍仪预览", "人脸预览",
            "系统时间"}

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("dh_virtualenv") is None,
                                reason="builds and installs a Debian package: needs root and dh-virtualenv")


def _run(*command: str, timeout: float = 300, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)


def _installed() -> bool:
    status = _run("dpkg-query", "-W", "-f=${Status}", "kiosk")
    return status.returncode == 0 and "installed" in status.stdout and "not-installed" not in status.stdout


@pytest.fixture(scope="module")
def package() -> Iterator[Path]:
    with open("/run/lock/kiosk-deb-test.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs on one machine take turns
        if _installed() or STATE.exists():
            pytest.skip("a kiosk is installed on this machine: the test does not touch it")
        build = _run("make", "-C", str(ROOT), "deb", timeout=3000,
                     env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        version = _run("dpkg-parsechangelog", "-S", "Version", cwd=ROOT).stdout.strip()
        (deb,) = (ROOT / "var" / "deb").glob(f"kiosk_{version}_*.deb")
        had_user = _user_exists()
        try:
            yield deb
        finally:
            _run("dpkg", "--purge", "--force-depends", "kiosk")
            if not had_user and _user_exists():
                _run("userdel", "kiosk")
                _run("groupdel", "kiosk")


def _user_exists() -> bool:
    try:
        pwd.getpwnam("kiosk")
    except KeyError:
        return False
    return True


def test_the_package_installs_runs_doctor_upgrades_rolls_back_and_purges(package, tmp_path) -> None:
    installed = _run("dpkg", "-i", "--force-depends", str(package), timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    unmet = {line.split()[1] for line in installed.stderr.splitlines() if line.strip().startswith("Package ")}
    assert unmet <= X_SESSION, installed.stderr

    # The app and its environment, the units, the rules, the session, the user and its folders, the conffiles.
    assert (VENV / "bin" / "kiosk").exists()
    for path in ("/lib/systemd/system/kiosk.service", "/lib/systemd/system/kiosk-x.service",
                 "/lib/udev/rules.d/70-kiosk.rules", "/usr/share/kiosk/x/session", "/etc/kiosk/catalog.yaml",
                 "/lib/systemd/system/apt-daily-upgrade.timer.d/kiosk-window.conf",
                 "/etc/X11/xorg.conf.d/50-kiosk-lockdown.conf"):
        assert Path(path).exists(), path
    assert os.access("/usr/share/kiosk/x/wait-for-x", os.X_OK)  # kiosk-x.service waits for X with it
    unit = Path("/lib/systemd/system/kiosk.service").read_text(encoding="utf-8")
    assert f"ExecStart={VENV}/bin/python -m kiosk run" in unit
    conffiles = _run("dpkg-query", "-W", "-f=${Conffiles}", "kiosk").stdout
    assert "/etc/kiosk/kiosk.toml" in conffiles and "/etc/apt/apt.conf.d/52kiosk-unattended-upgrades" in conffiles
    state = STATE.stat()
    assert pwd.getpwuid(state.st_uid).pw_name == "kiosk" and state.st_mode & 0o777 == 0o700
    assert WANTS.joinpath("kiosk.service").is_symlink() and WANTS.joinpath("kiosk-x.service").is_symlink()
    assert (STATE / "ime-lexicon.z").exists()  # built by postinst as the kiosk user, for the first citizen

    # postinst again (dpkg-reconfigure, a half-finished upgrade): it succeeds and changes nothing.
    again = _run("/var/lib/dpkg/info/kiosk.postinst", "configure", "", timeout=600)
    assert again.returncode == 0, again.stderr
    users = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("kiosk:") for line in users) == 1 and STATE.stat().st_mode & 0o777 == 0o700

    # The installed copy, as the guide runs it: its own config, fonts and catalog, nothing from the checkout.
    doctor = _as_kiosk("doctor", "--json")
    checks = json.loads(doctor.stdout)
    by_name = {check["name"]: check for check in checks}
    assert by_name["配置文件"]["message"] == "/etc/kiosk/kiosk.toml"
    assert by_name["事项目录"]["status"] == "ok" and "/etc/kiosk/catalog.yaml" in by_name["事项目录"]["message"]
    for name in ("中文字体", "中文粗体", "图标字体", "磁盘"):
        assert by_name[name]["status"] == "ok", by_name[name]
    assert [c for c in failures(checks) if c["name"] not in HARDWARE] == [], doctor.stdout + doctor.stderr

    _upgrade_and_roll_back(package, tmp_path)

    purged = _run("dpkg", "--purge", "--force-depends", "kiosk", timeout=600)
    assert purged.returncode == 0, purged.stdout + purged.stderr
    assert not VENV.exists() and not STATE.exists() and not Path("/etc/kiosk").exists()
    assert not WANTS.joinpath("kiosk.service").exists()


def _as_kiosk(*args: str) -> subprocess.CompletedProcess:
    return _run("runuser", "-u", "kiosk", "--", "env", "-i", "PATH=/usr/bin:/bin", "KIOSK_CONFIG=/etc/kiosk/kiosk.toml",
                f"{VENV}/bin/kiosk", *args, cwd="/", timeout=300)


def _version() -> str:
    return _run("dpkg-query", "-W", "-f=${Version}", "kiosk").stdout


def _upgrade_and_roll_back(package: Path, tmp_path: Path) -> None:
    """A newer version (this package repacked with a higher version) over the installed one keeps the edited
    config and the data; installing the previous one again is the rollback; a data folder a newer kiosk
    marked with a format this one does not know makes it refuse, and leaves the data as it was."""
    from kiosk.base.data_format import CURRENT, FORMAT_FILE

    tree = tmp_path / "newer"
    _run("dpkg-deb", "-R", str(package), str(tree), timeout=600, check=True)
    control = tree / "DEBIAN" / "control"
    older = _version()
    newer = older + "+upgrade1"
    control.write_text(control.read_text(encoding="utf-8").replace(f"Version: {older}\n", f"Version: {newer}\n"),
                       encoding="utf-8")
    upgrade = tmp_path / "kiosk-newer.deb"
    _run("dpkg-deb", "-Zzstd", "-b", str(tree), str(upgrade), timeout=600, check=True)
    shutil.rmtree(tree)

    config = Path("/etc/kiosk/kiosk.toml")
    edited = config.read_text(encoding="utf-8") + "# edited by the technician\n"
    config.write_text(edited, encoding="utf-8")
    kept = STATE / "outbox-stand-in"
    kept.write_text("waiting submissions", encoding="utf-8")
    # Unattended upgrades keep a changed conffile (--force-confold, as unattended-upgrades does).
    for deb, version in ((upgrade, newer), (package, older)):
        result = _run("dpkg", "-i", "--force-depends", "--force-confold", str(deb), timeout=600)
        assert result.returncode == 0 and _version() == version, result.stdout + result.stderr
        assert config.read_text(encoding="utf-8") == edited and kept.read_text(encoding="utf-8") == "waiting submissions"

    (STATE / FORMAT_FILE).write_text(f"{CURRENT + 1}\n", encoding="ascii")
    refused = _as_kiosk("staff", "list")
    assert refused.returncode == 2 and f"数据格式 {CURRENT + 1}" in refused.stderr, refused.stdout + refused.stderr
    assert (STATE / FORMAT_FILE).read_text(encoding="ascii") == f"{CURRENT + 1}\n"
