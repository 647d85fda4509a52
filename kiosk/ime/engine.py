"""The pinyin input engine behind the on-screen Chinese keyboard.

A citizen types letters only: full pinyin (`neimenggu`), initials (`nmg`), a mix (`neimg`), with or without `'`
between syllables, ü as `v`. The engine offers phrases and characters, best first:

    candidates("nmg")                  -> ["内蒙古", ...]
    lookup("ningchengxian")[0]         -> Candidate(text="宁城县", consumed=13, rest="", reading="ning'cheng'xian")
    candidates_page("yi", page=1)      -> the next five
    remainder("tianyizhenbeiwazi", "天义镇") -> "beiwazi"   (type long input piece by piece)

Candidates covering more of the input come first; among those, the more frequent (jieba's corpus counts, the
county's own words raised, see kiosk/ime/lexicon.py) and the more completely spelled. A candidate that covers
only the start of the input carries the pinyin still to type in `rest`. In a name field (`field="name"`) the
characters of names come first: the commonest surnames where the name begins, after it the characters most used in
given names (王 then "xiu": 秀 before 修; kiosk/ime/names.py), and a name typed whole is offered first as the
likeliest surname and given-name characters under its syllables (wangxiuying -> 王秀英).

The default engine loads (or, the first time, builds) the lexicon of the shipped configuration on first use.
The app calls `prepare(config)` on a worker thread at start so no key press waits for it; `ready()` tells whether
that has happened (preparing raises KioskError only for a broken installation). Queries never raise: input that
is not pinyin, or longer than MAX_INPUT letters (the keyboard stops taking letters there), gives no candidates.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from itertools import islice
from pathlib import Path

from kiosk.base.config import KioskConfig, load_config
from kiosk.ime import names
from kiosk.ime.lexicon import CACHE_NAME, Lexicon, Sources, load_or_build
from kiosk.ime.pinyin import ALIASES, INITIALS, LONGEST_SYLLABLE, SEPARATOR, normalize

# Each syllable given only by its beginning costs as much as a 200-fold lower frequency: 现 before 想 for
# `xian`, yet a phrase spelled by initials still beats a rare phrase spelled in full.
INCOMPLETE_PENALTY = math.log(200)
MAX_INPUT = 80  # letters and separators: a whole address (neimengguzizhiquchifengshiningchengxian... is 64)
_RECENT_QUERIES = 64  # typing, deleting and paging revisit the same inputs
# Buckets are ordered by frequency, so the first matches of a reading are its likeliest; a lone initial
# matches thousands of characters that nobody pages through.
_MATCHES_PER_PATH = 300
# A word in a composed sentence costs log(corpus size / its frequency) (jieba counts about 60 million words),
# plus a charge for each word, without which a run of the commonest characters beats the right words
# (一地就一 for yidijiuyi rather than 异地就医).
_WORD_COST = math.log(6e7) + math.log(1000)
_SENTENCE_CHOICES = 3
# A character's reading rarer than this (王 read yu: the lexicon's floor for an odd reading) is not a name's.
_NAME_READING_FREQ = 3
_NAME_READING_SCORE = math.log(_NAME_READING_FREQ)


@dataclass(frozen=True)
class Candidate:
    text: str
    consumed: int  # characters of the (normalised) input this candidate stands for
    rest: str  # the pinyin left to type after choosing it; "" when it covers the whole input
    reading: str  # its syllables, e.g. "nei'meng'gu": what the keyboard may show above the input


@dataclass(frozen=True)
class CandidatePage:
    candidates: list[Candidate]
    page: int
    per_page: int
    has_more: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 0


@dataclass(frozen=True)
class _Path:
    """One way of reading the input's start as syllables: tokens are whole syllables or their beginnings."""

    key: str  # first letters of the tokens: the lexicon bucket
    pattern: str  # matches the readings of the bucket that fit the tokens
    tokens: tuple[str, ...]
    end: int  # input characters covered


class Engine:
    """Candidates from one lexicon. Immutable after construction, so one engine serves any number of threads."""

    def __init__(self, lexicon: Lexicon, name_characters: names.NameCharacters | None = None) -> None:
        self.lexicon = lexicon
        self._names = name_characters or names.shipped()
        self._syllables = lexicon.syllables
        self._syllable_prefixes = lexicon.syllable_prefixes
        self._key_prefixes = lexicon.key_prefixes
        self._longest = lexicon.longest_word
        self._ranked = lru_cache(maxsize=_RECENT_QUERIES)(self._rank)
        self._in_name = lru_cache(maxsize=_RECENT_QUERIES)(self._rank_in_name)
        self._name_character = lru_cache(maxsize=1024)(self._likeliest_name_character)
        self._scored = lru_cache(maxsize=_RECENT_QUERIES)(partial(self._score_words, per_path=_MATCHES_PER_PATH))
        # A sentence's steps need only each reading's likeliest few words, for every later start of the input.
        self._steps = lru_cache(maxsize=_RECENT_QUERIES * 4)(partial(self._score_words, per_path=_SENTENCE_CHOICES))

    @classmethod
    def from_config(cls, config: KioskConfig, rebuild: bool = False) -> Engine:
        """The lexicon cached in the data folder, built first if missing, stale, or `rebuild` is asked."""
        return cls(load_or_build(Sources.from_config(config), cache_path(config), rebuild=rebuild))

    def forget(self) -> None:
        """Drop the remembered recent queries (the benchmark times every key press from cold)."""
        self._ranked.cache_clear()
        self._in_name.cache_clear()
        self._name_character.cache_clear()
        self._scored.cache_clear()
        self._steps.cache_clear()

    def lookup(self, pinyin: str, offset: int = 0, limit: int = 5, field: str | None = None,
               before: str = "") -> list[Candidate]:
        """`field`: the kind of field typed into ("name" ranks names' characters first); `before`: the text
        already in it (in a name, whether the surname is there)."""
        typed = normalize(pinyin)
        if not typed or len(typed) > MAX_INPUT or limit <= 0 or offset < 0:
            return []
        ranked = self._in_name(typed, bool(before)) if field == "name" else self._ranked(typed)
        return list(ranked[offset : offset + limit])

    def candidates(self, pinyin: str, limit: int = 5, field: str | None = None, before: str = "") -> list[str]:
        return [c.text for c in self.lookup(pinyin, 0, limit, field, before)]

    def page(self, pinyin: str, page: int = 0, per_page: int = 5, field: str | None = None,
             before: str = "") -> CandidatePage:
        page, per_page = max(page, 0), max(per_page, 1)
        found = self.lookup(pinyin, page * per_page, per_page + 1, field, before)
        return CandidatePage(found[:per_page], page, per_page, len(found) > per_page)

    def remainder(self, pinyin: str, chosen: str) -> str:
        """The pinyin left after choosing `chosen` for the start of `pinyin`: all of it if `chosen` does not fit,
        "" if `pinyin` is not pinyin."""
        typed = normalize(pinyin)
        if not typed or len(typed) > MAX_INPUT:
            return typed or ""
        for candidate in self._ranked(typed):
            if candidate.text == chosen:
                return candidate.rest
        return typed

    def _rank(self, typed: str) -> tuple[Candidate, ...]:
        words = [candidate for candidate, _ in self._scored(typed)]
        sentence = self._sentence(typed)
        return (sentence, *(c for c in words if c.text != sentence.text)) if sentence else tuple(words)

    def _rank_in_name(self, typed: str, surname_done: bool) -> tuple[Candidate, ...]:
        """The same candidates with the likeliest characters of a name first among those covering as much and
        as completely spelled (yu: 于 before 袁). A character counts as a name's only under a reading it is
        typed with (王 is not a name's yu, 曾 is its zeng)."""
        likelihood = self._names.likelihood
        typical = {c.text for c, score in self._scored(typed) if score >= _NAME_READING_SCORE}

        def key(item: tuple[int, Candidate]) -> tuple[int, bool, bool, float, int]:
            place, candidate = item
            spelled = _spelled_out(candidate, typed)
            found = likelihood(candidate.text, surname_done) if spelled and candidate.text in typical else None
            return (-candidate.consumed, not spelled, found is None, -(found or 0.0), place)

        ordered = tuple(candidate for _, candidate in sorted(enumerate(self._ranked(typed)), key=key))
        whole = self._whole_name(typed, surname_done)
        return (whole, *(c for c in ordered if c.text != whole.text)) if whole else ordered

    def _whole_name(self, typed: str, surname_done: bool) -> Candidate | None:
        """A name typed whole (wangxiuying, or xiuying after 王): the likeliest surname and given-name characters
        under its syllables (王秀英), when the input reads as whole syllables that each have one. Of several
        readings (xian, xi'an) the one whose given-name characters are the most used on average."""
        best: tuple[float, str, str] | None = None
        if typed.replace(SEPARATOR, "") in self._syllables:  # one syllable: a character, not a name (xian: 先)
            return None
        for syllables in self._whole_syllables(typed, 2 if surname_done else 3):
            if len(syllables) < 2:
                continue
            chosen = [self._name_character(syllable, surname_done or i > 0) for i, syllable in enumerate(syllables)]
            if all(chosen):
                given = [math.log(uses) for i, (_, uses) in enumerate(chosen) if surname_done or i > 0]
                score = sum(given) / len(given)
                if best is None or score > best[0]:
                    best = (score, "".join(ch for ch, _ in chosen), SEPARATOR.join(syllables))
        return Candidate(best[1], len(typed), "", best[2]) if best else None

    def _whole_syllables(self, typed: str, most: int) -> list[tuple[str, ...]]:
        """Every way of reading the input as at most `most` whole syllables (xian: xian, xi'an)."""
        if not typed or typed == SEPARATOR:
            return [()]
        if typed[0] == SEPARATOR:
            return self._whole_syllables(typed[1:], most)
        if most == 0:
            return []
        found = []
        for end in range(1, min(LONGEST_SYLLABLE, len(typed)) + 1):
            token = ALIASES.get(typed[:end], typed[:end])
            if token in self._syllables:
                found += [(token, *rest) for rest in self._whole_syllables(typed[end:], most - 1)]
        return found

    def _likeliest_name_character(self, syllable: str, given: bool) -> tuple[str, float] | None:
        """The name's likeliest character typed with this syllable (a given name's, or a surname) and its
        likelihood as a number of uses (a surname counts as one use: only given names' uses are compared). A
        surname only under its usual reading: 谷 for gu, not 贾 (usually jia), though 曾 is then not found for zeng."""
        likelihood = self._names.likelihood
        best: tuple[str, float] | None = None
        for line in (self._bucket(syllable[0]) or "").split("\n"):
            ch, reading, freq = line.split("\t")
            usual = given or self._usual_reading.get(ch) == syllable
            found = likelihood(ch, given) if reading == syllable and usual and int(freq) >= _NAME_READING_FREQ \
                else None
            if found is not None and (best is None or found > best[1]):
                best = (ch, found)
        return (best[0], best[1] if given else 1.0) if best else None

    @cached_property
    def _usual_reading(self) -> dict[str, str]:
        """Each character's reading it is most often typed with (贾: jia)."""
        usual: dict[str, tuple[int, str]] = {}
        for key, blob in self.lexicon.buckets.items():
            if len(key) == 1:
                for line in blob.split("\n"):
                    ch, reading, freq = line.split("\t")
                    if ch not in usual or int(freq) > usual[ch][0]:
                        usual[ch] = (int(freq), reading)
        return {ch: reading for ch, (_, reading) in usual.items()}

    def _score_words(self, typed: str, per_path: int) -> tuple[tuple[Candidate, float], ...]:
        """Words for the input's start with their scores (log frequency less the penalties), best first."""
        best: dict[str, tuple[tuple[int, float], Candidate]] = {}
        for path in self._paths(typed):
            blob = self._bucket(path.key)
            if blob is None:
                continue
            for match in islice(_compiled(path.pattern).finditer(blob), per_path):
                word, reading, freq = match.groups()
                incomplete = sum(s != t for s, t in zip(reading.split(SEPARATOR), path.tokens))
                rank = (-path.end, -(math.log(int(freq)) - INCOMPLETE_PENALTY * incomplete))
                if word not in best or rank < best[word][0]:
                    rest = typed[path.end :].lstrip(SEPARATOR)
                    best[word] = (rank, Candidate(word, path.end, rest, reading))
        ordered = sorted(best.values(), key=lambda rc: (rc[0], rc[1].text))
        return tuple((candidate, -rank[1]) for rank, candidate in ordered)

    def _sentence(self, typed: str) -> Candidate | None:
        """When no one word covers the input: the likeliest run of words that does (宁城县 + 天义镇), so that
        long input is often one touch. Each word costs its unlikeliness (a unigram model); fewer, commoner
        words win."""
        scored = self._scored(typed)
        if not scored or not scored[0][0].rest:
            return None
        n = len(typed)
        best: dict[int, tuple[float, tuple[Candidate, ...]] | None] = {n: (0.0, ())}

        def cover(pos: int) -> tuple[float, tuple[Candidate, ...]] | None:
            if pos not in best:
                best[pos] = None
                for word, score in self._choices(typed[pos:]):
                    after = cover(pos + word.consumed)
                    if after is not None:
                        cost = after[0] + _WORD_COST - score
                        if best[pos] is None or cost < best[pos][0]:
                            best[pos] = (cost, (word, *after[1]))
            return best[pos]

        found = cover(0)
        if found is None or len(found[1]) < 2:
            return None
        words = found[1]
        text = "".join(w.text for w in words)
        return Candidate(text, n, "", SEPARATOR.join(w.reading for w in words))

    def _choices(self, typed: str) -> list[tuple[Candidate, float]]:
        """The few likeliest words of each length for the input's start: the steps a sentence is made of."""
        per_length: dict[int, int] = {}
        chosen = []
        for candidate, score in self._steps(typed):
            if per_length.get(candidate.consumed, 0) < _SENTENCE_CHOICES:
                per_length[candidate.consumed] = per_length.get(candidate.consumed, 0) + 1
                chosen.append((candidate, score))
        return chosen

    def _paths(self, typed: str) -> list[_Path]:
        """Every reading of the whole input, and of each start of it after which the rest can still be read."""
        n = len(typed)
        readable: dict[int, bool] = {}

        def tokens_at(pos: int) -> list[tuple[str, int, bool]]:
            """(token, end, whole syllable) for tokens starting at pos; a separator before them is skipped."""
            if pos < n and typed[pos] == SEPARATOR:
                pos += 1
            stop = typed.find(SEPARATOR, pos)
            chunk_end = n if stop < 0 else stop
            found = []
            for end in range(pos + 1, min(pos + LONGEST_SYLLABLE, chunk_end) + 1):
                token = typed[pos:end]
                token = ALIASES.get(token, token)
                if end == chunk_end:
                    # The last letters before a separator or the end may be any syllable's beginning ("zhon").
                    if token in self._syllable_prefixes:
                        found.append((token, end, False))
                else:
                    if token in self._syllables:
                        found.append((token, end, True))
                    if token in INITIALS and not self._continues(token, typed[end]):
                        # An initial stands for its syllable only where the next letter cannot continue it: the
                        # m of neimg, not the m of neimeng. (A vowel is both: e, and the e of er in edyz.)
                        found.append((token, end, False))
            return found

        def can_read(pos: int) -> bool:
            if pos >= n or typed[pos:] == SEPARATOR:
                return True
            if pos not in readable:
                readable[pos] = False  # guards against re-entry while computing
                readable[pos] = any(can_read(end) for _, end, _ in tokens_at(pos))
            return readable[pos]

        paths: list[_Path] = []

        def walk(pos: int, tokens: tuple[str, ...], parts: tuple[str, ...], key: str) -> None:
            # A start of the input is a candidate's end only where the syllable cannot go on: 内蒙|gu, not 内门|ggu.
            if tokens and (pos >= n or not self._continues(tokens[-1], typed[pos])) and can_read(pos):
                paths.append(_Path(key, SEPARATOR.join(parts), tokens, min(pos, n)))
            if pos >= n or len(tokens) >= self._longest:
                return
            for token, end, whole in tokens_at(pos):
                if key + token[0] in self._key_prefixes:
                    part = re.escape(token) if whole else re.escape(token) + "[a-z]*"
                    walk(end, tokens + (token,), parts + (part,), key + token[0])

        walk(0, (), (), "")
        return paths

    def _bucket(self, key: str) -> str | None:
        """The lexicon lines a reading with these initials can be among (the benchmark's baseline scans all)."""
        return self.lexicon.buckets.get(key)

    def _continues(self, token: str, letter: str) -> bool:
        return token + letter in self._syllable_prefixes


def _spelled_out(candidate: Candidate, typed: str) -> bool:
    """Whether the input gives every letter of the candidate's reading (yuan is only begun by yu)."""
    spelled = typed[: candidate.consumed].replace(SEPARATOR, "")
    for written, meant in ALIASES.items():
        spelled = spelled.replace(written, meant)
    return candidate.reading.replace(SEPARATOR, "") == spelled


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^([^\t\n]+)\t({pattern})\t(\d+)$", re.MULTILINE)


def cache_path(config: KioskConfig) -> Path:
    return config.data_dir / CACHE_NAME


_engine: Engine | None = None
_engine_lock = threading.Lock()  # two first uses at once build the lexicon once


def prepare(config: KioskConfig | None = None, rebuild: bool = False) -> Engine:
    """Load (or build) the lexicon for this configuration and make it the one `candidates()` uses. Slow the
    first time on a terminal (a few seconds to build); call it from a worker thread at start."""
    global _engine
    with _engine_lock:
        _engine = Engine.from_config(config or load_config(), rebuild=rebuild)
        return _engine


def ready() -> bool:
    return _engine is not None


def engine() -> Engine:
    """The default engine, prepared from the shipped configuration on first use if the app has not done it."""
    global _engine
    current = _engine
    if current is not None:
        return current
    with _engine_lock:
        if _engine is None:
            _engine = Engine.from_config(load_config())
        return _engine


def candidates(pinyin: str, limit: int = 5, field: str | None = None, before: str = "") -> list[str]:
    """Up to `limit` phrases or characters for the typed pinyin, best first; [] for input that is not pinyin."""
    return engine().candidates(pinyin, limit, field, before)


def letters(text: str) -> list[frozenset[str]]:
    """Each character's pinyin initials (empty for one the lexicon does not hold): what a list searched by the
    letters typed compares with (kiosk.core.lookup). Call only once `ready()`."""
    known = engine().lexicon.letters
    return [known.get(ch, frozenset()) for ch in text]


def lookup(pinyin: str, offset: int = 0, limit: int = 5, field: str | None = None,
           before: str = "") -> list[Candidate]:
    """Candidates with what each covers and the pinyin left after it, from `offset` in the ranked list; in a
    field of kind `field` holding `before` (Engine.lookup)."""
    return engine().lookup(pinyin, offset, limit, field, before)


def candidates_page(pinyin: str, page: int = 0, per_page: int = 5, field: str | None = None,
                    before: str = "") -> CandidatePage:
    """One page of candidates (page 0 first) and whether another page follows."""
    return engine().page(pinyin, page, per_page, field, before)


def remainder(pinyin: str, chosen: str) -> str:
    """The pinyin still to type after choosing `chosen` (a candidate of `pinyin`) for the start of the input."""
    return engine().remainder(pinyin, chosen)
