"""`kiosk doctor`: is this terminal ready? Config, catalog, fonts, every configured device (opened through the
same runtime the kiosk uses, simulators included), the platform, the clock, the disk and staff accounts.
Each check answers ok / warn / fail with a line a technician can act on."""

from __future__ import annotations

import importlib.util
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.base.config import probe_write
from kiosk.base.textwidth import display_width, pad

Verdict = Literal["ok", "warn", "fail"]
MARKS = {"ok": "正常", "warn": "注意", "fail": "故障"}
MIN_FREE_BYTES = 1 << 30  # the outbox, logs and photos of materials waiting to be sent
LOW_FREE_BYTES = 200 << 20
SYNCED_MARKER = Path("/run/systemd/timesync/synchronized")


@dataclass(frozen=True)
class Check:
    name: str
    verdict: Verdict
    detail: str


def check_catalog(config: Any) -> Check:
    from kiosk.core.catalog import load_catalog

    try:
        catalog = load_catalog(config.catalog_path)
    except Exception as exc:
        return Check("事项目录", "fail", getattr(exc, "message", str(exc)))
    return Check("事项目录", "ok", f"{len(catalog.items)} 个事项，{len(catalog.services)} 项服务：{config.catalog_path}")


def check_fonts() -> list[Check]:
    from fontTools.ttLib import TTFont

    from kiosk.base.assets import ICON_FONT, MONGOLIAN_FONT, font_path

    checks = []
    for label, path, probe in (("中文字体", font_path(), "宁城县政务服务"), ("中文粗体", font_path(bold=True), "宁城县"),
                               ("蒙古文字体", MONGOLIAN_FONT, "ᠮᠣᠩᠭᠣᠯ"), ("图标字体", ICON_FONT, None)):
        try:
            cmap = TTFont(str(path), lazy=True).getBestCmap()
        except Exception as exc:
            checks.append(Check(label, "fail", f"{path}: {exc}"))
            continue
        missing = [c for c in (probe or "") if ord(c) not in cmap]
        checks.append(Check(label, "fail" if missing else "ok",
                            f"缺字 {''.join(missing)}：{path}" if missing else f"{path.name}，{len(cmap)} 个字符"))
    return checks


def check_devices(runtime: Any, timeout_s: float) -> list[Check]:
    """Each device's status once it has answered (or `timeout_s` has passed)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and any(d.status.state.value == "unknown" for d in runtime.devices):
        time.sleep(0.1)
    from kiosk.staff.desk import DEVICE_LABELS

    checks = []
    for device in runtime.devices:
        status = device.status
        verdict: Verdict = {"ok": "ok", "warning": "warn"}.get(status.state.value, "fail")
        checks.append(Check(DEVICE_LABELS.get(device.name, device.name), verdict,
                            f"{status.message}（{status.detail}）" if status.detail else status.message))
    configured = runtime.config.devices
    running = {device.name for device in runtime.devices}
    for name in ("idcard", "scanner", "printer", "camera", "face_camera"):
        driver = getattr(configured, name).driver
        if driver == "none":
            checks.append(Check(DEVICE_LABELS[name], "warn", "未配置（driver = none）"))
        elif name not in running:
            # Configured but never started: as much a failure as a device that does not answer.
            why = runtime.failed.get(name, "未启动")
            checks.append(Check(DEVICE_LABELS[name], "fail", f"未能启动（driver = {driver}）：{why}"))
    usb = check_usb_printer(configured.printer)
    return checks if usb is None else [*checks, usb]


def check_usb_printer(printer: Any) -> Check | None:
    """A `usb:` printer URI goes through libusb, which needs pyusb: the `usb` extra (the Debian package has it)."""
    if printer.driver != "escpos" or not printer.uri.lower().startswith("usb:"):
        return None
    if importlib.util.find_spec("usb") is None:
        return Check("USB 打印支持", "fail", f"打印机地址 {printer.uri} 需要 pyusb：pip install 'kiosk[usb]'，"
                                         "或改用 serial:/file:/tcp:// 地址")
    return Check("USB 打印支持", "ok", "pyusb 已安装")


def check_backend(runtime: Any) -> Check:
    from kiosk.runtime.heartbeat import Heartbeat

    url = runtime.config.backend.url
    if runtime.backend is None:
        return Check("政务平台", "fail", f"未能启动平台连接：{url}")
    beat = Heartbeat(runtime)
    try:
        delivered = runtime.backend.call(beat.beat).result(timeout=30)
    except Exception as exc:
        return Check("政务平台", "fail", f"{url}：{exc}")
    if not delivered:
        return Check("政务平台", "fail", f"{url} 无法连接：{beat.last_error}")
    return Check("政务平台", "ok", f"{url} 可以连接（心跳已送达，配置版本 {beat.config_version}）")


def check_clock(now: Callable[[], float] = time.time, synced_marker: Path = SYNCED_MARKER) -> Check:
    year = time.localtime(now()).tm_year
    stamp = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(now()))
    if year < 2025:
        return Check("系统时间", "fail", f"{stamp}：时间明显不对（凭条日期、签名会出错），请校时")
    if synced_marker.exists():
        return Check("系统时间", "ok", f"{stamp}，已与时间服务器同步")
    return Check("系统时间", "warn", f"{stamp}，未确认与时间服务器同步（systemd-timesyncd）")


def check_disk(data_dir: Path) -> Check:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe_write(data_dir)
        free = shutil.disk_usage(data_dir).free
    except OSError as exc:
        return Check("磁盘", "fail", f"数据目录不能写入：{data_dir}：{exc}")
    text = f"{data_dir} 剩余 {free / (1 << 30):.1f} GB"
    if free < LOW_FREE_BYTES:
        return Check("磁盘", "fail", text + "，空间不足")
    return Check("磁盘", "ok" if free >= MIN_FREE_BYTES else "warn", text)


def check_staff(config: Any) -> Check:
    """Accounts and the demo PIN. Off the demo terminal (any real device) a configured demo PIN fails: it is
    printed in the shipped config, so it must not be there even though entry refuses it; so does having no account."""
    from kiosk.staff.accounts import StaffError, StaffStore

    store = StaffStore.from_config(config)
    try:
        members = store.members()
        locked = store.locked()
    except StaffError as exc:
        return Check("维护账户", "fail", exc.message)
    problems = []
    if store.demo_pin and not config.all_simulated:
        problems.append("配置了演示密码（[maintenance] demo_pin），本机却有真实设备：请把 demo_pin 设为空")
    if not members and not config.all_simulated:
        problems.append("没有维护账户：请运行 kiosk staff add 姓名 --role admin（或 kiosk staff provision 后在屏幕上建立）")
    if problems:
        return Check("维护账户", "fail", "；".join(problems))
    if not members and store.demo_pin:
        return Check("维护账户", "warn", "只有演示密码（演示终端、没有账户时有效）；正式使用前请 kiosk staff add")
    if not members:
        return Check("维护账户", "fail", "没有维护账户：请运行 kiosk staff add 姓名 --role admin")
    listed = "、".join(f"{m.name}（{m.role.label}）" for m in members)
    if locked is not None:
        return Check("维护账户", "warn", f"{listed}；维护登录锁定中：{locked.message}")
    return Check("维护账户", "ok", listed)


def check_ca_bundle(config: Any) -> Check | None:
    """The platform's CA bundle ([backend] ca_bundle), when one is set: it must be a readable PEM file."""
    if config.backend.ca_bundle is None:
        return None
    path = config.resolve(config.backend.ca_bundle)
    try:
        text = path.read_bytes()
    except OSError as exc:
        return Check("平台证书", "fail", f"[backend] ca_bundle 无法读取：{path}：{exc.strerror}")
    if b"-----BEGIN CERTIFICATE-----" not in text:
        return Check("平台证书", "fail", f"[backend] ca_bundle 不是 PEM 证书文件：{path}")
    return Check("平台证书", "ok", str(path))


def check_photo_decoder(config: Any) -> Check | None:
    """The ID card portrait library ([devices.idcard] photo_decoder), when one is set: it must load."""
    from kiosk.devices.base import DeviceError
    from kiosk.devices.idcard.photo import PhotoDecoder

    library = config.devices.idcard.photo_decoder
    if not library:
        return None
    try:
        PhotoDecoder(library)
    except DeviceError as exc:
        return Check("照片解码库", "fail", f"[devices.idcard] photo_decoder 无法加载：{exc.detail}")
    return Check("照片解码库", "ok", library)


def check_handwriting() -> Check:
    from kiosk.base.errors import KioskError
    from kiosk.ime.zinnia import Zinnia

    try:
        Zinnia()
    except KioskError as exc:
        return Check("手写输入", "warn", f"只能用拼音输入：{exc.detail}")
    return Check("手写输入", "ok", "Zinnia 和简体中文模型")


def run_checks(config: Any, device_timeout_s: float = 10.0) -> list[Check]:
    from kiosk.runtime.runtime import Runtime

    checks = [Check("配置文件", "ok", str(config.source)), check_catalog(config), *check_fonts(), check_handwriting()]
    checks += [c for c in (check_ca_bundle(config), check_photo_decoder(config)) if c is not None]
    # The kiosk's own runtime, without the metrics port (the running kiosk may hold it).
    quiet = config.model_copy(update={"maintenance": config.maintenance.model_copy(update={"metrics_port": 0})})
    runtime = Runtime(quiet)
    try:
        runtime.start()
        checks += check_devices(runtime, device_timeout_s)
        checks.append(check_backend(runtime))
    finally:
        runtime.stop()
    checks += [check_clock(), check_disk(config.data_dir), check_staff(config)]
    return checks


def as_json(checks: list[Check]) -> str:
    """The checks for a machine (fleet tooling, the package's tests): a list of {name, status, message} in the
    order of the table; status is ok, warn or fail."""
    return json.dumps([{"name": c.name, "status": c.verdict, "message": c.detail} for c in checks],
                      ensure_ascii=False, indent=2)


def table(checks: list[Check]) -> str:
    """A plain-text table lined up for Chinese (full-width) text."""
    width = max(display_width(c.name) for c in checks) + 2
    lines = [pad("检查", width) + "状态  说明", "-" * (width + 40)]
    lines += [pad(c.name, width) + MARKS[c.verdict] + "  " + c.detail for c in checks]
    failed = sum(c.verdict == "fail" for c in checks)
    warned = sum(c.verdict == "warn" for c in checks)
    lines.append("-" * (width + 40))
    lines.append(f"{len(checks)} 项检查：{failed} 项故障，{warned} 项需注意" if failed or warned
                 else f"{len(checks)} 项检查全部正常")
    return "\n".join(lines)
