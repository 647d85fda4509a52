"""Maintenance in the real app (the module-scoped `app` fixture): the hidden corner gesture and the
PIN pad, each maintenance page driven by touch against the simulated devices and the sandbox, statistics
after driven sessions, the metrics endpoint and the heartbeat."""

from __future__ import annotations

import csv
import urllib.request
from typing import Any

from kiosk.staff.audit import AuditLog

from ui_support import corner_taps, find_tile, labels_of, press, pump, tap, wait_until


def type_pin(app: Any, pin: str) -> None:
    for digit in pin:
        press(app, digit)
    press(app, "确定")


def enter_maintenance(app: Any) -> None:
    app.end_session("test")
    pump()
    corner_taps(app)
    assert app.screens.current == "staff-pin"
    type_pin(app, app.config_model.maintenance.demo_pin)
    wait_until(lambda: app.screens.current == "maint-devices", "maintenance to open")


def audit_actions(app: Any) -> list[str]:
    return [e["action"] for e in AuditLog.in_dir(app.config_model.data_dir).entries()]


def test_five_corner_taps_open_the_pin_pad_and_a_wrong_pin_is_refused(app) -> None:
    app.end_session("test")
    pump()
    corner_taps(app, 4)
    assert app.screens.current != "staff-pin"  # four taps are not enough
    corner_taps(app, 1)
    assert app.screens.current == "staff-pin"
    assert "请输入维护密码" in labels_of(app.current_screen)
    type_pin(app, "135799")
    wait_until(lambda: "密码不对，还可以再试4次" in labels_of(app.current_screen), "the refusal")
    assert app.screens.current == "staff-pin"
    type_pin(app, app.config_model.maintenance.demo_pin)
    wait_until(lambda: app.screens.current == "maint-devices", "maintenance to open")
    assert "维护人员：演示（管理员）" in labels_of(app.current_screen)
    assert audit_actions(app)[-2:] == ["pin_refused", "enter"]
    app.leave_maintenance("test")


def test_devices_page_shows_each_device_and_runs_the_tests_and_simulator_controls(app) -> None:
    enter_maintenance(app)
    wait_until(lambda: "SAM 05.01-20260101-0000012345-0987654321" in labels_of(app.current_screen)
               or any(t.startswith("SAM ") for t in labels_of(app.current_screen)), "the SAM id")
    texts = labels_of(app.current_screen)
    for label in ("身份证读卡器", "扫码器", "凭条打印机", "高拍仪"):
        assert label in texts
    printer = app.runtime.printer
    before = len(printer.simulator.receipts)
    press(app, "打印自检单")
    wait_until(lambda: len(printer.simulator.receipts) > before, "the self-test ticket")
    assert "维护自检单" in printer.simulator.last_receipt.text
    assert "身份证读卡器" in printer.simulator.last_receipt.text

    press(app, "读卡测试")
    assert "请放一张身份证到读卡器上" in labels_of(app.current_screen)
    press(app, "放置身份证")
    from kiosk.base.privacy import mask_id_number
    from kiosk.demo.items import demo_identity

    masked = f"王*国  {mask_id_number(demo_identity('wang-jianguo').id_number)}"
    wait_until(lambda: masked in labels_of(app.current_screen), "the masked card")
    press(app, "拿走身份证")

    press(app, "打印机缺纸")
    wait_until(lambda: printer.condition.reason.value == "paper_out", "paper out to be noticed")
    wait_until(lambda: "故障" in labels_of(app.current_screen) or "注意" in labels_of(app.current_screen),
               "the printer's state on the page")
    press(app, "装好纸")
    wait_until(lambda: printer.condition.reason.value == "", "paper back")

    press(app, "拔出读卡器")
    wait_until(lambda: app.runtime.idcard.status.state.value != "ok", "the reader to be missed")
    press(app, "插回读卡器")
    wait_until(lambda: app.runtime.idcard.status.state.value == "ok", "the reader to come back")
    actions = audit_actions(app)
    assert {"print_selftest", "test_read_card", "simulate"} <= set(actions)
    app.leave_maintenance("test")


def test_paper_page_records_a_new_roll(app) -> None:
    enter_maintenance(app)
    press(app, "纸张")
    assert app.screens.current == "maint-paper"
    press(app, "纸已更换")
    assert app.runtime.printer.paper.receipts == 0
    assert "0 张" in labels_of(app.current_screen)
    assert "已记录换纸，计数重新开始" in labels_of(app.current_screen)
    assert audit_actions(app)[-1] == "paper_replaced"
    app.leave_maintenance("test")


def test_outbox_page_shows_the_queue_and_retries(app) -> None:
    enter_maintenance(app)
    press(app, "待提交")
    texts = labels_of(app.current_screen)
    assert app.runtime.backend.outbox.status().message in texts
    assert "待提交" in texts and "被平台退回" in texts
    press(app, "立即重试")
    assert "没有被退回的办件" in labels_of(app.current_screen)
    assert audit_actions(app)[-1] == "outbox_retry"
    app.leave_maintenance("test")


def test_statistics_count_driven_sessions_and_export_csv(app) -> None:
    stats = app.runtime.statistics
    before = {(r.day, r.item): r for r in stats.summary()}
    # One completed query with its evaluation, one abandoned at the identify step.
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "公积金查询"))
    press(app, "演示：放置身份证 张伟")
    wait_until(lambda: app.screens.current == "result", "the query result")
    press(app, "下一步")
    press(app, "满意")
    press(app, "提交评价")
    assert app.screens.current == "home"
    tap(find_tile(app.current_screen, "公积金查询"))
    assert app.screens.current == "identify"
    press(app, "返回首页")
    after = [r for r in stats.summary() if r.item == "gjj-cx"][0]
    old = before.get((after.day, "gjj-cx"))
    assert after.started - (old.started if old else 0) == 2
    assert after.completed - (old.completed if old else 0) == 1
    assert after.abandoned_at.get("identify", 0) - (old.abandoned_at.get("identify", 0) if old else 0) == 1
    assert after.satisfaction.get(4, 0) - (old.satisfaction.get(4, 0) if old else 0) == 1

    enter_maintenance(app)
    press(app, "统计")
    texts = labels_of(app.current_screen)
    assert "公积金查询" in texts and str(after.started) in texts
    press(app, "导出到U盘（CSV）")
    exported = sorted((app.config_model.data_dir / "exports").glob("statistics-*.csv"))
    assert exported
    with open(exported[-1], encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:5] == ["日期", "事项", "开始", "完成", "放弃"]
    assert [after.day, "gjj-cx", str(after.started), str(after.completed)] in [r[:4] for r in rows]

    printer = app.runtime.printer
    before_slips = len(printer.simulator.receipts)
    press(app, "打印汇总")
    wait_until(lambda: len(printer.simulator.receipts) > before_slips, "the statistics summary slip")
    slip = printer.simulator.last_receipt.text
    assert "使用统计汇总" in slip and "公积金查询" in slip
    week = [r for r in stats.summary() if r.item == "gjj-cx"]  # this test terminal is new: all in the last week
    assert f"{sum(r.started for r in week)}/{sum(r.completed for r in week)}/" in slip
    assert audit_actions(app)[-2:] == ["export_statistics", "print_statistics"]
    app.leave_maintenance("test")


def test_logs_page_shows_the_last_lines_of_the_log(app) -> None:
    log_file = app.config_model.data_dir / "logs" / "kiosk.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "a", encoding="utf-8") as f:
        f.write('{"ts": "2026-11-27T09:40:15.120", "level": "info", "logger": "x", "msg": "card read: 王*国"}\n')
        f.write("not json at all\n")
    enter_maintenance(app)
    press(app, "日志")
    text = "\n".join(labels_of(app.current_screen))
    assert "09:40:15 info card read: 王*国" in text and "not json at all" in text
    app.leave_maintenance("test")


def test_leave_page_returns_to_service_and_only_admins_exit(app) -> None:
    from kiosk.staff.accounts import Role, StaffMember

    enter_maintenance(app)
    app.staff_desk.member = StaffMember("李秀英", Role.OPERATOR)  # as an operator had signed in
    press(app, "离开")
    press(app, "退出到桌面（管理员）")
    assert "此操作需要管理员" in labels_of(app.current_screen)
    assert app.exit_code == 0 and app.screens.current == "maint-leave"
    press(app, "返回服务（给群众使用）")
    assert app.screens.current == "attract"
    assert not app.staff_desk.signed_in
    assert audit_actions(app)[-2:] == ["refused", "leave"]


def test_maintenance_leaves_by_itself_when_left_untouched(app, monkeypatch) -> None:
    import time

    enter_maintenance(app)
    later = time.monotonic() + app.config_model.maintenance.idle_exit_s + 1
    monkeypatch.setattr(app, "now", lambda: later)
    wait_until(lambda: app.screens.current == "attract", "maintenance to end by itself", timeout=10)
    assert not app.staff_desk.signed_in


def test_the_header_home_button_signs_the_staff_member_out(app) -> None:
    enter_maintenance(app)
    press(app, "返回首页")
    pump()
    assert app.screens.current == "home" and not app.staff_desk.signed_in


def printer_answered(app: Any) -> None:
    """The printer's paper is "unknown" until it answers a status request; ask, and wait for the answer (on a busy
    machine an earlier test's job may still hold the printer's last answer back)."""
    from kiosk.runtime.metrics import paper_level

    app.runtime.printer.refresh_status()
    wait_until(lambda: paper_level(app.runtime.printer) != "unknown", "the printer to answer a status request")


def test_metrics_endpoint_reports_devices_paper_outbox_sessions_and_errors(app) -> None:
    import logging

    from kiosk.runtime.metrics import MetricsServer

    printer_answered(app)
    server = MetricsServer(app.runtime, 0)
    try:
        logging.getLogger("kiosk.test").error("a test error")
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=10) as response:
            text = response.read().decode()
    finally:
        server.stop()
    assert 'kiosk_device_status{device="idcard",state="ok"} 1.0' in text
    assert 'kiosk_device_status{device="idcard",state="error"} 0.0' in text
    assert 'kiosk_paper_level{level="ok"} 1.0' in text
    assert "kiosk_paper_receipts " in text and "kiosk_outbox_depth 0.0" in text
    completed = app.runtime.statistics.outcome_counts()[("gjj-cx", "completed")]
    assert f'kiosk_sessions_total{{item="gjj-cx",outcome="completed"}} {float(completed)}' in text
    assert 'kiosk_errors_total{logger="kiosk.test"} 1.0' in text


def test_heartbeat_reports_to_the_platform(app) -> None:
    from kiosk.runtime.heartbeat import Heartbeat, heartbeat_body

    printer_answered(app)
    body = heartbeat_body(app.runtime, 0.0)
    assert {"kind": "idcard", "status": "ok", "message": app.runtime.idcard.status.message} in body["devices"]
    assert body["paper"] == "ok"
    beat = Heartbeat(app.runtime)
    assert app.runtime.backend.call(beat.beat).result(timeout=20)
    assert beat.config_version


def test_the_pin_pad_opened_by_mistake_goes_back_by_itself(app, monkeypatch) -> None:
    import time

    app.end_session("test")
    pump()
    corner_taps(app)
    assert app.screens.current == "staff-pin"
    later = time.monotonic() + 61
    monkeypatch.setattr(app, "now", lambda: later)
    wait_until(lambda: app.screens.current == "attract", "the PIN pad to close by itself", timeout=10)


def _setting_row(app: Any, path: str) -> Any:
    from kiosk.ui.screens.staff.settings import SettingRow

    return next(w for w in app.current_screen.walk() if isinstance(w, SettingRow) and w.path == path)


def _edit_setting(app: Any, path: str, keys: str | list[str]) -> None:
    from kivy.uix.scrollview import ScrollView

    row = _setting_row(app, path)
    scroller = row.parent.parent
    assert isinstance(scroller, ScrollView)
    scroller.scroll_to(row, padding=0, animate=False)  # the rows scroll on a small screen
    pump()
    tap(next(w for w in row.walk() if getattr(w, "text", "") == "修改"))
    for key in keys:
        press(app, key)
    press(app, "保存")


def test_settings_page_saves_a_valid_value_into_the_settings_file_and_refuses_a_wrong_one(app) -> None:
    import tomllib

    from kiosk.staff.accounts import Role, StaffMember
    from kiosk.staff.settings import settings_file

    enter_maintenance(app)
    press(app, "设置")
    assert app.screens.current == "maint-settings"
    config_file = app.config_model.source
    config_text = config_file.read_text(encoding="utf-8")
    path = settings_file(app.config_model)
    path.write_text("# made by hand\n", encoding="utf-8")
    original = path.read_text(encoding="utf-8")
    desk_config = app.staff_desk.config
    unwritable = path.with_name(f".{path.name}.new")
    try:
        _edit_setting(app, "session.warning_s", "95")  # not shorter than the idle timeout
        assert "warning_s" in app.current_screen.notice
        assert path.read_text(encoding="utf-8") == original
        # A data folder that cannot take the file: said on the page, nothing else happens.
        unwritable.mkdir()
        _edit_setting(app, "session.idle_timeout_s", "120")
        assert app.current_screen.notice.startswith("设置无法保存") and app.screens.current == "maint-settings"
        assert path.read_text(encoding="utf-8") == original
        unwritable.rmdir()
        press(app, "取消")
        # The platform address: https, or plain http only on this machine.
        screen = app.current_screen
        screen.choose("backend.url")
        screen.typed = "http://zwfw.example.gov.cn/api"
        press(app, "保存")
        assert screen.notice == "平台地址须以 https:// 开头（只有本机地址可以用 http://）"
        assert path.read_text(encoding="utf-8") == original
        press(app, "取消")
        _edit_setting(app, "session.idle_timeout_s", "120")
        assert app.current_screen.notice == "已保存，重启终端程序后生效"
        assert "120" in labels_of(app.current_screen)
        assert tomllib.loads(path.read_text(encoding="utf-8"))["session"]["idle_timeout_s"] == 120
        assert audit_actions(app)[-1] == "settings_changed"
        # Opening hours are typed as digits, 8 a span, and shown as spans while typed.
        _edit_setting(app, "station.hours", "083011")
        assert "开放时间每段输入8位数字" in app.current_screen.notice
        assert app.current_screen.preview == "08:30-11"
        press(app, "取消")
        _edit_setting(app, "station.hours", "0900113014001630")
        assert tomllib.loads(path.read_text(encoding="utf-8"))["station"]["hours"] == ["09:00-11:30", "14:00-16:30"]
        assert "09:00-11:30  14:00-16:30" in labels_of(app.current_screen)

        # An operator changes the voice; the admin settings are read-only for them.
        app.staff_desk.member = StaffMember("李秀英", Role.OPERATOR)
        app.show("maint-settings")
        row = _setting_row(app, "backend.url")
        assert "只读" in labels_of(row) and not any(
            getattr(w, "text", "") == "修改" and not w.disabled for w in row.walk())
        app.current_screen.choose("backend.url")  # even asked directly, it is refused
        assert app.current_screen.notice == "此操作需要管理员" and not app.current_screen.chosen
        _edit_setting(app, "voice.volume", "35")
        assert app.current_screen.notice == "已保存，立即生效"
        assert app.voice.settings.volume == 0.35 and "35%" in labels_of(app.current_screen)
        assert tomllib.loads(path.read_text(encoding="utf-8"))["voice"]["volume"] == 0.35
        assert path.read_text(encoding="utf-8").startswith("# made by hand\n")
        assert config_file.read_text(encoding="utf-8") == config_text
    finally:
        if unwritable.is_dir():
            unwritable.rmdir()
        path.unlink(missing_ok=True)
        app.staff_desk.config = desk_config
        app.voice.settings = desk_config.voice
        app.leave_maintenance("test")


def test_the_default_language_set_on_the_settings_page_starts_the_next_session(app) -> None:
    enter_maintenance(app)
    press(app, "设置")
    path = app.config_model.source
    original, config, desk_config = path.read_text(encoding="utf-8"), app.config_model, app.staff_desk.config
    try:
        _edit_setting(app, "display.language", ["English"])
        assert app.current_screen.notice == "已保存，立即生效"
        app.leave_maintenance("test")
        app.start_session()
        assert app.screens.current == "home" and "Home" in labels_of(app.header)
    finally:
        path.write_text(original, encoding="utf-8")
        app.config_model, app.staff_desk.config = config, desk_config
        app.end_session("test")
    assert "返回首页" in labels_of(app.header)


def test_reloading_a_bad_catalog_keeps_the_one_in_use_and_says_why(app, monkeypatch, tmp_path) -> None:
    import shutil

    enter_maintenance(app)
    press(app, "设置")
    copy = tmp_path / "catalog.yaml"
    shutil.copy(app.config_model.catalog_path, copy)
    paths = app.staff_desk.config.paths.model_copy(update={"catalog": copy})
    monkeypatch.setattr(app.staff_desk, "config", app.staff_desk.config.model_copy(update={"paths": paths}))
    in_use = app.catalog
    copy.write_text(copy.read_text(encoding="utf-8") + "\n  - code: [unclosed\n", encoding="utf-8")
    press(app, "重新载入事项目录")
    wait_until(lambda: not app.current_screen.reloading, "the check")
    assert app.current_screen.notice.startswith("目录有错误，仍使用原来的目录："), app.current_screen.notice
    assert app.catalog is in_use
    shutil.copy(app.config_model.catalog_path, copy)
    press(app, "重新载入事项目录")
    wait_until(lambda: app.current_screen.notice.startswith("已载入新的事项目录"), "the reload")
    assert app.catalog is not in_use and len(app.catalog.items) == len(in_use.items)
    assert audit_actions(app)[-2:] == ["catalog_refused", "catalog_reloaded"]
    app.leave_maintenance("test")


def test_the_camera_page_shows_the_live_picture_and_the_scan_test_masks_personal_codes(app) -> None:
    enter_maintenance(app)
    press(app, "预览与扫码")
    assert app.screens.current == "maint-camera"
    screen = app.current_screen
    wait_until(lambda: screen.body.ids.preview.texture is not None, "the camera's live picture")
    press(app, "扫码测试")
    assert "请把二维码或条码对准扫码器" in labels_of(screen)
    app.controller.demo_show_code("MSB-EID-7Q3K9D2A")  # a citizen's e-ID code: shown hidden
    wait_until(lambda: screen.scan_result.startswith("电子身份证码（已隐藏）"), "the e-ID code, hidden")
    assert "7Q3K9D2A" not in screen.scan_result and app.screens.current == "maint-camera"
    app.controller.demo_show_code("tel 13912345678 ID 150430195703120010")
    wait_until(lambda: "1391234" not in screen.scan_result and "139****5678" in screen.scan_result, "masked")
    assert "150430195703120010" not in screen.scan_result
    app.controller.demo_show_code("NC2026112700054321")
    wait_until(lambda: screen.scan_result == "受理编号：NC2026112700054321", "the receipt number")
    assert {"test_camera", "test_scan"} <= set(audit_actions(app))
    press(app, "返回设备页")
    assert app.screens.current == "maint-devices"
    app.leave_maintenance("test")


def test_a_staff_card_opens_the_pin_pad_for_its_holder_and_other_codes_are_left_alone(app) -> None:
    store = app.staff_desk.staff
    store.add("李秀英", "operator", "735102")
    try:
        card = store.issue_card("李秀英")
        app.go_home()
        pump()
        app.controller.demo_show_code("NC2026112700098765")  # a receipt's code is the citizens', not the staff's
        pump(5)
        assert app.screens.current == "home"
        app.controller.demo_show_code(card)
        wait_until(lambda: app.screens.current == "staff-pin", "the PIN pad after the card")
        assert "李秀英，请输入您的维护密码" in labels_of(app.current_screen)
        type_pin(app, app.config_model.maintenance.demo_pin)  # the demo PIN is not the card holder's
        wait_until(lambda: "密码不对，还可以再试4次" in labels_of(app.current_screen), "the refusal")
        type_pin(app, "735102")
        wait_until(lambda: app.screens.current == "maint-devices", "maintenance to open")
        assert "维护人员：李秀英（运维员）" in labels_of(app.current_screen)
        assert audit_actions(app)[-3:] == ["staff_card_scanned", "pin_refused", "enter"]
        app.leave_maintenance("test")
    finally:
        store.remove("李秀英")


def test_the_pin_pad_asks_who_is_signing_in_and_checks_only_that_accounts_pin(app) -> None:
    store = app.staff_desk.staff
    store.add("张建军", "admin", "482913")
    store.add("李秀英", "operator", "735102")
    try:
        app.end_session("test")
        pump()
        corner_taps(app)
        screen = app.current_screen
        assert screen.name == "staff-pin" and "请先点您的姓名，再输入维护密码" in labels_of(screen)
        assert {"张建军", "李秀英"} <= set(labels_of(screen))
        for digit in "735102":
            press(app, digit)
        ok = next(w for w in screen.walk() if getattr(w, "text", "") == "确定" and hasattr(w, "kind"))
        assert ok.disabled  # nobody chosen: nothing to check
        screen.submit()
        assert screen.pin == "735102" and not screen.checking
        press(app, "张建军")
        assert "张建军，请输入您的维护密码" in labels_of(screen)
        press(app, "确定")  # 李秀英's PIN does not open 张建军's account
        wait_until(lambda: "密码不对，还可以再试4次" in labels_of(screen), "the refusal")
        press(app, "李秀英")
        type_pin(app, "735102")
        wait_until(lambda: app.screens.current == "maint-devices", "maintenance to open")
        assert "维护人员：李秀英（运维员）" in labels_of(app.current_screen)
        app.leave_maintenance("test")
        # With accounts on the terminal, the demo PIN opens nothing.
        corner_taps(app)
        press(app, "张建军")
        type_pin(app, app.config_model.maintenance.demo_pin)
        wait_until(lambda: "密码不对，还可以再试4次" in labels_of(app.current_screen), "the refusal")
        assert audit_actions(app)[-4:] == ["pin_refused", "enter", "leave", "pin_refused"]
        app.end_session("test")
    finally:
        store.remove("张建军")
        store.remove("李秀英")
        store.unlock()


def test_a_terminal_without_staff_makes_its_first_admin_only_with_the_provisioning_code(app, monkeypatch,
                                                                                      tmp_path) -> None:
    from kiosk.staff.accounts import StaffStore

    store = StaffStore(tmp_path)  # no account and no demo PIN
    monkeypatch.setattr(app.staff_desk, "staff", store)
    monkeypatch.setattr(app.staff_desk, "audit", AuditLog.in_dir(tmp_path))
    app.end_session("test")
    pump()
    corner_taps(app)
    assert app.screens.current == "staff-setup"
    screen = app.current_screen
    assert any("kiosk staff provision" in text for text in labels_of(screen))

    def fill(code: str, pin: str, repeated: str) -> None:
        for field, digits in (("开通码", code), ("维护密码（至少6位数字）", pin),
                              ("再输入一次密码", repeated)):
            press(app, field)
            press(app, "清空")
            for digit in digits:
                press(app, digit)
        press(app, "姓名")
        screen.name_typed = ""
        screen._pinyin.dispatch("on_key", "张建军")  # a candidate chosen on the pinyin keyboard
        press(app, "建立并进入维护")

    # A passer-by who found the gesture has no code: no admin.
    fill("4821937506", "482913", "482913")
    wait_until(lambda: "本机还没有开通码" in screen.message, "the refusal without a code")
    assert not store.has_accounts()
    code, _expires = store.provision()
    app.end_session("test")
    pump()
    corner_taps(app)
    assert screen.message == "本机还没有维护账户：请输入开通码，建立第一个管理员账户"
    wrong = str((int(code) + 1) % 10**10).zfill(10)
    fill(wrong, "482913", "482913")
    wait_until(lambda: "开通码不对，还可以再试4次" in screen.message, "the wrong code")
    fill(code, "482913", "482914")
    wait_until(lambda: "两次输入的密码不一致" in screen.message, "the mismatch")
    fill(code, "123456", "123456")
    wait_until(lambda: "太容易被猜到" in screen.message, "the weak PIN")
    assert not store.has_accounts()
    fill(code, "482913", "482913")
    wait_until(lambda: app.screens.current == "maint-devices", "maintenance to open")
    assert "维护人员：张建军（管理员）" in labels_of(app.current_screen)
    assert store.verify("482913", "张建军").is_admin and not store.provisioning_pending()
    assert [e["action"] for e in AuditLog.in_dir(tmp_path).entries()] == [
        "provisioning_code_refused", "staff_add", "enter"]
    app.leave_maintenance("test")
    corner_taps(app)
    assert app.screens.current == "staff-pin"  # the first admin exists now: the PIN pad from here on
    assert "张建军" in labels_of(app.current_screen)
    app.end_session("test")


def test_the_staffs_pages_keep_the_normal_type_size_when_the_citizen_chose_elder_mode(app) -> None:
    app.go_home()
    pump()
    app.toggle_elder()
    assert app.theme.elder
    app.open_staff_entry()
    pump()
    assert app.screens.current in ("staff-pin", "staff-setup")
    assert not app.theme.elder
    app.end_session("test")
    pump()
    assert not app.theme.elder


def test_the_metrics_say_when_sdl_draws_offscreen(app) -> None:
    """The tests' window is SDL's offscreen driver: on a terminal that is the blank screen the county must see."""
    from prometheus_client import generate_latest

    from kiosk.runtime.metrics import ErrorCounter, registry_for

    assert app.runtime.display_driver == "offscreen"
    text = generate_latest(registry_for(app.runtime, ErrorCounter())).decode()
    assert 'kiosk_display_real{driver="offscreen"} 0.0' in text
