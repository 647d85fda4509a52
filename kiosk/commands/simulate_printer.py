"""`kiosk simulate-printer`: run the virtual receipt printer by itself (a pty and a loopback TCP port) so a URI can
be tried by hand: `kiosk printer-status --printer tcp://127.0.0.1:9100`, `kiosk print-test --printer ...`."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "simulate-printer", help="run the virtual ESC/POS printer (pty + TCP) until Ctrl-C")
    p.add_argument("--port", type=int, default=9100, help="loopback TCP port (0: any free port)")
    p.add_argument("--paper", type=int, choices=(58, 80), help="paper width (default: configured)")
    p.add_argument("--out", type=Path, help="folder for the receipts' PNG and text (default: DATA/printer/virtual)")
    p.add_argument("--paper-level", choices=("ok", "near_end", "out"), default="ok")
    p.add_argument("--cover-open", action="store_true")
    p.add_argument("--answers", choices=("normal", "silent", "garbled"), default="normal",
                   help="how status queries are answered")
    p.add_argument("--run-out-after", type=int, metavar="N", help="the paper runs out after N receipts")
    p.add_argument("--seconds", type=float, help="stop after this long (default: until Ctrl-C)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.devices.sim.printer import VirtualPrinter

    config = config_of(args)
    out = args.out or config.data_dir / "printer" / "virtual"
    printer = VirtualPrinter(out, args.paper or config.devices.printer.paper_mm, tcp_port=args.port)
    printer.set_paper(args.paper_level)
    printer.set_answers(args.answers)
    if args.cover_open:
        printer.open_cover()
    if args.run_out_after is not None:
        printer.run_out_after(args.run_out_after)
    deadline = time.monotonic() + args.seconds if args.seconds is not None else None
    with printer:
        print(f"virtual printer: {printer.serial_uri}  {printer.tcp_uri}  receipts -> {out}", flush=True)
        seen = 0
        try:
            while deadline is None or time.monotonic() < deadline:
                time.sleep(0.2)
                for receipt in printer.receipts:
                    if receipt.number > seen:
                        print(f"receipt {receipt.number}: {receipt.png_path}", flush=True)
                        seen = receipt.number
        except KeyboardInterrupt:
            pass
    return 0
