"""The maintenance audit log: one JSON line per staff action (who, what, when), only ever appended.

Lines name staff by their account name; details never carry a citizen's personal data (callers pass masked text).
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

AUDIT_FILE = "audit.jsonl"


class AuditLog:
    def __init__(self, path: Path, clock: Any = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def in_dir(cls, data_dir: Path) -> AuditLog:
        return cls(data_dir / AUDIT_FILE)

    def record(self, who: str, action: str, **detail: Any) -> dict[str, Any]:
        """Append one entry and flush it to disk before returning (a crash right after still keeps it)."""
        entry = {"at": round(self._clock(), 3), "who": who, "action": action, **detail}
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # O_APPEND: every write lands at the end, even with another writer; nothing earlier is rewritten.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self, limit: int = 100) -> list[dict[str, Any]]:
        """The last `limit` entries, oldest first; a damaged line is skipped, not fatal."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()[-limit:]
        result = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                result.append(entry)
        return result
