"""The UI tests' app: the kiosk in a real offscreen Kivy window with its real runtime (simulated reader, scanner
and printer on pseudo-terminals, the sandbox platform on loopback), one per test module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.base.config import load_config, scratch_copy
from kiosk.core.catalog import load_catalog

from ui_support import pump


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    # The shipped config with its state (outbox, keys, printed receipts) in a folder of its own; the window itself
    # was configured by conftest.py.
    # A township centre's level: every item is offered there, so each can be walked through (the shipped demo
    # station is a village one, which sends 开办公司 and a few others to where they are offered).
    shipped = load_config(environ={"KIOSK_BACKEND__SANDBOX_PAY_AFTER_S": "1", "KIOSK_STATION__LEVEL": "township"})
    config = scratch_copy(shipped, tmp_path_factory.mktemp("kiosk"))
    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp

    runtime = Runtime(config)
    runtime.start()
    runtime.prepare_input()
    kiosk = KioskApp(config, load_catalog(config.catalog_path), runtime)
    kiosk._run_prepare()  # builds the root and opens the window without entering the main loop
    pump()
    yield kiosk
    kiosk.stop()
    runtime.stop()
