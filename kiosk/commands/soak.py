"""`kiosk soak --sessions N [--faults] [--seed S] [--json]`: many simulated citizens at the real runtime (devices
on their simulators, the sandbox platform), optionally with faults and a killed kiosk process; prints the report.
Exit status 0 when nothing was lost, duplicated or unhandled and memory grew less than 20 MB."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "soak", help="soak test: many simulated citizen sessions, optionally with faults")
    p.add_argument("--sessions", type=int, default=200, help="how many citizen sessions (default 200)")
    p.add_argument("--faults", action="store_true",
                   help="inject faults: platform, printer, reader, camera, and the kiosk process killed")
    p.add_argument("--seed", type=int, default=1, help="random seed (the same seed plays the same citizens)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--keep", type=Path, help="keep the run's data, logs and platform store in this folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.base.errors import KioskError
    from kiosk.soak.run import run_soak

    if args.sessions < 1:
        raise KioskError("会话数至少为1", f"--sessions {args.sessions}")
    config = config_of(args)

    def progress(done: int, total: int) -> None:
        if not args.json and (done % 50 == 0 or done == total):
            print(f"\r{done}/{total} sessions", end="", file=sys.stderr, flush=True)

    if args.keep:
        report = run_soak(config, args.sessions, args.faults, args.seed, args.keep, progress)
    else:
        with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as folder:
            report = run_soak(config, args.sessions, args.faults, args.seed, Path(folder), progress)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(file=sys.stderr)
        for key, value in report.as_dict().items():
            print(f"{key}: {value}")
    return 0 if report.met else 1
