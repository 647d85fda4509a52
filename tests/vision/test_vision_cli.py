"""`kiosk docscan` and `kiosk decode` on files."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from kiosk.cli import main
from kiosk.vision import synth
from kiosk.vision.geometry import polygon_iou


@pytest.fixture
def photos(tmp_path: Path) -> dict[str, Path]:
    a4 = synth.page_frame(11, kind="a4")
    files = {"a4": tmp_path / "a4.png", "code": tmp_path / "code.png", "empty": tmp_path / "empty.png",
             "junk": tmp_path / "junk.jpg"}
    cv2.imwrite(str(files["a4"]), a4.image)
    cv2.imwrite(str(files["code"]), synth.code_frame(3, texts=["宁城县 e-ID:TOKEN-12345"]).image)
    cv2.imwrite(str(files["empty"]), synth.empty_frame(2))
    files["junk"].write_bytes(b"not an image")
    (tmp_path / "a4.corners").write_text(json.dumps(a4.corners.tolist()))
    return files


def test_docscan_json_writes_pages_and_pdf(photos: dict[str, Path], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["docscan", str(photos["a4"]), str(photos["empty"]), str(photos["junk"]), "--out", str(out), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    first, empty, junk = report["results"]
    truth = json.loads((tmp_path / "a4.corners").read_text())
    assert polygon_iou(first["corners"], truth) > 0.97
    assert first["quality"]["flags"] == [] and Path(first["output"]).stat().st_size <= 300_000
    assert empty["corners"] is None and empty["quality"]["flags"] == ["no_page"]
    assert junk["error"] == "not a readable image"
    assert (out / "pages.pdf").read_bytes().startswith(b"%PDF")


def test_docscan_fails_when_nothing_is_found(photos: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docscan", str(photos["empty"])]) == 1
    assert "no document found" in capsys.readouterr().out


def test_decode_prints_texts(photos: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", str(photos["code"]), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [c["text"] for c in report[0]["codes"]] == ["宁城县 e-ID:TOKEN-12345"]
    assert main(["decode", str(photos["a4"]), str(photos["junk"])]) == 1
    out = capsys.readouterr().out
    assert "no code" in out and "not a readable image" in out
