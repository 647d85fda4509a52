"""`kiosk ime PINYIN`: the pinyin keyboard's candidates, for staff checking the lexicon (`--field name --before 王`:
as a name field offers them after the surname); `kiosk ime --build`
rebuilds the lexicon (after changing config/ime_local_words.txt, the catalog or the stations); `kiosk ime --prepare`
builds it only when it is missing or its sources changed (what set-up and an update run, so the keyboard is ready
at the first frame)."""

from __future__ import annotations

import argparse
import time

from kiosk.base.errors import KioskError
from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "ime", help="show pinyin keyboard candidates, or rebuild its lexicon (--build)")
    p.add_argument("pinyin", nargs="?", help="letters as typed: neimenggu, nmg, neimg, lv (ü as v)")
    p.add_argument("--limit", type=int, default=10, help="how many candidates (default 10)")
    p.add_argument("--page", type=int, default=0, help="which page of --limit candidates (0 first)")
    p.add_argument("--field", choices=("name", "address", "text"), help="the kind of field typed into")
    p.add_argument("--before", default="", help="the text already in the field (in a name: the surname)")
    p.add_argument("--build", action="store_true", help="rebuild the lexicon from its sources now")
    p.add_argument("--prepare", action="store_true",
                   help="build the lexicon where the kiosk loads it, only if it is missing or out of date")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.ime import engine as ime
    if not (args.build or args.prepare or args.pinyin):
        raise KioskError("请输入拼音，或用 --build 重建词库 (give PINYIN, --build or --prepare)")
    if args.limit < 1 or args.page < 0:
        raise KioskError("--limit 至少为 1，--page 不能为负 (--limit >= 1, --page >= 0)")
    config = config_of(args)
    started = time.perf_counter()
    engine = ime.Engine.from_config(config, rebuild=args.build)
    if args.build or args.prepare:
        path = ime.cache_path(config)
        print(
            f"lexicon: {engine.lexicon.entry_count():,} entries, {path.stat().st_size / 1e6:.1f} MB, "
            f"ready in {time.perf_counter() - started:.1f} s: {path}"
        )
    if args.pinyin:
        page = engine.page(args.pinyin, args.page, args.limit, args.field, args.before)
        if not page.candidates:
            print(f"no candidates for {args.pinyin!r}")
            return 1
        first = args.page * args.limit + 1
        for number, candidate in enumerate(page.candidates, first):
            rest = f"  (then type: {candidate.rest})" if candidate.rest else ""
            print(f"{number:3d}. {candidate.text}  {candidate.reading}{rest}")
        if page.has_more:
            print(f"     more: --page {args.page + 1}")
    return 0
