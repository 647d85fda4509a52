"""`kiosk doctor`: check this terminal (config, catalog, fonts, devices, platform, clock, disk, staff accounts)
and print a table (or JSON with --json). Exit 0 when nothing failed (warnings allowed), 1 when something must be
fixed."""

from __future__ import annotations

import argparse

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "doctor", help="check devices, fonts, config, catalog, platform, clock and disk")
    p.add_argument("--device-timeout", type=float, default=10.0, metavar="S",
                   help="seconds to wait for every device to answer (default 10)")
    p.add_argument("--json", action="store_true",
                   help="print the checks as JSON: a list of {name, status (ok/warn/fail), message}")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from kiosk.base.logs import setup_logging
    from kiosk.staff.doctor import as_json, run_checks, table

    setup_logging(None, level=logging.CRITICAL)  # the table says it all; device chatter would hide it
    config = config_of(args)
    checks = run_checks(config, args.device_timeout)
    print(as_json(checks) if args.json else table(checks))
    return 1 if any(c.verdict == "fail" for c in checks) else 0
