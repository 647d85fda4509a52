"""`kiosk sandbox`: run the sandbox platform alone (for the demo on another machine, or soak runs)."""

from __future__ import annotations

import argparse

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "sandbox", help="run the sandbox platform server (the demo's province/county platform)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free port)")
    p.add_argument(
        "--faults", metavar="SPEC",
        help="faults to inject, e.g. 'error_rate=0.1, drop_after_rate=0.05, latency_s=0.3'"
        " (default: [backend] sandbox_faults)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import threading

    from kiosk.backend.keyfile import load_or_create_key
    from kiosk.base.logs import setup_logging
    from kiosk.sandbox.server import Faults, start_sandbox

    config = config_of(args)
    setup_logging(None)
    secret = load_or_create_key(config.resolve(config.backend.secret_file))
    faults = Faults.parse(config.backend.sandbox_faults if args.faults is None else args.faults)
    handle = start_sandbox(
        config.data_dir / "sandbox", {config.backend.kiosk_id: secret}, host=args.host, port=args.port, faults=faults,
        pay_after_s=config.backend.sandbox_pay_after_s,
    )
    print(f"sandbox platform: {handle.url}  (secret: {config.resolve(config.backend.secret_file)}; Ctrl-C stops)")
    print(f"  set [backend] url = \"{handle.url}\" on kiosk {config.backend.kiosk_id}, which shares this secret file;")
    print(f"  a key for another kiosk: curl -X POST {handle.url}/sandbox/kiosks -d '{{\"kiosk_id\": \"ID\"}}'"
          " (on this machine)")
    try:
        threading.Event().wait()
    finally:
        handle.stop()
    return 0
