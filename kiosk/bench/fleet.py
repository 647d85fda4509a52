"""The county's fleet: 369 simulated terminals (the real platform client, outbox, heartbeat, central catalog check
and metrics; no window, no devices) against the sandbox platform in a child process, as `kiosk fleet-sim` runs it
(kiosk/soak/fleet.py): a catalog published mid-run, an outage of the platform, evaluations queued meanwhile."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosk.base.config import KioskConfig, scratch_copy
from kiosk.bench import Row

TITLE = "369 simulated terminals against the sandbox: heartbeats, platform CPU, catalog rollout, outbox backlog"
TERMINALS = 369


def run(config: KioskConfig, quick: bool) -> list[Row]:
    from kiosk.soak.fleet import run_fleet

    seconds, interval, outage = (40.0, 5.0, 5.0) if quick else (120.0, 10.0, 15.0)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-fleet-") as tmp:
        scratch = scratch_copy(config, Path(tmp) / "kiosk")
        report = run_fleet(scratch, Path(tmp), TERMINALS, seconds, interval, outage, 1.0)
    return report.rows()
