"""Prometheus metrics on loopback ([maintenance] metrics_port; 0 = off), scraped by the agent on the terminal that
pushes them to the county (deploy/monitoring/: vmagent remote_write; the names the dashboard and alerts use). Values are read from the runtime at scrape time:
nothing here runs between scrapes and nothing touches the UI thread.
"""

from __future__ import annotations

import logging
import platform
import threading
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from kiosk import __version__
from kiosk.devices.base import State

PAPER_LEVELS = ("ok", "low", "out", "unknown")


class ErrorCounter(logging.Handler):
    """Counts ERROR (and worse) log records per logger, for kiosk_errors_total."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.counts: dict[str, int] = {}
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._guard:
            self.counts[record.name] = self.counts.get(record.name, 0) + 1


def paper_level(printer: Any) -> str:
    """ok | low | out | unknown, from the printer's last status (the heartbeat uses the same words)."""
    if printer is None:
        return "unknown"
    reason = printer.condition.reason.value
    if reason == "paper_out":
        return "out"
    if reason == "paper_near_end":
        return "low"
    return "ok" if printer.condition.condition.value == "ok" else "unknown"


class RuntimeCollector(Collector):
    def __init__(self, runtime: Any, errors: ErrorCounter) -> None:
        self.runtime = runtime
        self.errors = errors

    def collect(self) -> Iterator[Any]:
        runtime = self.runtime
        yield from self._identity(runtime)
        status = GaugeMetricFamily("kiosk_device_status", "1 for the device's current state",
                                   labels=["device", "state"])
        for device in runtime.devices:
            current = device.status.state
            for state in State:
                status.add_metric([device.name, state.value], 1.0 if state is current else 0.0)
        yield status
        printer = runtime.printer
        if printer is not None:
            paper = GaugeMetricFamily("kiosk_paper_level", "1 for the paper level now", labels=["level"])
            level = paper_level(printer)
            for name in PAPER_LEVELS:
                paper.add_metric([name], 1.0 if name == level else 0.0)
            yield paper
            count = printer.paper
            yield GaugeMetricFamily("kiosk_paper_receipts", "receipts printed since the roll was replaced",
                                    value=count.receipts)
            yield GaugeMetricFamily("kiosk_paper_used_metres", "paper used since the roll was replaced",
                                    value=count.metres)
        backend = runtime.backend
        if backend is not None:
            outbox = backend.outbox.status()
            yield GaugeMetricFamily("kiosk_outbox_depth", "submissions waiting to be sent", value=outbox.depth)
            yield GaugeMetricFamily("kiosk_outbox_failed", "submissions refused by the platform", value=outbox.failed)
        stats = runtime.statistics
        last = stats.last_started() if stats is not None else None
        if last is not None:
            yield GaugeMetricFamily("kiosk_last_session_timestamp_seconds", "when the latest session began",
                                    value=last)
        if stats is not None:
            sessions = CounterMetricFamily("kiosk_sessions", "items opened by citizens, by how they ended",
                                           labels=["item", "outcome"])
            for (item, outcome), count in sorted(stats.outcome_counts().items()):
                sessions.add_metric([item, outcome], count)
            yield sessions
        errors = CounterMetricFamily("kiosk_errors", "errors logged, by logger", labels=["logger"])
        with self.errors._guard:
            counts = dict(self.errors.counts)
        for name, count in sorted(counts.items()):
            errors.add_metric([name], count)
        yield errors


    def _identity(self, runtime: Any) -> Iterator[Any]:
        """Who this terminal is, what it runs and whether it is seen and heard: build, catalog version, display,
        heartbeat, clock."""
        station = runtime.config.station
        build = InfoMetricFamily("kiosk_build", "the software and the station it serves")
        build.add_metric([], {"version": __version__, "python": platform.python_version(), "station": station.id,
                              "town": station.town, "level": station.level})
        yield build
        central = getattr(runtime, "central", None)
        if central is not None:
            yield InfoMetricFamily("kiosk_config", "the catalog version in use ('local': this terminal's files)",
                                   value={"version": central.running})
            refused = central.refused
            if refused is not None:
                yield InfoMetricFamily(
                    "kiosk_config_refused", "the last catalog version refused, and why (the old one stays)",
                    value={"version": refused.version, "reason": refused.reason})
        driver = getattr(runtime, "display_driver", "")
        if driver:
            display = GaugeMetricFamily("kiosk_display_real", "1 when SDL draws on a real screen, 0 offscreen",
                                        labels=["driver"])
            display.add_metric([driver], 0.0 if driver in ("offscreen", "dummy") else 1.0)
            yield display
        heartbeat = getattr(runtime, "heartbeat", None)
        if heartbeat is not None and heartbeat.last_ok is not None:
            yield GaugeMetricFamily("kiosk_heartbeat_last_success_timestamp_seconds",
                                    "when the platform last took a heartbeat", value=heartbeat.last_ok)
        backend = runtime.backend
        skew = backend.client.clock_skew_s if backend is not None else None
        if skew is not None:
            yield GaugeMetricFamily("kiosk_clock_skew_seconds", "the platform's clock minus this terminal's",
                                    value=skew)


def registry_for(runtime: Any, errors: ErrorCounter) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(RuntimeCollector(runtime, errors))
    return registry


class MetricsServer:
    """The endpoint and the error counter hooked into logging; `stop()` undoes both."""

    def __init__(self, runtime: Any, port: int, host: str = "127.0.0.1") -> None:
        self.errors = ErrorCounter()
        self.registry = registry_for(runtime, self.errors)
        logging.getLogger().addHandler(self.errors)
        self._server, self._thread = start_http_server(port, addr=host, registry=self.registry)
        self.port = self._server.server_port

    def stop(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        self._server.shutdown()
        self._server.server_close()
