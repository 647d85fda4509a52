"""`kiosk screenshot`: render screens to PNG with SDL's offscreen driver (no X server needed)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.base.config import scratch_copy
from kiosk.base.errors import KioskError
from kiosk.base.i18n import LANGUAGES, SOURCE, offered
from kiosk.commands import add_command, config_of


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1920x1080, not {text!r}")
    return int(match[1]), int(match[2])


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "screenshot", help="render one screen (or all) to PNG, offscreen")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--screen", metavar="NAME", help="the screen to render (see --list)")
    which.add_argument("--all", action="store_true",
                       help="every screen and every step of every item in its sample states into the folder --out: "
                            "landscape and portrait, normal and elder, every language (--size, --elder, --lang: only those)")
    which.add_argument("--list", action="store_true", help="list the screen names")
    p.add_argument("--out", type=Path, help="FILE.png with --screen, a folder with --all")
    p.add_argument("--size", type=_size, help="WIDTHxHEIGHT (default: the configured display; with --all, only this size)")
    p.add_argument("--state", default="",
                   help="an item step's sample state, as --all names them: CODE (identify --state yb-bx) or "
                        "CODE:FIELD:empty|filled|error|handwriting|household (form --state yb-bx:phone:error), or a public "
                        "service's (copy --state purpose, progress --state payments, supplement --state confirm|done, "
                        "complaint --state write:handwriting)")
    p.add_argument("--quick", action="store_true",
                   help="with --all: every screen in its own sample and a few states that show each keyboard and "
                        "picker (kiosk.ui.screenshots.QUICK_STATES), not every item's every step")
    p.add_argument("--elder", action="store_true", help="in 长辈模式")
    p.add_argument("--lang", choices=LANGUAGES, help="the language shown (default zh; with --all, every language of [display] languages)")
    p.add_argument("--check", action="store_true",
                   help="run the layout checker on every screen rendered: list what is clipped, overlaps, lies under "
                        "the header or off screen, or is too small to touch; exit 1 if anything is (--out optional)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        from kiosk.ui.screens import all_names

        print("\n".join(all_names()))
        return 0
    if args.out is None and not args.check:
        raise KioskError("请用 --out 指定输出位置 (--out is required)")
    config = config_of(args)
    if args.all and args.size is None:
        return _all_orientations(args, config.display.width, config.display.height)
    return _render(args, config)


def _all_orientations(args: argparse.Namespace, width: int, height: int) -> int:
    """One process per window size: the offscreen GL surface keeps the size it was created with."""
    long_side, short_side = max(width, height), min(width, height)
    children = []
    for size in ((long_side, short_side), (short_side, long_side)):
        command = [sys.executable, "-m", "kiosk", "screenshot", "--all", "--size", f"{size[0]}x{size[1]}"]
        if args.out is not None:
            command += ["--out", str(args.out)]
        if args.config:
            command += ["--config", str(args.config)]
        if args.elder:
            command.append("--elder")
        if args.quick:
            command.append("--quick")
        if args.lang:
            command += ["--lang", args.lang]
        if args.check:
            command.append("--check")
        children.append(subprocess.Popen(command))  # both at once: one per core
    return max(child.wait() for child in children)


def _render(args: argparse.Namespace, config: object) -> int:
    import logging

    from kiosk.base.logs import setup_logging
    from kiosk.core.catalog import load_catalog

    setup_logging(None, level=logging.WARNING)  # a screen that fails to render says why on stderr

    catalog = load_catalog(config.catalog_path)
    size = args.size or (config.display.width, config.display.height)
    display = config.display.model_copy(update={
        "width": size[0], "height": size[1], "fullscreen": False,
        "orientation": "portrait" if size[1] > size[0] else "landscape",
    })
    config = config.model_copy(update={"display": display})

    # Simulated devices, the sandbox and the app with their state in a scratch folder (Kivy's own files too):
    # device screens show real content, and a screenshot taken on a terminal never touches its outbox, keys,
    # audit log, notices or statistics.
    scratch = tempfile.TemporaryDirectory(prefix="kiosk-screenshot-")
    config = scratch_copy(config, Path(scratch.name))

    from kiosk.ui.kivy_setup import configure_kivy

    configure_kivy(config, offscreen=True)
    from kivy.clock import Clock

    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp
    from kiosk.ui.screens import all_names
    from kiosk.ui.screenshots import Shot, plan_all, run_shots

    if args.all:
        shots = plan_all(args.out, size, catalog, elders=(True,) if args.elder else (False, True),
                         langs=(args.lang,) if args.lang else offered(config.display.languages), quick=args.quick)
    elif args.screen in all_names():
        shots = [Shot(args.screen, args.out, size, args.elder, args.lang or SOURCE, args.state)]
    else:
        raise KioskError(f"没有这个界面 (no screen named {args.screen!r}); known: {', '.join(all_names())}")

    runtime = Runtime(config)
    runtime.start()
    app = KioskApp(config, catalog, runtime)
    written: list[Shot] = []
    problems: dict[str, list[str]] = {}

    def done(taken: list[Shot]) -> None:
        written.extend(taken)
        app.stop()

    def check(shot: Shot) -> None:
        from kiosk.ui.layout_check import check_window

        found = check_window(app)
        if found:
            problems[f"{shot.label} {size[0]}x{size[1]}"] = [str(p) for p in found]

    Clock.schedule_once(lambda _: run_shots(app, shots, done, check if args.check else None), 0)
    try:
        app.run()
    finally:
        scratch.cleanup()
    for shot in written:
        if shot.out is not None:
            print(shot.out)
    if args.check:
        for label, found in problems.items():
            print(f"{label}: {len(found)} problem(s)")
            for problem in found:
                print(f"  {problem}")
        print(f"layout check: {len(written)} screens rendered at {size[0]}x{size[1]}, {len(problems)} with problems")
    return 0 if len(written) == len(shots) and not problems else 1
