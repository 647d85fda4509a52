"""An X server for the tests that need a real display (Xvfb, which scripts/setup.sh installs)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def xvfb(size: tuple[int, int] = (1280, 800), needs: tuple[str, ...] = ()) -> Iterator[str]:
    """A running Xvfb's display name, its screen `size`; the test is skipped where Xvfb (or a program of `needs`)
    is not installed."""
    missing = [program for program in ("Xvfb", *needs) if shutil.which(program) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (scripts/setup.sh installs them)")
    read, write = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it once it accepts connections.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size[0]}x{size[1]}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)
