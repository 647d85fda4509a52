"""The faults a soak run injects, each through the control its simulator offers (never by patching the kiosk):

- the platform slow, failing, hanging, dropping connections or down, in phases (sandbox `set_faults`);
- paper running out and the cover opened while a receipt prints (virtual printer), staff fixing it soon after;
- the ID reader unplugged while a frame is on the wire (simulator unplug/replug, the reply sent in pieces);
- the document camera gone for a while (its supervisor stopped: the device closed, as when the cable is pulled).

Every fault is counted by kind; `settle()` waits for the repairs so a fault never outlives its session.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

from kiosk.devices.base import Supervisor
from kiosk.runtime.runtime import Runtime
from kiosk.sandbox.server import Faults, SandboxHandle

PHASE_SESSIONS = 40  # the platform's condition changes this often
PLATFORM_PHASES = {
    "healthy": Faults(),
    "slow": Faults(latency_s=0.3),
    "failing": Faults(error_rate=0.3),
    "hanging": Faults(hang_rate=0.1, hang_s=3.0),
    "dropping": Faults(drop_before_rate=0.1, drop_after_rate=0.15),
    "down": Faults(error_rate=1.0),
}
CARD_UNPLUG = 0.08  # per card read
PAPER_OUT = 0.06  # per receipt
COVER_OPEN = 0.04  # per receipt
CAMERA_GONE = 0.02  # per session, for CAMERA_GONE_SESSIONS sessions
CAMERA_GONE_SESSIONS = 8
REPAIR_S = 0.5  # staff refill the paper, close the cover, plug the reader back


class FaultInjector:
    def __init__(self, runtime: Runtime, sandbox: SandboxHandle, rng: random.Random) -> None:
        self.runtime = runtime
        self.sandbox = sandbox
        self.rng = rng
        self.counts: Counter[str] = Counter()
        self.camera_gone = False
        self._camera_back_after = 0
        self._timers: list[threading.Timer] = []

    def _later(self, delay: float, action: Any) -> None:
        timer = threading.Timer(delay, action)
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def settle(self) -> None:
        """Wait for every pending fault and repair to have happened."""
        for timer in self._timers:
            timer.join()
        self._timers.clear()

    # -- between sessions -------------------------------------------------------------------------------------
    def between_sessions(self, index: int) -> None:
        self.settle()
        if index % PHASE_SESSIONS == 0:
            phase = "healthy" if index == 0 else self.rng.choice(sorted(PLATFORM_PHASES))
            self.sandbox.set_faults(PLATFORM_PHASES[phase])
            if phase != "healthy":
                self.counts[f"platform_{phase}"] += 1
        self._camera(index)

    def _camera(self, index: int) -> None:
        camera = self.runtime.camera
        if camera is None:
            return
        if self.camera_gone and index >= self._camera_back_after:
            self.runtime.supervisors.append(Supervisor(camera).start())
            self.camera_gone = False
        elif not self.camera_gone and self.rng.random() < CAMERA_GONE:
            supervisor = next(s for s in self.runtime.supervisors if s.device is camera)
            self.runtime.supervisors.remove(supervisor)
            supervisor.stop()
            self.camera_gone = True
            self._camera_back_after = index + CAMERA_GONE_SESSIONS
            self.counts["camera_gone"] += 1

    def calm(self) -> None:
        """Every fault off (the end of the run: the outbox must now deliver everything)."""
        self.settle()
        self.sandbox.set_faults(Faults())
        if self.camera_gone and self.runtime.camera is not None:
            self.runtime.supervisors.append(Supervisor(self.runtime.camera).start())
            self.camera_gone = False

    # -- during a session -----------------------------------------------------------------------------------
    def card_placed(self) -> None:
        sim = self.runtime.idcard_sim
        if sim is None or self.rng.random() >= CARD_UNPLUG:
            return
        self.counts["reader_unplugged"] += 1
        sim.set_fault(pieces=(16, 0.004))  # the photo frame takes a while on the wire: the unplug lands in it
        unplug_at = self.rng.uniform(0.02, 0.25)

        def replug() -> None:
            sim.clear_faults()
            sim.replug()

        self._later(unplug_at, sim.unplug)
        self._later(unplug_at + REPAIR_S, replug)

    def card_done(self) -> None:
        self.settle()

    def printing(self) -> None:
        printer = getattr(self.runtime.printer, "simulator", None)
        if printer is None:
            return
        roll = self.rng.random()
        if roll < PAPER_OUT:
            self.counts["paper_out"] += 1
            printer.run_out_after(0)  # the roll ends in the middle of this receipt
            self._later(REPAIR_S, lambda: printer.set_paper("ok"))
        elif roll < PAPER_OUT + COVER_OPEN:
            self.counts["cover_open"] += 1
            self._later(self.rng.uniform(0.0, 0.05), printer.open_cover)
            self._later(REPAIR_S, printer.close_cover)
