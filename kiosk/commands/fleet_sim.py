"""`kiosk fleet-sim --terminals 369`: the county's fleet of simulated terminals (the real heartbeat, metrics,
outbox and central configuration, no window) against the sandbox platform, for a bounded time; prints what the
platform and monitoring see (kiosk.soak.fleet)."""

from __future__ import annotations

import argparse

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "fleet-sim", help="simulate the county's fleet of terminals against the sandbox platform")
    p.add_argument("--terminals", type=int, default=369, help="how many terminals (default 369: the county's)")
    p.add_argument("--seconds", type=float, default=120.0, help="how long to run (default 120)")
    p.add_argument("--interval", type=float, default=10.0,
                   help="heartbeat interval in seconds (default 10; terminals use [maintenance] heartbeat_s, 60)")
    p.add_argument("--outage", type=float, default=0.0, metavar="SECONDS",
                   help="after the catalog rollout, the platform answers 503 for this long (the outboxes back up)")
    p.add_argument("--evaluations", type=float, default=1.0, metavar="PER_S",
                   help="citizens' evaluations queued per second across the fleet (default 1)")
    p.add_argument("--markdown", action="store_true", help="also print the figures as a benchmarks.md table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging
    import tempfile
    from pathlib import Path

    from kiosk.base.config import scratch_copy
    from kiosk.base.errors import KioskError
    from kiosk.base.logs import setup_logging
    from kiosk.bench import markdown_table
    from kiosk.soak.fleet import run_fleet

    if args.terminals < 1 or args.seconds < 4 * args.interval or args.interval <= 0:
        raise KioskError("fleet-sim: --terminals >= 1, --interval > 0 and --seconds >= 4 intervals",
                         "fleet-sim arguments")
    setup_logging(None, level=logging.ERROR)  # the terminals' warnings during an outage are the point, not news
    with tempfile.TemporaryDirectory(prefix="kiosk-fleet-") as tmp:
        config = scratch_copy(config_of(args), Path(tmp) / "kiosk")
        report = run_fleet(config, Path(tmp), args.terminals, args.seconds, args.interval, args.outage,
                           args.evaluations)
    print("\n".join(report.lines()))
    if args.markdown:
        print()
        print(markdown_table(report.rows()))
    return 0
