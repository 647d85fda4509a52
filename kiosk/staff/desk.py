"""What the maintenance screens do, without Kivy: who is signed in, the audit of every action, the devices'
state and tests, the camera's feeds, paper, the outbox, statistics, settings, the catalog and the log. Screens
call these and show the answers (they never reach the runtime themselves); every action is audited with the
signed-in staff member's name. Calls that talk to devices return at once (the device threads do the work); PIN
checks and the catalog's reload are slow, so the screens run `sign_in`, `create_first_admin` and
`reload_catalog` off the UI thread (controller.run).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import platform
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.base.errors import KioskError
from kiosk.base.i18n import N_, _
from kiosk.devices.base import Supervisor
from kiosk.staff.accounts import LockedOut, StaffError, StaffMember, StaffStore, WrongCode, WrongPin
from kiosk.staff.audit import AuditLog

log = logging.getLogger(__name__)
LOG_FILE = Path("logs") / "kiosk.log"
# In Chinese for the printed self-test ticket; the screens show them through `_()`.
STATE_LABELS = {"ok": "正常", "warning": "注意", "error": "故障", "disconnected": "未连接", "unknown": "未知"}
DEVICE_LABELS = {"idcard": "身份证读卡器", "scanner": "扫码器", "printer": "凭条打印机", "camera": "高拍仪",
                 "capture": "材料识别", "camera-preview": "高拍仪预览", "face_camera": "人脸摄像头",
                 "face_camera-preview": "人脸预览"}

# Why a catalog version from the platform was refused (kiosk.runtime.central.REFUSAL_REASONS).
REFUSAL_WORDS = {"signature": N_("平台签名不符"), "catalog": N_("事项目录有错误"), "overlay": N_("终端配置有错误"),
                 "storage": N_("无法保存到数据文件夹")}


class NotAllowed(KioskError):
    def __init__(self, action: str) -> None:
        super().__init__(_("此操作需要管理员"), f"{action} needs the admin role")


@dataclass(frozen=True)
class DeviceRow:
    name: str
    label: str
    state: str  # kiosk.devices.base.State value
    message: str
    detail: str  # SAM id, port, printer condition, camera source

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class PaperReport:
    """The receipt printer's paper, for the paper page."""

    receipts: int  # printed since the last new roll
    metres: float
    since: float  # when the roll was replaced (epoch seconds; 0: never recorded)
    condition: str  # the printer's condition, as shown
    reason: str  # kiosk.devices.printer.status reason value: "paper_near_end", "paper_out", ...


@dataclass(frozen=True)
class SettingLine:
    """One on-screen setting as the settings page lists it."""

    path: str
    label: str  # a msgid (kiosk.staff.settings.Setting.label): shown through `_()`
    shown: str  # the value in force
    editable: bool  # by the staff member signed in


def first_day(days: int) -> dt.date:
    """The first day of the statistics' period of `days` days ending today."""
    return dt.date.today() - dt.timedelta(days=days - 1)


class StaffDesk:
    def __init__(self, config: Any, runtime: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.runtime = runtime
        self.staff = StaffStore.from_config(config)
        self.audit = AuditLog.in_dir(config.data_dir)
        self.member: StaffMember | None = None
        self._clock = clock
        self.last_activity = 0.0

    # -- who ------------------------------------------------------------------------------------------------
    def needs_setup(self) -> bool:
        """No account, and not the demo terminal with its PIN: the hidden gesture opens the first-start screen,
        which needs a provisioning code from `kiosk staff provision` (or run `kiosk staff add`)."""
        return not self.staff.has_accounts() and not self.staff.demo_pin_works()

    def provisioning_pending(self) -> bool:
        """A provisioning code from `kiosk staff provision` waits for the first-start screen."""
        return self.staff.provisioning_pending()

    def holders(self) -> list[str]:
        """The names the PIN pad offers: staff sign in as one of them with that account's PIN (none in the demo,
        where the demo PIN alone opens)."""
        return [member.name for member in self.staff.members()]

    def card_holder(self, payload: str) -> StaffMember | None:
        """The account of a scanned staff card (audited), None for any other code. The card only preselects the
        account on the PIN pad; nobody is signed in by it."""
        member = self.staff.card_holder(payload)
        if member is not None:
            self.audit.record(member.name, "staff_card_scanned")
        return member

    def create_first_admin(self, name: str, pin: str, repeated: str, code: str) -> StaffMember:
        """The first-start screen: the terminal's first account, an admin, under the rules of `kiosk staff add`,
        with the one-time provisioning code; audited, then signed in. Refused once any account exists (or on the
        demo terminal, which has its PIN)."""
        if not self.needs_setup():
            raise StaffError(_("本机已有维护账户，请用维护密码进入"), "first admin asked with accounts present")
        if pin != repeated:
            raise StaffError(_("两次输入的密码不一致"), "PIN confirmation differs")
        try:
            member = self.staff.add_first_admin(name, pin, code)
        except LockedOut as exc:
            self.audit.record("-", "entry_locked", until=round(exc.until) if exc.until else "unlock")
            raise
        except WrongCode as exc:
            self.audit.record("-", "provisioning_code_refused", attempts_left=exc.attempts_left)
            raise
        self.audit.record(member.name, "staff_add", name=member.name, role=member.role.value, by="first start")
        self.member = member
        self.touch()
        self.audit.record(member.name, "enter", role=member.role.value)
        return member

    def sign_in(self, pin: str, name: str = "") -> StaffMember:
        """`name`'s PIN (chosen on the pad or by a staff card), or without a name the demo PIN. Raises WrongPin /
        LockedOut (both audited, without the PIN)."""
        try:
            member = self.staff.verify(pin, name)
        except LockedOut as exc:
            self.audit.record("-", "entry_locked", until=round(exc.until) if exc.until else "unlock")
            raise
        except WrongPin as exc:
            self.audit.record("-", "pin_refused", holder=name, attempts_left=exc.attempts_left)
            raise
        self.member = member
        self.touch()
        self.audit.record(member.name, "enter", role=member.role.value)
        return member

    def sign_out(self, reason: str) -> None:
        if self.member is not None:
            self.audit.record(self.member.name, "leave", reason=reason)
        self.member = None

    @property
    def signed_in(self) -> bool:
        return self.member is not None

    def touch(self) -> None:
        self.last_activity = self._clock()

    def idle_expired(self) -> bool:
        return self.signed_in and self._clock() - self.last_activity >= self.config.maintenance.idle_exit_s

    def require(self, action: str, admin: bool = False) -> None:
        """Refuse (audited) when nobody, or not an admin where one is needed, is signed in."""
        if self.member is None:
            raise StaffError(_("请先输入维护密码"), f"{action} without a signed-in member")
        if admin and not self.member.is_admin:
            self.audit.record(self.member.name, "refused", what=action)
            raise NotAllowed(action)

    def act(self, action: str, admin: bool = False, **detail: Any) -> None:
        """Audit one action of the signed-in member (after `require`)."""
        self.require(action, admin)
        self.touch()
        self.audit.record(self.member.name, action, **detail)

    # -- devices --------------------------------------------------------------------------------------------
    def devices(self) -> list[DeviceRow]:
        rows = []
        for device in self.runtime.devices if self.runtime is not None else []:
            status = device.status
            detail = status.detail
            if device.name == "idcard" and getattr(device, "sam_id", ""):
                detail = f"SAM {device.sam_id}"
            elif device.name == "printer":
                count = device.paper
                since = _("换纸以来 {n} 张").format(n=count.receipts)
                detail = f"{status.detail}; {since}" if status.detail else since
            rows.append(DeviceRow(device.name, DEVICE_LABELS.get(device.name, device.name), status.state.value,
                                  _(status.message), detail))
        return rows

    def device(self, name: str) -> DeviceRow | None:
        """One device's row (as `devices` gives it), None when the terminal has no such device."""
        return next((row for row in self.devices() if row.name == name), None)

    def watch_devices(self, changed: Callable[[], None]) -> Callable[[], None]:
        """Call `changed` (on the device's thread) whenever a device's status changes or the printer's paper count
        moves, so a page showing them refreshes then instead of looking every second; returns the unsubscribe
        function."""
        def on_event(event: Any) -> None:
            if event.kind in ("status", "paper"):
                changed()

        unsubscribes = [device.subscribe(on_event)
                        for device in (self.runtime.devices if self.runtime is not None else [])]

        def unsubscribe() -> None:
            for stop in unsubscribes:
                stop()

        return unsubscribe

    def reconnect(self, name: str) -> None:
        """Stop the device's supervisor (which closes the port) and start a fresh one, on a thread of its own
        (stopping waits for the device thread)."""
        supervisors = self.runtime.supervisors
        index = next((i for i, s in enumerate(supervisors) if s.device.name == name), None)
        if index is None:
            raise KioskError(_("没有这个设备"), f"no supervised device {name!r}")
        self.act("reconnect", device=name)

        def restart() -> None:
            old = supervisors[index]
            old.stop()
            supervisors[index] = Supervisor(old.device, old.backoff).start()

        threading.Thread(target=restart, name=f"reconnect-{name}", daemon=True).start()

    def watch_cards(self, deliver: Callable[[str], None]) -> Callable[[], None]:
        """The card-reading test: each card placed from now on is given to `deliver` masked (on the device
        thread); returns the unsubscribe function."""
        from kiosk.base.privacy import mask_id_number, mask_name

        reader = self.runtime.idcard
        if reader is None:
            raise KioskError(_("没有配置身份证读卡器"), "no idcard reader")
        self.act("test_read_card")

        def on_event(event: Any) -> None:
            if event.kind == "card":
                deliver(f"{mask_name(event.payload.name)}  {mask_id_number(event.payload.id_number)}")
            elif event.kind == "card_error":
                deliver(event.payload.message)

        return reader.subscribe(on_event)

    def camera_feeds(self) -> list[Any]:
        """The document camera's preview feed and page capture worker that are there (the camera page turns them
        on while it shows, like the materials step)."""
        return [feed for feed in (getattr(self.runtime, "preview", None), getattr(self.runtime, "capture", None))
                if feed is not None]

    def camera_preview(self) -> Any:
        """The document camera's preview feed (kiosk.devices.camera.preview.PreviewFeed), or None."""
        return getattr(self.runtime, "preview", None)

    def camera_source(self) -> Any:
        """The document camera's frame source (the simulator's, for the screenshots' laid page), or None."""
        return getattr(getattr(self.runtime, "camera", None), "source", None)

    def start_scan_test(self) -> None:
        """The scan test: the page shows the next codes read (through `shown_code`)."""
        if self.config.devices.scanner.driver == "none":
            raise KioskError(_("没有配置扫码器"), "no scanner")
        self.act("test_scan")

    def shown_code(self, text: str) -> str:
        """A code read during the scan test, as the page shows it: a staff card by its holder, a citizen's e-ID
        code hidden, numbers that look personal (ID, phone, bank card) masked, a long text cut."""
        from kiosk.base.privacy import mask_text
        from kiosk.core.payloads import PayloadKind, classify_payload

        holder = self.staff.card_holder(text)
        if holder is not None:
            return _("维护卡：{name}").format(name=holder.name)
        kind = classify_payload(text)
        if kind is PayloadKind.EID:
            return _("电子身份证码（已隐藏）") + " " + text[:8] + "*" * (len(text) - 8)
        if kind is PayloadKind.RECEIPT:
            return _("受理编号：{number}").format(number=text)
        masked = mask_text(text)
        return masked if len(masked) <= 120 else masked[:120] + "…"

    def print_selftest(self) -> str:
        from kiosk.receipts import kinds

        printer = self.runtime.printer
        if printer is None:
            raise KioskError(_("没有配置打印机"), "no printer")
        self.act("print_selftest")
        count = printer.paper
        since = dt.datetime.fromtimestamp(count.since).strftime("%Y-%m-%d %H:%M") if count.since else ""
        data = kinds.SelfTest(
            devices=[(row.label, row.state_label) for row in self.devices()],
            paper_receipts=count.receipts, paper_metres=count.metres,
            versions=[("终端软件", __version__), ("Python", platform.python_version())],
            at=dt.datetime.now(), paper_since=since)
        return printer.submit(kinds.selftest_ticket(data, kinds.SlipStation.from_config(self.config)))

    def simulate(self, control: str) -> None:
        """The simulators' controls (simulated devices only): card, paper out, cover, unplug/replug."""
        rt = self.runtime
        printer_sim = getattr(rt.printer, "simulator", None)
        controls: dict[str, Callable[[], Any]] = {}
        if rt.idcard_sim is not None:
            controls.update({
                "place_card": lambda: rt.idcard_sim.place_card("wang-jianguo"),
                "lift_card": rt.idcard_sim.lift_card,
                "unplug_idcard": rt.idcard_sim.unplug,
                "replug_idcard": rt.idcard_sim.replug,
            })
        if printer_sim is not None:
            controls.update({
                "paper_out": lambda: printer_sim.set_paper("out"),
                "paper_ok": lambda: printer_sim.set_paper("ok"),
                "cover_open": printer_sim.open_cover,
                "cover_closed": printer_sim.close_cover,
            })
        if control not in controls:
            raise KioskError(_("此模拟操作不可用"), f"no simulator control {control!r}")
        self.act("simulate", control=control)
        controls[control]()
        if rt.printer is not None:
            rt.printer.refresh_status()

    # -- paper ----------------------------------------------------------------------------------------------
    def paper(self) -> PaperReport | None:
        """The paper count and the printer's condition; None without a printer."""
        printer = self.runtime.printer if self.runtime is not None else None
        if printer is None:
            return None
        count, condition = printer.paper, printer.condition
        return PaperReport(count.receipts, count.metres, count.since,
                           condition.message or _(printer.status.message), condition.reason.value)

    def paper_replaced(self) -> Any:
        printer = self.runtime.printer
        if printer is None:
            raise KioskError(_("没有配置打印机"), "no printer")
        before = printer.paper
        self.act("paper_replaced", receipts=before.receipts, metres=round(before.metres, 2))
        return printer.paper_replaced()

    # -- outbox ---------------------------------------------------------------------------------------------
    def outbox_status(self) -> Any:
        backend = self.runtime.backend if self.runtime is not None else None
        return backend.outbox.status() if backend is not None else None

    def central_lines(self) -> list[tuple[str, str]]:
        """The catalog version in use, one waiting for the end of a session, and the last one refused with why
        (label, value), for the outbox page: the platform's side of this kiosk."""
        from kiosk.runtime.central import LOCAL_VERSION

        central = self.runtime.central if self.runtime is not None else None
        if central is None:
            return []
        running = central.running
        lines = [(_("目录版本"), _("本机文件") if running == LOCAL_VERSION else running)]
        if central.pending is not None:
            lines.append((_("等待启用"), _("{version}（无人办理时启用）").format(version=central.pending.version)))
        refused = central.refused
        if refused is not None:
            why = _(REFUSAL_WORDS.get(refused.reason, refused.reason))
            lines.append((_("未采用"), _("{version}：{why}，仍使用 {running}").format(
                version=refused.version, why=why, running=lines[0][1])))
        return lines

    def retry_outbox(self) -> int:
        backend = self.runtime.backend
        if backend is None:
            raise KioskError(_("平台连接未启动"), "no backend")
        count = backend.outbox.retry_failed()
        self.act("outbox_retry", count=count)
        return count

    # -- statistics -----------------------------------------------------------------------------------------
    def usage(self, days: int = 7) -> list[Any]:
        """Per day and item over the last `days` days (kiosk.runtime.stats rows); [] without statistics."""
        stats = self.runtime.statistics if self.runtime is not None else None
        return stats.summary(first_day(days).isoformat()) if stats is not None else []

    def export_statistics(self) -> Path:
        stats = self.runtime.statistics
        if stats is None:
            raise KioskError(_("统计数据不可用"), "no statistics")
        folder = Path(self.config.maintenance.export_dir) if self.config.maintenance.export_dir \
            else self.config.data_dir / "exports"
        path = folder / f"statistics-{self.config.station.id}-{dt.date.today():%Y%m%d}.csv"
        try:
            rows = stats.export_csv(path)
        except OSError as exc:
            raise KioskError(_("导出失败：请检查U盘是否插好"), f"export to {folder}: {exc}") from exc
        self.act("export_statistics", path=str(path), rows=rows)
        return path

    def print_statistics(self, item_names: dict[str, str], days: int = 7) -> str:
        """The printable summary of the last `days` days (per item) on the receipt printer; returns the job id."""
        from kiosk.receipts.kinds import SlipStation

        stats, printer = self.runtime.statistics, self.runtime.printer
        if stats is None or printer is None:
            raise KioskError(_("统计数据或打印机不可用"), "no statistics or no printer")
        since = first_day(days)
        slip = statistics_slip(stats.summary(since.isoformat()), item_names, since,
                               SlipStation.from_config(self.config))
        self.act("print_statistics", days=days)
        return printer.submit(slip)

    # -- settings (admin) -----------------------------------------------------------------------------------
    def settings(self) -> list[SettingLine]:
        """Every on-screen setting with its value in force and whether the member signed in may change it (an
        operator only the ones not marked admin)."""
        from kiosk.staff.settings import SETTINGS

        member = self.member
        return [SettingLine(s.path, s.label, s.shown(s.value_in(self.config)),
                            member is not None and (member.is_admin or not s.admin)) for s in SETTINGS]

    def setting_value(self, path: str) -> Any:
        """The value in force of the on-screen setting `path` ("table.key")."""
        from kiosk.staff.settings import SETTING_BY_PATH

        return SETTING_BY_PATH[path].value_in(self.config)

    def change_settings(self, changes: dict[str, Any]) -> Any:
        """Write {"table.key": value} into the settings file (validated, atomic; see kiosk.staff.settings); audited with
        the old and new values. An operator changes only the settings not marked admin. Returns the new config
        (the app uses it from its next start; kiosk.staff.settings.Setting.live ones at once)."""
        from kiosk.staff.settings import SETTING_BY_PATH, write_settings

        unknown = [key for key in changes if key not in SETTING_BY_PATH]
        if unknown:
            raise KioskError(_("这个设置不能在屏幕上修改"), f"not an on-screen setting: {unknown}")
        admin = any(SETTING_BY_PATH[key].admin for key in changes)
        self.require("settings_changed", admin=admin)
        before = {key: SETTING_BY_PATH[key].value_in(self.config) for key in changes}
        new = write_settings(self.config, changes)
        self.act("settings_changed", admin=admin, before=before, after=changes)
        # The desk shows and audits the values in force from now on; only the changed keys are replaced, so
        # the environment's overrides of the others stay.
        config = self.config
        for dotted in changes:
            table, key = dotted.split(".", 1)
            section = getattr(config, table).model_copy(update={key: getattr(getattr(new, table), key)})
            config = config.model_copy(update={table: section})
        self.config = config
        return new

    def reload_catalog(self) -> Any:
        """The catalog file read and validated again (slow: call off the UI thread). A file that is not valid
        leaves the catalog in use; the refusal says why. Audited either way."""
        from kiosk.base.errors import ConfigError
        from kiosk.core.catalog import load_catalog

        self.require("catalog_reload")
        try:
            catalog = load_catalog(self.config.catalog_path)
        except ConfigError as exc:
            self.act("catalog_refused", reason=exc.detail[:300])
            raise KioskError(_("目录有错误，仍使用原来的目录：") + exc.message, exc.detail) from None
        self.act("catalog_reloaded", items=len(catalog.items))
        return catalog

    # -- logs -----------------------------------------------------------------------------------------------
    def log_tail(self, lines: int = 40) -> list[str]:
        """The last lines of the (already masked) JSON log, as 'time level message'."""
        path = self.config.data_dir / LOG_FILE
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                raw = deque(f, maxlen=lines)
        except OSError:
            return []
        shown = []
        for line in raw:
            try:
                entry = json.loads(line)
                shown.append(f"{str(entry.get('ts', ''))[11:19]} {entry.get('level', '')} {entry.get('msg', '')}")
            except (ValueError, AttributeError):
                shown.append(line.rstrip())
        return shown


def statistics_slip(rows: list[Any], item_names: dict[str, str], since: dt.date, station: Any) -> Any:
    """使用统计汇总: per item over the period, sessions started / completed / abandoned, average minutes and
    satisfaction, then the totals."""
    from kiosk.receipts.model import Heading, Note, Receipt, Row, Separator

    per_item: dict[str, list[Any]] = {}
    for row in rows:
        per_item.setdefault(row.item, []).append(row)
    blocks: list[Any] = [Row("统计期间", f"{since:%Y-%m-%d} 至 {dt.date.today():%Y-%m-%d}"), Separator()]
    totals = [0, 0, 0]
    for item, days in sorted(per_item.items()):
        started, completed, abandoned = (sum(getattr(d, key) for d in days)
                                         for key in ("started", "completed", "abandoned"))
        totals = [totals[0] + started, totals[1] + completed, totals[2] + abandoned]
        levels: dict[int, int] = {}
        for d in days:
            for level, count in d.satisfaction.items():
                levels[level] = levels.get(level, 0) + count
        given = sum(levels.values())
        blocks += [Heading(item_names.get(item, item)),
                   Row("开始/完成/放弃", f"{started}/{completed}/{abandoned}")]
        if given:
            score = sum(level * n for level, n in levels.items()) / given
            blocks.append(Row("满意度", f"{score:.1f}分（{given}人评价）"))
    if not per_item:
        blocks.append(Note("统计期间没有办件", align="center"))
    blocks += [Separator(), Row("合计 开始", str(totals[0])), Row("合计 完成", str(totals[1])),
               Row("合计 放弃", str(totals[2]))]
    return Receipt("statistics", "使用统计汇总", tuple(blocks), ("本单不含个人信息",), station.name)
