"""The pinyin keyboard's lexicon: built once from well-kept data, cached in one compact file, loaded in milliseconds.

Sources: jieba's dictionary (words with their corpus frequencies), pypinyin's readings (phrase-aware, so 银行 is
yin'hang, not yin'xing), the bundled font's character map (a candidate the screen cannot draw is never offered),
and the county's own words (config/ime_local_words.txt, the catalog's wording, config/stations.yaml when it exists),
which rank above general words with the same pinyin.

Checked against a second, independent list of common words (wordfreq's Chinese list, from subtitles, the web,
books and more; its data is CC BY-SA 4.0, and only the lexicon built on the terminal derives from it): a word of jieba's that this list does not know and jieba itself barely saw is left out (库喃喃,
the rare full names like 王萧誉). A character alone is ranked by how often it is typed alone under that reading
in a pinyin input method (config/ime_characters.tsv, from the Android Pinyin IME's dictionary, Apache 2.0, made by
tools/make_ime_frequencies.py): word lists count a character used as a word in text, not what is chosen for one
syllable (纸 18th for zhi by the word lists, 9th here). A reading the table lacks, of a character outside the
list's most used characters, ranks after every common one (纸 before 祉). Nothing offensive is ever offered: a word holding one of the
blocked words (config/ime_blocked_words.txt) is left out, whatever its source.

The cache holds, for each string of syllable initials ("nmg"), the words with that shape, best first, one
`word<TAB>reading<TAB>frequency` line each ("内蒙古\tnei'meng'gu\t50000"), so a query is a regular expression run
over a few kilobytes. A fingerprint of every source is stored with it; a change of any source rebuilds it.
The build is deterministic: the same sources give the same bytes.
"""

from __future__ import annotations

import glob
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import re
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

from kiosk import CONFIG_DIR
from kiosk.base.config import KioskConfig
from kiosk.base.errors import KioskError
from kiosk.ime.pinyin import SEPARATOR, toneless

log = logging.getLogger(__name__)

FORMAT = "kiosk-ime-lexicon/1"
LOCAL_WORDS = CONFIG_DIR / "ime_local_words.txt"
BLOCKED_WORDS = CONFIG_DIR / "ime_blocked_words.txt"
TYPED_CHARACTERS = CONFIG_DIR / "ime_characters.tsv"
CACHE_NAME = "ime-lexicon.z"
MIN_FREQ = 3  # jieba's floor: its rarest words still include 工商银行 and 汽车修理
# The county's words rank like a very common word (中国 is about 35,000 in jieba's counts).
LOCAL_FREQ = 50_000
# A name with one of these endings is also found by its stem: 天义镇 -> 天义.
ADMIN_SUFFIXES = ("自治区", "街道", "县", "市", "镇", "乡", "村")
# The places in an address or a station's name: two to four characters and an administrative ending, taken
# from the left (宁城县右北平镇北洼子村村委会 -> 宁城县, 右北平镇, 北洼子村).
_PLACE = re.compile(rf"[\u4e00-\u9fff]{{2,4}}?(?:{'|'.join(ADMIN_SUFFIXES)})")
# A reading the input method's table lacks: a tenth of the character's use inside words under it (see _characters).
WITHIN_WORDS_SHARE = 10
# A word of jieba's that the common-word list does not know is kept only if jieba saw it this often (上月, 两耳).
TRUSTED_UNCOMMON = 100
COMMON_CHARACTERS = 3500  # the characters most used in the common-word list: as many as 现代汉语常用字表 holds
RARE_CHARACTER = 1  # the count of a character outside them: offered, after every common one
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_CJK_RUNS = re.compile(r"[\u4e00-\u9fff]+")
_STATION_TEXTS = ("name", "town", "village", "address")
_WHOLE_PHRASE_MAX = 6  # a catalog label up to this long is also offered whole (医保缴费, 中国农业银行)

Entry = tuple[str, tuple[str, ...]]  # (word, syllables)


@dataclass(frozen=True)
class Sources:
    """The files a lexicon is built from; a missing optional file (stations, catalog) just adds nothing."""

    jieba_dict: Path
    font: Path
    local_words: Path
    catalog: Path | None
    stations: Path | None
    blocked_words: Path = BLOCKED_WORDS
    common_words: Path | None = None  # wordfreq's Chinese list (None: found where wordfreq is installed)
    typed_characters: Path = TYPED_CHARACTERS

    @property
    def common_list(self) -> Path:
        if self.common_words is not None:
            return self.common_words
        found = importlib.util.find_spec("wordfreq")  # found, not imported: a cached lexicon needs no wordfreq
        return Path(found.origin if found and found.origin else "wordfreq").parent / "data" / "large_zh.msgpack.gz"

    @classmethod
    def from_config(cls, config: KioskConfig) -> Sources:
        from kiosk.base.assets import font_path

        jieba = importlib.util.find_spec("jieba")  # found, not imported: loading a cached lexicon needs no jieba
        return cls(
            jieba_dict=Path(jieba.origin if jieba and jieba.origin else "jieba").parent / "dict.txt",
            font=font_path(),
            local_words=LOCAL_WORDS,
            catalog=config.catalog_path,
            stations=config.source.parent / "stations.yaml",
        )

    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"{FORMAT}\npypinyin {importlib.metadata.version('pypinyin')}\n".encode())
        # The builder's own code too: a change of how the lexicon is made rebuilds it.
        builder = (Path(__file__), Path(__file__).with_name("pinyin.py"))
        for path in (*builder, self.jieba_dict, self.font, self.local_words, self.catalog, self.stations,
                     self.blocked_words, self.common_list, self.typed_characters):
            digest.update(b"-" if path is None else Path(path).name.encode())
            digest.update(_file_bytes(path) or b"(absent)")
        return digest.hexdigest()


def _file_bytes(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:  # missing or unreadable: counts as absent
        return None


@dataclass(frozen=True)
class Lexicon:
    fingerprint: str
    syllables: frozenset[str]
    buckets: dict[str, str]  # initials -> "word\treading\tfreq" lines, best first

    @cached_property
    def key_prefixes(self) -> frozenset[str]:
        """Every beginning of an initials string that leads to some word: lets a query drop dead ends early."""
        return frozenset(key[:n] for key in self.buckets for n in range(1, len(key) + 1))

    @cached_property
    def syllable_prefixes(self) -> frozenset[str]:
        return frozenset(s[:n] for s in self.syllables for n in range(1, len(s) + 1))

    @cached_property
    def letters(self) -> dict[str, frozenset[str]]:
        """Each character's pinyin initials under all its readings (行: h, x), from the single characters'
        buckets: for finding a name in a list by the letters a citizen types (nxz -> 宁城县中...)."""
        found: dict[str, set[str]] = defaultdict(set)
        for key, blob in self.buckets.items():
            if len(key) == 1:
                for line in blob.split("\n"):
                    found[line.partition("\t")[0]].add(key)
        return {ch: frozenset(keys) for ch, keys in found.items()}

    @property
    def longest_word(self) -> int:
        return max(map(len, self.buckets), default=0)

    def entry_count(self) -> int:
        return sum(blob.count("\n") + 1 for blob in self.buckets.values())

    def to_bytes(self) -> bytes:
        head = "\n".join([FORMAT, self.fingerprint, " ".join(sorted(self.syllables))])
        body = "\x1d".join(f"{key}\x1f{self.buckets[key]}" for key in sorted(self.buckets))
        return zlib.compress(f"{head}\n{body}".encode(), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> Lexicon:
        """Raises ValueError for anything that is not a lexicon of this format."""
        try:
            text = zlib.decompress(data).decode()
        except (zlib.error, UnicodeDecodeError) as exc:
            raise ValueError(f"not a lexicon file: {exc}") from None
        parts = text.split("\n", 3)
        if len(parts) != 4 or parts[0] != FORMAT:
            raise ValueError("not a lexicon file of format " + FORMAT)
        _, fingerprint, syllables, body = parts
        buckets = dict(bucket.split("\x1f", 1) for bucket in body.split("\x1d")) if body else {}
        return cls(fingerprint, frozenset(syllables.split()), buckets)


def load_or_build(sources: Sources, cache: Path, rebuild: bool = False) -> Lexicon:
    """The cached lexicon if it was built from these very sources, else a fresh build written to the cache.

    A cache that cannot be written (read-only disk) costs only a rebuild at the next start. Raises KioskError
    when a source the build needs (jieba's dictionary, the font) is missing: the installation is broken.
    """
    _remove_leftovers(cache)
    fingerprint = sources.fingerprint()
    if not rebuild:
        cached = _read_cache(cache, fingerprint)
        if cached is not None:
            return cached
    lexicon = build(sources, fingerprint)
    try:
        save(lexicon, cache)
    except OSError as exc:
        log.warning("ime lexicon not cached (%s); it will be built again at the next start", exc)
    return lexicon


def _remove_leftovers(cache: Path) -> None:
    """Temporary files of a save that was killed before its rename (ime-lexicon.z*, beside the cache)."""
    for leftover in cache.parent.glob(glob.escape(cache.name) + "?*"):
        try:
            leftover.unlink()
        except OSError as exc:  # a read-only disk: nothing was left there by us either
            log.info("ime lexicon: leftover %s not removed: %s", leftover.name, exc)


def _read_cache(cache: Path, fingerprint: str) -> Lexicon | None:
    try:
        lexicon = Lexicon.from_bytes(cache.read_bytes())
    except FileNotFoundError:
        log.info("ime lexicon not built yet; building %s", cache)
        return None
    except (OSError, ValueError) as exc:
        log.warning("ime lexicon cache unreadable (%s); rebuilding %s", exc, cache)
        return None
    if lexicon.fingerprint != fingerprint:
        log.info("ime lexicon sources changed; rebuilding %s", cache)
        return None
    return lexicon


def save(lexicon: Lexicon, cache: Path) -> None:
    """Written beside and renamed over, so a crash mid-write never leaves half a lexicon."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=cache.name, dir=cache.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(lexicon.to_bytes())
        os.replace(tmp, cache)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(sources: Sources, fingerprint: str | None = None) -> Lexicon:
    """Words with readings and frequencies, restricted to characters the font draws, local words boosted."""
    from fontTools.ttLib import TTLibError

    try:
        drawable = _font_characters(sources.font)
        corpus = _jieba_frequencies(sources.jieba_dict)
        common = _common_frequencies(sources.common_list)
        blocked = list(_words_file(sources.blocked_words))
        typed = _typed_frequencies(sources.typed_characters)
    except (OSError, UnicodeDecodeError, TTLibError, ValueError) as exc:
        raise KioskError("输入法词库无法生成：安装不完整，请重新安装 (a lexicon source is missing)", str(exc)) from None
    offensive = re.compile("|".join(map(re.escape, blocked))) if blocked else None
    freq: dict[Entry, int] = {}
    for word, count in corpus.items():
        if len(word) > 1 and count >= MIN_FREQ and _CJK.match(word) and drawable.issuperset(word) \
                and (word in common or count >= TRUSTED_UNCOMMON):
            syllables = _reading(word)
            if syllables:
                freq[(word, syllables)] = count
    freq.update(_characters(drawable, corpus, freq, common, typed))
    for word in _local_words(sources, corpus):
        if drawable.issuperset(word):
            # pypinyin's reading first, the others (内 as na) a little behind it.
            for i, syllables in enumerate(_local_readings(word)):
                boosted = LOCAL_FREQ if i == 0 else LOCAL_FREQ // 2
                freq[(word, syllables)] = max(freq.get((word, syllables), 0), boosted)
    if offensive is not None:
        freq = {entry: count for entry, count in freq.items() if not offensive.search(entry[0])}
    return _assemble(freq, fingerprint or sources.fingerprint())


def _common_frequencies(path: Path) -> dict[str, float]:
    """wordfreq's Chinese list as word -> share of all words (its file read directly: importing wordfreq would
    also load its own copy of jieba)."""
    import gzip

    import msgpack

    with gzip.open(path, "rb") as packed:
        header, *buckets = msgpack.load(packed, raw=False)
    if not isinstance(header, dict) or header.get("format") != "cB":
        raise ValueError(f"{path}: not a wordfreq list")
    # Bucket i holds the words of frequency 10 ** (-i / 100) (wordfreq's centibels).
    return {word: 10 ** (-i / 100) for i, bucket in enumerate(buckets) for word in bucket}


def _assemble(freq: dict[Entry, int], fingerprint: str) -> Lexicon:
    grouped: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for (word, syllables), count in freq.items():
        grouped["".join(s[0] for s in syllables)].append((-count, word, SEPARATOR.join(syllables)))
    buckets = {
        key: "\n".join(f"{word}\t{reading}\t{-neg}" for neg, word, reading in sorted(rows))
        for key, rows in grouped.items()
    }
    syllables = frozenset(s for _, syls in freq for s in syls)
    return Lexicon(fingerprint, syllables, buckets)


def _font_characters(font: Path) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True) as ttf:
        return frozenset(chr(cp) for cp in ttf.getBestCmap() if 0x4E00 <= cp <= 0x9FFF)


def _jieba_frequencies(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            counts[parts[0]] = int(parts[1])
    return counts


def _reading(word: str) -> tuple[str, ...] | None:
    """pypinyin's reading of a word as typed (phrase-aware: 银行 yin'hang), None if some syllable is untypable.

    The word is cut into pypinyin's phrases longest first, as its own converter does (that converter, called
    for each of ~300,000 words, would double the build time); characters outside a phrase take their usual reading.
    """
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    marked: list[str] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i + 1, -1):
            phrase = phrases_dict.get(word[i:j])
            if phrase:
                marked += [options[0] for options in phrase]
                i = j
                break
        else:
            marked.append(pinyin_dict.get(ord(word[i]), "").split(",")[0])
            i += 1
    syllables = tuple(map(_toneless, marked))
    return syllables if len(syllables) == len(word) and all(syllables) else None


_toneless = cache(toneless)


def _typed_frequencies(path: Path) -> dict[Entry, int]:
    """(character, (reading,)) -> how often it is typed alone, from the input method's table."""
    typed: dict[Entry, int] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, reading, count = line.split("\t")
            typed[(ch, (reading,))] = int(count)
    if not typed:
        raise ValueError(f"{path}: no characters")
    return typed


def _characters(drawable: Iterable[str], corpus: dict[str, int], words: dict[Entry, int],
                common: dict[str, float], typed: dict[Entry, int]) -> dict[Entry, int]:
    """Every drawable character under each of its readings, counted by how often an input method's users type it
    alone under that reading (了: le far more than liao), in jieba's units: the table's counts scaled so that all
    of them together weigh what jieba's counts of characters alone do, which keeps a composed sentence from
    preferring a run of characters to the right words. A reading the table lacks counts a tenth of the character's
    use inside words under it (现 of 现在).

    A reading the table lacks, of a character outside the common-word list's most used (the 常用字 count), ranks
    after every common one (jieba alone would put 祉 before 纸)."""
    from pypinyin.pinyin_dict import pinyin_dict

    within: dict[tuple[str, str], int] = defaultdict(int)
    for (word, syllables), count in words.items():
        for ch, syllable in zip(word, syllables):
            within[(ch, syllable)] += count
    usage: dict[str, float] = defaultdict(float)
    for word, share in common.items():
        for ch in set(word):
            usage[ch] += share
    everyday = set(sorted(usage, key=lambda ch: (-usage[ch], ch))[:COMMON_CHARACTERS])
    drawn = sorted(drawable)
    alone = sum(corpus.get(ch, 0) for ch in drawn)
    scale = alone / max(1, sum(n for (ch, _), n in typed.items() if ch in drawable))
    entries: dict[Entry, int] = {}
    for ch in drawn:
        readings = dict.fromkeys(filter(None, map(_toneless, pinyin_dict.get(ord(ch), "").split(","))))
        for reading in readings:
            known = typed.get((ch, (reading,)))
            if known:
                entries[(ch, (reading,))] = max(RARE_CHARACTER + 1, round(known * scale))
            elif ch in everyday:
                entries[(ch, (reading,))] = max(RARE_CHARACTER + 1, within[(ch, reading)] // WITHIN_WORDS_SHARE)
            else:
                entries[(ch, (reading,))] = RARE_CHARACTER
    return entries


def _local_readings(word: str) -> list[tuple[str, ...]]:
    """pypinyin's reading, and each other reading of one character at a time (河洛堡: bao, and bu, pu)."""
    from pypinyin import Style, pinyin

    default = _reading(word)
    if default is None:
        return []
    readings = [default]
    for i, options in enumerate(pinyin(word, style=Style.TONE, heteronym=True)):
        for option in options:
            syllable = _toneless(option)
            if syllable and syllable != default[i]:
                variant = default[:i] + (syllable,) + default[i + 1 :]
                if variant not in readings:
                    readings.append(variant)
    return readings


def _local_words(sources: Sources, corpus: dict[str, int]) -> list[str]:
    names = list(_words_file(sources.local_words))
    catalog = list(_catalog_phrases(sources.catalog))
    stations = list(_station_phrases(sources.stations))
    # Addresses give their place names; cut into dictionary words they would mostly give fragments (城子, 石沟).
    places = [place for phrase in stations for place in _PLACE.findall(phrase)]
    whole = names + places + [p for p in catalog + stations if len(p) <= _WHOLE_PHRASE_MAX]
    stems = [stem for stem in map(_stem, whole) if stem]
    return sorted({w for w in whole + stems + _dictionary_words(catalog, corpus) if len(w) >= 2 and _CJK.match(w)})


def _stem(word: str) -> str | None:
    for suffix in ADMIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return None


def _words_file(path: Path) -> Iterator[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        log.warning("ime local words file missing: %s", path)
        return
    for line in lines:
        word = line.split("#", 1)[0].strip()
        if word:
            yield word


def _catalog_phrases(path: Path | None) -> Iterator[str]:
    """The catalog's wording: item and department names, field labels and choices, material and service names."""
    from kiosk.base.errors import ConfigError
    from kiosk.core.catalog import load_catalog

    if path is None or not Path(path).exists():
        return
    try:
        catalog = load_catalog(path)
    except ConfigError as exc:
        log.warning("ime: catalog left out of the lexicon: %s", exc.detail or exc.message)
        return
    texts = [w.name for w in catalog.ways.values()]
    for dept in catalog.departments:
        texts += [dept.name, dept.full_name]
    for item in catalog.items:
        texts += [item.name, item.short_name] + [m.name for m in item.materials]
        fields = list(item.fields)
        while fields:
            field = fields.pop()
            texts += [field.label, *field.choices]
            fields += field.fields
    texts += [s.name for s in catalog.services]
    yield from _runs(texts)


def _station_phrases(path: Path | None) -> Iterator[str]:
    """The names, towns and addresses of the station directory (not its people: helpers' names stay out)."""
    raw = _file_bytes(path)
    if raw is None:
        return
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        log.warning("ime: %s left out of the lexicon: %s", path, exc)
        return
    stations = data.get("stations") if isinstance(data, dict) else None
    if not isinstance(stations, list):
        log.warning("ime: %s has no list of stations; left out of the lexicon", path)
        return
    texts = [
        station[key]
        for station in stations
        if isinstance(station, dict)
        for key in _STATION_TEXTS
        if isinstance(station.get(key), str)
    ]
    yield from _runs(texts)


def _runs(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        yield from _CJK_RUNS.findall(text)


def _dictionary_words(phrases: list[str], corpus: dict[str, int]) -> list[str]:
    """The dictionary's words in the phrases (jieba's cut, without guessing new words): 城乡居民医保 -> 城乡, 居民, 医保."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [w for phrase in phrases for w in jieba.lcut(phrase, HMM=False) if corpus.get(w, 0) > 0]
