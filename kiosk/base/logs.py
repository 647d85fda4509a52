"""Logging for the kiosk: one JSON object per line (time with its zone, level, logger, station id, message),
rotated, masked before any handler sees a record, in files readable by the kiosk's own user only (0600). Under
systemd (JOURNAL_STREAM set) the console writes the same JSON lines, each behind the syslog priority prefix
journald reads, so `journalctl -u kiosk` and a log shipper (deploy/monitoring/) get structured lines. What may be
logged of a scanned code is its kind and length."""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
import os
from pathlib import Path

from kiosk.base.privacy import MaskingFilter


class JsonFormatter(logging.Formatter):
    def __init__(self, station: str = "") -> None:
        super().__init__()
        self.station = station

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            # ISO 8601 with the offset: a county server in another zone, or a terminal whose zone is wrong, still
            # lines up with the others.
            "ts": dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "station": self.station,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class JournalFormatter(JsonFormatter):
    """The JSON line behind "<priority>", which journald takes as the entry's priority and strips."""

    def format(self, record: logging.LogRecord) -> str:
        return f"<{_PRIORITIES.get(record.levelno, 6)}>" + super().format(record)


_PRIORITIES = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


class PrivateLogFile(logging.handlers.TimedRotatingFileHandler):
    """A daily-rotated log file created 0600, and made 0600 when an older version left it readable."""

    def _open(self):  # type: ignore[no-untyped-def]
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
        os.chmod(self.baseFilename, 0o600)
        return super()._open()


def setup_logging(log_dir: Path | None, level: int = logging.INFO, keep_days: int = 30, station: str = "") -> None:
    """Console in plain text (JSON lines for journald under systemd), and when `log_dir` is given a daily-rotated
    JSON file kept `keep_days` days; `station` is the station id every JSON line carries."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    masking = MaskingFilter()
    console = logging.StreamHandler()
    if os.environ.get("JOURNAL_STREAM"):
        console.setFormatter(JournalFormatter(station))
    else:
        console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console.addFilter(masking)
    root.addHandler(console)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = PrivateLogFile(log_dir / "kiosk.log", when="midnight", backupCount=keep_days, encoding="utf-8")
        file_handler.setFormatter(JsonFormatter(station))
        file_handler.addFilter(masking)
        root.addHandler(file_handler)
