"""Pinyin as typed on a letters-only keyboard: normalising the input and the spellings of syllables.

Readings are toneless, with ü written `v` (pypinyin's NORMAL style: 绿 lv, 略 lve, 居 ju). Citizens may also type
`lue`/`nue` for lve/nve, as most pinyin keyboards allow.
"""

from __future__ import annotations

import re
import unicodedata

SEPARATOR = "'"
# The letters a citizen may type alone to stand for a whole syllable: `nmg` -> 内蒙古, `edyz` -> 二道营子.
INITIALS = frozenset("b p m f d t n l g k h j q x zh ch sh r z c s y w a o e".split())
# Typed spellings that mean another syllable's spelling.
ALIASES = {"lue": "lve", "nue": "nve"}
LONGEST_SYLLABLE = 6  # zhuang, chuang, shuang

_TYPED = re.compile(r"^[a-z']*$")
_VOWEL = re.compile(r"[aeiouv]")


def normalize(typed: str) -> str | None:
    """Lower case, ü as v, separators kept (runs of them merged, none at the start); None if it is not pinyin."""
    if not isinstance(typed, str):
        return None
    text = typed.strip().lower().replace("ü", "v").replace("’", SEPARATOR)
    if not _TYPED.match(text):
        return None
    return re.sub("'+", SEPARATOR, text).lstrip(SEPARATOR)


def toneless(reading: str) -> str | None:
    """A tone-marked reading (lüè) as typed (lve); None for readings a letters keyboard cannot type (ê, ḿ, ng)."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")  # ǚ -> u + ¨ + ˇ -> v + ˇ
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    if not re.fullmatch(r"[a-z]+", plain) or not _VOWEL.search(plain) or len(plain) > LONGEST_SYLLABLE:
        return None
    return plain
