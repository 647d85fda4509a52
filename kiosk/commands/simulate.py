"""`kiosk simulate idcard|scanner`: start a simulated device on a pseudo-terminal, print its port, and take
simple control commands on stdin (one per line; `help` lists them) until `quit` or end of input."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from typing import Any

from kiosk.commands import add_command
from kiosk.commands.scan import scanner_choices

_IDCARD_HELP = """commands:
  place KEY [LAYOUT]     put a demo citizen's card on the reader (LAYOUT: I for the old foreigner card)
  lift                   take the card away
  list                   the demo citizens
  fault NAME VALUE       bad_checksum N | fail_reads N | pieces BYTES,GAP_S | noise HEX | lift_mid_read on|off |
                         silent on|off | pace_baud N|off | sw3 COMMAND=HEX (e.g. read_text_photo=41)
  clear                  no faults
  unplug | replug        close the pty / open a new one behind the same name
  quit"""
_SCANNER_HELP = """commands:
  code TEXT [SUFFIX]     show a code (SUFFIX: CR LF CRLF TAB none; default the simulator's)
  raw HEX                send bytes as they are
  unplug | replug        close the pty / open a new one behind the same name
  quit"""


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "simulate", help="run a simulated ID card reader or scanner on a pty and print its port")
    p.add_argument("device", choices=["idcard", "scanner"])
    p.add_argument("--pace", type=int, metavar="BAUD", help="send at this line speed (e.g. 115200)")
    p.add_argument("--suffix", default="CR", choices=scanner_choices("suffix"), help="scanner suffix")
    p.add_argument("--trigger", default="none", choices=scanner_choices("trigger"),
                   help="scanner: wait for this profile's trigger command before sending codes")
    p.add_argument("--card", metavar="KEY", help="idcard: a card on the reader from the start")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.devices.sim.pty_port import Pacing

    if args.device == "idcard":
        from kiosk.devices.sim.idcard import IdCardSimulator

        sim: Any = IdCardSimulator(pace_baud=args.pace)
        handler: Callable[[Any, list[str]], str] = _idcard_command
        help_text = _IDCARD_HELP
    else:
        from kiosk.devices.sim.scanner import ScannerSimulator

        sim = ScannerSimulator(suffix=args.suffix, trigger=args.trigger, pacing=Pacing(baud=args.pace))
        handler, help_text = _scanner_command, _SCANNER_HELP
    port = sim.start()
    try:
        if args.card:
            sim.place_card(args.card)
        print(port, flush=True)
        for line in sys.stdin:
            try:
                words = shlex.split(line)
            except ValueError:
                print("error: unbalanced quotes; type help", flush=True)
                continue
            if not words:
                continue
            if words[0] in ("quit", "exit"):
                break
            if words[0] == "help":
                print(help_text, flush=True)
                continue
            print(_answer(handler, sim, words), flush=True)
    finally:
        sim.stop()
    return 0


def _answer(handler: Callable[[Any, list[str]], str], sim: Any, words: list[str]) -> str:
    from kiosk.base.errors import KioskError

    if words[0] == "unplug":
        sim.unplug()
        return "ok unplugged"
    if words[0] == "replug":
        sim.replug()
        return "ok plugged"
    try:
        return handler(sim, words)
    except KioskError as exc:
        return f"error: {exc.message} ({exc.detail})"
    except (ValueError, IndexError):
        return f"error: cannot understand {' '.join(words)!r}; type help"


def _idcard_command(sim: Any, words: list[str]) -> str:
    verb = words[0]
    if verb == "place":
        sim.place_card(words[1], words[2] if len(words) > 2 else None)
        return f"ok card {words[1]} placed"
    if verb == "lift":
        sim.lift_card()
        return "ok card lifted"
    if verb == "list":
        return "\n".join(f"{c.key}\t{c.label}" for c in sim.citizens.values())
    if verb == "clear":
        sim.clear_faults()
        return "ok no faults"
    if verb == "fault":
        name, value = words[1], words[2]
        sim.set_fault(**{name: _fault_value(sim, name, value)})
        return f"ok {sim.faults}"
    raise ValueError(verb)


def _fault_value(sim: Any, name: str, value: str) -> object:
    off = value.lower() in ("off", "no", "0", "none")
    if name in ("lift_mid_read", "silent"):
        return not off
    if name in ("bad_checksum", "fail_reads"):
        return int(value)
    if name == "pace_baud":
        return None if off else int(value)
    if name == "pieces":
        if off:
            return None
        size, gap = value.split(",")
        return (int(size), float(gap))
    if name == "noise":
        return b"" if off else bytes.fromhex(value)
    if name == "sw3":
        if off:
            return {}
        command, code = value.split("=")
        return {**sim.faults.sw3, command: int(code, 16)}
    return value  # an unknown name: set_fault says which names exist


def _scanner_command(sim: Any, words: list[str]) -> str:
    if words[0] == "code":
        sim.show_code(words[1], words[2] if len(words) > 2 else None)
        return "ok code shown"
    if words[0] == "raw":
        sim.send_raw(bytes.fromhex(words[1]))
        return "ok sent"
    raise ValueError(words[0])
