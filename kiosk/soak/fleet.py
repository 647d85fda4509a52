"""`kiosk fleet-sim`: the county's fleet in one process, against the sandbox platform in another.

Each simulated terminal is the kiosk without its window and devices: its own key, platform client, outbox
(SQLite, sealed) with its sender thread, heartbeat thread, central configuration (kiosk.runtime.central) and
metrics registry (kiosk.runtime.metrics), the same code a terminal runs. A terminal has no sessions, so it takes a
new catalog version as soon as it is checked. Citizens' evaluations go into the outboxes at a steady rate.

The platform (kiosk.sandbox) runs in a child process so that its CPU time is its own. The run:
  1. the platform publishes catalog version A; the terminals start, spread over one heartbeat interval;
  2. half-way, the platform publishes version B: rollout = until the last terminal runs B, as the terminals'
     metrics say and as their heartbeats tell the platform;
  3. an optional outage after that (the platform answers 503 to everything) makes the outboxes back up and
     drain;
  4. every heartbeat interval "monitoring" scrapes every terminal's registry, as vmagent would.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import requests
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.base.config import KioskConfig
from kiosk.bench import Row

log = logging.getLogger(__name__)

VERSION_A = "fleet-sim-A"
VERSION_B = "fleet-sim-B"


# -- the platform, in its own process --------------------------------------------------------------------------------
def _serve_platform(folder: str, keys: dict[str, bytes], conn: Connection) -> None:
    from kiosk.sandbox.server import start_sandbox

    logging.basicConfig(level=logging.WARNING)
    handle = start_sandbox(Path(folder), keys, pay_after_s=0)
    conn.send(handle.url)
    conn.recv()  # anything: stop
    handle.stop()


class Platform:
    """The sandbox in a child process, its demo controls over loopback, and its CPU time from /proc."""

    def __init__(self, folder: Path, keys: dict[str, bytes]) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_platform, args=(str(folder), keys, child), daemon=True)
        self._process.start()
        if not self._conn.poll(120):
            raise RuntimeError("the sandbox platform did not start")
        self.url: str = self._conn.recv()
        self._http = requests.Session()

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self._http.request(method, self.url + path, json=body, timeout=30)
        answer.raise_for_status()
        return answer.json()["data"]

    def cpu_s(self) -> float:
        """User + system CPU seconds the platform process has used."""
        with open(f"/proc/{self._process.pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self._http.close()
        self._conn.send("stop")
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()


# -- one terminal ------------------------------------------------------------------------------------------------------
@dataclass
class _Backend:
    """What the heartbeat and the metrics read of a terminal's backend (kiosk.runtime.platform.BackendServices)."""

    client: Any
    outbox: Any


@dataclass
class SimTerminal:
    """One terminal: the fields of kiosk.runtime.runtime.Runtime that the heartbeat, the metrics and the central
    configuration read, filled with the real objects (no devices, no statistics, no window)."""

    config: KioskConfig
    backend: _Backend
    central: Any
    devices: list[Any] = field(default_factory=list)
    printer: Any = None
    statistics: Any = None
    display_driver: str = ""
    heartbeat: Any = None
    registry: Any = None
    on_central: Callable[[], None] | None = None

    def stop(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()
        self.backend.outbox.close()
        self.backend.client.close()


def _terminal(base: KioskConfig, station: Any, index: int, url: str, secret: bytes, folder: Path,
              interval_s: float) -> SimTerminal:
    from kiosk.backend.client import PlatformClient
    from kiosk.backend.outbox import Outbox
    from kiosk.runtime.central import CentralConfig
    from kiosk.runtime.heartbeat import Heartbeat
    from kiosk.runtime.metrics import ErrorCounter, registry_for

    kiosk_id = f"{station.station_id}-T{index:03d}"
    config = base.model_copy(update={
        "backend": base.backend.model_copy(update={"kiosk_id": kiosk_id}),
        "station": base.station.model_copy(update={"id": station.station_id, "town": station.town}),
        "paths": base.paths.model_copy(update={"data_dir": folder}),  # each its own, as the notices kept ahead
    })
    client = PlatformClient(url, kiosk_id, secret, retries=1, retry_backoff_s=0.2)
    outbox = Outbox(folder / "outbox.sqlite", secrets.token_bytes(32), client, kiosk_id=kiosk_id, backoff_max_s=30)
    terminal = SimTerminal(config, _Backend(client, outbox), CentralConfig(config, secret, folder / "central"))
    terminal.heartbeat = Heartbeat(terminal, interval_s)

    def take() -> None:  # no sessions here: between sessions is always; then tell the platform, as the controller
        if terminal.central.take() is not None:
            terminal.heartbeat.soon()

    terminal.on_central = take
    terminal.registry = registry_for(terminal, ErrorCounter())
    return terminal


# -- the run ------------------------------------------------------------------------------------------------------------
@dataclass
class Scrape:
    at: float  # seconds since the start of the run
    reporting: int
    on_b: int
    outbox_depth: int


@dataclass
class FleetReport:
    terminals: int
    interval_s: float
    seconds: float
    heartbeats: int
    heartbeat_minutes: float
    platform_cpu_s: float
    steady_s: float
    published_b_at: float | None = None
    rollout_terminals_s: float | None = None  # the last terminal's metrics say B
    rollout_platform_s: float | None = None  # the last terminal's heartbeat told the platform B
    outage: tuple[float, float] | None = None
    scrapes: list[Scrape] = field(default_factory=list)
    max_backlog: int = 0
    final_backlog: int = 0
    evaluations: int = 0
    delivered: int = 0  # evaluations the platform recorded

    @property
    def heartbeats_per_minute(self) -> float:
        return self.heartbeats / self.heartbeat_minutes if self.heartbeat_minutes else 0.0

    @property
    def platform_cpu_share(self) -> float:
        """Share of one core the platform used in the steady state (no outage, no rollout)."""
        return self.platform_cpu_s / self.steady_s if self.steady_s else 0.0

    def lines(self) -> list[str]:
        out = [
            f"fleet: {self.terminals} terminals, heartbeat every {self.interval_s:g} s, {self.seconds:g} s run",
            f"platform: {self.heartbeats_per_minute:.0f} heartbeats per minute"
            f" ({self.heartbeats} in {self.heartbeat_minutes:.1f} min);"
            f" CPU {100 * self.platform_cpu_share:.0f}% of one core in the steady state",
        ]
        if self.rollout_terminals_s is not None and self.rollout_platform_s is not None:
            out.append(f"catalog {VERSION_B} published at {self.published_b_at:.0f} s: running on all terminals after"
                       f" {self.rollout_terminals_s:.1f} s (metrics), reported to the platform after"
                       f" {self.rollout_platform_s:.1f} s; target {2 * self.interval_s:g} s (2 heartbeat intervals)")
        else:
            out.append(f"catalog {VERSION_B}: NOT on every terminal by the end of the run")
        if self.outage is not None:
            out.append(f"platform outage (503) from {self.outage[0]:.0f} s to {self.outage[1]:.0f} s")
        out.append(f"outbox: {self.evaluations} evaluations queued, {self.delivered} recorded by the platform;"
                   f" backlog at most {self.max_backlog}, {self.final_backlog} at the end")
        out.append("monitoring (a scrape of every terminal each interval): s, reporting, on B, outbox backlog")
        out += [f"  {s.at:6.0f} {s.reporting:5d} {s.on_b:5d} {s.outbox_depth:6d}" for s in self.scrapes]
        return out

    def rows(self) -> list[Row]:
        target = 2 * self.interval_s
        rollout, heard = self.rollout_terminals_s, self.rollout_platform_s
        return [
            Row("heartbeats per minute (platform)", self.heartbeats_per_minute, "/min"),
            Row("platform CPU for the heartbeat load", 100 * self.platform_cpu_share, "% of one core",
                target="< 50% (room to spare)", met=self.platform_cpu_share < 0.5),
            Row("platform CPU per heartbeat", 1000 * self.platform_cpu_s / self.heartbeats if self.heartbeats else 0,
                "ms"),
            Row(f"catalog rollout: running on all {self.terminals}", rollout if rollout is not None else -1, "s",
                target=f"<= {target:g} s (2 intervals)", met=rollout is not None and rollout <= target),
            Row("... and reported back by their next heartbeat", heard if heard is not None else -1, "s"),
            Row("outbox backlog, worst (all terminals)", self.max_backlog, "submissions"),
            Row("outbox backlog at the end", self.final_backlog, "submissions"),
        ]


def _scrape(terminals: list[SimTerminal], started: float) -> Scrape:
    reporting = on_b = depth = 0
    for terminal in terminals:
        text = generate_latest(terminal.registry).decode("utf-8")
        reporting += 1
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == "kiosk_config_info" and sample.labels.get("version") == VERSION_B:
                    on_b += 1
                elif sample.name == "kiosk_outbox_depth":
                    depth += int(sample.value)
    return Scrape(time.monotonic() - started, reporting, on_b, depth)


def run_fleet(config: KioskConfig, folder: Path, terminals: int, seconds: float, interval_s: float,
              outage_s: float = 0.0, evaluations_per_s: float = 1.0, seed: int = 7) -> FleetReport:
    """The whole simulation in `folder` (the platform's data and each terminal's outbox and copies)."""
    from kiosk.core.stations import load_stations

    rng = random.Random(seed)
    stations = list(load_stations().values())
    secrets_by_id: dict[str, bytes] = {}
    plan = []
    for i in range(terminals):
        station = stations[i % len(stations)]
        secret = secrets.token_bytes(32)
        secrets_by_id[f"{station.station_id}-T{i:03d}"] = secret
        plan.append((station, i, secret))
    platform = Platform(folder / "platform", secrets_by_id)
    fleet: list[SimTerminal] = []
    stop = threading.Event()
    try:
        platform.control("POST", "/sandbox/catalog", {"version": VERSION_A})
        fleet = [_terminal(config, station, i, platform.url, secret, folder / f"t{i:03d}", interval_s)
                 for station, i, secret in plan]
        for terminal in fleet:
            terminal.backend.outbox.start()
        started = time.monotonic()
        for terminal in fleet:  # spread over one interval, as real terminals are
            terminal.heartbeat.start()
            stop.wait(interval_s / terminals)
        report = _drive(platform, fleet, started, seconds, interval_s, outage_s, evaluations_per_s, rng, stop)
    finally:
        stop.set()
        for terminal in fleet:
            terminal.stop()
        platform.stop()
    return report


def _drive(platform: Platform, fleet: list[SimTerminal], started: float, seconds: float, interval_s: float,
           outage_s: float, evaluations_per_s: float, rng: random.Random, stop: threading.Event) -> FleetReport:
    """Feed evaluations, run the outage and the publication, scrape, and watch the platform's side."""
    def now() -> float:
        return time.monotonic() - started

    publish_at = seconds / 2
    # After the rollout's target, so that the rollout is measured on a platform that answers.
    outage = (publish_at + 3 * interval_s, publish_at + 3 * interval_s + outage_s) if outage_s > 0 else None
    # The steady state: every terminal took A (one interval to start, half of one to beat) and nothing else happens.
    steady = (interval_s * 1.5, publish_at)
    published_epoch = 0.0
    report = FleetReport(len(fleet), interval_s, seconds, 0, 0.0, 0.0, 0.0, outage=outage)
    beats_start, cpu_start = 0, 0.0
    next_scrape = interval_s
    next_evaluation = 0.0
    in_outage = published = steady_started = steady_done = False
    while now() < seconds:
        t = now()
        if not steady_started and t >= steady[0]:
            steady_started, cpu_start, beats_start = True, platform.cpu_s(), _beats(platform)
            steady_t0 = t
        if steady_started and not steady_done and t >= steady[1]:
            steady_done = True
            report.platform_cpu_s, report.steady_s = platform.cpu_s() - cpu_start, t - steady_t0
            report.heartbeats, report.heartbeat_minutes = _beats(platform) - beats_start, (t - steady_t0) / 60
        if outage and not in_outage and outage[0] <= t < outage[1]:
            in_outage = True
            platform.control("POST", "/sandbox/faults", {"error_rate": 1.0})
        if in_outage and outage and t >= outage[1]:
            in_outage = False
            platform.control("POST", "/sandbox/faults", {})
        if not published and t >= publish_at:
            published, report.published_b_at, published_epoch = True, t, time.time()
            platform.control("POST", "/sandbox/catalog", {"version": VERSION_B})
        if published and report.rollout_platform_s is None:
            seen = platform.control("GET", "/sandbox/heartbeats")
            if sum(1 for s in seen.values() if s["config_version"] == VERSION_B) == len(fleet):
                report.rollout_platform_s = t - (report.published_b_at or t)
        if published and report.rollout_terminals_s is None and all(
                term.central.running == VERSION_B for term in fleet):
            report.rollout_terminals_s = max(term.central.applied_at or 0.0 for term in fleet) - published_epoch
        while next_evaluation <= t:
            terminal = rng.choice(fleet)
            terminal.backend.outbox.enqueue("evaluation", {
                "item_code": "yb-cx", "level": rng.randint(3, 5), "reasons": [], "comment": "",
                "station_id": terminal.config.station.id})
            report.evaluations += 1
            next_evaluation += 1 / evaluations_per_s
        if t >= next_scrape:
            report.scrapes.append(_scrape(fleet, started))
            next_scrape += interval_s
        stop.wait(0.2)
    last = _scrape(fleet, started)
    report.scrapes.append(last)
    report.delivered = platform.control("GET", "/sandbox/stats")["records"]["submissions"]
    report.max_backlog = max(s.outbox_depth for s in report.scrapes)
    report.final_backlog = last.outbox_depth
    return report


def _beats(platform: Platform) -> int:
    return sum(s["count"] for s in platform.control("GET", "/sandbox/heartbeats").values())
