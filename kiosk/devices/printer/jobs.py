"""Print jobs and what the print queue reports about them.

A job moves queued -> printing -> printed. It is "failed" when it could not print (the reason says why); a
failed job is kept and tried again until it expires, so the citizen is told at once and the receipt still comes
out when staff fix the printer quickly, but never minutes later for the next citizen ("expired"). Only a job the
printer refused before it started is tried again: once sent, a job is never sent twice. When the printer cannot
confirm the printing (a one-way file: link, reason "one_way"; a printer that answers DLE EOT but not GS r 1, or
nothing after the job, reason "not_confirmed") the job ends "sent": sent, not confirmed.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from kiosk.devices.escpos.writer import PrinterProfile


class JobState(str, Enum):
    QUEUED = "queued"
    PRINTING = "printing"
    PRINTED = "printed"
    SENT = "sent"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


FINAL = {JobState.PRINTED, JobState.SENT, JobState.EXPIRED, JobState.CANCELLED}


class Printable(Protocol):
    """Anything the queue can print: a Receipt, or RawDocument."""

    kind: str
    title: str

    def escpos(self, profile: PrinterProfile) -> bytes: ...


@dataclass(frozen=True)
class RawDocument:
    """Bytes prepared elsewhere (a test page, a reprint)."""

    data: bytes
    kind: str = "raw"
    title: str = ""

    def escpos(self, profile: PrinterProfile) -> bytes:
        return self.data


_ids = itertools.count(1)


@dataclass
class PrintJob:
    document: Printable
    created: float = field(default_factory=time.monotonic)
    id: str = field(default_factory=lambda: f"job-{next(_ids)}")
    state: JobState = JobState.QUEUED
    reason: str = ""
    message: str = ""
    sends: int = 0
    next_try: float = 0.0
    announced: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class JobUpdate:
    """The payload of a "job" event."""

    job_id: str
    kind: str
    state: JobState
    reason: str = ""  # a code: paper_out, no_answer, expired, ...
    message: str = ""  # plain Chinese for the citizen's screen
    kept: bool = False  # a failed job still in the queue (will be tried again until it expires)
    sends: int = 0

    @property
    def final(self) -> bool:
        return self.state in FINAL or (self.state is JobState.FAILED and not self.kept)

    def as_dict(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "kind": self.kind, "state": self.state.value, "reason": self.reason,
                "message": self.message, "kept": self.kept, "sends": self.sends}
