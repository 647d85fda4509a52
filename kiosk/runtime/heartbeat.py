"""The heartbeat to the platform: version, uptime, device inventory and health, outbox depth, paper — every
minute, on its own thread (never the UI thread), through the runtime's platform client."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from kiosk import __version__
from kiosk.runtime.metrics import paper_level

log = logging.getLogger(__name__)
INTERVAL_S = 60.0


def heartbeat_body(runtime: Any, started_at: float) -> dict[str, Any]:
    """What one heartbeat reports (the platform contract caps the inventory at 20 devices)."""
    devices = [{"kind": d.name, "status": d.status.state.value, "message": d.status.message[:200]}
               for d in runtime.devices][:20]
    backend = runtime.backend
    return {
        "version": __version__,
        "uptime_s": max(0.0, time.monotonic() - started_at),
        "devices": devices,
        "outbox_depth": backend.outbox.depth() if backend is not None else 0,
        "paper": paper_level(runtime.printer),
    }


class Heartbeat:
    def __init__(self, runtime: Any, interval_s: float = INTERVAL_S) -> None:
        self.runtime = runtime
        self.interval_s = interval_s
        self.started_at = time.monotonic()
        self.config_version: str | None = None
        self.last_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Heartbeat:
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def beat(self) -> bool:
        """Send one heartbeat now (on the calling thread); False when the platform could not be reached."""
        backend = self.runtime.backend
        if backend is None:
            return False
        try:
            self.config_version = backend.client.heartbeat(**heartbeat_body(self.runtime, self.started_at))
        except Exception as exc:
            # Offline is normal in a village: note it, try again next minute.
            self.last_error = getattr(exc, "detail", "") or type(exc).__name__
            log.warning("heartbeat not delivered: %s", self.last_error)
            return False
        self.last_error = ""
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat()
            self._stop.wait(self.interval_s)
