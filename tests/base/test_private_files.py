"""Files the kiosk writes are its own alone: log files 0600 whatever the umask, databases and their WAL files 0600,
the kiosk's umask 077; scanned codes are logged by kind and length only."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from kiosk.base.logs import setup_logging
from kiosk.base.storage import PRIVATE_UMASK, private_umask
from kiosk.runtime.stats import Statistics


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # a careless deployment's default
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_file_is_0600_even_with_an_open_umask_and_when_an_old_one_was_readable(tmp_path, open_umask):
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    (tmp_path / "kiosk.log").write_text("")
    (tmp_path / "kiosk.log").chmod(0o644)
    try:
        setup_logging(tmp_path)
        logging.getLogger("kiosk.test").info("a line")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    assert mode(tmp_path / "kiosk.log") == 0o600


def test_statistics_are_0600_even_with_an_open_umask(tmp_path, open_umask):
    stats = Statistics(tmp_path / "stats.sqlite")
    try:
        stats.started("sb-gs")
        assert mode(tmp_path / "stats.sqlite") == 0o600
    finally:
        stats.close()


def test_the_kiosk_umask_makes_new_files_private(tmp_path):
    old = private_umask()
    try:
        (tmp_path / "new.txt").write_text("x")
        (tmp_path / "folder").mkdir()
    finally:
        os.umask(old)
    assert PRIVATE_UMASK == 0o077
    assert mode(tmp_path / "new.txt") == 0o600 and mode(tmp_path / "folder") == 0o700


def test_statistics_in_memory_leave_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stats = Statistics(Path(":memory:"))
    stats.started("sb-gs")
    stats.close()
    assert list(tmp_path.iterdir()) == []


def test_kiosks_writing_one_file_at_once_leave_one_whole_copy_and_no_temporary(tmp_path):
    """The screenshot sizes start together and each writes the data folder's format mark: a shared temporary name
    let one rename the other's copy away (FileNotFoundError) or publish it half written."""
    from concurrent.futures import ThreadPoolExecutor

    from kiosk.base.storage import write_whole

    target = tmp_path / "FORMAT"
    copies = [bytes([65 + n]) * 50_000 for n in range(8)]

    def write_many(data: bytes) -> None:
        for _ in range(40):
            write_whole(target, data)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write_many, copies))
    assert target.read_bytes() in copies
    assert [p.name for p in tmp_path.iterdir()] == ["FORMAT"]
    assert mode(target) == 0o600
