"""Handwritten characters: Zinnia's candidates (stroke order and count), the shape recogniser's (neither), and
the field's likely characters, in one ranking.

A candidate's score is its shape likeness (kiosk.ime.shapes, cosine) plus Zinnia's confidence when Zinnia offers it
(its margin, scaled, and a bonus for its first places; Zinnia is asked again with a join undone when the ink
seems to hold one, kiosk.ime.zinnia.unjoined) plus the field's bonus (kiosk.ime.fields). The shape
recogniser rates every character, so a character Zinnia misses (two strokes joined) can still come first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from kiosk.base.config import KioskConfig, load_config
from kiosk.base.errors import KioskError
from kiosk.ime import shapes
from kiosk.ime.fields import FieldRanking
from kiosk.ime.shapes import ShapeIndex, best
from kiosk.ime.zinnia import Zinnia, unjoined

log = logging.getLogger(__name__)

Strokes = Sequence[Sequence[tuple[float, float]]]

ZINNIA_ASKED = 40
SHAPE_ASKED = 40
ZINNIA_WEIGHT = 0.15  # per unit of Zinnia's margin (about -1..1); more trusts its stroke order over the shape
ZINNIA_PLACE = 0.1  # Zinnia's first choice; its later places less


class Recogniser:
    """Immutable after construction: one recogniser serves any thread (Zinnia serialises its own calls)."""

    def __init__(self, shapes: ShapeIndex, ranking: FieldRanking, zinnia: Zinnia | None = None) -> None:
        self.shapes = shapes
        self.ranking = ranking
        self.zinnia = zinnia

    def recognise(
        self, strokes: Strokes, box: tuple[float, float], limit: int = 8, field: str | None = None, before: str = ""
    ) -> list[str]:
        strokes = [list(s) for s in strokes if len(s)]
        if not strokes or limit <= 0:
            return []
        likeness = self.shapes.scores(strokes)
        position = self.shapes.position
        bonus = self.ranking.bonus(field, before)
        pool = {ch for ch, _ in best(self.shapes.characters, likeness, SHAPE_ASKED)}
        pool.update(ch for ch in bonus if ch in position)
        offered = self._zinnia(strokes, box)
        pool.update(ch for ch in offered if ch in position)
        # What Zinnia did not offer counts as its last offer: unknown, not refused.
        floor = min(offered.values(), default=0.0)
        score = {ch: float(likeness[position[ch]]) + bonus.get(ch, 0.0) + offered.get(ch, floor) for ch in pool}
        return sorted(score, key=lambda ch: (-score[ch], ch))[:limit]

    def _zinnia(self, strokes: Strokes, box: tuple[float, float]) -> dict[str, float]:
        if self.zinnia is None:
            return {}
        offered: dict[str, float] = {}
        readings = [strokes, unjoined(strokes)]
        for reading in filter(None, readings):
            for place, (ch, margin) in enumerate(self.zinnia.classify(reading, box, ZINNIA_ASKED)):
                score = ZINNIA_WEIGHT * margin + ZINNIA_PLACE / (1 + place)
                offered[ch] = max(offered.get(ch, score), score)
        return offered


def build(config: KioskConfig, stop: threading.Event | None = None) -> Recogniser:
    """The recogniser for this configuration: the font's shapes (cached in the data folder), the field ranking
    from the pinyin lexicon and the county's words, and Zinnia; without Zinnia the shapes alone (see `problem`)."""
    from kiosk.base.assets import font_path
    from kiosk.ime import engine as pinyin
    from kiosk.ime.lexicon import Sources

    try:
        zinnia: Zinnia | None = Zinnia()
    except KioskError as exc:
        log.warning("handwriting: pinyin only: %s", exc.detail)
        zinnia = None
    index = shapes.load_or_build(font_path(), config.data_dir / shapes.CACHE_NAME, stop)
    lexicon = (pinyin.engine() if pinyin.ready() else pinyin.prepare(config)).lexicon
    ranking = FieldRanking.load(Sources.from_config(config), lexicon)
    return Recogniser(index, ranking, zinnia)


_default: Recogniser | None = None
_lock = threading.Lock()
_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handwriting")


def prepare(config: KioskConfig | None = None, stop: threading.Event | None = None) -> Recogniser:
    """Make the recogniser `handwriting()` uses; a few seconds (the first time on a terminal, longer): call it
    from a worker thread at start. `stop` set (the kiosk shutting down) ends a build early with
    shapes.BuildStopped."""
    global _default
    with _lock:
        if _default is None:
            _default = build(config or load_config(), stop)
        return _default


def ready() -> bool:
    return _default is not None


def problem() -> str | None:
    """Why the handwriting keyboard is not offered (Zinnia or its model missing), or None once it is ready."""
    current = _default
    if current is None:
        return "not prepared yet"
    return None if current.zinnia is not None else "Zinnia unavailable"


def submit(strokes: Strokes, box: tuple[float, float], limit: int = 8, field: str | None = None,
           before: str = "") -> Future[list[str]]:
    """Recognise on the handwriting worker (one thread: a keyboard's requests are answered in order)."""
    return _worker.submit(lambda: prepare().recognise(strokes, box, limit, field, before))
