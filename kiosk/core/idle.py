"""The idle timeout as pure logic: the app feeds it touches and clock ticks, it says what to show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class IdlePhase(str, Enum):
    ACTIVE = "active"
    WARNING = "warning"  # show the countdown
    EXPIRED = "expired"  # wipe the session and go back to the attract screen


@dataclass
class IdleTimer:
    timeout_s: float
    warning_s: float
    last_touch: float = 0.0

    def touch(self, now: float) -> None:
        self.last_touch = now

    def phase(self, now: float) -> IdlePhase:
        idle = now - self.last_touch
        if idle >= self.timeout_s:
            return IdlePhase.EXPIRED
        if idle >= self.timeout_s - self.warning_s:
            return IdlePhase.WARNING
        return IdlePhase.ACTIVE

    def remaining(self, now: float) -> int:
        """Whole seconds left before the session ends (for the countdown)."""
        return max(0, int(self.timeout_s - (now - self.last_touch) + 0.999))
