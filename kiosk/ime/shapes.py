"""A handwriting recogniser that ignores stroke count and order: the ink is drawn as a picture and compared, by
the directions of its edges, with every character of the bundled font drawn the same way.

Zinnia (kiosk.ime.zinnia) reads strokes in the order and number written, so two strokes joined by a hurried hand
or written out of order mislead it; the picture is the same either way. Both pictures are normalised by their
moments (centre and spread on each axis, so a character written wide, tall or off-centre still matches) and
described by the direction of the ink's edges in an 8 x 8 grid (4 directions): 256 numbers, matched by cosine.

The font's pictures (one row of 256 per character) are computed once, in a few seconds, and cached in the data
folder beside the pinyin lexicon; a change of the font or of this description rebuilds them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

FORMAT = "kiosk-ink-shapes/1"
CACHE_NAME = "ink-shapes.npz"
CANVAS = 96  # the picture each character is drawn on before normalising
SIZE = 48  # the normalised picture
GRID = 8
DIRECTIONS = 4
# A thin pen: the two edges of a stroke then fall in one cell, whether the font drew it thick or thin (measured
# on the benchmark's strokes: pen 2 beats 3, 5 and 7 px; 4 directions beat 6 and 8).
PEN = 2

Strokes = Iterable[Iterable[tuple[float, float]]]


def gb2312() -> list[str]:
    """The 6763 characters of GB 2312 (levels 1 and 2): what a form in Simplified Chinese needs."""
    found = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def ink_picture(strokes: Strokes) -> np.ndarray:
    """The strokes drawn with an even pen on CANVAS x CANVAS, fitted (aspect kept) to the canvas."""
    lines = [np.asarray(list(stroke), dtype=np.float64).reshape(-1, 2) for stroke in strokes]
    lines = [line for line in lines if len(line)]
    picture = np.zeros((CANVAS, CANVAS), np.uint8)
    if not lines:
        return picture
    points = np.concatenate(lines)
    low, high = points.min(axis=0), points.max(axis=0)
    span = max(float((high - low).max()), 1e-6)
    margin = PEN
    scale = (CANVAS - 2 * margin) / span
    offset = (CANVAS - (high - low) * scale) / 2
    for line in lines:
        placed = np.round((line - low) * scale + offset).astype(np.int32)
        if len(placed) == 1:
            cv2.circle(picture, tuple(int(v) for v in placed[0]), PEN // 2, 255, -1, cv2.LINE_AA)
        else:
            cv2.polylines(picture, [placed], False, 255, PEN, cv2.LINE_AA)
    return picture


def glyph_picture(font: ImageFont.FreeTypeFont, character: str) -> np.ndarray:
    image = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(image).text((CANVAS / 2, CANVAS / 2), character, fill=255, font=font, anchor="mm")
    return np.asarray(image)


def features(picture: np.ndarray) -> np.ndarray:
    """The picture's description: edge directions in a GRID x GRID grid after moment normalisation, unit length."""
    normal = _normalise(picture.astype(np.float32) / 255.0)
    blurred = cv2.GaussianBlur(normal, (0, 0), 1.0)
    gx = cv2.Sobel(blurred, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(blurred, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.hypot(gx, gy)
    # A stroke's two edges point opposite ways: directions over half a turn, each split between its two bins.
    angle = (np.arctan2(gy, gx) % np.pi) / np.pi * DIRECTIONS
    low = np.floor(angle).astype(np.int32) % DIRECTIONS
    weight = angle - np.floor(angle)
    planes = np.zeros((DIRECTIONS, SIZE, SIZE), np.float32)
    for d in range(DIRECTIONS):
        planes[d] = magnitude * ((low == d) * (1 - weight) + (((low + 1) % DIRECTIONS) == d) * weight)
    cell = SIZE // GRID
    pooled = np.stack([cv2.resize(cv2.GaussianBlur(p, (0, 0), cell * 0.7), (GRID, GRID), interpolation=cv2.INTER_AREA)
                       for p in planes])
    vector = np.sqrt(pooled.reshape(-1))
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _normalise(picture: np.ndarray) -> np.ndarray:
    """Centre of mass to the centre, and each axis scaled so that its spread (4 standard deviations) fills it."""
    total = float(picture.sum())
    if total <= 0:
        return np.zeros((SIZE, SIZE), np.float32)
    ys, xs = np.indices(picture.shape, dtype=np.float32)
    cx, cy = float((xs * picture).sum() / total), float((ys * picture).sum() / total)
    sy = float(np.sqrt(((ys - cy) ** 2 * picture).sum() / total))
    # A slanted hand: shear so that the ink's x no longer grows with its y (the moment-based deslant).
    shear = float(((xs - cx) * (ys - cy) * picture).sum() / total) / max(sy * sy, 1.0)
    sx = float(np.sqrt(((xs - cx - shear * (ys - cy)) ** 2 * picture).sum() / total))
    # A flat character (一) keeps some of its flatness: neither spread is stretched past three times the other.
    sx, sy = max(sx, sy / 3, 1.0), max(sy, sx / 3, 1.0)
    fill = SIZE * 0.82
    ax, ay = fill / (4 * sx), fill / (4 * sy)
    matrix = np.array([[ax, -ax * shear, SIZE / 2 - ax * (cx - shear * cy)], [0, ay, SIZE / 2 - ay * cy]],
                      dtype=np.float32)
    return cv2.warpAffine(picture, matrix, (SIZE, SIZE), flags=cv2.INTER_AREA)


class BuildStopped(Exception):
    """The index was asked to stop before it was built."""


class ShapeIndex:
    """The font's characters and their descriptions; `scores` rates them all against a written character."""

    def __init__(self, characters: list[str], table: np.ndarray) -> None:
        self.characters = characters
        self.table = table
        # What all characters share (ink in the middle, more horizontal edges) says nothing about which one it is:
        # descriptions are compared less their mean.
        self._mean = table.mean(axis=0)
        centred = table - self._mean
        norms = np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9)
        self._centred = (centred / norms).astype(np.float32)
        self.position = {c: i for i, c in enumerate(characters)}

    @classmethod
    def build(cls, font_file: Path, characters: list[str], stop: threading.Event | None = None) -> ShapeIndex:
        """Every character drawn and described; `stop` set ends it early with BuildStopped (the kiosk is shutting
        down: a thread still inside OpenCV when Python exits aborts the whole process)."""
        font = ImageFont.truetype(str(font_file), int(CANVAS * 0.8))
        rows = []
        for c in characters:
            if stop is not None and stop.is_set():
                raise BuildStopped(f"shape index stopped after {len(rows)} of {len(characters)} characters")
            rows.append(features(glyph_picture(font, c)))
        return cls(characters, np.stack(rows).astype(np.float32))

    def scores(self, strokes: Strokes) -> np.ndarray:
        """Each character's likeness to the ink (cosine, -1..1), in the order of `characters`; zeros if no ink."""
        vector = features(ink_picture(strokes)) - self._mean
        norm = float(np.linalg.norm(vector))
        if not norm:
            return np.zeros(len(self.characters), np.float32)
        # einsum's own loop, not BLAS: on a busy two-core terminal BLAS's threads make this 10 times slower.
        return np.einsum("ij,j->i", self._centred, (vector / norm).astype(np.float32))

    def match(self, strokes: Strokes, limit: int) -> list[tuple[str, float]]:
        """(character, likeness) best first."""
        return best(self.characters, self.scores(strokes), limit)


def best(characters: list[str], scores: np.ndarray, limit: int) -> list[tuple[str, float]]:
    limit = min(limit, len(characters))
    if limit <= 0:
        return []
    top = np.argpartition(-scores, limit - 1)[:limit]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(characters[i], float(scores[i])) for i in top]


def fingerprint(font_file: Path) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(f"{CANVAS} {SIZE} {GRID} {DIRECTIONS} {PEN}".encode())
    digest.update(font_file.read_bytes())
    return digest.hexdigest()[:16]


def load_or_build(font_file: Path, cache: Path, stop: threading.Event | None = None) -> ShapeIndex:
    """The cached index if it was built from this font and description, else built (a few seconds) and saved;
    `stop`: see ShapeIndex.build."""
    stamp = fingerprint(font_file)
    try:
        with np.load(cache, allow_pickle=False) as saved:
            if str(saved["fingerprint"]) == stamp:
                return ShapeIndex(list(str(saved["characters"])), saved["table"])
    except (OSError, KeyError, ValueError):
        pass
    index = ShapeIndex.build(font_file, gb2312(), stop)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, suffix=".npz", delete=False) as out:
            np.savez(out, fingerprint=stamp, characters="".join(index.characters), table=index.table)
        os.replace(out.name, cache)
    except OSError as exc:  # a read-only data folder: rebuilt at every start, still correct
        log.warning("cannot save the handwriting shapes to %s: %s", cache, exc)
    return index
