"""The one `kiosk` command. Subcommands live in `kiosk/commands/`, one module each, found at start:
each module has `register(subparsers)` that adds its parser and sets `func(args) -> int`."""

from __future__ import annotations

import argparse
import gc
import importlib
import pkgutil
import sys

from kiosk.base.errors import ConfigError, KioskError
from kiosk.ui.kivy_setup import kivy_environment

kivy_environment()  # before any subcommand imports Kivy

EXIT_CONFIG = 2


def build_parser() -> argparse.ArgumentParser:
    from kiosk import commands

    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Self-service kiosk for public services. With no subcommand, runs the kiosk.",
    )
    commands.add_config_option(parser, None)
    sub = parser.add_subparsers(title="subcommands", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Starting the kiosk allocates a few hundred thousand objects that live until exit (pydantic models, kv
    # rules, widgets): collecting them before the first frame is wasted work. The app turns the collector back
    # on once its first frame is drawn; every other command does right after parsing.
    gc.disable()
    from kiosk.commands.run import run_kiosk

    try:
        args = build_parser().parse_args(argv)
    except SystemExit:  # --help, or a usage error
        gc.enable()
        raise
    func = getattr(args, "func", None) or run_kiosk
    if func is not run_kiosk:
        gc.enable()
    try:
        return int(func(args) or 0)
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_CONFIG
    except KioskError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
