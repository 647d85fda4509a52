"""The idle timeout: a warning, then the end of the session; held while a payment is pending (the citizen pays on
the phone and touches nothing), at most until the payment expires, and counting again once it is released."""

from __future__ import annotations

import datetime as dt

from kiosk.core.idle import IdlePhase, IdleTimer, seconds_until


def test_warning_then_expiry_after_the_last_touch() -> None:
    timer = IdleTimer(timeout_s=90, warning_s=20)
    timer.touch(100)
    assert timer.phase(169) is IdlePhase.ACTIVE
    assert timer.phase(171) is IdlePhase.WARNING and timer.remaining(171) == 19
    assert timer.phase(190) is IdlePhase.EXPIRED


def test_a_pending_payment_holds_the_timeout_until_it_expires() -> None:
    timer = IdleTimer(timeout_s=90, warning_s=20)
    timer.touch(100)
    timer.hold(100 + 900, now=105)  # the payment's QR is valid for 15 minutes
    for now in (171, 190, 600, 999):
        assert timer.phase(now) is IdlePhase.ACTIVE
    # The payment expired without an answer: the timeout counts from then.
    assert timer.phase(1000 + 75) is IdlePhase.WARNING
    assert timer.phase(1000 + 90) is IdlePhase.EXPIRED


def test_released_the_citizen_gets_the_whole_timeout_from_then() -> None:
    timer = IdleTimer(timeout_s=90, warning_s=20)
    timer.touch(100)
    timer.hold(1000, now=105)
    timer.hold(None, now=400)  # paid after 5 minutes: the receipt prints, the result shows
    assert timer.phase(469) is IdlePhase.ACTIVE and timer.phase(471) is IdlePhase.WARNING
    assert timer.phase(490) is IdlePhase.EXPIRED
    timer.hold(None, now=600)  # nothing held: releasing again changes nothing
    assert timer.phase(490) is IdlePhase.EXPIRED


def test_seconds_until_the_platforms_expiry() -> None:
    cst = dt.timezone(dt.timedelta(hours=8))
    now = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)
    assert seconds_until("2026-11-27T14:15:00+08:00", now) == 900
    assert seconds_until(dt.datetime(2026, 11, 27, 13, 0, tzinfo=cst).isoformat(), now) == 0  # already past
    assert seconds_until("soon", now) == 0 and seconds_until("2026-11-27T14:15:00", now) == 0
