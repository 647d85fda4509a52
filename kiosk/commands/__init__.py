"""Subcommands of `kiosk`, one module each. Each module defines:

    def register(sub) -> None:
        p = add_command(sub, "name", help="...")
        p.add_argument(...)
        p.set_defaults(func=run)

Keep module top-levels light (import heavy things inside `run`): `kiosk --help` imports them all.
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from kiosk.base.config import KioskConfig, check_data_dir, load_config


def add_config_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="configuration file (default: $KIOSK_CONFIG, else the shipped config/kiosk.toml)",
    )


# Lets --config follow the subcommand too, without overriding one given before it.
_COMMON = argparse.ArgumentParser(add_help=False)
add_config_option(_COMMON, argparse.SUPPRESS)


def add_command(sub: argparse._SubParsersAction, name: str, **kwargs: object) -> argparse.ArgumentParser:
    """Add a subcommand that also accepts the global options (--config) after its name."""
    return sub.add_parser(name, parents=[_COMMON], **kwargs)


def config_of(args: argparse.Namespace) -> KioskConfig:
    """The validated configuration chosen by --config / KIOSK_CONFIG / the shipped default, with a data folder
    that can be written."""
    config = load_config(getattr(args, "config", None))
    check_data_dir(config)
    return config


def terminal_json(value: object) -> str:
    """One JSON line that is safe on a terminal: readable Chinese, but every control, format (bidi), private or
    unassigned character that came from a card or a code written as a JSON escape."""
    return "".join(json.dumps(ch)[1:-1] if unicodedata.category(ch)[0] == "C" else ch
                   for ch in json.dumps(value, ensure_ascii=False))
