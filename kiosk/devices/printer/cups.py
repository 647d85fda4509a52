"""A4 documents through CUPS: `lp` submits a PDF to the configured queue, `lpstat` tells what became of the job.
Every call has a timeout; a missing `lp` or a refusing queue is a DeviceError with a message for staff.
These calls block for up to their timeouts: run them on a worker, never on the UI thread."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.base.i18n import _
from kiosk.devices.base import DeviceError

_REQUEST_ID = re.compile(r"request id is (\S+)")
Outcome = Literal["completed", "pending", "failed", "unknown"]


@dataclass(frozen=True)
class CupsResult:
    job_id: str
    outcome: Outcome
    detail: str = ""


class CupsQueue:
    def __init__(self, queue: str, lp: str = "lp", lpstat: str = "lpstat", timeout: float = 10.0,
                 cancel: str = "cancel") -> None:
        if not queue or not re.fullmatch(r"[A-Za-z0-9_.@-]+", queue):
            raise DeviceError(_("A4 打印队列名称有误"), f"bad CUPS queue name {queue!r}")
        self.queue = queue
        self.lp = lp
        self.lpstat = lpstat
        self.cancel_program = cancel
        self.timeout = timeout

    def submit_command(self, pdf: Path, title: str, true_size: bool = False) -> list[str]:
        """`true_size`: printed at 100% (a copy of a card or a page), else fitted to the printable area."""
        scaling = "print-scaling=none" if true_size else "fit-to-page"
        return [self.lp, "-d", self.queue, "-t", title, "-o", "media=A4", "-o", scaling, str(pdf)]

    def _run(self, command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, check=False)
        except FileNotFoundError:
            raise DeviceError(_("未安装 A4 打印服务（CUPS）"), f"{command[0]} not found") from None
        except subprocess.TimeoutExpired:
            raise DeviceError(_("A4 打印服务无响应"), f"{command[0]} took over {self.timeout}s") from None
        if done.returncode != 0:
            raise DeviceError(_("A4 打印机拒绝了打印任务"), f"{command[0]} exit {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def submit(self, pdf: Path, title: str, true_size: bool = False) -> str:
        """Send a PDF; returns the CUPS job id (QUEUE-N)."""
        out = self._run(self.submit_command(pdf, title, true_size))
        match = _REQUEST_ID.search(out)
        if not match:
            raise DeviceError(_("A4 打印服务应答无法识别"), f"lp said {out.strip()!r}")
        return match.group(1)

    def _listed(self, which: str, job_id: str) -> bool:
        out = self._run([self.lpstat, "-W", which, "-o", self.queue])
        return any(line.split()[:1] == [job_id] for line in out.splitlines())

    def outcome(self, job_id: str) -> CupsResult:
        if self._listed("not-completed", job_id):
            state = self._run([self.lpstat, "-p", self.queue])
            if "disabled" in state:
                return CupsResult(job_id, "failed", state.strip())
            return CupsResult(job_id, "pending")
        if self._listed("completed", job_id):
            return CupsResult(job_id, "completed")
        return CupsResult(job_id, "unknown", "job not listed by lpstat")

    def print_pdf(self, pdf: Path, title: str, wait: float = 60.0, poll: float = 1.0,
                  true_size: bool = False) -> CupsResult:
        """Submit and follow the job until it completes, fails, or `wait` runs out (then "pending")."""
        job_id = self.submit(pdf, title, true_size)
        deadline = time.monotonic() + wait
        while True:
            result = self.outcome(job_id)
            if result.outcome != "pending" or time.monotonic() >= deadline:
                return result
            time.sleep(poll)

    def cancel(self, job_id: str) -> None:
        """Cancel a job that has not printed, and delete its document from the server's spool."""
        self._run([self.cancel_program, "-x", job_id])

    def purge_finished(self) -> bool:
        """Delete the documents of the queue's finished jobs from the server's spool (CUPS keeps them for a day
        unless cupsd.conf says `PreserveJobFiles No`). Only when no job waits: purging cancels waiting jobs too.
        True when purged."""
        if self._run([self.lpstat, "-W", "not-completed", "-o", self.queue]).strip():
            return False
        self._run([self.cancel_program, "-a", "-x", self.queue])
        return True
