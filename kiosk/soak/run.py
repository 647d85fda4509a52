"""A soak run: many simulated citizens at the real runtime (devices on their simulators, the sandbox platform),
optionally with faults and with the kiosk process killed and restarted, then an audit of what the platform got.

    report = run_soak(config, sessions=200, faults=True, seed=1, work_dir=tmp)

Layout of `work_dir`: `platform/` (the sandbox's store; the platform outlives the kiosk), `kiosk/` (the kiosk's
data: outbox, key, printer counter), `logs/` (JSON logs, masked), `secret.key` (shared by kiosk and sandbox).

With faults, the first tenth of the sessions runs in a child process (`python -m kiosk.soak.child`) which is
killed with SIGKILL in the middle of a session; the kiosk started again on the same data must then deliver
what the killed one had queued, exactly once.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk import CONFIG_DIR, PROJECT_ROOT
from kiosk.backend.keyfile import load_or_create_key
from kiosk.base.config import KioskConfig, load_config
from kiosk.base.logs import JsonFormatter
from kiosk.base.privacy import MaskingFilter
from kiosk.sandbox.server import SandboxHandle, start_sandbox

log = logging.getLogger(__name__)

IDENTITIES = CONFIG_DIR / "sim" / "identities.yaml"
DRAIN_S = 120.0  # after the last session, with every fault off, the outbox must be empty within this
CHILD_SHARE = 10  # with faults, sessions // CHILD_SHARE run in the process that is killed
SUBMIT_WAIT_S = 1.0  # the citizen's wait for the platform's receipt (the kiosk's own is longer; same logic)
PAY_POLL_S = 0.05  # the sandbox is paid at once through its control: no need to poll slowly


@dataclass
class SoakReport:
    sessions: int = 0
    completed: int = 0
    degraded: dict[str, int] = field(default_factory=dict)
    submitted: int = 0
    delivered: int = 0
    duplicates: int = 0
    lost: int = 0
    unhandled: int = 0
    receipts_printed: int = 0  # cut by the virtual printer
    receipts_duplicated: int = 0  # copies beyond the first of one print job: must be 0
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def met(self) -> bool:
        return not (self.lost or self.duplicates or self.unhandled or self.receipts_duplicated) \
            and self.rss_end_mb - self.rss_start_mb < 20


def soak_config(base: KioskConfig, work_dir: Path, platform_url: str) -> KioskConfig:
    """The kiosk's own configuration, with its data in `work_dir`, talking to the soak's platform, and the
    waits that only slow a soak down shortened (within the limits the config allows)."""
    data = work_dir / "kiosk"
    overrides = {
        "KIOSK_PATHS__DATA_DIR": str(data),
        "KIOSK_BACKEND__URL": platform_url,
        "KIOSK_BACKEND__SECRET_FILE": str(work_dir / "secret.key"),
        "KIOSK_BACKEND__OUTBOX_FILE": str(data / "outbox.sqlite"),
        "KIOSK_BACKEND__OUTBOX_KEY_FILE": str(data / "outbox.key"),
        "KIOSK_BACKEND__OUTBOX_RETRY_MAX_S": "2",
        "KIOSK_BACKEND__READ_TIMEOUT_S": "2",
        "KIOSK_BACKEND__RETRY_BACKOFF_S": "0.05",
        "KIOSK_DEVICES__IDCARD__POLL_INTERVAL_MS": "50",
        "KIOSK_DEVICES__PRINTER__RETRY_INTERVAL_S": "1",
        "KIOSK_DEVICES__PRINTER__SIM_ANSWERS": base.devices.printer.sim_answers,
        "KIOSK_DEVICES__SCANNER__DRIVER": "none",
        "KIOSK_DEVICES__CAMERA__WIDTH": "960",
        "KIOSK_DEVICES__CAMERA__HEIGHT": "540",
        "KIOSK_DEVICES__CAMERA__FPS": "5",
        "KIOSK_DEVICES__FACE_CAMERA__DRIVER": "none",
    }
    return load_config(base.source, environ=overrides)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _ExceptionCounter(logging.Handler):
    """Counts what the kiosk logged as an exception (a traceback): each is an unhandled failure somewhere."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.count += 1


class _Logging:
    """The soak's logs: masked JSON lines in `log_dir`, and the count of logged exceptions."""

    def __init__(self, log_dir: Path, name: str) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.file = logging.FileHandler(log_dir / name, encoding="utf-8")
        self.file.setFormatter(JsonFormatter())
        self.file.addFilter(MaskingFilter())
        self.counter = _ExceptionCounter()
        self.root = logging.getLogger()
        self.level = self.root.level

    def __enter__(self) -> _Logging:
        self.root.addHandler(self.file)
        self.root.addHandler(self.counter)
        self.root.setLevel(min(self.level or logging.WARNING, logging.INFO))
        return self

    def __exit__(self, *exc: object) -> None:
        self.root.removeHandler(self.file)
        self.root.removeHandler(self.counter)
        self.root.setLevel(self.level)
        self.file.close()


class ReceiptTally:
    """What the virtual printer cut, each receipt counted for the print job being sent when it came out (jobs go
    out one at a time on the printer's thread): a job with two receipts gave someone a second copy."""

    def __init__(self, printer: Any) -> None:
        self.simulator = getattr(printer, "simulator", None)
        self._marks: list[tuple[int, str]] = []  # (receipts cut so far, job id) as each send starts
        if self.simulator is not None:
            printer.subscribe(self._on_event)

    def _on_event(self, event: Any) -> None:
        if event.kind == "job" and event.payload.state.value == "printing":
            self._marks.append((self.simulator.receipt_count, event.payload.job_id))

    def counts(self) -> tuple[int, int]:
        """(receipts printed, receipts duplicated)."""
        if self.simulator is None:
            return 0, 0
        total = self.simulator.receipt_count
        per_job: Counter[str] = Counter()
        ends = [cut for cut, _ in self._marks[1:]] + [total]
        for (start, job), end in zip(self._marks, ends):
            per_job[job] += end - start
        return total, sum(max(0, n - 1) for n in per_job.values())


def demo_phones() -> dict[str, str]:
    citizens = yaml.safe_load(IDENTITIES.read_text(encoding="utf-8"))["citizens"]
    return {str(c["id_number"]): str(c["phone"]) for c in citizens if c.get("phone")}


class Soaker:
    """One kiosk process's part of a soak: its runtime, its citizens, their outcomes."""

    def __init__(self, config: KioskConfig, sandbox: SandboxHandle | None, faults: bool, seed: int) -> None:
        from kiosk.core.catalog import load_catalog
        from kiosk.devices.sim.citizens import load_citizens
        from kiosk.runtime.runtime import Runtime
        from kiosk.soak.citizen import SoakKiosk
        from kiosk.soak.faults import FaultInjector

        self.rng = random.Random(seed)
        self.runtime = Runtime(config)
        self.runtime.start()
        if self.runtime.backend is None or self.runtime.work is None:
            raise RuntimeError("the kiosk's backend did not start (see the log)")
        self.runtime.work.submit_wait_s = SUBMIT_WAIT_S
        self.runtime.work.pay_poll_s = PAY_POLL_S
        self.injector = FaultInjector(self.runtime, sandbox, self.rng) if faults and sandbox is not None else None
        self.kiosk = SoakKiosk(self.runtime, load_catalog(config.catalog_path), load_citizens(), demo_phones(),
                               pay=sandbox.pay if sandbox is not None else _Payer(config.backend.url),
                               injector=self.injector)
        self.outcomes: Counter[str] = Counter()
        self.receipts = ReceiptTally(self.runtime.printer)

    def session(self, index: int) -> str:
        if self.injector is not None:
            self.injector.between_sessions(index)
        try:
            outcome = self.kiosk.play(self.rng)
        except Exception:
            log.exception("soak session %d failed", index)  # counted as unhandled through the log
            outcome = "unhandled"
        self.outcomes[outcome] += 1
        return outcome

    def degraded(self) -> Counter[str]:
        counts = Counter(self.kiosk.degraded)
        if self.injector is not None:
            counts.update(self.injector.counts)
        return counts

    def stop(self) -> None:
        if self.injector is not None:
            self.injector.calm()
        self.runtime.stop()


class _Payer:
    """The citizen paying on the phone, through the sandbox's demo control (for a kiosk in another process)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, payment_id: str) -> None:
        import requests

        requests.post(f"{self.url}/sandbox/payments/{payment_id}/pay", timeout=5).raise_for_status()


def _child(work_dir: Path, base: KioskConfig, url: str, seed: int, sessions: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk.soak.child", str(work_dir), str(base.source), url, str(seed), str(sessions)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=PROJECT_ROOT,
    )


def _run_child_and_kill(work_dir: Path, base: KioskConfig, url: str, rng: random.Random, sessions: int,
                        report: SoakReport, degraded: Counter[str]) -> None:
    """Run `sessions` sessions in a child kiosk and SIGKILL it during a late one (a session in progress is
    counted once, as killed)."""
    kill_after = rng.randint(max(1, sessions // 2), max(1, sessions - 1))
    child = _child(work_dir, base, url, rng.randrange(1 << 30), sessions)
    assert child.stdout is not None
    done = 0
    try:
        for line in child.stdout:
            result = json.loads(line)
            done += 1
            report.unhandled += result["unhandled"]
            report.receipts_printed += result["receipts_printed"]
            report.receipts_duplicated += result["receipts_duplicated"]
            degraded.update(result["degraded"])
            if result["outcome"] == "completed":
                report.completed += 1
            if done >= kill_after:
                break
        time.sleep(rng.uniform(0.05, 0.6))  # into the next session: a card read, a submission, a print
        if child.poll() is not None:
            log.error("the soak's child kiosk ended by itself (status %s) before it was killed", child.returncode)
            report.unhandled += 1
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.kill()
            child.wait()
    report.sessions += done + 1
    degraded["kiosk_killed"] += 1


def audit(outbox_file: Path, sandbox: SandboxHandle, kiosk_id: str) -> dict[str, int]:
    """What the kiosk queued (its outbox, pending and delivered) against what the platform recorded."""
    db = sqlite3.connect(f"file:{outbox_file}?mode=ro", uri=True)
    try:
        queued = {r[0] for r in db.execute("SELECT provisional_no FROM records WHERE kind = 'application'")}
        queued |= {r[0] for r in db.execute("SELECT provisional_no FROM delivered WHERE kind = 'application'")}
        refused = {r[0] for r in db.execute(
            "SELECT provisional_no FROM records WHERE kind = 'application' AND state = 'failed'")}
    finally:
        db.close()
    received = Counter({row["kiosk_ref"]: row["n"] for row in sandbox.sandbox.store.rows(
        "SELECT kiosk_ref, COUNT(*) AS n FROM applications WHERE kiosk_id = ? GROUP BY kiosk_ref", kiosk_id)})
    delivered = queued & set(received)
    extra = sum(n - 1 for n in received.values()) + sum(n for ref, n in received.items() if ref not in queued)
    return {"submitted": len(queued), "delivered": len(delivered), "duplicates": extra,
            "lost": len(queued - delivered - refused), "refused": len(refused)}


def run_soak(base: KioskConfig, sessions: int, faults: bool, seed: int, work_dir: Path,
             progress: Any = None) -> SoakReport:
    """Play `sessions` citizens; `progress(done, total)` is called after each session."""
    work_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    report = SoakReport()
    degraded: Counter[str] = Counter()
    thread_crashes: list[str] = []
    previous_hook = threading.excepthook

    def count_crash(args: threading.ExceptHookArgs) -> None:
        thread_crashes.append(getattr(args.thread, "name", "?"))
        previous_hook(args)

    secret = load_or_create_key(work_dir / "secret.key")
    threading.excepthook = count_crash
    with _Logging(work_dir / "logs", "kiosk.log") as logs, \
            start_sandbox(work_dir / "platform", {base.backend.kiosk_id: secret}, pay_after_s=0, seed=seed) as sandbox:
        config = soak_config(base, work_dir, sandbox.url)
        try:
            in_child = sessions // CHILD_SHARE if faults and sessions >= 2 * CHILD_SHARE else 0
            if in_child:
                _run_child_and_kill(work_dir, base, sandbox.url, rng, in_child, report, degraded)
                if progress:
                    progress(report.sessions, sessions)
            soaker = Soaker(config, sandbox, faults, rng.randrange(1 << 30))  # the kiosk (re)started
            try:
                _play(soaker, sessions, report, progress)
            finally:
                soaker.stop()
            report.completed += soaker.outcomes["completed"]
            printed, duplicated = soaker.receipts.counts()
            report.receipts_printed += printed
            report.receipts_duplicated += duplicated
            degraded.update(soaker.degraded())
            found = audit(config.resolve(config.backend.outbox_file), sandbox, config.backend.kiosk_id)
            refused = found.pop("refused")
            if refused:
                degraded["refused_by_platform"] = refused
            for key, value in found.items():
                setattr(report, key, value)
            # Sessions that failed were logged with their traceback: counted once, through the log.
            report.unhandled += len(sandbox.violations) + len(thread_crashes) + logs.counter.count
        finally:
            threading.excepthook = previous_hook
    report.degraded = dict(sorted(degraded.items()))
    return report


def _play(soaker: Soaker, sessions: int, report: SoakReport, progress: Any) -> None:
    """The sessions after the restart; memory is measured after a short warm-up (imports, caches, first
    receipts), then at the end; then every fault goes off and the outbox gets the time to drain."""
    first = report.sessions
    warm_up = min(20, max(1, (sessions - first) // 10))
    for index in range(first, sessions):
        if index - first == warm_up:
            report.rss_start_mb = round(rss_mb(), 1)
        soaker.session(index)
        if progress:
            progress(index + 1, sessions)
    report.rss_start_mb = report.rss_start_mb or round(rss_mb(), 1)
    report.rss_end_mb = round(rss_mb(), 1)
    report.sessions = sessions
    if soaker.injector is not None:
        soaker.injector.calm()
    outbox = soaker.runtime.backend.outbox
    deadline = time.monotonic() + DRAIN_S
    while outbox.depth() and time.monotonic() < deadline:
        time.sleep(0.1)
