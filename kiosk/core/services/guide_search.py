"""Finding catalog items by what a villager types: Chinese characters (医保), full pinyin (yibao) or the
initials of the pinyin (yb), or a mix (医保jf). Names are turned into pinyin once, with pypinyin. In another
language the words of the items' translated names are found too ("pension", "provident fund"), case-insensitive:
each typed word is the start of a word of the item's name or short name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kiosk.base import i18n
from kiosk.core.catalog import Item

_LATIN = re.compile(r"[a-z]+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; the rest (spaces, punctuation) separates
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


def words(text: str) -> tuple[str, ...]:
    """The lower-case words of a text."""
    return tuple(_WORD.findall(text.lower()))


def _translated_words(item: Item, lang: str) -> tuple[str, ...]:
    return words(i18n.translate(lang, item.short_name)) + words(i18n.translate(lang, item.name))


def search(items: Iterable[Item], query: str, lang: str | None = None) -> list[Item]:
    """The items whose name or short name matches `query` (in `lang`, by default the session's language); those
    whose short name starts with it first, otherwise in catalog order. An empty query gives every item."""
    items = list(items)
    wanted = normalize(query)
    if not wanted:
        return items
    lang = i18n.language() if lang is None else lang
    typed = words(query) if lang != i18n.SOURCE else ()

    def in_translation(item: Item) -> bool:
        names = _translated_words(item, lang)
        return all(any(name.startswith(word) for name in names) for word in typed)

    def matches(item: Item) -> bool:
        return (spell(item.short_name).matches(wanted) or spell(item.name).matches(wanted)
                or bool(typed) and in_translation(item))

    def starts(item: Item) -> bool:
        short = spell(item.short_name)
        if any(s.startswith(wanted) for s in (short.text, short.full, short.initials)):
            return True
        own = words(i18n.translate(lang, item.short_name))
        return bool(typed and own) and own[0].startswith(typed[0])

    return sorted((i for i in items if matches(i)), key=lambda i: not starts(i))
