"""Log lines for the county: JSON with the time zone and the station id, in the file and, under systemd, on the
console behind the priority prefix journald reads."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from kiosk.base.logs import JournalFormatter, JsonFormatter, setup_logging


def record(level: int = logging.WARNING, msg: str = "打印机缺纸") -> logging.LogRecord:
    return logging.LogRecord("kiosk.test", level, __file__, 1, msg, None, None)


def test_a_json_line_carries_its_time_zone_and_station() -> None:
    entry = json.loads(JsonFormatter("150429-YBP-BWZ").format(record()))
    stamp = dt.datetime.fromisoformat(entry["ts"])
    assert stamp.utcoffset() is not None, "a time without its zone cannot be lined up across the county"
    assert abs(stamp.timestamp() - record().created) < 5
    assert (entry["station"], entry["level"], entry["msg"]) == ("150429-YBP-BWZ", "warning", "打印机缺纸")


@pytest.mark.parametrize(("level", "priority"), [(logging.ERROR, "<3>"), (logging.INFO, "<6>")])
def test_journald_gets_the_priority_then_the_json(level: int, priority: str) -> None:
    line = JournalFormatter("S-1").format(record(level))
    assert line.startswith(priority)
    assert json.loads(line[len(priority):])["station"] == "S-1"


def test_under_systemd_the_console_speaks_json(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
        setup_logging(None, station="S-2")
        assert isinstance(root.handlers[0].formatter, JournalFormatter)
        monkeypatch.delenv("JOURNAL_STREAM")
        setup_logging(None, station="S-2")
        assert not isinstance(root.handlers[0].formatter, JsonFormatter)
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
