"""`kiosk scan`: for field technicians, print the codes a serial scanner reads as they come
(kind, tab, text; or JSON lines). Exit codes: 0, 3 no scanner, 4 fewer than --count codes before --timeout."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING, get_args

from kiosk.base.config import Scanner
from kiosk.base.textwidth import escape_controls
from kiosk.commands import add_command, config_of, terminal_json

if TYPE_CHECKING:
    from kiosk.devices.base import DeviceEvent

EXIT_NO_SCANNER = 3
EXIT_TIMEOUT = 4


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "scan", help="print the codes a serial scanner reads (Ctrl-C ends)")
    p.add_argument("--port", help="serial port: a path, /dev/serial/by-id/..., or usb:VID:PID (default: configured)")
    p.add_argument("--baud", type=int, choices=scanner_choices("baud"), help="default: configured")
    p.add_argument("--suffix", choices=scanner_choices("suffix"), help="what ends each code (default: configured)")
    p.add_argument("--trigger", choices=scanner_choices("trigger"), help="host-triggered profile (default: configured)")
    p.add_argument("--count", type=int, default=0, metavar="N", help="stop after N codes (default: never)")
    p.add_argument("--timeout", type=float, default=None, metavar="S", help="stop after S seconds")
    p.add_argument("--json", action="store_true", help="one JSON object per code")
    p.set_defaults(func=run)


def scanner_choices(key: str) -> tuple[object, ...]:
    """The values the configuration accepts for [devices.scanner] `key`: one list for file and command line."""
    return get_args(Scanner.model_fields[key].annotation)


def run(args: argparse.Namespace) -> int:
    from kiosk.devices.base import DeviceError
    from kiosk.devices.scanner.serial_scanner import ScannedCode, SerialScanner

    cfg = config_of(args).devices.scanner
    port = args.port or cfg.port
    if not port:
        print("未找到扫码器：请用 --port 指定串口", file=sys.stderr)
        return EXIT_NO_SCANNER
    scanner = SerialScanner.from_config(
        cfg.model_copy(update={k: v for k, v in (("baud", args.baud), ("suffix", args.suffix),
                                                 ("trigger", args.trigger)) if v}),
        port=port,
    )
    stop = threading.Event()
    seen = 0

    def show(event: DeviceEvent) -> None:
        nonlocal seen
        kind, payload = event.kind, event.payload
        if kind == "code" and isinstance(payload, ScannedCode):
            seen += 1
            line = terminal_json({"kind": payload.kind.value, "text": payload.text}) if args.json \
                else f"{payload.kind.value}\t{escape_controls(payload.text)}"
            print(line, flush=True)
            if args.count and seen >= args.count:
                stop.set()
        elif kind == "code_error":
            print(f"扫码出错：{payload}", file=sys.stderr, flush=True)

    scanner.subscribe(show)
    try:
        scanner.open()
    except DeviceError as exc:
        print(f"未找到扫码器：{exc.message} ({exc.detail})", file=sys.stderr)
        scanner.close()
        return EXIT_NO_SCANNER
    scanner.set_scanning(True)
    timer = threading.Timer(args.timeout or 0, stop.set)
    timer.daemon = True
    if args.timeout is not None:
        timer.start()
    try:
        scanner.serve(stop)
    except DeviceError as exc:
        print(f"扫码器出错：{exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_NO_SCANNER
    finally:
        timer.cancel()
        stop.set()
        scanner.set_scanning(False)
        scanner.close()
    return EXIT_TIMEOUT if args.count and seen < args.count else 0
