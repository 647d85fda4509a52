"""Keyboard-wedge scanners type their codes: a burst of keys far faster than a person (under ~30 ms apart)
ending in Enter. `WedgeDetector` tells such a burst from typing, without Kivy: the app feeds it every key
with its time and acts on what it returns.

Keys are held back briefly: a burst that ends in Enter becomes one "scan" action (and never reaches the text
field that has focus); anything else is given back as "type" actions once the next key is slow enough to
show a person is typing (or, when no key follows, when `tick` is called after the gap).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kiosk.base.config import Scanner as ScannerConfig

ENTER_KEYS = ("\r", "\n")


@dataclass(frozen=True)
class WedgeAction:
    kind: Literal["type", "scan"]
    text: str  # "type": the characters to insert (Enter as "\n"); "scan": the code


class WedgeDetector:
    def __init__(self, max_gap_s: float = 0.03, min_length: int = 4, max_length: int = 2048) -> None:
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self.max_length = max_length
        self._held: list[str] = []
        self._last = 0.0

    @classmethod
    def from_config(cls, cfg: ScannerConfig) -> WedgeDetector:
        return cls(max_gap_s=cfg.wedge_max_gap_ms / 1000)

    @property
    def holding(self) -> bool:
        """Keys are held back: the app should call `tick` soon (after `max_gap_s`)."""
        return bool(self._held)

    def key(self, text: str, now: float) -> list[WedgeAction]:
        """One key: its text ("\\r" or "\\n" for Enter) and its time in seconds (any monotonic clock)."""
        actions = self.tick(now)
        if text in ENTER_KEYS:
            if len(self._held) >= self.min_length:
                code = "".join(self._held)
                self._held.clear()
                return [*actions, WedgeAction("scan", code)]
            actions += self._release()
            return [*actions, WedgeAction("type", "\n")]
        if len(self._held) >= self.max_length:
            actions += self._release()
        self._held.append(text)
        self._last = now
        return actions

    def tick(self, now: float) -> list[WedgeAction]:
        """Give back held keys as typing once the pause since the last one is longer than a scanner's."""
        if self._held and now - self._last > self.max_gap_s:
            return self._release()
        return []

    def _release(self) -> list[WedgeAction]:
        if not self._held:
            return []
        text = "".join(self._held)
        self._held.clear()
        return [WedgeAction("type", text)]
