"""Finding catalog items by what a villager types: Chinese characters (医保), full pinyin (yibao) or the
initials of the pinyin (yb), or a mix (医保jf). Names are turned into pinyin once, with pypinyin."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from kiosk.catalog import Item

_LATIN = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Spelling:
    """One name as characters, as full pinyin without spaces, and as pinyin initials."""

    text: str
    full: str
    initials: str

    def matches(self, query: str) -> bool:
        han = "".join(_HAN.findall(query))
        latin = "".join(_LATIN.findall(query))
        if han and han not in self.text:
            return False
        if not latin:
            return bool(han)
        # Typed letters continue after the characters chosen, so look for them from there on.
        start = self.text.index(han) + len(han) if han else 0
        rest = spell(self.text[start:])
        return latin in rest.full or latin in rest.initials


@lru_cache(maxsize=512)
def spell(text: str) -> Spelling:
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isalpha()]
    return Spelling(text, "".join(syllables).lower(), "".join(s[0] for s in syllables).lower())


def normalize(query: str) -> str:
    """Lower case, no spaces or punctuation: what is compared."""
    return "".join(c for c in query.lower() if c.isalnum())


def search(items: Iterable[Item], query: str) -> list[Item]:
    """The items whose name or short name matches `query`; those matching the short name at its start first,
    otherwise in catalog order. An empty query gives every item."""
    items = list(items)
    wanted = normalize(query)
    if not wanted:
        return items
    found = [i for i in items if spell(i.short_name).matches(wanted) or spell(i.name).matches(wanted)]

    def starts(item: Item) -> bool:
        short = spell(item.short_name)
        return any(s.startswith(wanted) for s in (short.text, short.full, short.initials))

    return sorted(found, key=lambda i: not starts(i))
