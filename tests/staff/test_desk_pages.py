"""What the maintenance pages ask the staff desk instead of the runtime: device changes to refresh on, the paper,
the week's usage, the settings as listed; and the controller's one way off the UI thread working without the
platform (the PIN check needs no platform)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.devices.base import Device, State
from kiosk.devices.printer.status import Condition, PrinterCondition, Reason
from kiosk.runtime.stats import Statistics
from kiosk.staff.accounts import Role, StaffMember
from kiosk.staff.desk import StaffDesk, first_day


class Quiet(Device):
    kind = "quiet"

    def open(self) -> None: ...
    def close(self) -> None: ...
    def serve(self, stop: Any) -> None: ...


def _desk(tmp_path: Path, runtime: Any = None) -> StaffDesk:
    return StaffDesk(load_config(DEFAULT_CONFIG, environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path)}), runtime)


def test_a_page_hears_of_status_and_paper_changes_only_until_it_stops_watching(tmp_path) -> None:
    reader, printer = Quiet("idcard"), Quiet("printer")
    desk = _desk(tmp_path, SimpleNamespace(devices=[reader, printer]))
    heard: list[int] = []
    unwatch = desk.watch_devices(lambda: heard.append(1))
    reader.set_status(State.OK, "就绪")
    reader.publish("card", None)  # a citizen's card is not a change of state
    printer.publish("paper", None)
    assert len(heard) == 2
    unwatch()
    reader.set_status(State.ERROR, "故障")
    assert len(heard) == 2
    _desk(tmp_path).watch_devices(lambda: heard.append(1))()  # no runtime yet: nothing to watch, nothing fails


def test_the_paper_report_says_what_the_printer_counts_and_why_it_stops(tmp_path) -> None:
    assert _desk(tmp_path).paper() is None
    printer = SimpleNamespace(paper=SimpleNamespace(receipts=12, metres=1.5, since=1_800_000_000.0),
                              condition=PrinterCondition(Condition.PROBLEM, Reason.PAPER_OUT),
                              status=SimpleNamespace(message="故障"))
    paper = _desk(tmp_path, SimpleNamespace(printer=printer)).paper()
    assert (paper.receipts, paper.metres, paper.reason) == (12, 1.5, "paper_out")
    assert paper.condition == "打印机缺纸"


def test_usage_covers_the_last_days_only(tmp_path) -> None:
    now = [dt.datetime.combine(dt.date.today() - dt.timedelta(days=9), dt.time(9)).timestamp()]
    stats = Statistics(Path(":memory:"), clock=lambda: now[0])
    stats.completed(stats.started("gjj-cx"), 5)
    now[0] = dt.datetime.combine(dt.date.today(), dt.time(9)).timestamp()
    stats.started("gjj-cx")
    desk = _desk(tmp_path, SimpleNamespace(statistics=stats))
    assert [(r.day, r.started) for r in desk.usage(7)] == [(dt.date.today().isoformat(), 1)]
    assert first_day(7) == dt.date.today() - dt.timedelta(days=6)
    assert _desk(tmp_path).usage(7) == []


def test_an_operator_sees_only_the_voice_editable(tmp_path) -> None:
    desk = _desk(tmp_path)
    assert not any(line.editable for line in desk.settings())  # nobody signed in
    desk.member = StaffMember("李秀英", Role.OPERATOR)
    editable = {line.path for line in desk.settings() if line.editable}
    assert editable and all(path.startswith("voice.") for path in editable)
    desk.member = StaffMember("张建军", Role.ADMIN)
    lines = {line.path: line for line in desk.settings()}
    assert all(line.editable for line in lines.values())
    assert lines["station.name"].shown == desk.setting_value("station.name") == desk.config.station.name


def test_controller_run_works_off_the_ui_thread_without_the_platform(tmp_path) -> None:
    from kiosk.runtime.controller import Controller

    posted: list[Any] = []
    view = SimpleNamespace(post=posted.append)
    controller = Controller(_desk(tmp_path).config, catalog=None, runtime=None, view=view)
    answers: list[Any] = []
    controller.run(lambda a, b: (threading.current_thread().name, a + b), 2, 3, then=answers.append)
    controller.run(lambda: 1 / 0, then=answers.append, failed=answers.append)
    deadline = time.monotonic() + 5
    while len(posted) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    for deliver in posted:
        deliver()  # on "the UI thread"
    [(thread, total)] = [a for a in answers if isinstance(a, tuple)]  # the two calls finish in either order
    assert thread.startswith("controller") and total == 5
    assert [type(a) for a in answers if isinstance(a, Exception)] == [ZeroDivisionError]
    controller.close()
