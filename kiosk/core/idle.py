"""The idle timeout as pure logic: the app feeds it touches and clock ticks, it says what to show. While a payment
is pending (the citizen pays on the phone, not touching the screen) the timeout is held, at most until the
platform's payment expires; once released it counts again from that moment."""

from __future__ import annotations

import datetime as dt
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
    held_until: float = 0.0  # no timeout before this moment (a pending payment); 0: not held

    def touch(self, now: float) -> None:
        self.last_touch = now

    def hold(self, until: float | None, now: float) -> None:
        """Hold the timeout until `until` (the payment's expiry on this clock); None releases a hold, and the
        citizen then gets the whole timeout from `now` (time to see the result and take the receipt)."""
        if until is not None:
            self.held_until = until
        elif self.held_until:
            self.held_until = 0.0
            self.last_touch = max(self.last_touch, now)

    def phase(self, now: float) -> IdlePhase:
        if now < self.held_until:
            return IdlePhase.ACTIVE
        idle = now - max(self.last_touch, self.held_until)
        if idle >= self.timeout_s:
            return IdlePhase.EXPIRED
        if idle >= self.timeout_s - self.warning_s:
            return IdlePhase.WARNING
        return IdlePhase.ACTIVE

    def remaining(self, now: float) -> int:
        """Whole seconds left before the session ends (for the countdown)."""
        return max(0, int(self.timeout_s - (now - max(self.last_touch, self.held_until)) + 0.999))


def seconds_until(expires_at: str, now: dt.datetime) -> float:
    """How long until the platform's `expires_at` (ISO 8601 with its offset), never negative; 0 when unreadable."""
    try:
        expiry = dt.datetime.fromisoformat(expires_at)
    except ValueError:
        return 0.0
    if expiry.tzinfo is None or now.tzinfo is None:
        return 0.0
    return max(0.0, (expiry - now).total_seconds())
