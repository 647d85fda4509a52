"""Settings from the maintenance screen: validated by the config loader, written atomically into the settings
file in the data folder (laid over the untouched config file) with its comments kept, refused for operators,
audited with old and new values."""

from __future__ import annotations

import shutil

import pytest

from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.base.errors import ConfigError
from kiosk.staff.accounts import Role, StaffMember
from kiosk.staff.audit import AuditLog
from kiosk.staff.desk import NotAllowed, StaffDesk
from kiosk.staff.settings import settings_file, write_settings


@pytest.fixture
def config(tmp_path):
    shutil.copy(DEFAULT_CONFIG, tmp_path / "kiosk.toml")
    return load_config(tmp_path / "kiosk.toml", environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path / "var")})


def test_settings_are_written_to_the_data_folder_and_laid_over_the_untouched_config_file(config) -> None:
    path = config.source
    original = path.read_text(encoding="utf-8")
    path.chmod(0o444)  # as on a terminal, where the unit makes /etc read-only
    with pytest.raises(ConfigError) as refused:
        write_settings(config, {"session.warning_s": 95})  # not shorter than idle_timeout_s = 90
    assert "warning_s" in refused.value.message and ".new" not in refused.value.message
    assert str(settings_file(config)) in refused.value.message
    assert not config.data_dir.exists() or list(config.data_dir.iterdir()) == []  # nothing written, no temporary file
    new = write_settings(config, {"session.idle_timeout_s": 120, "session.warning_s": 30})
    assert (new.session.idle_timeout_s, new.session.warning_s, new.source) == (120, 30, path)
    assert path.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in config.data_dir.iterdir()) == ["settings.toml"]
    assert settings_file(config).stat().st_mode & 0o077 == 0
    reloaded = load_config(path, environ={"KIOSK_PATHS__DATA_DIR": str(config.data_dir)})
    assert reloaded.session.idle_timeout_s == 120 and reloaded.station == config.station
    # The environment still wins over both files.
    overridden = load_config(path, environ={"KIOSK_PATHS__DATA_DIR": str(config.data_dir),
                                            "KIOSK_SESSION__IDLE_TIMEOUT_S": "300"})
    assert (overridden.session.idle_timeout_s, overridden.session.warning_s) == (300, 30)


def test_the_settings_file_keeps_comments_and_multi_line_arrays(config) -> None:
    import tomllib

    config.data_dir.mkdir()
    hand_made = (
        "# opening hours agreed with the township, 2026-03\n"
        "[station]\n"
        "hours = [\n"
        '    "08:00-12:00",  # morning\n'
        '    "13:30-17:30",  # afternoon\n'
        "]\n"
        "\n"
        "[voice]\n"
        "volume = 0.5  # quiet: the hall is small\n"
    )
    settings_file(config).write_text(hand_made, encoding="utf-8")
    write_settings(config, {"voice.volume": 0.65, "session.idle_timeout_s": 120})
    text = settings_file(config).read_text(encoding="utf-8")
    for kept in ("# opening hours agreed with the township, 2026-03", "# morning", "# afternoon",
                 "# quiet: the hall is small"):
        assert kept in text
    written = tomllib.loads(text)
    assert written["station"]["hours"] == ["08:00-12:00", "13:30-17:30"]
    assert written["voice"]["volume"] == 0.65 and written["session"]["idle_timeout_s"] == 120
    new = write_settings(config, {"station.hours": ["09:00-12:00", "14:00-16:00"]})
    assert new.station.hours == ["09:00-12:00", "14:00-16:00"]
    assert "# opening hours agreed with the township, 2026-03" in settings_file(config).read_text(encoding="utf-8")


@pytest.mark.parametrize("content, named", [
    ("[session]\nidle_timeout_s = 5\n", "session.idle_timeout_s"),
    ("[sesion]\nidle_timeout_s = 120\n", "unknown key 'sesion'"),
    ("[session]\nwarning_s = 95\n", "warning_s shorter than idle_timeout_s"),
    ("[session\n", "not valid TOML"),
    ("[paths]\ndata_dir = \"/tmp\"\n", "[paths] is set only in"),
])
def test_the_settings_file_is_validated_like_the_config_file(config, content, named) -> None:
    config.data_dir.mkdir()
    settings_file(config).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(config.source, environ={"KIOSK_PATHS__DATA_DIR": str(config.data_dir)})
    assert named in refused.value.message and str(settings_file(config)) in refused.value.message


def test_a_settings_file_that_cannot_be_written_is_a_plain_refusal(config) -> None:
    from kiosk.base.errors import KioskError

    config.data_dir.mkdir()
    (config.data_dir / ".settings.toml.new").mkdir()  # the temporary file cannot be made (root ignores modes)
    with pytest.raises(KioskError) as refused:
        write_settings(config, {"session.idle_timeout_s": 120})
    assert not isinstance(refused.value, ConfigError)
    assert refused.value.message.startswith("设置无法保存") and str(settings_file(config)) in refused.value.message
    assert not settings_file(config).exists()


def test_only_an_admin_changes_settings_and_each_change_is_audited(config) -> None:
    desk = StaffDesk(config, runtime=None)
    desk.member = StaffMember("李秀英", Role.OPERATOR)
    with pytest.raises(NotAllowed):
        desk.change_settings({"session.idle_timeout_s": 120})
    desk.member = StaffMember("张建军", Role.ADMIN)
    with pytest.raises(ConfigError):
        desk.change_settings({"session.idle_timeout_s": 5})
    desk.change_settings({"session.idle_timeout_s": 120})
    entries = AuditLog.in_dir(config.data_dir).entries()
    assert [(e["who"], e["action"]) for e in entries] == [("李秀英", "refused"), ("张建军", "settings_changed")]
    assert entries[-1]["before"] == {"session.idle_timeout_s": 90}
    assert entries[-1]["after"] == {"session.idle_timeout_s": 120}


def test_every_on_screen_setting_is_typed_shown_and_written_like_the_config_file(config) -> None:
    import tomllib

    from kiosk.base.errors import KioskError
    from kiosk.staff.settings import SETTING_BY_PATH, hours_text

    hours = SETTING_BY_PATH["station.hours"]
    assert hours_text("0830120014") == "08:30-12:00, 14"
    assert hours.typed_value("0830120014001730") == ["08:30-12:00", "14:00-17:30"]
    with pytest.raises(KioskError):
        hours.typed_value("083012")  # a span is 8 digits
    assert SETTING_BY_PATH["voice.volume"].typed_value("65") == 0.65
    assert SETTING_BY_PATH["voice.volume"].shown(0.65) == "65%"
    assert SETTING_BY_PATH["display.language"].shown("en") == "English"
    desk = StaffDesk(config, runtime=None)
    desk.member = StaffMember("张建军", Role.ADMIN)
    desk.change_settings({"station.name": "北洼子村便民服务站（新）", "station.hours": ["09:00-16:00"],
                          "voice.volume": 0.65, "voice.mute": True, "display.language": "en",
                          "backend.url": "https://zwfw.example.gov.cn/api"})
    written = tomllib.loads(settings_file(config).read_text(encoding="utf-8"))
    assert written["station"]["name"] == "北洼子村便民服务站（新）" and written["station"]["hours"] == ["09:00-16:00"]
    assert written["voice"] == {**written["voice"], "volume": 0.65, "mute": True}
    assert written["display"]["language"] == "en" and written["backend"]["url"] == "https://zwfw.example.gov.cn/api"
    # The desk now shows the values in force, and the next change is audited against them.
    assert desk.config.voice.volume == 0.65 and desk.config.station.hours == ["09:00-16:00"]
    for bad in ({"station.hours": ["17:00-09:00"]}, {"voice.volume": 1.5}, {"backend.url": "ftp://x"},
                {"station.name": ""}, {"display.language": "fr"}):
        before = settings_file(config).read_text(encoding="utf-8")
        with pytest.raises(ConfigError):
            desk.change_settings(bad)
        assert settings_file(config).read_text(encoding="utf-8") == before
    with pytest.raises(KioskError):
        desk.change_settings({"paths.data_dir": "/tmp"})  # not an on-screen setting


def test_an_operator_changes_the_voice_but_sees_the_admin_settings_read_only(config) -> None:
    desk = StaffDesk(config, runtime=None)
    desk.member = StaffMember("李秀英", Role.OPERATOR)
    desk.change_settings({"voice.volume": 0.3, "voice.mute": True})
    for admin_only in ({"backend.url": "https://zwfw.example.gov.cn/api"}, {"display.language": "en"},
                       {"voice.volume": 0.5, "station.name": "别处"}):
        with pytest.raises(NotAllowed):
            desk.change_settings(admin_only)
    assert load_config(config.source, environ={"KIOSK_PATHS__DATA_DIR": str(config.data_dir)}).voice.volume == 0.3
    assert [e["action"] for e in AuditLog.in_dir(config.data_dir).entries()] == [
        "settings_changed", "refused", "refused", "refused"]


def test_reloading_the_catalog_validates_it_and_a_bad_one_keeps_the_old(config) -> None:
    from kiosk.base.errors import KioskError
    from kiosk.core.catalog import load_catalog

    shutil.copy(DEFAULT_CONFIG.parent / "catalog.yaml", config.catalog_path)
    desk = StaffDesk(config, runtime=None)
    desk.member = StaffMember("李秀英", Role.OPERATOR)
    catalog = desk.reload_catalog()
    assert len(catalog.items) == len(load_catalog(DEFAULT_CONFIG.parent / "catalog.yaml").items)
    config.catalog_path.write_text("items: [oops\n", encoding="utf-8")
    with pytest.raises(KioskError) as refused:
        desk.reload_catalog()
    assert refused.value.message.startswith("目录有错误，仍使用原来的目录：") and "YAML" in refused.value.message
    config.catalog_path.write_text("items: []\nways: 3\n", encoding="utf-8")
    with pytest.raises(KioskError):
        desk.reload_catalog()
    entries = AuditLog.in_dir(config.data_dir).entries()
    assert [e["action"] for e in entries] == ["catalog_reloaded", "catalog_refused", "catalog_refused"]
    assert entries[0]["items"] == len(catalog.items)
