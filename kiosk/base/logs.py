"""Logging for the kiosk: one JSON object per line, rotated, masked before any handler sees a record, in files
readable by the kiosk's own user only (0600). What may be logged of a scanned code is its kind and length."""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import time
from pathlib import Path

from kiosk.base.privacy import MaskingFilter


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created)) + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class PrivateLogFile(logging.handlers.TimedRotatingFileHandler):
    """A daily-rotated log file created 0600, and made 0600 when an older version left it readable."""

    def _open(self):  # type: ignore[no-untyped-def]
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
        os.chmod(self.baseFilename, 0o600)
        return super()._open()


def setup_logging(log_dir: Path | None, level: int = logging.INFO, keep_days: int = 30) -> None:
    """Console in plain text, and when `log_dir` is given a daily-rotated JSON file kept `keep_days` days."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    masking = MaskingFilter()
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console.addFilter(masking)
    root.addHandler(console)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = PrivateLogFile(log_dir / "kiosk.log", when="midnight", backupCount=keep_days, encoding="utf-8")
        file_handler.setFormatter(JsonFormatter())
        file_handler.addFilter(masking)
        root.addHandler(file_handler)
