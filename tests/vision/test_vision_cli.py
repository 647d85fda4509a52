"""`kiosk docscan` and `kiosk decode` on files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest
from image_support import png_claiming

from kiosk.cli import main
from kiosk.vision import synth
from kiosk.vision.geometry import polygon_iou

ROOT = Path(__file__).resolve().parents[2]


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


def test_each_photo_is_reported_on_its_own_and_the_good_pages_survive(photos: dict[str, Path], tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    huge, tiny, cut = tmp_path / "huge.png", tmp_path / "tiny.png", tmp_path / "cut.jpg"
    huge.write_bytes(png_claiming(60_000, 60_000))
    cv2.imwrite(str(tiny), synth.empty_frame(2)[:4, :4])
    jpeg = cv2.imencode(".jpg", synth.page_frame(11, kind="a4").image)[1].tobytes()
    cut.write_bytes(jpeg[: len(jpeg) * 3 // 4])
    out = tmp_path / "out"
    code = main(["docscan", str(huge), str(photos["a4"]), str(tiny), str(cut), "--out", str(out), "--json"])
    assert code == 0
    big, good, small, truncated = json.loads(capsys.readouterr().out)["results"]
    assert big["error"].startswith("too large") and "16 pixels" in small["error"]
    assert good["quality"]["flags"] == [] and Path(good["output"]).exists()
    assert "truncated" in truncated["quality"]["flags"]
    assert main(["decode", str(cut), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)[0]["truncated"] is True


def test_the_pixel_cap_comes_from_the_config(photos: dict[str, Path], capsys, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_VISION__MAX_IMAGE_PIXELS", "1000000")
    big = photos["a4"].with_name("big.png")
    big.write_bytes(png_claiming(1001, 1000))
    assert main(["decode", str(big)]) == 1
    assert "more than 1000000 ([vision] max_image_pixels)" in capsys.readouterr().out


def test_a_file_name_that_is_not_utf8_is_read_not_crashed_on(photos: dict[str, Path], tmp_path: Path) -> None:
    odd = os.fsencode(tmp_path) + b"/\xff\xfe-code.png"
    with open(odd, "wb") as f:
        f.write(photos["code"].read_bytes())
    result = subprocess.run([sys.executable, "-m", "kiosk", "decode", odd], capture_output=True, cwd=ROOT,
                            timeout=120, env={**os.environ, "KIOSK_PATHS__DATA_DIR": str(tmp_path / "var")})
    assert result.returncode == 0, result.stderr  # a crash in cv2.imread was -11 (SIGSEGV)
    assert "\\udcff\\udcfe-code.png" in result.stdout.decode() and "TOKEN-12345" in result.stdout.decode()
