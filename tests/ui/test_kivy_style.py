"""The kiosk starts Kivy with its default style minus the widget families it never shows (kiosk.ui.kivy_style):
the trimmed style is Kivy's own text, it parses, and no widget on any screen or overlay belongs to a dropped
family."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.ui.kivy_style import (
    STYLE,
    UNUSED_FAMILIES,
    kivy_data_folder,
    rule_classes,
    styled_classes,
    trim_style,
    trimmed_data_dir,
)


def kivy_style() -> str:
    return (kivy_data_folder() / STYLE).read_text(encoding="utf-8")


def test_rule_heads_name_their_classes() -> None:
    assert rule_classes("<-Button,-ToggleButton>:\n    canvas:") == ["Button", "ToggleButton"]
    assert rule_classes("[FileListEntry@FloatLayout+TreeViewNode]:") == ["FileListEntry"]
    assert rule_classes("#:import os os\n") == []


def test_the_trimmed_style_keeps_every_rule_but_the_unused_families_word_for_word() -> None:
    from kivy.lang.parser import Parser

    full, trimmed = kivy_style(), trim_style(kivy_style())
    kept = styled_classes(trimmed)
    assert {"Label", "Button", "Image", "ScrollView", "ModalView", "ScreenManager", "Scatter", "TextInput"} <= kept
    assert not any(name.startswith(UNUSED_FAMILIES) for name in kept)
    assert kept == {name for name in styled_classes(full) if not name.startswith(UNUSED_FAMILIES)}
    assert len(trimmed.splitlines()) < len(full.splitlines()) / 3
    for line in trimmed.splitlines():
        assert line in full
    assert len(Parser(content=trimmed, filename="trimmed-style.kv").rules) == len(kept)  # one per class


def test_the_data_folder_is_made_once_with_kivys_own_files_beside_the_trimmed_style(tmp_path: Path) -> None:
    folder = trimmed_data_dir(tmp_path)
    assert folder is not None and folder.parent == tmp_path
    assert (folder / STYLE).read_text(encoding="utf-8") == trim_style(kivy_style())
    source = kivy_data_folder()
    for entry in source.iterdir():
        if entry.name != STYLE:
            assert (folder / entry.name).resolve() == entry.resolve()
    assert (folder / "glsl" / "default.vs").is_file()  # the shaders Kivy compiles at start
    (folder / STYLE).write_text("<Label>:\n", encoding="utf-8")
    assert trimmed_data_dir(tmp_path) == folder  # made once: kept as found
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no staging folder left behind


def test_an_unwritable_cache_leaves_kivys_own_folder_in_use(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should go", encoding="utf-8")
    assert trimmed_data_dir(blocker) is None


def test_the_kiosk_runs_with_the_trimmed_style() -> None:
    import kivy

    assert os.environ["KIVY_DATA_DIR"] == kivy.kivy_data_dir
    assert (Path(kivy.kivy_data_dir) / STYLE).read_text(encoding="utf-8") == trim_style(kivy_style())


def test_under_systemd_the_folder_goes_to_the_units_cache_directory(tmp_path: Path, monkeypatch) -> None:
    # deploy/kiosk.service: CacheDirectory=kiosk sets $CACHE_DIRECTORY; the home is read-only there.
    monkeypatch.setenv("CACHE_DIRECTORY", str(tmp_path / "var-cache-kiosk"))
    monkeypatch.setenv("HOME", str(tmp_path / "read-only-home"))
    folder = trimmed_data_dir()
    assert folder is not None and folder.parent == tmp_path / "var-cache-kiosk"
    assert "CacheDirectory=kiosk" in (Path(__file__).parents[2] / "deploy" / "kiosk.service").read_text()
