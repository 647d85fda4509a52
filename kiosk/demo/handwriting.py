"""Characters written as a finger would, for the handwriting benchmark, the keyboard's UI test and its screenshots.

The strokes are the Make Me a Hanzi stroke medians (npm package hanzi-writer-data, Arphic Public License, see
kiosk/demo/hanzi/ARPHICPL.TXT) of the characters the benchmark writes: the commonest surnames
(config/surnames.txt), the names of the county's helpers (config/stations.yaml) and its place names
(kiosk/bench/ime_words.yaml), and 宁城县 (kiosk/demo/hanzi/medians.json: each character's `medians` from
hanzi-writer-data 2.0.1, `npm pack hanzi-writer-data`, nothing else). They are drawn on a 1024 square with y
pointing up; `finger_strokes` turns one into what a hurried finger leaves in a writing box: resampled as a touch
screen reports it, slanted, unevenly scaled, rotated a little, each stroke shifted, lengthened or shortened,
trembling, and strokes joined to the one before at a given rate.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

import numpy as np

MEDIANS = Path(__file__).with_name("hanzi") / "medians.json"
_TOP = 900  # the medians' top edge (y up); their square runs from -124 to 900
_STEP = 24.0  # distance between reported points, in the medians' 1024 units (a finger at ~60 Hz)

Strokes = list[list[tuple[float, float]]]


@cache
def medians() -> dict[str, list[list[list[int]]]]:
    return json.loads(MEDIANS.read_text(encoding="utf-8"))


def clean_strokes(character: str, box: tuple[float, float] = (1024, 1024)) -> Strokes:
    """The character's medians as strokes in a box, y down, resampled: the neat hand."""
    scale = np.array(box, dtype=float) / 1024
    return [[(float(x), float(y)) for x, y in _resample(_down(s)) * scale] for s in medians()[character]]


def finger_strokes(character: str, rng: random.Random, box: tuple[float, float], join_rate: float) -> Strokes:
    """The character as a hurried finger writes it in a writing box of `box` pixels (y down)."""
    lines = [_resample(_down(stroke)) for stroke in medians()[character]]
    lines = [_stretch(line, rng.uniform(-0.12, 0.12), rng.uniform(-0.12, 0.12)) for line in lines]
    lines = [line + np.array([rng.gauss(0, 18), rng.gauss(0, 18)]) for line in lines]
    slant, angle = rng.uniform(-0.25, 0.25), rng.gauss(0, 0.07)
    sx, sy = rng.uniform(0.75, 1.25), rng.uniform(0.75, 1.25)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    affine = rotation @ np.array([[sx, -slant], [0, sy]])
    lines = [(line - 512) @ affine.T + 512 for line in lines]
    lines = [_tremble(line, rng) for line in lines]
    joined: list[np.ndarray] = [lines[0]]
    for line in lines[1:]:
        if rng.random() < join_rate:
            joined[-1] = np.concatenate([joined[-1], _resample(np.stack([joined[-1][-1], line[0]])), line])
        else:
            joined.append(line)
    return _fit(joined, box, rng)


def _down(stroke: list[list[int]]) -> np.ndarray:
    return np.array([(x, _TOP - y) for x, y in stroke], dtype=float)


def _resample(line: np.ndarray) -> np.ndarray:
    """Points every _STEP along the line (its ends kept)."""
    lengths = np.hypot(*np.diff(line, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    if along[-1] == 0:
        return line[:1].copy()
    at = np.linspace(0, along[-1], max(2, int(np.ceil(along[-1] / _STEP)) + 1))
    return np.stack([np.interp(at, along, line[:, 0]), np.interp(at, along, line[:, 1])], axis=1)


def _stretch(line: np.ndarray, start: float, end: float) -> np.ndarray:
    """The stroke lengthened (positive) or shortened at each end by a share of its length."""
    if len(line) < 2:
        return line
    lengths = np.hypot(*np.diff(line, axis=0).T)
    total = float(lengths.sum())
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    head = line[0] + (line[0] - line[1]) / max(lengths[0], 1e-6) * start * total
    tail = line[-1] + (line[-1] - line[-2]) / max(lengths[-1], 1e-6) * end * total
    keep = (along >= -start * total) & (along <= total + end * total)
    parts = [line[keep]]
    if start > 0:
        parts.insert(0, head[None])
    if end > 0:
        parts.append(tail[None])
    kept = np.concatenate(parts)
    return _resample(kept) if len(kept) >= 2 else line[:1].copy()


def _tremble(line: np.ndarray, rng: random.Random) -> np.ndarray:
    """A slow wobble along the stroke and a little noise at every point."""
    n = len(line)
    wobble = np.array([[rng.gauss(0, 10), rng.gauss(0, 10)] for _ in range(max(2, n // 6 + 2))])
    at = np.linspace(0, len(wobble) - 1, n)
    smooth = np.stack([np.interp(at, np.arange(len(wobble)), wobble[:, k]) for k in (0, 1)], axis=1)
    noise = np.array([[rng.gauss(0, 4), rng.gauss(0, 4)] for _ in range(n)])
    return line + smooth + noise


def _fit(lines: list[np.ndarray], box: tuple[float, float], rng: random.Random) -> Strokes:
    """Into the box, filling 60-90 % of its shorter side, somewhere near the middle."""
    points = np.concatenate(lines)
    low, high = points.min(axis=0), points.max(axis=0)
    side = min(box)
    scale = side * rng.uniform(0.6, 0.9) / max(float((high - low).max()), 1.0)
    size = (high - low) * scale
    free = np.maximum(np.array(box, dtype=float) - size, 0)
    origin = free * np.array([rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)])
    return [[(float(x), float(y)) for x, y in (line - low) * scale + origin] for line in lines]
