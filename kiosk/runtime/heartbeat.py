"""The heartbeat to the platform: version, uptime, device inventory and health, outbox depth, paper and the
catalog version running — every minute, on its own thread (never the UI thread), through the runtime's platform
client. The platform's answer names the version this kiosk should run: a new one is fetched and checked here
(kiosk.runtime.central) and handed to `runtime.on_central` until the controller takes it between sessions.
三务公开's notices with their pictures and 办事导航's places are fetched ahead too, every half hour
(kiosk.runtime.kept): a citizen who opens them does not wait for the platform (0.5-0.9 s for the board's pictures
the first time, a slow village link's round trip each time), and on a day offline they show what was published
lately, whether or not anyone opened them the day before."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from kiosk import __version__
from kiosk.runtime.kept import StationsCache
from kiosk.runtime.metrics import paper_level
from kiosk.runtime.notices_cache import NoticeCache

log = logging.getLogger(__name__)
INTERVAL_S = 60.0
AHEAD_EVERY_S = 1800.0


def heartbeat_body(runtime: Any, started_at: float) -> dict[str, Any]:
    """What one heartbeat reports (the platform contract caps the inventory at 20 devices)."""
    devices = [{"kind": d.name, "status": d.status.state.value, "message": d.status.message[:200]}
               for d in runtime.devices][:20]
    backend = runtime.backend
    central = getattr(runtime, "central", None)
    return {
        "config_version": central.running if central is not None else None,
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
        self.last_ok: float | None = None  # epoch seconds of the last heartbeat the platform took
        self._ahead_at: float | None = None  # monotonic time the notices and places were last fetched ahead
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Heartbeat:
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
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
        self.last_ok = time.time()
        self._follow_config(backend.client)
        self._fetch_ahead(backend.client)
        return True

    def _follow_config(self, client: Any) -> None:
        central = getattr(self.runtime, "central", None)
        if central is None or self.config_version is None:
            return
        try:
            central.offered(self.config_version, client)
        except Exception:
            log.exception("central configuration check failed")  # never the end of the heartbeat
        listener = getattr(self.runtime, "on_central", None)
        if central.pending is not None and listener is not None:
            listener()  # again at every beat until a moment between sessions comes

    def _fetch_ahead(self, client: Any) -> None:
        now = time.monotonic()
        if self._ahead_at is not None and now - self._ahead_at < AHEAD_EVERY_S:
            return
        self._ahead_at = now
        config = self.runtime.config
        for what, fetch in (("notices", lambda: NoticeCache.in_dir(config.data_dir).refresh(client, config.station.id)),
                            ("places", lambda: StationsCache.in_dir(config.data_dir).refresh(client))):
            try:
                fetch()
            except Exception as exc:  # the screen then asks itself when opened, or shows the kept copy
                log.warning("%s not fetched ahead: %s", what, getattr(exc, "detail", "") or type(exc).__name__)

    def soon(self) -> None:
        """Beat now rather than at the end of the interval (the platform hears at once that a new catalog runs)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat()
            self._wake.wait(self.interval_s)
            self._wake.clear()
