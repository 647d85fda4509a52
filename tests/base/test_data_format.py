"""The data folder's format version: written on the first start, and a kiosk rolled back to a version that does
not know the data's format refuses to start without touching it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.data_format import CURRENT, FORMAT_FILE, check_data_format, claim_data_format
from kiosk.base.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_start_writes_the_current_format_and_later_starts_read_it(tmp_path) -> None:
    assert check_data_format(tmp_path) is None and not (tmp_path / FORMAT_FILE).exists()  # a check only reads
    assert claim_data_format(tmp_path) == CURRENT
    assert (tmp_path / FORMAT_FILE).read_text(encoding="ascii") == f"{CURRENT}\n"
    assert claim_data_format(tmp_path) == check_data_format(tmp_path) == CURRENT
    assert claim_data_format(tmp_path, current=CURRENT + 1) == CURRENT  # an upgrade reads the older format


@pytest.mark.parametrize("text", ["7\n", "x1", ""])
def test_a_newer_or_unreadable_format_is_refused(tmp_path, text) -> None:
    (tmp_path / FORMAT_FILE).write_text(text, encoding="ascii")
    with pytest.raises(ConfigError) as refused:
        claim_data_format(tmp_path, current=6)
    assert str(tmp_path) in refused.value.message
    assert (tmp_path / FORMAT_FILE).read_text(encoding="ascii") == text


def test_a_rolled_back_kiosk_refuses_data_of_a_newer_format_and_leaves_it_alone(tmp_path) -> None:
    (tmp_path / FORMAT_FILE).write_text(f"{CURRENT + 1}\n", encoding="ascii")
    (tmp_path / "staff.json").write_text("written by the newer kiosk", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = subprocess.run([sys.executable, "-m", "kiosk", "staff", "list"], capture_output=True, text=True,
                            cwd=ROOT, env={"KIOSK_PATHS__DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            timeout=120)
    assert result.returncode != 0
    assert f"数据格式 {CURRENT + 1}" in result.stderr and "更新的版本" in result.stderr, result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
