"""`kiosk i18n`: what still needs a translation, and Chinese text in the UI that bypasses `_()`.
Exit 0 when every message of the language is translated and nothing bypasses, 1 otherwise."""

from __future__ import annotations

import argparse
import sys

from kiosk.commands import add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "i18n", help="list untranslated messages and UI text that bypasses the translation")
    p.add_argument("--lang", default="en", help="the language to check (default en)")
    p.add_argument("--template", metavar="FILE.po",
                   help="write the untranslated messages, with where they are used, to a .po file to fill in")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import polib

    from kiosk.base.i18n import LANGUAGES
    from kiosk.base.i18n_extract import bypassing, untranslated

    if args.lang not in LANGUAGES:
        print(f"unknown language {args.lang!r}; known: {', '.join(LANGUAGES)}", file=sys.stderr)
        return 2
    missing = untranslated(args.lang)
    bypass = bypassing()
    for place, text in bypass:
        print(f"{place}: not translatable: {text!r}")
    for text, places in sorted(missing.items(), key=lambda kv: str(kv[1][0])):
        print(f"{places[0]}: untranslated: {text!r}")
    if args.template:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": args.lang}
        for text, places in missing.items():
            po.append(polib.POEntry(msgid=text, msgstr="", occurrences=[(str(p), "") for p in places]))
        po.save(args.template)
        print(f"{len(missing)} messages written to {args.template}")
    print(f"{args.lang}: {len(missing)} untranslated, {len(bypass)} bypassing")
    return 1 if missing or bypass else 0
