"""The configuration: the shipped default is valid, and every kind of wrong value is refused with a message that
names the file (or environment variable), the key, the bad value and what is expected."""

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.base.errors import ConfigError

SHIPPED = DEFAULT_CONFIG.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def replace(old: str, new: str) -> str:
    assert old in SHIPPED, old
    return SHIPPED.replace(old, new, 1)


def error_of(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ=environ or {})
    return caught.value.message


def test_shipped_config_is_the_embedded_default() -> None:
    config = load_config(environ={})
    assert config.backend.url == "sandbox"
    assert config.devices.idcard.driver == "sim"
    assert config.simulated
    assert config.station.level == "village"
    assert config.display.orientation == "landscape"


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SHIPPED), environ={})
    assert config.data_dir == (tmp_path / "../var").resolve()
    assert config.catalog_path == tmp_path / "catalog.yaml"


@pytest.mark.parametrize(
    ("old", "new", "key", "value_shown", "expected"),
    [
        ("width = 1920", 'width = "wide"', "display.width", "'wide'", "integer"),
        ("width = 1920", "width = 100", "display.width", "100", "greater than or equal to 320"),
        ('level = "village"', 'level = "city"', "station.level", "'city'", "'village', 'township' or 'bank'"),
        ('hours = ["08:30-12:00", "14:00-17:30"]', 'hours = ["8-12"]', "station.hours", "['8-12']", "08:30-12:00"),
        ('hours = ["08:30-12:00", "14:00-17:30"]', 'hours = ["17:00-09:00"]', "station.hours", "17:00-09:00", "start before end"),
        ('driver = "sim"               # sim | serial | none', 'driver = "bluetooth"', "devices.idcard.driver", "'bluetooth'", "'sim', 'serial' or 'none'"),
        ("baud = 115200", "baud = 12345", "devices.idcard.baud", "12345", "115200"),
        ('url = "sandbox"', 'url = "platform.example"', "backend.url", "'platform.example'", "http(s) URL"),
        ("read_timeout_s = 10.0", "read_timeout_s = 0", "backend.read_timeout_s", "0", "greater than 0"),
        ('demo_pin = "246810"', 'demo_pin = "1234"', "maintenance.demo_pin", "'1234'", "6 to 12 digits"),
        ('touch = "mouse"', 'touch = "mtdev"', "display.touch", "'mtdev'", "pattern"),
        ("paper_mm = 80", "paper_mm = 76", "devices.printer.paper_mm", "76", "58 or 80"),
    ],
)
def test_a_wrong_value_names_file_key_value_and_expectation(tmp_path, old, new, key, value_shown, expected) -> None:
    message = error_of(tmp_path, replace(old, new))
    assert str(tmp_path / "kiosk.toml") in message
    assert f"'{key}'" in message
    assert value_shown in message
    assert expected in message


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    message = error_of(tmp_path, replace("fps = 15", "fps = 15\nframerate = 30"))
    assert "unknown key 'devices.camera.framerate'" in message


def test_a_missing_required_section_is_named(tmp_path: Path) -> None:
    start = SHIPPED.index("[station]")
    end = SHIPPED.index("[display]")
    message = error_of(tmp_path, SHIPPED[:start] + SHIPPED[end:])
    assert "'station' is missing" in message


def test_rules_across_keys_name_the_section(tmp_path: Path) -> None:
    message = error_of(tmp_path, replace('orientation = "landscape"', 'orientation = "portrait"'))
    assert "section [display]" in message and "1920x1080" in message
    message = error_of(tmp_path, replace("warning_s = 20", "warning_s = 90"))
    assert "section [session]" in message and "warning_s shorter than idle_timeout_s" in message


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[station\nid = ")
    assert "not valid TOML" in message
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml", environ={})
    assert "absent.toml" in caught.value.message


def test_environment_overrides_nested_keys_with_typed_values() -> None:
    config = load_config(environ={
        "KIOSK_BACKEND__URL": "https://platform.example.gov.cn/api",
        "KIOSK_DISPLAY__FULLSCREEN": "true",
        "KIOSK_SESSION__IDLE_TIMEOUT_S": "120",
        "KIOSK_DEVICES__PRINTER__URI": "tcp://10.0.0.5:9100",
        "UNRELATED": "x",
    })
    assert config.backend.url == "https://platform.example.gov.cn/api"
    assert config.display.fullscreen is True
    assert config.session.idle_timeout_s == 120
    assert config.devices.printer.uri == "tcp://10.0.0.5:9100"


def test_a_bad_environment_override_names_the_variable() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"KIOSK_DISPLAY__WIDTH": "abc"})
    assert "environment variable KIOSK_DISPLAY__WIDTH" in caught.value.message
    assert "'display.width'" in caught.value.message


def test_cli_stops_with_status_2_and_one_paragraph(tmp_path: Path) -> None:
    bad = write(tmp_path, replace("width = 1920", "width = -5"))
    for args in (["--config", str(bad), "run"], ["run", "--config", str(bad)]):
        result = subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().count("\n") == 0
        assert "display.width" in result.stderr and "-5" in result.stderr


def test_kiosk_config_variable_selects_the_file(tmp_path: Path) -> None:
    bad = write(tmp_path, replace('level = "village"', 'level = "county"'))
    env = {**__import__("os").environ, "KIOSK_CONFIG": str(bad)}
    result = subprocess.run([sys.executable, "-m", "kiosk", "run"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "station.level" in result.stderr


@pytest.mark.parametrize("url", ["http://platform.example.gov.cn/api", "http://10.0.0.5:8080/api",
                                 "http://127.0.0.1.example.com/api", "http://localhost.example.com/api"])
def test_plain_http_to_another_host_is_refused_with_https_asked_for(url) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"KIOSK_BACKEND__URL": url})
    assert "KIOSK_BACKEND__URL" in caught.value.message and "https://" in caught.value.message


@pytest.mark.parametrize("url", ["https://platform.example.gov.cn/api", "http://127.0.0.1:8080/api",
                                 "http://127.8.0.1/api", "http://localhost:9000", "http://[::1]:8080/api"])
def test_https_anywhere_and_plain_http_on_this_machine_are_accepted(url) -> None:
    assert load_config(environ={"KIOSK_BACKEND__URL": url}).backend.url == url


def test_the_display_mode_defaults_to_chinese_and_must_offer_the_starting_language():
    assert load_config(environ={}).display.languages == "zh"
    both = load_config(environ={"KIOSK_DISPLAY__LANGUAGES": "mn+zh", "KIOSK_DISPLAY__LANGUAGE": "mn"})
    assert (both.display.languages, both.display.language) == ("mn+zh", "mn")
    with pytest.raises(ConfigError, match="languages"):
        load_config(environ={"KIOSK_DISPLAY__LANGUAGE": "mn"})
    with pytest.raises(ConfigError):
        load_config(environ={"KIOSK_DISPLAY__LANGUAGES": "mn,zh"})


def test_kiosks_probing_one_data_folder_at_once_do_not_see_it_vanish(tmp_path: Path) -> None:
    """The screenshot sizes, the service and `kiosk doctor` start together over one data folder; each one's write
    test must not unlink another's (CI once saw 'No such file or directory' for a folder that was there)."""
    from concurrent.futures import ThreadPoolExecutor

    from kiosk.base.config import probe_write

    def probe_many(_: int) -> None:
        for _ in range(300):
            probe_write(tmp_path)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(probe_many, range(8)))
    assert list(tmp_path.iterdir()) == []
