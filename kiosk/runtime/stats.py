"""Usage statistics kept on the terminal (data_dir/stats.sqlite): one row per item a citizen opened — when,
which item, how it ended (completed, or abandoned and at which step), how long, and the satisfaction given.
No personal data is stored. Summaries per day and item, CSV export, counters for the metrics endpoint.
"""

from __future__ import annotations

import csv
import io
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.base.storage import connect, write_whole

log = logging.getLogger(__name__)

STATS_FILE = "stats.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    item TEXT NOT NULL,
    started_at REAL NOT NULL,
    ended_at REAL,
    outcome TEXT,            -- NULL while open, 'completed' or 'abandoned'
    step TEXT,               -- where an abandoned session stopped
    satisfaction INTEGER     -- 1..5, or NULL when not given
);
CREATE INDEX IF NOT EXISTS sessions_day ON sessions(day, item);
"""
CSV_HEADER = ["日期", "事项", "开始", "完成", "放弃", "平均用时(秒)", "满意度1", "满意度2", "满意度3", "满意度4",
              "满意度5", "放弃于"]


@dataclass
class DayItem:
    """One day's figures for one item."""

    day: str
    item: str
    started: int = 0
    completed: int = 0
    abandoned: int = 0
    average_s: float | None = None
    satisfaction: dict[int, int] = field(default_factory=dict)  # level -> count
    abandoned_at: dict[str, int] = field(default_factory=dict)  # step -> count

    def csv_row(self) -> list[str]:
        steps = "; ".join(f"{step}:{n}" for step, n in sorted(self.abandoned_at.items()))
        average = "" if self.average_s is None else f"{self.average_s:.0f}"
        return [self.day, self.item, str(self.started), str(self.completed), str(self.abandoned), average,
                *(str(self.satisfaction.get(level, 0)) for level in range(1, 6)), steps]


class Statistics:
    """Thread-safe. Item starts and ends are recorded from the UI thread, which must not wait for the disk: they are
    queued and written in order by a thread of their own; a read first waits for the writes queued before it."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._db = connect(path)
        self._db.executescript(SCHEMA)
        # Row ids are given here, not by the INSERT, so that `started` can answer before the row is written.
        self._next_id = self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM sessions").fetchone()[0]
        self._writes: queue.Queue[tuple[str, tuple[object, ...]] | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write_queued, name="statistics", daemon=True)
        self._writer.start()

    @classmethod
    def in_dir(cls, data_dir: Path) -> Statistics:
        return cls(data_dir / STATS_FILE)

    def close(self) -> None:
        """Write what is queued, then close."""
        self._writes.put(None)
        self._writer.join()
        with self._lock:
            self._db.close()

    def _write_queued(self) -> None:
        while (write := self._writes.get()) is not None:
            try:
                with self._lock:
                    self._db.execute(*write)
            except sqlite3.Error:
                log.exception("statistics: a record was not written")  # counting never stops a citizen
            finally:
                self._writes.task_done()
        self._writes.task_done()

    def flush(self) -> None:
        """Wait until every record queued so far is written."""
        self._writes.join()

    def started(self, item: str) -> int:
        now = self._clock()
        day = time.strftime("%Y-%m-%d", time.localtime(now))
        with self._lock:
            session, self._next_id = self._next_id, self._next_id + 1
        self._writes.put(("INSERT INTO sessions(id, day, item, started_at) VALUES (?, ?, ?, ?)",
                          (session, day, item, now)))
        return session

    def completed(self, session: int, satisfaction: int | None = None) -> None:
        level = satisfaction if satisfaction in (1, 2, 3, 4, 5) else None
        self._end(session, "completed", None, level)

    def abandoned(self, session: int, step: str) -> None:
        self._end(session, "abandoned", step, None)

    def _end(self, session: int, outcome: str, step: str | None, satisfaction: int | None) -> None:
        self._writes.put(("UPDATE sessions SET ended_at = ?, outcome = ?, step = ?, satisfaction = ? "
                          "WHERE id = ? AND outcome IS NULL", (self._clock(), outcome, step, satisfaction, session)))

    def summary(self, since_day: str = "") -> list[DayItem]:
        """Per day (newest first) and item."""
        self.flush()
        with self._lock:
            rows = self._db.execute(
                "SELECT day, item, outcome, step, satisfaction, ended_at - started_at FROM sessions WHERE day >= ? "
                "ORDER BY day DESC, item", (since_day,)).fetchall()
        table: dict[tuple[str, str], DayItem] = {}
        durations: dict[tuple[str, str], list[float]] = {}
        for day, item, outcome, step, satisfaction, duration in rows:
            entry = table.setdefault((day, item), DayItem(day, item))
            entry.started += 1
            if outcome == "completed":
                entry.completed += 1
                durations.setdefault((day, item), []).append(duration)
                if satisfaction:
                    entry.satisfaction[satisfaction] = entry.satisfaction.get(satisfaction, 0) + 1
            elif outcome == "abandoned":
                entry.abandoned += 1
                entry.abandoned_at[step] = entry.abandoned_at.get(step, 0) + 1
        for key, values in durations.items():
            table[key].average_s = sum(values) / len(values)
        return list(table.values())

    def last_started(self) -> float | None:
        """When the latest session began (epoch seconds), or None before the first."""
        self.flush()
        with self._lock:
            return self._db.execute("SELECT MAX(started_at) FROM sessions").fetchone()[0]

    def outcome_counts(self) -> dict[tuple[str, str], int]:
        """(item, outcome) -> sessions, outcome 'open' for those not ended yet: for the metrics endpoint."""
        self.flush()
        with self._lock:
            rows = self._db.execute(
                "SELECT item, COALESCE(outcome, 'open'), COUNT(*) FROM sessions GROUP BY 1, 2").fetchall()
        return {(item, outcome): count for item, outcome, count in rows}

    def export_csv(self, path: Path) -> int:
        """Write the summary as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese); returns rows."""
        rows = self.summary()
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(CSV_HEADER)
        writer.writerows(r.csv_row() for r in rows)
        write_whole(path, text.getvalue().encode("utf-8-sig"))
        return len(rows)
