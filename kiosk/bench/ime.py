"""The pinyin keyboard: time per key press while words are typed letter by letter, and how often the wanted word
is among the first five candidates, on the project's list of form words and the county's place names
(kiosk/bench/ime_words.yaml); how often each character of a person's name is on the keyboard's first page when
typed syllable by syllable into a name field, and how often a name typed whole is the first candidate, on the
county's helpers' names (config/stations.yaml). Baselines from the same run: a scan of the whole lexicon instead of the index
(same answers), the lexicon without the county's words, and jieba loading the same dictionary."""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

from kiosk.base.config import KioskConfig
from kiosk.bench import Row
from kiosk.ime.engine import Engine
from kiosk.ime.lexicon import CACHE_NAME, Lexicon, Sources, _reading, load_or_build

TITLE = "pinyin keyboard: candidate latency per key, top-5 hit rate, lexicon build and load"
WORDS = Path(__file__).with_name("ime_words.yaml")
TOP = 5
LATENCY_TARGET_MS = 20.0
PAGE = 6  # candidates the pinyin keyboard shows at once (kiosk/ui/widgets/keyboards.py)


class _ScanEngine(Engine):
    """The same matching over every line of the lexicon, no index by initials: what the index saves."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__(lexicon)
        self._everything = "\n".join(lexicon.buckets[key] for key in sorted(lexicon.buckets))

    def _bucket(self, key: str) -> str | None:
        return self._everything


def _word_list() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    data = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    return [tuple(e) for e in data["places"]], [tuple(e) for e in data["everyday"]]


def _keystroke_times(engine: Engine, words: list[tuple[str, str]]) -> list[float]:
    """Milliseconds for each key press typing each word's pinyin, every query from cold."""
    times = []
    for _, pinyin in words:
        typed = pinyin.replace(" ", "")
        for end in range(1, len(typed) + 1):
            engine.forget()
            started = time.perf_counter()
            engine.candidates(typed[:end], TOP)
            times.append((time.perf_counter() - started) * 1000)
    return times


def _hit_rate(engine: Engine, words: list[tuple[str, str]], initials: bool = False) -> float:
    hits = 0
    for word, pinyin in words:
        syllables = pinyin.split()
        typed = "".join(s[0] for s in syllables) if initials else "".join(syllables)
        hits += word in engine.candidates(typed, TOP)
    return 100.0 * hits / len(words)


def _helper_names(config: KioskConfig) -> list[str]:
    stations = yaml.safe_load((config.source.parent / "stations.yaml").read_text(encoding="utf-8"))["stations"]
    # A bank post's helper is "大堂经理 刘洋": the name is the last word.
    return sorted({s["helper"]["name"].split()[-1] for s in stations if isinstance(s.get("helper"), dict)})


def _name_hit_rate(engine: Engine, names: list[str], field: str | None, top: int) -> float:
    """Share of the names' characters among the first `top` candidates for their syllable, each typed after the
    ones before it."""
    hits = total = 0
    for name in names:
        for i, (ch, syllable) in enumerate(zip(name, _reading(name) or ())):
            hits += ch in engine.candidates(syllable, top, field=field, before=name[:i])
            total += 1
    return 100.0 * hits / max(total, 1)


def _whole_name_rate(engine: Engine, names: list[str], field: str | None) -> float:
    """Share of the names that are the first candidate when typed whole in full pinyin."""
    hits = sum(engine.candidates("".join(_reading(name) or ()), 1, field=field) == [name] for name in names)
    return 100.0 * hits / max(len(names), 1)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _loaded_jieba(folder: Path) -> object:
    """jieba's tokenizer with the same dictionary loaded (built the first time, then from its cache in `folder`)."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(folder)
    tokenizer.initialize()
    return tokenizer


def _jieba_initialise(folder: Path) -> float:
    started = time.perf_counter()
    _loaded_jieba(folder)
    return time.perf_counter() - started


def _held_mb(load: Callable[[], object]) -> float:
    """Megabytes still allocated by what `load` returns (its Python objects, measured by tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = load()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return held / 1e6


def run(config: KioskConfig, quick: bool) -> list[Row]:
    import jieba

    jieba.setLogLevel(60)  # its progress lines would interleave with the table
    places, everyday = _word_list()
    words = places + everyday
    sources = Sources.from_config(config)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        load_or_build(sources, folder / CACHE_NAME)
        build_s = time.perf_counter() - started
        jieba_build_s = _jieba_initialise(folder)
        size_mb = (folder / CACHE_NAME).stat().st_size / 1e6
        started = time.perf_counter()  # what each later start pays: check the sources' fingerprint, read, index
        engine = Engine(load_or_build(sources, folder / CACHE_NAME))
        load_ms = (time.perf_counter() - started) * 1000
        jieba_load_ms = _jieba_initialise(folder) * 1000
        lexicon_mb = _held_mb(lambda: Engine(load_or_build(sources, folder / CACHE_NAME)))
        jieba_mb = _held_mb(lambda: _loaded_jieba(folder))
        empty = folder / "no-local-words.txt"
        empty.write_text("", encoding="utf-8")
        plain_sources = Sources(sources.jieba_dict, sources.font, empty, catalog=None, stations=None)
        plain = Engine(load_or_build(plain_sources, folder / "plain.z"))

    sample = words[:: 20 if quick else 4]
    fast = _keystroke_times(engine, sample)
    slow = _keystroke_times(_ScanEngine(engine.lexicon), sample)
    typed_all = _keystroke_times(engine, words)

    multi = [w for w in words if " " in w[1]]
    rows = [
        Row(f"candidates per key press, median ({len(fast)} presses)", statistics.median(fast), "ms",
            statistics.median(slow), "scan of the whole lexicon", f"<= {LATENCY_TARGET_MS:g} ms",
            statistics.median(fast) <= LATENCY_TARGET_MS),
        Row("candidates per key press, 95th percentile", _p95(fast), "ms", _p95(slow), "scan of the whole lexicon",
            f"<= {LATENCY_TARGET_MS:g} ms", _p95(fast) <= LATENCY_TARGET_MS),
        Row(f"per key press over the whole list, 95th percentile ({len(typed_all)} presses)", _p95(typed_all), "ms",
            None, "", f"<= {LATENCY_TARGET_MS:g} ms", _p95(typed_all) <= LATENCY_TARGET_MS),
    ]
    for label, subset, initials, target in (
        (f"top-5 hit rate, full pinyin, all {len(words)} words", words, False, 95.0),
        (f"top-5 hit rate, full pinyin, {len(places)} place names", places, False, 95.0),
        (f"top-5 hit rate, full pinyin, {len(everyday)} form words", everyday, False, 90.0),
        (f"top-5 hit rate, initials only (nmg), {len(multi)} words of 2+ syllables", multi, True, 60.0),
    ):
        rate = _hit_rate(engine, subset, initials)
        rows.append(Row(label, rate, "%", _hit_rate(plain, subset, initials), "without the county's words",
                        f">= {target:g} %", rate >= target))
    names = _helper_names(config)
    for top, target in ((1, 50.0), (PAGE, 90.0)):
        rate = _name_hit_rate(engine, names, "name", top)
        rows.append(Row(f"a name's characters in the first {top} for their syllable, name field, {len(names)} names",
                        rate, "%", _name_hit_rate(engine, names, None, top), "the same in a text field",
                        f">= {target:g} %", rate >= target))
    rate = _whole_name_rate(engine, names, "name")
    rows.append(Row(f"a name typed whole (wangxiuying) is the first candidate, name field, {len(names)} names", rate,
                    "%", _whole_name_rate(engine, names, None), "the same in a text field", ">= 40 %", rate >= 40))
    rows += [
        Row(f"lexicon build, first start ({engine.lexicon.entry_count():,} entries)", build_s, "s", jieba_build_s,
            "jieba reading the same dictionary", "<= 15 s", build_s <= 15),
        Row(f"lexicon load from its cache ({size_mb:.1f} MB)", load_ms, "ms", jieba_load_ms,
            "jieba loading its own cache", "<= 300 ms", load_ms <= 300),
        Row("memory held by the loaded lexicon", lexicon_mb, "MB", jieba_mb, "jieba's loaded dictionary",
            "<= 60 MB", lexicon_mb <= 60),
    ]
    return rows
