"""Which characters a person's name is likely made of: its surname among the commonest surnames
(config/surnames.txt, commonest first), the rest among the characters most used in given names
(config/ime_given_names.tsv: how often each is used, from ngender's counts, MIT licence, made by
tools/make_ime_frequencies.py). A name field's pinyin candidates and handwriting are ranked by it: after 王,
"xiu" offers 秀 before 修.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk import CONFIG_DIR

SURNAMES = CONFIG_DIR / "surnames.txt"
GIVEN_NAMES = CONFIG_DIR / "ime_given_names.tsv"
# Fewer uses than this in the table's names are strays (a character of one family's name), not a name character.
MIN_GIVEN_USES = 50


@dataclass(frozen=True)
class NameCharacters:
    surnames: dict[str, int]  # character -> its place in the list, 0 the commonest
    given: dict[str, int]  # character -> its uses in given names

    @classmethod
    def load(cls, surnames: Path = SURNAMES, given: Path = GIVEN_NAMES) -> NameCharacters:
        listed = [s for s in _lines(surnames) if len(s) == 1]
        return cls({s: i for i, s in reversed(list(enumerate(listed)))}, _given(given))

    def likelihood(self, character: str, surname_done: bool) -> float | None:
        """How likely `character` is at this place of a name, higher likelier; None if it is not a name's
        character there (a word, a character no name uses)."""
        if not surname_done:
            return -float(self.surnames[character]) if character in self.surnames else None
        uses = self.given.get(character, 0)
        return float(uses) if uses >= MIN_GIVEN_USES else None


@cache
def shipped() -> NameCharacters:
    """The shipped lists, read once."""
    return NameCharacters.load()


def _lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _given(path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for line in _lines(path):
        character, uses = line.split("\t")
        found[character] = int(uses)
    return found
