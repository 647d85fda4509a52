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
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.base.config import KioskConfig, check_data_dir, load_config

if TYPE_CHECKING:
    from kiosk.vision.imagefile import DecodedImage


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


def shown_path(path: os.PathLike[str] | str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 and control characters written as escapes."""
    from kiosk.base.textwidth import escape_controls

    return escape_controls(os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8"))


def read_images(paths: list[Path], max_pixels: int) -> Iterator[tuple[str, DecodedImage | None, str]]:
    """Each photo file as (name to show, the decoded image or None, why not): read as bytes and decoded from
    memory with the pixel cap checked first, one file's problem never stopping the others."""
    from kiosk.vision.imagefile import ImageRefused, decode_image

    for path in paths:
        name = shown_path(path)
        try:
            yield name, decode_image(path.read_bytes(), max_pixels), ""
        except OSError as exc:
            yield name, None, f"cannot be read: {exc.strerror}"
        except ImageRefused as exc:
            yield name, None, {"too_large": f"too large: {exc.detail}",
                               "truncated": "not a readable image: the file is cut short"}.get(exc.reason,
                                                                                            "not a readable image")
