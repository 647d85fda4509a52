"""证件复印 in the window, on a terminal with an A4 queue (a real cupsd with a cups-pdf queue): the tile, the card's
two sides laid on the simulated document camera, the purpose, the copy printed at true size, and nothing of it left
on the terminal; and on a terminal without one, 暂未开通 and where to get copies made."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from kiosk.base.config import load_config, scratch_copy
from kiosk.core.catalog import load_catalog
from kiosk.core.services.copies import ELSEWHERE
from kiosk.runtime.notices_cache import NoticeCache

from pdf_placement import image_boxes
from ui_support import ends_on_the_attract_screen, labels_of, press, pump, wait_until  # noqa: F401

CAPTURE_WAIT_S = 60.0


@pytest.fixture(scope="module")
def app(cups_pdf_queue: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    shipped = load_config(environ={"KIOSK_DEVICES__PRINTER__A4_QUEUE": cups_pdf_queue.name})
    config = scratch_copy(shipped, tmp_path_factory.mktemp("kiosk"))
    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp

    runtime = Runtime(config)
    runtime.start()
    runtime.prepare_input()
    kiosk = KioskApp(config, load_catalog(config.catalog_path), runtime)
    kiosk._run_prepare()
    pump()
    yield kiosk
    kiosk.stop()
    runtime.stop()


def copy_tile(app: Any) -> Any:
    from kiosk.ui.widgets.common import ServiceTile

    return next(w for w in app.current_screen.walk() if isinstance(w, ServiceTile) and w.title == "证件复印")


def test_an_id_card_is_copied_both_sides_at_true_size_and_nothing_stays(app, cups_pdf_queue) -> None:
    app.go_home()
    pump()
    assert copy_tile(app).hint == "身份证 户口簿"
    press(app, "证件复印")
    assert app.screens.current == "copy"
    screen = app.current_screen
    press(app, "身份证复印")
    assert "请将身份证人像面朝上，平放在拍摄区" in labels_of(screen)
    press(app, "演示：放身份证人像面")
    wait_until(lambda: len(screen.job.shots) == 1, "the front to be taken by itself", CAPTURE_WAIT_S)
    assert "请将身份证翻过来，国徽面朝上" in labels_of(screen)
    press(app, "演示：放身份证国徽面")
    wait_until(lambda: screen.stage == "purpose", "the back to be taken by itself", CAPTURE_WAIT_S)
    shots = [shot.jpeg for shot in screen.job.shots]
    press(app, "开始复印")
    assert screen.notice  # no purpose chosen yet
    press(app, "医疗保险报销")
    assert "仅供办理医疗保险报销使用，他用无效" in labels_of(screen)
    before = len(cups_pdf_queue.printed())
    press(app, "开始复印")
    wait_until(lambda: screen.stage == "done", "the copy to print", 90)
    assert "复印件已打印" in labels_of(screen) and "复印好了，请在打印机出纸口取走复印件" in labels_of(screen)
    assert all(not jpeg for jpeg in shots)  # overwritten as the job ended

    reader = PdfReader(cups_pdf_queue.wait_for_pdfs(before + 1)[-1])
    assert len(reader.pages) == 1
    boxes = image_boxes(reader)
    assert len(boxes) == 2 and all(abs(w - 85.6) <= 1 and abs(h - 54.0) <= 1 for _x, _y, w, h in boxes), boxes
    assert reader.pages[0].extract_text().count("仅供办理医疗保险报销使用，他用无效") == 2
    assert [p.name for p in (cups_pdf_queue.out.parent / "spool").iterdir() if p.name.startswith("d")] == []
    press(app, "完成")
    assert app.screens.current == "home"
    data = app.config_model.data_dir
    public = NoticeCache.in_dir(data).folder  # 三务公开's pictures, kept ahead by the heartbeat: nobody's
    pictures = [p for p in data.rglob("*") if p.is_file() and p.suffix in (".pdf", ".jpg", ".png")]
    assert [p for p in pictures if not p.is_relative_to(public)] == []


def test_a_household_page_taken_then_the_citizen_leaves_and_the_pictures_go(app) -> None:
    app.go_home()
    pump()
    press(app, "证件复印")
    screen = app.current_screen
    press(app, "户口簿复印")
    press(app, "演示：放一张A4纸")
    wait_until(lambda: len(screen.job.shots) == 1, "the page to be taken", CAPTURE_WAIT_S)
    assert len(screen.body.ids.thumbs.children) == 1
    press(app, "上一步")  # that page again: the picture is thrown away
    assert screen.stage == "capture" and screen.job.shots == [] and not screen.body.ids.thumbs.children
    press(app, "演示：放一张A4纸")
    wait_until(lambda: len(screen.job.shots) == 1, "the page to be taken again", CAPTURE_WAIT_S)
    kept = screen.job.shots[0].jpeg
    press(app, "下一步")
    assert screen.stage == "purpose"
    press(app, "其他用途（自己输入）")
    assert screen.stage == "type"
    press(app, "返回首页")
    assert app.screens.current == "home"
    assert not kept and app.controller.copy_job.shots == []
    assert not screen.body.ids.thumbs.children


def test_without_an_a4_queue_the_tile_says_not_available_and_where_to_go(app, monkeypatch) -> None:
    config = app.controller.config
    printer = config.devices.printer.model_copy(update={"a4_queue": ""})
    monkeypatch.setattr(app.controller, "config", config.model_copy(
        update={"devices": config.devices.model_copy(update={"printer": printer})}))
    app.go_home()
    app.current_screen._build()
    pump()
    assert copy_tile(app).hint == "暂未开通"
    press(app, "证件复印")
    assert app.screens.current == "unavailable"
    assert any(ELSEWHERE in text for text in labels_of(app.current_screen))
    press(app, "返回首页")
    monkeypatch.undo()
    app.current_screen._build()
