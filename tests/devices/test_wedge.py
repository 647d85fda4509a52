"""Keyboard-wedge scanners recognised from key timing (timestamps are given, not measured)."""

from kiosk.base.config import Scanner as ScannerConfig
from kiosk.devices.scanner.wedge import WedgeAction, WedgeDetector


def keys(detector: WedgeDetector, text: str, start: float, step: float) -> list[WedgeAction]:
    actions: list[WedgeAction] = []
    for i, ch in enumerate(text):
        actions += detector.key(ch, start + i * step)
    return actions


def test_a_fast_burst_ending_in_enter_is_a_scan_and_never_typed() -> None:
    detector = WedgeDetector(max_gap_s=0.03)
    assert keys(detector, "MSB-EID-7Q2K9XW4\r", 10.0, 0.008) == [WedgeAction("scan", "MSB-EID-7Q2K9XW4")]
    assert not detector.holding
    assert detector.tick(11.0) == []


def test_slow_typing_is_given_back_as_typing() -> None:
    detector = WedgeDetector(max_gap_s=0.03)
    actions = keys(detector, "1504", 0.0, 0.2)
    actions += detector.tick(0.9)
    assert "".join(a.text for a in actions) == "1504"
    assert {a.kind for a in actions} == {"type"}
    assert keys(detector, "\r", 1.5, 0.1) == [WedgeAction("type", "\n")]


def test_held_keys_come_back_on_tick_once_the_pause_is_longer_than_a_scanners() -> None:
    detector = WedgeDetector(max_gap_s=0.03)
    assert detector.key("a", 5.0) == []
    assert detector.holding
    assert detector.tick(5.02) == []
    assert detector.tick(5.05) == [WedgeAction("type", "a")]
    assert not detector.holding


def test_a_short_fast_burst_with_enter_is_typing_not_a_scan() -> None:
    detector = WedgeDetector(max_gap_s=0.03, min_length=4)
    assert keys(detector, "ok\r", 0.0, 0.01) == [WedgeAction("type", "ok"), WedgeAction("type", "\n")]


def test_a_burst_without_enter_is_typing_and_a_slow_enter_after_a_burst_is_not_a_scan() -> None:
    detector = WedgeDetector(max_gap_s=0.03)
    actions = keys(detector, "NC2026112700", 0.0, 0.005)
    assert actions == []
    actions += detector.key("\r", 1.0)
    assert actions == [WedgeAction("type", "NC2026112700"), WedgeAction("type", "\n")]


def test_typing_then_a_scan() -> None:
    detector = WedgeDetector(max_gap_s=0.03)
    actions = keys(detector, "ab", 0.0, 0.3)
    actions += keys(detector, "NC20261127000001\n", 1.0, 0.01)
    assert actions == [WedgeAction("type", "a"), WedgeAction("type", "b"), WedgeAction("scan", "NC20261127000001")]


def test_an_endless_burst_is_cut_at_the_length_limit_and_typed() -> None:
    detector = WedgeDetector(max_gap_s=0.03, max_length=8)
    actions = keys(detector, "X" * 10, 0.0, 0.001)
    assert actions == [WedgeAction("type", "X" * 8)]


def test_from_config() -> None:
    assert WedgeDetector.from_config(ScannerConfig(wedge_max_gap_ms=40)).max_gap_s == 0.04
