"""The deployment guide's order: `kiosk staff add` before the kiosk ever started, when the data folder (the
service's state directory) does not exist yet. It is made 0700, or the command says plainly what is wrong and
how to fix it: no traceback, and nothing called a damaged account file."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from display_support import ROOT, kiosk_env

from kiosk.staff.accounts import StaffError, StaffStore


def staff(terminal: Path, data_dir: Path, *args: str, pin: str = "") -> subprocess.CompletedProcess:
    env = kiosk_env(KIOSK_CONFIG=str(terminal / "kiosk.toml"), KIOSK_PATHS__DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "kiosk", "staff", *args], cwd=ROOT, env=env, input=pin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def terminal(tmp_path: Path) -> Path:
    etc = tmp_path / "etc" / "kiosk"
    etc.mkdir(parents=True)
    for name in ("kiosk.toml", "catalog.yaml"):
        shutil.copy(ROOT / "config" / name, etc / name)
    return etc


def test_staff_add_before_the_first_start_makes_the_data_folder_private(terminal: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "var" / "lib" / "kiosk"
    added = staff(terminal, data_dir, "add", "张建军", "--role", "admin", pin="384756\n384756\n")
    assert added.returncode == 0, added.stderr
    assert data_dir.stat().st_mode & 0o777 == 0o700
    listed = staff(terminal, data_dir, "list")
    assert listed.returncode == 0 and "张建军\tadmin" in listed.stdout


def test_a_data_folder_that_cannot_be_made_is_explained(terminal: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "var"
    blocker.write_text("not a folder", encoding="utf-8")
    data_dir = blocker / "lib" / "kiosk"
    result = staff(terminal, data_dir, "add", "张建军", "--role", "admin", "--pin-stdin", pin="384756\n")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "损坏" not in result.stderr
    assert str(data_dir) in result.stderr and "install -d -m 0700 -o" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_account_file_of_another_user_is_not_called_damaged(tmp_path: Path) -> None:
    store = StaffStore(tmp_path)
    store.path.write_text("{}", encoding="utf-8")
    store.path.chmod(0)
    with pytest.raises(StaffError) as refused:
        store.members()
    assert "权限不足" in refused.value.message and "损坏" not in refused.value.message


def full_disk() -> None:
    """In the child: files may grow to 16 bytes (the data format's mark), no further, as on a disk that filled up;
    root ignores a folder's modes but not this limit."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))


def test_an_account_file_that_cannot_be_written_is_explained(terminal: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = kiosk_env(KIOSK_CONFIG=str(terminal / "kiosk.toml"), KIOSK_PATHS__DATA_DIR=str(data_dir))
    result = subprocess.run([sys.executable, "-m", "kiosk", "staff", "add", "张建军", "--role", "admin",
                             "--pin-stdin"], cwd=ROOT, env=env, input="384756\n", capture_output=True, text=True,
                            timeout=120, preexec_fn=full_disk)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "员工账户无法保存" in result.stderr and str(data_dir / "staff.json") in result.stderr
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".staff.json")] == []  # no half-written copy
