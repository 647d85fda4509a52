"""Zinnia, the online handwriting recogniser (Debian libzinnia0), with its Simplified Chinese model (Debian
tegaki-zinnia-simplified-chinese), reached through ctypes: no compiled extension, no network.

Zinnia compares the strokes in the order and number written; the shape recogniser beside it (kiosk.ime.shapes) does not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Sequence
from pathlib import Path

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _

LIBRARY = "libzinnia.so.0"
MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")

Strokes = Sequence[Sequence[tuple[float, float]]]


class Zinnia:
    """One loaded model. Zinnia's recogniser is not documented as thread-safe: calls are serialised."""

    def __init__(self, model: Path | None = None, library: str | None = None) -> None:
        model, library = model or MODEL, library or LIBRARY
        try:
            lib = ctypes.CDLL(library)
        except OSError as exc:
            raise KioskError(_("手写识别不可用"), f"{library} not found (Debian package libzinnia0): {exc}") from exc
        if not model.is_file():
            raise KioskError(_("手写识别不可用"), f"{model} not found (Debian package tegaki-zinnia-simplified-chinese)")
        _declare(lib)
        self._lib = lib
        self._recognizer = lib.zinnia_recognizer_new()
        if not lib.zinnia_recognizer_open(self._recognizer, str(model).encode()):
            message = lib.zinnia_recognizer_strerror(self._recognizer).decode(errors="replace")
            lib.zinnia_recognizer_destroy(self._recognizer)
            raise KioskError(_("手写识别不可用"), f"Zinnia cannot open {model}: {message}")
        self._lock = threading.Lock()

    def classify(self, strokes: Strokes, box: tuple[float, float], limit: int) -> list[tuple[str, float]]:
        """(character, score) best first; higher scores are surer (Zinnia's SVM margins, about -1..1)."""
        lib = self._lib
        with self._lock:
            character = lib.zinnia_character_new()
            try:
                lib.zinnia_character_set_width(character, max(1, int(box[0])))
                lib.zinnia_character_set_height(character, max(1, int(box[1])))
                for number, stroke in enumerate(strokes):
                    for x, y in stroke:
                        lib.zinnia_character_add(character, number, int(x), int(y))
                result = lib.zinnia_recognizer_classify(self._recognizer, character, limit)
                if not result:
                    return []
                try:
                    return [
                        (lib.zinnia_result_value(result, i).decode(), lib.zinnia_result_score(result, i))
                        for i in range(lib.zinnia_result_size(result))
                    ]
                finally:
                    lib.zinnia_result_destroy(result)
            finally:
                lib.zinnia_character_destroy(character)


def _declare(lib: ctypes.CDLL) -> None:
    p, i, s, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t, ctypes.c_float
    for name, restype, argtypes in (
        ("zinnia_recognizer_new", p, []),
        ("zinnia_recognizer_open", i, [p, ctypes.c_char_p]),
        ("zinnia_recognizer_strerror", ctypes.c_char_p, [p]),
        ("zinnia_recognizer_destroy", None, [p]),
        ("zinnia_recognizer_classify", p, [p, p, s]),
        ("zinnia_character_new", p, []),
        ("zinnia_character_destroy", None, [p]),
        ("zinnia_character_set_width", None, [p, s]),
        ("zinnia_character_set_height", None, [p, s]),
        ("zinnia_character_add", i, [p, s, i, i]),
        ("zinnia_result_value", ctypes.c_char_p, [p, s]),
        ("zinnia_result_score", f, [p, s]),
        ("zinnia_result_size", s, [p]),
        ("zinnia_result_destroy", None, [p]),
    ):
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes


def unjoined(strokes: Strokes, share: float = 0.12) -> list[list[tuple[float, float]]] | None:
    """The strokes with the pen's way back up cut out: where a run inside a stroke rises more than `share` of the
    ink's height, a hurried hand has most likely joined two strokes (the end of one to the start of the next,
    higher up). None when no stroke has such a run. Zinnia, which counts strokes, is asked about both readings.
    (A rising stroke, 提, and a hook rise at a stroke's start or end, never inside it.)"""
    import numpy as np

    lines = [np.asarray(stroke, dtype=float).reshape(-1, 2) for stroke in strokes]
    points = np.concatenate(lines) if lines else np.zeros((0, 2))
    if len(points) < 3:
        return None
    height = max(float(np.ptp(points[:, 1])), 1.0)
    found: list[list[tuple[float, float]]] = []
    cut = False
    for line in lines:
        steps = np.diff(line, axis=0)
        rising = steps[:, 1] < -0.5 * np.hypot(steps[:, 0], steps[:, 1])  # y points down
        piece = [line[0]]
        i = 0
        while i < len(rising):
            j = i
            while j < len(rising) and rising[j] == rising[i]:
                j += 1
            if rising[i] and 0 < i and j < len(rising) and line[i, 1] - line[j, 1] > share * height:
                found.append([(float(x), float(y)) for x, y in piece])
                piece, cut = [line[j]], True
            else:
                piece.extend(line[i + 1 : j + 1])
            i = j
        found.append([(float(x), float(y)) for x, y in piece])
    return found if cut else None
