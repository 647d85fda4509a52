"""Collections run between frames on the UI thread while the window runs, and by Python's collector after."""

import gc
import threading
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
