"""What a field makes likely, for ranking handwritten characters: a surname first in a name and the characters
most used in given names after it (kiosk/ime/names.py), the county's place names in an address, and after any
character the characters that follow it in the pinyin keyboard's words.

Each is a bonus added to a candidate's score (kiosk.ime.recogniser): the shape decides, the field breaks near-ties.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kiosk.ime import names
from kiosk.ime.lexicon import Lexicon, Sources, _station_phrases, _words_file

FIELDS = ("name", "address", "text")

SURNAME_BONUS = 0.35  # the commonest surname; rarer ones less, down to half of it
GIVEN_BONUS = 0.25  # the character most used in given names; rarer ones less, by the logarithm of their uses
PLACE_BONUS = 0.25
FOLLOW_BONUS = 0.3  # the likeliest next character after the one before; less likely ones by their share


@dataclass
class FieldRanking:
    surnames: dict[str, float] = field(default_factory=dict)  # character -> bonus
    given: dict[str, float] = field(default_factory=dict)  # a given name's characters
    places: dict[str, float] = field(default_factory=dict)
    follows: dict[str, dict[str, float]] = field(default_factory=dict)  # previous character -> next -> bonus

    @classmethod
    def load(cls, sources: Sources, lexicon: Lexicon | None) -> FieldRanking:
        known = names.shipped()
        ranked = {s: SURNAME_BONUS * (1 - 0.5 * i / max(len(known.surnames), 1)) for s, i in known.surnames.items()}
        given = {ch: n for ch, n in known.given.items() if n >= names.MIN_GIVEN_USES}
        most = max(given.values(), default=1)
        places = Counter(ch for phrase in _station_phrases(sources.stations) for ch in phrase)
        places.update(ch for word in _words_file(sources.local_words) for ch in word)
        top = max(places.values(), default=1)
        return cls(
            surnames=ranked,
            given={ch: GIVEN_BONUS * math.log1p(n) / math.log1p(most) for ch, n in given.items()},
            places={ch: PLACE_BONUS * (0.5 + 0.5 * math.log1p(n) / math.log1p(top)) for ch, n in places.items()},
            follows=_follows(lexicon) if lexicon else {},
        )

    def bonus(self, kind: str | None, before: str) -> dict[str, float]:
        """The bonus of each character the field and the text before the cursor make likely."""
        found: dict[str, float] = {}
        if kind == "name":
            found.update(self.given if before else self.surnames)
        elif kind == "address":
            found.update(self.places)
        for ch, extra in self.follows.get(before[-1:], {}).items() if before else ():
            found[ch] = max(found.get(ch, 0.0), extra)
        return found


def _follows(lexicon: Lexicon) -> dict[str, dict[str, float]]:
    """For each character, the characters after it in the lexicon's words, weighted by the words' frequencies."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for blob in lexicon.buckets.values():
        for line in blob.split("\n"):
            word, _, rest = line.partition("\t")
            freq = int(rest.rpartition("\t")[2] or 0)
            for a, b in zip(word, word[1:]):
                counts[a][b] += freq
    follows = {}
    for a, after in counts.items():
        top = after.most_common(40)
        best = top[0][1]
        follows[a] = {b: FOLLOW_BONUS * math.log1p(n) / math.log1p(best) for b, n in top}
    return follows
