"""Prometheus metrics on loopback ([maintenance] metrics_port; 0 = off), so the county's Prometheus can scrape
every terminal (through its own tunnel or node agent). Values are read from the runtime at scrape time:
nothing here runs between scrapes and nothing touches the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

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
