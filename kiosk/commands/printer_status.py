"""`kiosk printer-status --printer URI`: ask a receipt printer how it is (DLE EOT 1/2/4). Prints "ok", the problem,
or "unknown"; exits 0 only for ok (1: a problem, 3: unknown or not reachable)."""

from __future__ import annotations

import argparse

from kiosk.commands import add_command, config_of

EXIT_PROBLEM, EXIT_UNKNOWN = 1, 3


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "printer-status", help="query a receipt printer's status (exit 0 only when ok)")
    p.add_argument("--printer", metavar="URI", help="serial:/dev/ttyUSB0?baud=115200 | usb:VID:PID | tcp://HOST:9100 "
                   "| file:PATH (default: the configured printer)")
    p.add_argument("--timeout-ms", type=int, default=None, help="wait this long for each status reply")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.base.printer_uri import parse_printer_uri
    from kiosk.devices.base import DeviceError
    from kiosk.devices.printer.link import Timeouts, open_link
    from kiosk.devices.printer.status import Condition, PrinterCondition, Reason, query_condition

    config = config_of(args)
    printer = config.devices.printer
    uri_text = args.printer or printer.uri
    if not uri_text:
        print("unknown: 未设置打印机地址（--printer URI）")
        return EXIT_UNKNOWN
    uri = parse_printer_uri(uri_text)
    timeout = (args.timeout_ms or printer.status_timeout_ms) / 1000
    try:
        link = open_link(uri, Timeouts(printer.connect_timeout_s, printer.write_timeout_s, timeout))
    except DeviceError as exc:
        print(f"unknown: {exc.message} ({exc.detail})")
        return EXIT_UNKNOWN
    try:
        if not link.two_way:
            condition = PrinterCondition(Condition.UNKNOWN, Reason.ONE_WAY, str(uri))
        else:
            condition = query_condition(link, timeout)
    except DeviceError as exc:
        print(f"unknown: {exc.message} ({exc.detail})")
        return EXIT_UNKNOWN
    finally:
        link.close()
    print(condition if condition.condition is not Condition.OK else "ok: 打印机正常")
    if condition.detail:
        print(f"  {condition.detail}")
    return {Condition.OK: 0, Condition.PROBLEM: EXIT_PROBLEM, Condition.UNKNOWN: EXIT_UNKNOWN}[condition.condition]
