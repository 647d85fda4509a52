"""`kiosk fleet-sim` with a few terminals: every terminal beats, takes the catalog version published mid-run
(its metrics and the platform both say so), queues and delivers evaluations through its outbox, and the report
adds up. No timing assertions: the figures are the benchmark's (docs/benchmarks.md)."""

from __future__ import annotations

from pathlib import Path

from kiosk.base.config import load_config, scratch_copy
from kiosk.soak.fleet import VERSION_B, run_fleet


def test_a_small_fleet_takes_the_new_catalog_and_delivers_its_outboxes(tmp_path: Path) -> None:
    config = scratch_copy(load_config(environ={}), tmp_path / "kiosk")
    report = run_fleet(config, tmp_path, terminals=4, seconds=12.0, interval_s=1.5, evaluations_per_s=2.0)

    assert report.terminals == 4 and report.heartbeats > 0
    assert report.rollout_terminals_s is not None, f"{VERSION_B} never reached every terminal"
    assert report.rollout_platform_s is not None, "the platform never heard every terminal run it"
    last = report.scrapes[-1]
    assert (last.reporting, last.on_b) == (4, 4)
    assert all(s.on_b == 0 for s in report.scrapes if s.at < (report.published_b_at or 0))
    assert report.evaluations > 0 and report.max_backlog <= report.evaluations
    # (read one after the other while the senders run: one may be counted in both, none in neither)
    assert report.delivered <= report.evaluations <= report.delivered + report.final_backlog, "none lost"
    assert report.platform_cpu_s >= 0 and report.steady_s > 0
    text = "\n".join(report.lines())
    assert "heartbeats per minute" in text and VERSION_B in text
