"""Collections run between frames on the UI thread while the window runs, and by Python's collector after."""

import gc
import threading
import time
import weakref

from kiosk.ui.collector import UiThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def _garbage_cycle() -> weakref.ref:
    return weakref.ref(Node())


def test_a_cycle_made_on_a_worker_thread_is_freed_between_frames_and_not_on_the_worker() -> None:
    collector = UiThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()
        made: list[weakref.ref] = []

        def worker() -> None:
            made.append(_garbage_cycle())
            for _ in range(10 * gc.get_threshold()[0]):  # far past the threshold: Python would collect here
                Node()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert made[0]() is not None  # the worker's allocations collected nothing
        collector.collect()  # as the clock does between frames
        assert made[0]() is None
    finally:
        collector.stop()
    assert gc.isenabled()


def _full_collection_due() -> list[Node]:
    """Collection counts past every threshold of (1, 1, 1): the next collection between frames may be a full one.
    The objects returned count as allocated while they live."""
    gc.collect(1)
    gc.collect(1)
    gc.collect(0)
    gc.collect(0)
    return [Node() for _ in range(5)]


def _generations_collected(collector: UiThreadCollector) -> list[int]:
    seen: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    alive = _full_collection_due()
    gc.callbacks.append(record)
    try:
        collector.collect()
    finally:
        gc.callbacks.remove(record)
    del alive
    return seen


def test_a_full_collection_waits_until_nobody_is_at_the_kiosk(monkeypatch) -> None:
    from kiosk.ui import collector as module

    quiet = [False]
    collector = UiThreadCollector(quiet=lambda: quiet[0])
    thresholds = gc.get_threshold()
    gc.disable()
    gc.set_threshold(1, 1, 1)
    try:
        now = time.monotonic()
        monkeypatch.setattr(module.time, "monotonic", lambda: now + module.FULL_COLLECTION_EVERY + 1)
        assert _generations_collected(collector) == [1]  # a citizen at the kiosk: the younger objects only
        quiet[0] = True
        assert _generations_collected(collector) == [2]
        quiet[0] = False
        monkeypatch.setattr(module.time, "monotonic", lambda: now + 2 * module.FULL_COLLECTION_AT_LATEST)
        assert _generations_collected(collector) == [2]  # busy all day: at the latest after this long
    finally:
        gc.set_threshold(*thresholds)
        gc.enable()
