"""The handwriting keyboard: top-1 and top-8 hit rates and time per character, on names and place names written
as a hurried finger would (kiosk/demo/handwriting.py), each three times, with none and with one stroke in
twenty joined to the one before. Baseline from the same run: Zinnia alone (its first 8, in its order)."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import yaml

from kiosk.base.config import KioskConfig
from kiosk.bench import Row
from kiosk.demo.handwriting import finger_strokes, medians
from kiosk.ime import recogniser
from kiosk.ime.fields import FieldRanking

TITLE = "handwriting keyboard: top-1 / top-8 on names and place names, ms per character, vs Zinnia alone"
WORDS = Path(__file__).with_name("ime_words.yaml")
BOX = (600.0, 600.0)  # the writing box in pixels, about its size at 1920x1080
JOIN_RATES = (0.0, 0.05)
TARGETS = {0.0: (0.92, 0.98), 0.05: (0.85, 0.95)}
MS_TARGET = 50.0
SEED = 19
WRITINGS = 3  # each character written this many times (differently): 262 characters alone vary by a few points


def words(config: KioskConfig) -> list[tuple[str, str]]:
    """(word, field kind): the county's helpers' names (config/stations.yaml) and its place names."""
    stations = yaml.safe_load((config.source.parent / "stations.yaml").read_text(encoding="utf-8"))["stations"]
    names = sorted({s["helper"]["name"].split()[-1] for s in stations if isinstance(s.get("helper"), dict)})
    places = [word for word, _ in yaml.safe_load(WORDS.read_text(encoding="utf-8"))["places"]]
    known = medians()
    return [(w, kind) for kind, group in (("name", names), ("address", places)) for w in group
            if all(ch in known for ch in w)]


def run(config: KioskConfig, quick: bool) -> list[Row]:
    full = recogniser.prepare(config)
    if full.zinnia is None:
        raise SystemExit("kiosk bench handwriting needs Zinnia and its model (see kiosk doctor)")
    plain = recogniser.Recogniser(full.shapes, FieldRanking(), full.zinnia)
    sample = words(config)[:: 4 if quick else 1] * (1 if quick else WRITINGS)
    rows = []
    for rate in JOIN_RATES:
        rng = random.Random(SEED)
        hits = {"field": [0, 0], "plain": [0, 0], "zinnia": [0, 0]}
        took: dict[str, list[float]] = {"field": [], "zinnia": []}
        count = 0
        for word, kind in sample:
            for at, ch in enumerate(word):
                strokes = finger_strokes(ch, rng, BOX, rate)
                count += 1
                started = time.perf_counter()
                ranked = full.recognise(strokes, BOX, 8, kind, word[:at])
                took["field"].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                alone = [c for c, _ in full.zinnia.classify(strokes, BOX, 8)]
                took["zinnia"].append((time.perf_counter() - started) * 1000)
                for name, found in (("field", ranked), ("plain", plain.recognise(strokes, BOX, 8)),
                                    ("zinnia", alone)):
                    hits[name][0] += found[:1] == [ch]
                    hits[name][1] += ch in found
        share = {name: (top1 / count, top8 / count) for name, (top1, top8) in hits.items()}
        want1, want8 = TARGETS[rate]
        joined = f"{rate * 20:g} stroke in 20 joined" if rate else "no strokes joined"
        zinnia1, zinnia8 = share["zinnia"]
        for label, name in (("with field ranking", "field"), ("without field ranking", "plain")):
            top1, top8 = share[name]
            ranked_row = name == "field"
            rows.append(Row(f"top-1, {joined}, {label} ({count} written characters)", top1, "", zinnia1, "Zinnia alone",
                            f">= {want1:g}" if ranked_row else "", top1 >= want1 if ranked_row else None))
            rows.append(Row(f"top-8, {joined}, {label}", top8, "", zinnia8, "Zinnia alone",
                            f">= {want8:g}" if ranked_row else "", top8 >= want8 if ranked_row else None))
        median = statistics.median(took["field"])
        rows.append(Row(f"ms per character, median, {joined}", median, "ms", statistics.median(took["zinnia"]),
                        "Zinnia alone", f"<= {MS_TARGET:g} ms", median <= MS_TARGET))
    return rows
