"""Usage statistics (counts, abandoned steps, durations, satisfaction, CSV) and the systemd notifications."""

from __future__ import annotations

import csv
import os
import socket

from kiosk.runtime.stats import Statistics
from kiosk.runtime.watchdog import notify, ping_interval_s


def test_statistics_per_day_and_item(tmp_path) -> None:
    now = [1_795_800_000.0]
    stats = Statistics(tmp_path / "stats.sqlite", clock=lambda: now[0])
    first = stats.started("gjj-cx")
    now[0] += 120
    stats.completed(first, 5)
    second = stats.started("gjj-cx")
    now[0] += 240
    stats.completed(second, 3)
    stats.completed(second, 1)  # a second end of the same session changes nothing
    third = stats.started("gjj-cx")
    stats.abandoned(third, "form")
    fourth = stats.started("sbk-gs")
    stats.abandoned(fourth, "identify")
    stats.started("sbk-gs")  # still in progress
    stats.close()

    reopened = Statistics(tmp_path / "stats.sqlite", clock=lambda: now[0])
    rows = {r.item: r for r in reopened.summary()}
    gjj, sbk = rows["gjj-cx"], rows["sbk-gs"]
    assert (gjj.started, gjj.completed, gjj.abandoned) == (3, 2, 1)
    assert gjj.average_s == 180 and gjj.satisfaction == {5: 1, 3: 1} and gjj.abandoned_at == {"form": 1}
    assert (sbk.started, sbk.completed, sbk.abandoned, sbk.average_s) == (2, 0, 1, None)
    assert reopened.outcome_counts() == {("gjj-cx", "completed"): 2, ("gjj-cx", "abandoned"): 1,
                                         ("sbk-gs", "abandoned"): 1, ("sbk-gs", "open"): 1}
    assert reopened.summary(since_day="2999-01-01") == []

    out = tmp_path / "usb" / "stats.csv"
    assert reopened.export_csv(out) == 2
    with open(out, encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    assert table[0][:3] == ["日期", "事项", "开始"]
    assert table[1][1:6] == ["gjj-cx", "3", "2", "1", "180"] and table[1][-1] == "form:1"


def test_a_satisfaction_outside_one_to_five_is_not_stored(tmp_path) -> None:
    stats = Statistics(tmp_path / "stats.sqlite")
    stats.completed(stats.started("gjj-cx"), 9)
    assert stats.summary()[0].satisfaction == {}


def test_sd_notify_messages_reach_the_socket(tmp_path) -> None:
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(path)
        server.settimeout(5)
        assert notify("READY=1", {"NOTIFY_SOCKET": path})
        assert server.recv(100) == b"READY=1"
    assert not notify("READY=1", {})  # not run by systemd: nothing to do
    assert not notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "gone")})


def test_watchdog_pings_at_half_the_period_for_this_process_only() -> None:
    assert ping_interval_s({"WATCHDOG_USEC": "30000000"}) == 15
    assert ping_interval_s({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}) == 15
    assert ping_interval_s({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    assert ping_interval_s({}) is None and ping_interval_s({"WATCHDOG_USEC": "x"}) is None


def test_recording_an_item_never_waits_for_the_disk(tmp_path) -> None:
    """The UI thread records starts and ends: with the database held by another writer, they return at once and
    are written, in order, once it is free."""
    import sqlite3

    stats = Statistics(tmp_path / "stats.sqlite")
    other = sqlite3.connect(tmp_path / "stats.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        session = stats.started("gjj-cx")
        stats.completed(session, 4)
        assert other.execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
    finally:
        other.execute("COMMIT")
        other.close()
    assert stats.outcome_counts() == {("gjj-cx", "completed"): 1}
    stats.close()
