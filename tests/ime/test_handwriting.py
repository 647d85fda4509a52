"""Handwriting recognition without Kivy: Zinnia through ctypes, the stroke-order-free shape recogniser, the field
ranking, and kiosk.ime.handwriting on characters written from stroke data (kiosk/demo/handwriting.py)."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import numpy as np
import pytest

from kiosk.base.assets import font_path
from kiosk.base.config import KioskConfig, load_config
from kiosk.base.errors import KioskError
from kiosk.demo.handwriting import clean_strokes, finger_strokes, medians
from kiosk.ime import engine as pinyin
from kiosk.ime import handwriting, recogniser, shapes
from kiosk.ime.fields import FieldRanking
from kiosk.ime.lexicon import Sources
from kiosk.ime.zinnia import Zinnia, unjoined
from kiosk.staff.doctor import check_handwriting

BOX = (600.0, 600.0)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> KioskConfig:
    return load_config(environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path_factory.mktemp("hw-data"))})


@pytest.fixture(scope="module")
def full(config: KioskConfig) -> recogniser.Recogniser:
    return recogniser.prepare(config)


def test_the_api_ranks_the_written_character_among_eight(full: recogniser.Recogniser) -> None:
    for character in "王宁城县":
        found = handwriting(clean_strokes(character, BOX), BOX)
        assert character in found and len(found) == 8
    assert handwriting([], BOX) == [] and handwriting([[]], BOX) == []
    assert handwriting(clean_strokes("王", BOX), BOX, limit=3) == handwriting(clean_strokes("王", BOX), BOX)[:3]


def test_y_points_down_in_the_box(full: recogniser.Recogniser) -> None:
    upside_down = [[(x, BOX[1] - y) for x, y in s] for s in clean_strokes("宁", BOX)]
    assert handwriting(clean_strokes("宁", BOX), BOX)[0] == "宁"
    assert handwriting(upside_down, BOX)[0] != "宁"  # the roof at the bottom


def test_the_shape_recogniser_ignores_stroke_order_and_joins(full: recogniser.Recogniser) -> None:
    strokes = clean_strokes("宁", BOX)
    joined = [[p for s in strokes for p in s]]  # one stroke for all: Zinnia sees something else entirely
    reordered = list(reversed([list(reversed(s)) for s in strokes]))
    assert np.allclose(full.shapes.scores(reordered), full.shapes.scores(strokes), atol=1e-3)  # anti-aliasing
    assert "宁" in full.recognise(joined, BOX)


def test_a_join_is_undone_for_zinnia() -> None:
    strokes = clean_strokes("王", BOX)  # 横, 横, 竖, 横
    assert unjoined(strokes) is None
    hurried = [strokes[0], strokes[1] + strokes[2], strokes[3]]  # the second 横 joined to the 竖: back up
    undone = unjoined(hurried)
    assert undone is not None and len(undone) == 4
    assert undone[1][0] == strokes[1][0] and undone[2][-1] == strokes[2][-1]


def test_the_field_ranking_prefers_surnames_places_and_what_follows(config: KioskConfig,
                                                                    full: recogniser.Recogniser) -> None:
    ranking = FieldRanking.load(Sources.from_config(config), pinyin.prepare(config).lexicon)
    assert ranking.bonus("name", "")["王"] > ranking.bonus("name", "李").get("王", 0.0)  # a surname first
    assert ranking.bonus("name", "")["王"] > ranking.bonus("name", "")["邝"]  # commoner surnames first
    given = ranking.bonus("name", "王")  # after the surname, a given name's characters by their use
    assert given["秀"] > given["修"] and "嗅" not in given and "秀" not in ranking.bonus("name", "")
    assert {"宁", "洼", "义"} <= set(ranking.bonus("address", ""))
    assert "城" in ranking.bonus("text", "宁") and ranking.bonus("text", "") == {}
    plain = recogniser.Recogniser(full.shapes, FieldRanking(), full.zinnia)
    strokes = clean_strokes("城", BOX)
    assert full.recognise(strokes, BOX, 8, "address", before="宁")[0] == "城"
    assert "城" in plain.recognise(strokes, BOX)


def test_without_zinnia_the_shapes_still_answer(full: recogniser.Recogniser) -> None:
    alone = recogniser.Recogniser(full.shapes, full.ranking, None)
    assert "王" in alone.recognise(clean_strokes("王", BOX), BOX, 8, "name")


def test_a_missing_library_or_model_is_a_kiosk_error_that_doctor_reports(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(KioskError) as missing:
        Zinnia(library="libzinnia-not-there.so")
    assert "libzinnia0" in missing.value.detail
    with pytest.raises(KioskError) as no_model:
        Zinnia(model=tmp_path / "none.model")
    assert "tegaki-zinnia-simplified-chinese" in no_model.value.detail
    assert check_handwriting().verdict == "ok"
    monkeypatch.setattr("kiosk.ime.zinnia.LIBRARY", "libzinnia-not-there.so")
    check = check_handwriting()
    assert check.verdict == "warn" and "libzinnia0" in check.detail


def test_the_shape_table_is_cached_and_rebuilt_when_its_font_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shapes, "gb2312", lambda: list("王宁城"))
    cache = tmp_path / shapes.CACHE_NAME
    built = shapes.load_or_build(font_path(), cache)
    assert built.characters == list("王宁城") and cache.exists()
    monkeypatch.setattr(shapes, "gb2312", lambda: list("县"))
    assert shapes.load_or_build(font_path(), cache).characters == list("王宁城")  # from the cache
    other = font_path(bold=True)
    assert shapes.load_or_build(other, cache).characters == ["县"]  # another font: rebuilt


def test_a_build_told_to_stop_ends_between_characters_and_saves_nothing(tmp_path: Path, monkeypatch) -> None:
    # The kiosk shutting down during a first start's build: Python must not exit under a thread inside OpenCV.
    drawn: list[str] = []
    stop = threading.Event()
    picture = shapes.glyph_picture

    def draw_then_stop(font, character):
        drawn.append(character)
        stop.set()
        return picture(font, character)

    monkeypatch.setattr(shapes, "gb2312", lambda: list("王宁城"))
    monkeypatch.setattr(shapes, "glyph_picture", draw_then_stop)
    cache = tmp_path / shapes.CACHE_NAME
    with pytest.raises(shapes.BuildStopped):
        shapes.load_or_build(font_path(), cache, stop)
    assert drawn == ["王"] and not cache.exists()


def test_gb2312_has_both_levels() -> None:
    characters = shapes.gb2312()
    assert len(characters) == 6763 and characters[0] == "啊" and "齄" in characters


def test_finger_strokes_are_reproducible_distorted_and_joined_at_the_rate() -> None:
    first = finger_strokes("宁", random.Random(3), BOX, 0.0)
    assert first == finger_strokes("宁", random.Random(3), BOX, 0.0)
    assert len(first) == len(medians()["宁"]) and first != clean_strokes("宁", BOX)
    assert all(0 <= x <= BOX[0] and 0 <= y <= BOX[1] for s in first for x, y in s)
    assert len(finger_strokes("宁", random.Random(3), BOX, 1.0)) == 1  # every stroke joined to the one before


def test_recognition_runs_on_the_worker(full: recogniser.Recogniser) -> None:
    future = recogniser.submit(clean_strokes("县", BOX), BOX, 8, "address")
    assert "县" in future.result(timeout=60)
    assert recogniser.problem() is None
