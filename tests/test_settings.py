"""Settings from the maintenance screen: validated by the config loader, written atomically into the config
file with its comments kept, refused for operators, audited with old and new values."""

from __future__ import annotations

import shutil

import pytest

from kiosk.audit import AuditLog
from kiosk.config import DEFAULT_CONFIG, load_config
from kiosk.errors import ConfigError
from kiosk.maintenance import NotAllowed, StaffDesk
from kiosk.settings import set_in_text, write_settings
from kiosk.staff import Role, StaffMember


@pytest.fixture
def config(tmp_path):
    shutil.copy(DEFAULT_CONFIG, tmp_path / "kiosk.toml")
    return load_config(tmp_path / "kiosk.toml", environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path / "var")})


def test_a_value_is_replaced_in_place_keeping_comments_and_other_lines() -> None:
    text = ('[station]\nname = "A # not a comment"   # the name\nid = "X"\n\n[session]\nidle_timeout_s = 90'
            '          # no touch for this long\nwarning_s = 20\n')
    changed = set_in_text(text, "session", "idle_timeout_s", 120)
    assert "idle_timeout_s = 120" in changed and "# no touch for this long" in changed
    assert set_in_text(text, "station", "name", "北洼子村 # 2").splitlines()[1].endswith("# the name")
    assert changed.replace("120", "90").split() == text.split()
    # A key missing from its table is added there; a missing table at the end.
    assert "[session]\nelder_idle_timeout_s = 200\n" in set_in_text(text, "session", "elder_idle_timeout_s", 200)
    assert set_in_text(text, "maintenance", "idle_exit_s", 300).endswith("[maintenance]\nidle_exit_s = 300\n")


def test_write_settings_validates_like_the_config_and_writes_atomically(config) -> None:
    path = config.source
    original = path.read_text(encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        write_settings(config, {"session.warning_s": 95})  # not shorter than idle_timeout_s = 90
    assert "warning_s" in refused.value.message and ".new" not in refused.value.message
    assert path.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in path.parent.iterdir()) == ["kiosk.toml"]  # no temporary file left
    new = write_settings(config, {"session.idle_timeout_s": 120, "session.warning_s": 30})
    assert (new.session.idle_timeout_s, new.session.warning_s, new.source) == (120, 30, path)
    reloaded = load_config(path, environ={})
    assert reloaded.session.idle_timeout_s == 120 and reloaded.station == config.station
    assert "# no touch for this long ends the citizen's session" in path.read_text(encoding="utf-8")


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
