"""Bad input anywhere is answered with exit status 2 and one paragraph that names what is wrong, never a
traceback: the config file, the data folder, the catalog, environment overrides, YAML data files with a key
given twice, printer URIs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.base.errors import ConfigError
from kiosk.core.catalog import DEFAULT_CATALOG, load_catalog
from kiosk.core.stations import STATIONS_FILE, load_stations
from kiosk.devices.sim.citizens import IDENTITIES_FILE, load_citizens
from kiosk.sandbox.data import load_people

ROOT = Path(__file__).resolve().parents[2]
UNREADABLE = Path("/proc/self/mem")  # a file that cannot be read, even by root (which ignores chmod)


def kiosk(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, **env}
    environ.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environ, timeout=120)


def refused(result: subprocess.CompletedProcess, *named: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
    for text in named:
        assert text in result.stderr, (text, result.stderr)


def test_a_config_that_is_a_folder_unreadable_or_nested_too_deep(tmp_path: Path) -> None:
    refused(kiosk("--config", str(tmp_path), "doctor"), "folder", str(tmp_path))
    refused(kiosk("--config", str(UNREADABLE), "doctor"), "cannot read", str(UNREADABLE))
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    refused(kiosk("--config", str(deep), "doctor"), "nested too deeply", str(deep))


def test_a_data_folder_that_is_a_file_or_cannot_be_written(tmp_path: Path) -> None:
    a_file = tmp_path / "var"
    a_file.write_text("")
    refused(kiosk("print-test", KIOSK_PATHS__DATA_DIR=str(a_file)), "data folder is a file", str(a_file))
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o500)
    # Root writes into a 0500 folder: /proc is a folder nobody can create files in.
    folder = "/proc" if os.geteuid() == 0 else str(read_only)
    refused(kiosk("doctor", KIOSK_PATHS__DATA_DIR=folder), "cannot be written", folder)


def test_an_unreadable_catalog(tmp_path: Path) -> None:
    refused(kiosk("run", KIOSK_PATHS__DATA_DIR=str(tmp_path), KIOSK_PATHS__CATALOG=str(UNREADABLE)),
            "cannot be read", str(UNREADABLE))
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path)
    assert "a folder, not a file" in caught.value.message and str(tmp_path) in caught.value.message


@pytest.mark.parametrize("variable, shown", [
    ("KIOSK_NOPE__X", "unknown key 'nope'"),
    ("KIOSK_DISPLAY__WIDTH__X", "'display.width' is a single value, not a section"),
])
def test_a_bad_environment_override_is_blamed_on_the_variable(variable: str, shown: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={variable: "1"})
    message = caught.value.message
    assert f"environment variable {variable}" in message and shown in message
    assert str(DEFAULT_CONFIG) not in message


def _twice(source: Path, old: str, new: str, folder: Path) -> tuple[Path, int, int]:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    copy = folder / source.name
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    first = text[:text.index(old)].count("\n") + 1
    return copy, first, first + new.count("\n") - old.count("\n")


@pytest.mark.parametrize("source, old, new, load", [
    (DEFAULT_CATALOG, "    amount_per_person: 420.00", "    amount_per_person: 420.00\n    amount_per_person: 0.01",
     load_catalog),
    (STATIONS_FILE, "stations:\n", "stations:\nstations:\n", load_stations),
    (IDENTITIES_FILE, "    name: 王建国\n", "    name: 王建国\n    name: 王建军\n", load_citizens),
    (IDENTITIES_FILE, "    name: 王建国\n", "    name: 王建国\n    name: 王建军\n", load_people),
])
def test_a_yaml_key_given_twice_is_an_error_naming_both_lines(tmp_path, source, old, new, load) -> None:
    copy, first, second = _twice(source, old, new, tmp_path)
    key = old.strip().split(":")[0]
    with pytest.raises(ConfigError) as caught:
        load(copy)
    message = caught.value.message
    assert f"'{key}' on line {first} and again on line {second}" in message and str(copy) in message


@pytest.mark.parametrize("uri", ["bogus", "usb:zz", "tcp://127.0.0.1:99999"])
def test_print_test_refuses_a_bad_printer_uri(uri: str, tmp_path: Path) -> None:
    refused(kiosk("print-test", "--printer", uri, KIOSK_PATHS__DATA_DIR=str(tmp_path)), "打印机地址有误", uri)
