"""The receipt printer as a Device: a print queue served on the device's own thread (Supervisor -> serve), with
status that does not lie.

Before each job the printer is asked for its real-time status; a job is sent only when it is ok (or its paper
is merely near the end). A job the printer refused before it started (paper out, cover open, no answer) is
reported failed at once and kept for a retry until it expires. Once its bytes went out a job is never sent
again, so a receipt with personal data is printed at most once: after it GS r 1 (answered only once everything
before it was processed) waits for the printing to finish and the status is asked again; the job is "printed"
when the printer answered both and did not stop, "failed" for good when it reports it stopped, and "sent"
(reason "not_confirmed") when it cannot say: many printers answer DLE EOT but not GS r 1. The paper used is
counted since the last refill.

Callers (the app, the UI) use `submit`, `cancel`, `jobs`, `paper_replaced`, `refresh_status`; none of them block:
all I/O happens on the device thread, and events ("status": Status, "job": JobUpdate, "paper": PaperCount) are
published from there, except that a submit to a printer known to be unreachable reports its failure at once
from the caller's thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.base.i18n import _
from kiosk.base.printer_uri import PrinterUri
from kiosk.devices.base import Device, DeviceError, DeviceGone, State
from kiosk.devices.escpos.paper import Paper
from kiosk.devices.escpos.reader import EscposReader
from kiosk.devices.escpos.writer import PrinterProfile
from kiosk.devices.printer.jobs import JobState, JobUpdate, Printable, PrintJob
from kiosk.devices.printer.link import Link, Timeouts, open_link
from kiosk.devices.printer.paper_counter import PaperCount, PaperCounter
from kiosk.devices.printer.status import (
    Condition,
    PrinterCondition,
    Reason,
    query_condition,
    wait_until_printed,
)

log = logging.getLogger(__name__)
_TO_STATE = {Condition.OK: State.OK, Condition.PROBLEM: State.ERROR, Condition.UNKNOWN: State.UNKNOWN}


def _job_message(reason: str) -> str:
    """Citizen-facing words for why a receipt did not print ("" for a reason without any)."""
    return {
        "expired": _("回执未能及时打印，已取消。请以屏幕上的回执为准"),
        "not_confirmed": _("请取走凭条"),
        "stopped": _("打印中断"),
        "render": _("回执内容无法生成"),
        "link": _("打印机连接中断"),
        "cancelled": _("已取消打印"),
    }.get(reason, "")


@dataclass(frozen=True)
class QueueSettings:
    poll_interval: float = 15.0
    retry_interval: float = 5.0
    expiry: float = 180.0
    print_speed_mm_s: float = 60.0  # slowest printers we meet; bounds the wait for a job to finish


class ReceiptPrinter(Device):
    kind = "printer"

    def __init__(self, uri: PrinterUri, profile: PrinterProfile = PrinterProfile(),
                 settings: QueueSettings = QueueSettings(), timeouts: Timeouts = Timeouts(),
                 counter: PaperCounter | None = None, name: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(name)
        self.uri = uri
        self.profile = profile
        self.settings = settings
        self.timeouts = timeouts
        self.counter = counter or PaperCounter(None)
        self._clock = clock
        self._lock = threading.Lock()
        self._jobs: list[PrintJob] = []
        self._wake = threading.Event()
        self._link: Link | None = None
        self._condition = PrinterCondition(Condition.UNKNOWN, Reason.NO_ANSWER, "not opened yet")
        self._next_poll = 0.0

    # -- API for the app (any thread, never blocks) --------------------------------------------------------
    def submit(self, document: Printable) -> str:
        """Queue a receipt (anything with `escpos(profile)`); returns the job id used in "job" events."""
        job = PrintJob(document, created=self._clock())
        unreachable = self._link is None and self.status.state in (State.DISCONNECTED, State.ERROR)
        with self._lock:
            self._jobs.append(job)
            job.announced = unreachable
        if unreachable:  # the device thread is waiting to reopen: tell the citizen now, from here
            self.publish("job", self._update(job, kept=True))
            self._fail(job, "disconnected", self.status.message, sent=False)
        self._wake.set()
        return job.id

    def cancel(self, job_id: str) -> bool:
        """Drop a job not yet sent (the citizen left, or chose the on-screen receipt); the "cancelled" event
        follows from the device thread."""
        with self._lock:
            job = next((j for j in self._jobs if j.id == job_id and j.state is not JobState.PRINTING), None)
            if job is None:
                return False
            job.cancelled = True
        self._wake.set()
        return True

    def jobs(self) -> list[JobUpdate]:
        with self._lock:
            return [self._update(j, kept=True) for j in self._jobs]

    @property
    def condition(self) -> PrinterCondition:
        return self._condition

    @property
    def paper(self) -> PaperCount:
        return self.counter.count

    def paper_replaced(self) -> PaperCount:
        """Staff action "纸已更换": restart the paper count and check the printer again."""
        count = self.counter.replaced()
        self.publish("paper", count)
        self.refresh_status()
        return count

    def refresh_status(self) -> None:
        """Ask the device thread to query the printer now (the answer comes as a "status" event)."""
        self._next_poll = 0.0
        self._wake.set()

    # -- Device --------------------------------------------------------------------------------------------
    def open(self) -> None:
        try:
            self._link = open_link(self.uri, self.timeouts)
        except DeviceError as exc:
            self._unreachable(exc)
            raise
        self._check()

    def _unreachable(self, exc: DeviceError) -> None:
        """While the printer cannot be opened (the supervisor retries with backoff), waiting jobs are reported
        failed and still expire."""
        self._expire(self._clock())
        with self._lock:
            waiting = [j for j in self._jobs if not j.cancelled]
        for job in waiting:
            job.announced = True
            self._fail(job, "disconnected", exc.message, sent=False)

    def close(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except OSError as exc:
                log.warning("printer %s: close failed: %s", self.name, exc)

    def serve(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            self._tick()
            # Short slices so a stop is noticed promptly; a submit wakes the loop at once.
            self._wake.wait(min(self._sleep_time(), 0.25))

    def _sleep_time(self) -> float:
        now = self._clock()
        with self._lock:
            waits = [j.next_try - now for j in self._jobs] + [j.created + self.settings.expiry - now for j in self._jobs]
        waits.append(self._next_poll - now)
        return min(max(0.05, min(waits)), self.settings.poll_interval)

    # -- the queue -----------------------------------------------------------------------------------------
    def _tick(self) -> None:
        now = self._clock()
        self._expire(now)
        with self._lock:
            for queued in self._jobs:
                if not queued.announced:
                    queued.announced = True
                    self.publish("job", self._update(queued, kept=True))
            job = next((j for j in self._jobs if j.next_try <= now and not j.cancelled), None)
        if job is not None:
            self._attempt(job)
        elif now >= self._next_poll:
            self._check()

    def _expire(self, now: float) -> None:
        with self._lock:
            cancelled = [j for j in self._jobs if j.cancelled]
            old = [j for j in self._jobs if now - j.created >= self.settings.expiry and not j.cancelled]
            for job in cancelled + old:
                self._jobs.remove(job)
        for job in cancelled:
            self._finish(job, JobState.CANCELLED, "cancelled")
        for job in old:
            self._finish(job, JobState.EXPIRED, "expired")

    def _check(self) -> PrinterCondition:
        link = self._link
        if link is None:
            raise DeviceGone(_("打印机未连接"), "no link")
        if not link.two_way:
            condition = PrinterCondition(Condition.UNKNOWN, Reason.ONE_WAY, str(self.uri))
        else:
            condition = query_condition(link, self.timeouts.status)
        self._condition = condition
        self._next_poll = self._clock() + self.settings.poll_interval
        state = State.WARNING if condition.reason is Reason.PAPER_NEAR_END else _TO_STATE[condition.condition]
        self.set_status(state, condition.message, condition.detail)
        return condition

    def _attempt(self, job: PrintJob) -> None:
        link = self._link
        if link is None:
            raise DeviceGone(_("打印机未连接"), "no link")
        before = self._check()
        if link.two_way and not before.printable:
            self._fail(job, before.reason.value, before.message, sent=False)
            return
        try:
            data = job.document.escpos(self.profile)
        except Exception:  # a receipt that cannot be rendered will not render on retry either
            log.exception("printer %s: cannot render a %s", self.name, job.document.kind)
            with self._lock:
                self._jobs.remove(job)
            job.state, job.reason, job.message = JobState.FAILED, "render", _job_message("render")
            self.publish("job", self._update(job, kept=False))
            return
        job.state, job.reason, job.message, job.sends = JobState.PRINTING, "", "", job.sends + 1
        self.publish("job", self._update(job, kept=True))
        try:
            link.write(data)
        except DeviceGone:
            self._fail(job, "link", _job_message("link"), sent=True)
            raise
        length = _paper_length_mm(data, self.profile.dots)
        if not link.two_way:
            self.counter.add(length)
            self._finish(job, JobState.SENT, "one_way")
            return
        transfer = len(data) * 10 / self.uri.baud if self.uri.kind == "serial" else 0.0
        finished = wait_until_printed(link, 2.0 + transfer + length / self.settings.print_speed_mm_s)
        after = self._check()
        if after.stopped:
            self._fail(job, "stopped", _("打印中断：{why}").format(why=after.message), sent=True)
            return
        count = self.counter.add(length)
        self.publish("paper", count)
        with self._lock:
            if job in self._jobs:
                self._jobs.remove(job)
        if finished and after.condition is not Condition.UNKNOWN:
            self._finish(job, JobState.PRINTED, "")
        else:  # most likely printed: sending it again would give the next citizen a copy with personal data
            self._finish(job, JobState.SENT, "not_confirmed")

    def _fail(self, job: PrintJob, reason: str, message: str, sent: bool) -> None:
        """Report a job that did not print; keep it for a retry only when none of it went out (`sent` false)."""
        kept = not sent
        changed = (job.state, job.reason) != (JobState.FAILED, reason)
        job.state, job.reason, job.message = JobState.FAILED, reason, message
        job.next_try = self._clock() + self.settings.retry_interval
        if not kept:
            with self._lock:
                if job in self._jobs:
                    self._jobs.remove(job)
        if changed or not kept:
            self.publish("job", self._update(job, kept=kept))

    def _finish(self, job: PrintJob, state: JobState, reason: str) -> None:
        job.state, job.reason = state, reason
        job.message = _job_message(reason)
        self.publish("job", self._update(job, kept=False))

    def _update(self, job: PrintJob, kept: bool) -> JobUpdate:
        return JobUpdate(job.id, job.document.kind, job.state, job.reason, job.message, kept, job.sends)


def _paper_length_mm(data: bytes, dots: int) -> float:
    printed: list[Paper] = []
    reader = EscposReader(dots=dots, on_cut=printed.append)
    reader.feed(data)
    return sum(p.length_mm() for p in printed) or reader.pending.length_mm()
