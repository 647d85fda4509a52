"""Demo content of the maintenance pages for `kiosk screenshot`: a week of usage, recorded through the real
statistics calls, and a few masked log lines."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from kiosk.runtime.stats import Statistics
from kiosk.staff.desk import first_day

DEMO_LOG_LINES = [
    "08:31:02 info kiosk.runtime.runtime: devices started",
    "08:31:03 info kiosk.devices.idcard.reader: reader ready, SAM 05.01-20260101-0000012345-0987654321",
    "09:12:40 info kiosk.ui.app: session 3f2a91c0 ended: idle timeout",
    "09:40:15 info kiosk.devices.idcard.reader: card read: 1504**********0010",
    "09:46:52 info kiosk.backend.outbox: submission NC20261127000123 delivered",
    "10:05:09 warning kiosk.runtime.heartbeat: heartbeat not delivered: connect timeout",
    "11:20:33 warning kiosk.devices.printer.printer: paper near end",
]


def demo_usage(items: list[str], days: int = 7) -> list[Any]:
    """The per-day rows (as StaffDesk.usage gives them) of a week of plausible sessions of `items`, in memory."""
    rng = random.Random(7)
    today = dt.date.today()
    now = [0.0]
    stats = Statistics(Path(":memory:"), clock=lambda: now[0])
    for day in range(7):
        # Opening time on each of the last seven days, so no session spills into tomorrow.
        now[0] = dt.datetime.combine(today - dt.timedelta(days=6 - day), dt.time(8, 30)).timestamp()
        for item in items[: 2 + day % 4]:
            for _n in range(rng.randint(1, 6)):
                row = stats.started(item)
                now[0] += rng.randint(90, 600)
                if rng.random() < 0.8:
                    stats.completed(row, rng.choice([5, 5, 5, 4, 4, 3, None]))
                else:
                    stats.abandoned(row, rng.choice(["identify", "form", "materials"]))
    return stats.summary(first_day(days).isoformat())
