"""How much paper the receipt printer has used since staff last put in a new roll ("纸已更换"), kept in the data
folder so it survives restarts. A damaged file starts the count afresh rather than stopping the printer."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.base.storage import write_whole

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaperCount:
    receipts: int = 0
    millimetres: float = 0.0
    since: float = 0.0  # when the roll was replaced (epoch seconds); 0: never recorded

    @property
    def metres(self) -> float:
        return self.millimetres / 1000

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


class PaperCounter:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._count = self._load()

    def _load(self) -> PaperCount:
        if self.path is None or not self.path.exists():
            return PaperCount(since=time.time())
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return PaperCount(int(raw["receipts"]), float(raw["millimetres"]), float(raw["since"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("paper counter %s unreadable, starting again: %s", self.path, exc)
            return PaperCount(since=time.time())

    def _save(self) -> None:
        if self.path is None:
            return
        write_whole(self.path, json.dumps(self._count.as_dict()).encode("utf-8"))

    @property
    def count(self) -> PaperCount:
        with self._lock:
            return self._count

    def add(self, millimetres: float) -> PaperCount:
        with self._lock:
            c = self._count
            self._count = PaperCount(c.receipts + 1, round(c.millimetres + millimetres, 1), c.since)
            self._save()
            return self._count

    def replaced(self) -> PaperCount:
        """Staff put in a new roll."""
        with self._lock:
            self._count = PaperCount(since=time.time())
            self._save()
            return self._count
