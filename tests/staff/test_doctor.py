"""`kiosk doctor` on this machine with the simulated devices and the sandbox, and with faults it must report."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kiosk.base.textwidth import display_width
from kiosk.staff.doctor import Check, check_clock, check_disk, check_staff, check_usb_printer, table

ROOT = Path(__file__).resolve().parents[2]


def _doctor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    # Every file the kiosk keeps goes to tmp_path: the test never writes into the checkout's data folder.
    environ = {"KIOSK_PATHS__DATA_DIR": str(tmp_path), "KIOSK_BACKEND__SECRET_FILE": str(tmp_path / "secret.key"),
               "KIOSK_BACKEND__OUTBOX_FILE": str(tmp_path / "outbox.sqlite"),
               "KIOSK_BACKEND__OUTBOX_KEY_FILE": str(tmp_path / "outbox.key"), "PATH": "/usr/bin:/bin", **env}
    return subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--device-timeout", "20", *args], capture_output=True,
                          text=True, cwd=ROOT, env=environ, timeout=120)


def test_doctor_checks_everything_with_the_simulated_devices(tmp_path) -> None:
    result = _doctor(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in ("配置文件", "事项目录", "中文字体", "蒙古文字体", "图标字体", "手写输入", "身份证读卡器", "扫码器", "凭条打印机",
                 "高拍仪", "人脸摄像头", "政务平台", "系统时间", "磁盘", "维护账户"):
        assert any(line.startswith(name + " ") for line in lines), name
    reader = next(line for line in lines if line.startswith("身份证读卡器"))
    assert "正常" in reader and "SAM " in reader
    assert not any("故障" in line for line in lines[2:-2])
    assert lines[-1].startswith("19 项检查：0 项故障")


def test_doctor_fails_for_a_reader_port_that_is_not_there_and_a_real_terminal_with_the_demo_pin(tmp_path) -> None:
    result = _doctor(tmp_path, KIOSK_DEVICES__IDCARD__DRIVER="serial",
                     KIOSK_DEVICES__IDCARD__PORT=str(tmp_path / "ttyUSB9"))
    assert result.returncode == 1
    reader = next(line for line in result.stdout.splitlines() if line.startswith("身份证读卡器"))
    assert "故障" in reader
    # A real reader makes it a real terminal: the shipped demo PIN must go, and it has no staff account yet.
    staff = next(line for line in result.stdout.splitlines() if line.startswith("维护账户"))
    assert "故障" in staff and "demo_pin" in staff and "没有维护账户" in staff
    assert "2 项故障" in result.stdout.splitlines()[-1]


def _staff_config(tmp_path: Path, demo_pin: bool, real_reader: bool) -> Any:
    from kiosk.base.config import DEFAULT_CONFIG, load_config

    env = {"KIOSK_PATHS__DATA_DIR": str(tmp_path)}
    if not demo_pin:
        env["KIOSK_MAINTENANCE__DEMO_PIN"] = '""'  # the shipped config has one
    if real_reader:
        env["KIOSK_DEVICES__IDCARD__DRIVER"] = "serial"
    return load_config(DEFAULT_CONFIG, environ=env)


def test_the_staff_check_fails_on_a_real_terminal_with_the_demo_pin_or_without_an_account(tmp_path) -> None:
    from kiosk.staff.accounts import StaffStore

    demo = check_staff(_staff_config(tmp_path, True, real_reader=False))
    assert demo.verdict == "warn" and "演示密码" in demo.detail
    for demo_pin, reason in ((True, "demo_pin"), (False, "没有维护账户")):
        check = check_staff(_staff_config(tmp_path, demo_pin, real_reader=True))
        assert check.verdict == "fail" and reason in check.detail, check
    StaffStore(tmp_path).add("张建军", "admin", "482913")
    with_pin = check_staff(_staff_config(tmp_path, True, real_reader=True))
    assert with_pin.verdict == "fail" and "demo_pin" in with_pin.detail and "没有维护账户" not in with_pin.detail
    ready = check_staff(_staff_config(tmp_path, False, real_reader=True))
    assert ready.verdict == "ok" and "张建军" in ready.detail
    (tmp_path / "staff_lock.json").write_text("damaged", encoding="utf-8")
    locked = check_staff(_staff_config(tmp_path, False, real_reader=True))
    assert locked.verdict == "warn" and "kiosk staff unlock" in locked.detail


def test_clock_disk_and_table() -> None:
    assert check_clock(now=lambda: 0.0).verdict == "fail"  # 1970: never synchronised
    assert check_clock(now=time.time, synced_marker=Path(__file__)).verdict == "ok"
    assert check_disk(Path("/proc/no-such-dir")).verdict == "fail"
    text = table([Check("磁盘", "ok", "剩余 9 GB"), Check("camera-preview", "warn", "x")])
    first, second = text.splitlines()[2:4]
    # The status column lines up on screen although one name is Chinese (two columns a character).
    assert display_width(first[: first.index("正常")]) == display_width(second[: second.index("注意")])
    assert text.splitlines()[-1] == "2 项检查：0 项故障，1 项需注意"


def test_doctor_names_a_missing_ca_bundle_and_a_photo_decoder_that_does_not_load(tmp_path) -> None:
    result = _doctor(tmp_path, KIOSK_BACKEND__CA_BUNDLE=str(tmp_path / "platform-ca.pem"),
                     KIOSK_DEVICES__IDCARD__PHOTO_DECODER=str(tmp_path / "libwlt.so"))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    bundle = next(line for line in lines if line.startswith("平台证书"))
    decoder = next(line for line in lines if line.startswith("照片解码库"))
    assert "故障" in bundle and "[backend] ca_bundle" in bundle and "platform-ca.pem" in bundle
    assert "故障" in decoder and "[devices.idcard] photo_decoder" in decoder and "libwlt.so" in decoder


def test_doctor_json_lists_a_device_that_failed_to_start_as_a_failure(tmp_path) -> None:
    # Codes read by the document camera, with no document camera configured: the scanner cannot be built.
    result = _doctor(tmp_path, "--json", KIOSK_DEVICES__SCANNER__DRIVER="camera", KIOSK_DEVICES__CAMERA__DRIVER="none")
    assert result.returncode == 1, result.stdout + result.stderr
    checks = json.loads(result.stdout)
    assert all(set(c) == {"name", "status", "message"} and c["status"] in ("ok", "warn", "fail") for c in checks)
    by_name = {c["name"]: c for c in checks}
    assert by_name["扫码器"]["status"] == "fail" and "未能启动（driver = camera）" in by_name["扫码器"]["message"]
    assert by_name["高拍仪"]["status"] == "warn"
    assert [c["name"] for c in checks if c["status"] == "fail"] == ["扫码器"]


def test_a_usb_printer_uri_needs_pyusb(monkeypatch) -> None:
    import importlib.util

    usb_printer = SimpleNamespace(driver="escpos", uri="usb:0fe6:811e")
    assert check_usb_printer(SimpleNamespace(driver="escpos", uri="serial:/dev/ttyUSB0")) is None
    assert check_usb_printer(SimpleNamespace(driver="sim", uri="")) is None
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    missing = check_usb_printer(usb_printer)
    assert missing is not None and missing.verdict == "fail" and "kiosk[usb]" in missing.detail
