"""Shared by the UI tests of 三务公开 and 预约办理 (they reuse test_app's module-scoped app)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_app import pump


@pytest.fixture(autouse=True)
def ends_on_the_attract_screen(app: Any) -> Iterator[None]:
    """Each test ends its session: an app left in one keeps its idle timer scheduled after its module ends, and its
    idle warning would open over the next module's window. Import it into a module to apply it there."""
    yield
    app.end_session("test over")
    pump()
