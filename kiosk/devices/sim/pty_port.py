"""A simulated serial device on a pseudo-terminal. The driver opens the pty's stable name (a symlink, like
`/dev/serial/by-id/...`); "unplugging" closes the pty and removes the name, "plugging back" makes a new pty
behind the same name, so the driver sees exactly what a vanished USB serial adapter looks like.

All file-descriptor work happens on the simulator's own thread; control calls from other threads are queued
and wait until the thread has carried them out.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.devices.idcard.protocol import wire_seconds

log = logging.getLogger(__name__)

_TICK_S = 0.01
_WRITE_WAIT_S = 0.5
_PACED_PIECE = 32  # bytes per write when pacing at a baud rate (about 3 ms at 115200)


@dataclass(frozen=True)
class Pacing:
    """How bytes leave the simulated device: at a baud rate (None: as fast as the pty takes them), in pieces
    of `piece` bytes with `gap_s` between them (0: one piece)."""

    baud: int | None = None
    piece: int = 0
    gap_s: float = 0.0


class PtySimulator:
    """Base of the simulators: owns the pty and a worker thread; subclasses implement `on_bytes`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._dir = Path(tempfile.mkdtemp(prefix=f"kiosk-sim-{name}-"))
        self.port = str(self._dir / name)
        self.pacing = Pacing()
        self._master = -1
        self._slave = -1
        self._calls: queue.Queue[tuple[Callable[[], object], threading.Event]] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sim-{name}", daemon=True)

    # -- control (any thread) -----------------------------------------------------------------------------
    def start(self) -> str:
        """Plug in and start answering; returns the port name the driver should open."""
        self._plug()
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(3.0)
        self._unplug()
        shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def plugged(self) -> bool:
        return self._master >= 0

    def unplug(self) -> None:
        """Close the pty and remove its name, as when the USB cable is pulled."""
        self.call(self._unplug)

    def replug(self) -> None:
        """A new pty behind the same name, as when the cable is plugged back in."""
        self.call(self._plug)

    def call(self, func: Callable[[], object], timeout: float = 5.0) -> None:
        """Run `func` on the simulator's thread and wait for it (directly when the thread is not running)."""
        if not self._thread.is_alive() or threading.current_thread() is self._thread:
            func()
            return
        done = threading.Event()
        self._calls.put((func, done))
        done.wait(timeout)

    # -- for subclasses (simulator thread) ----------------------------------------------------------------
    def on_bytes(self, data: bytes) -> None:
        """Bytes the host wrote."""

    def on_power_off(self) -> None:
        """Unplugged: forget what a device forgets without power."""

    def send(self, data: bytes, pacing: Pacing | None = None) -> None:
        """Write to the host as the device would: paced, in pieces. Bytes nobody reads are lost (like a line
        with nothing attached)."""
        if self._master < 0:
            return
        pacing = pacing or self.pacing
        piece = pacing.piece or (_PACED_PIECE if pacing.baud else len(data)) or 1
        due = time.monotonic()
        for index, offset in enumerate(range(0, len(data), piece)):
            chunk = data[offset:offset + piece]
            if index and pacing.gap_s:
                time.sleep(pacing.gap_s)
            if pacing.baud:
                # A chunk is there only once its last byte has crossed the line at the baud rate.
                due = max(due, time.monotonic()) + wire_seconds(len(chunk), pacing.baud)
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            self._write(chunk)

    # -- internals ----------------------------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                written = os.write(self._master, view)
            except BlockingIOError:
                # The pty's buffer is full: wait a little for the host to read, else the bytes are lost.
                _, writable, _ = select.select([], [self._master], [], _WRITE_WAIT_S)
                if not writable:
                    log.debug("sim %s: host not reading, %d bytes lost", self.name, len(view))
                    return
                continue
            except OSError:
                log.debug("sim %s: write failed, pty gone", self.name)
                return
            view = view[written:]

    def _plug(self) -> None:
        if self._master >= 0:
            return
        master, slave = os.openpty()
        # Raw: no echo, no CR/LF translation, no XON/XOFF, so every byte passes unchanged both ways.
        tty.setraw(slave)
        tty.setraw(master)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        link = Path(self.port)
        link.unlink(missing_ok=True)
        link.symlink_to(os.ttyname(slave))

    def _unplug(self) -> None:
        Path(self.port).unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1
        self.on_power_off()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._run_calls()
            if self._master < 0:
                self._stop.wait(_TICK_S)
                continue
            try:
                readable, _, _ = select.select([self._master], [], [], _TICK_S)
            except (OSError, ValueError):
                continue
            if readable:
                try:
                    data = os.read(self._master, 4096)
                except (BlockingIOError, OSError):
                    data = b""
                if data:
                    self.on_bytes(data)

    def _run_calls(self) -> None:
        while True:
            try:
                func, done = self._calls.get_nowait()
            except queue.Empty:
                return
            try:
                func()
            except Exception:
                log.exception("sim %s: control call failed", self.name)
            finally:
                done.set()
