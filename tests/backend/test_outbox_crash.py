"""Exactly once across crashes: a sender process killed with SIGKILL at random moments while it sends, restarted
until the outbox is empty. Every submission reaches the platform exactly once with its files intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from kiosk.backend.outbox import Outbox
from kiosk.sandbox.server import Faults, start_sandbox

from platform_support import (
    KEYS,
    KIOSK_ID,
    OUTBOX_KEY,
    QIQIGE,
    WANG,
    ZHANG,
    application,
    assert_delivered_once,
    assert_order_kept,
    make_client,
    outbox_files,
)

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent


def _sender(outbox_file: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)])}
    return subprocess.Popen(
        [sys.executable, str(TESTS / "outbox_crash_child.py"), str(outbox_file), url],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )


def test_sigkill_at_random_moments_while_sending_loses_nothing_and_duplicates_nothing(tmp_path):
    rng = random.Random(20261127)
    kills = replays = 0
    # Latency makes most kills land while a request is in flight; dropped answers add the "accepted but not
    # recorded" case without relying on the kill's timing alone.
    faults = Faults(latency_s=0.03, drop_after_rate=0.1)
    for round_no in range(3):
        folder = tmp_path / f"round{round_no}"
        with start_sandbox(folder / "platform", KEYS, faults=faults, seed=round_no) as handle:
            outbox_file = folder / "outbox.sqlite"
            filler = Outbox(outbox_file, OUTBOX_KEY, make_client(handle.url), kiosk_id=KIOSK_ID)
            sent, order = {}, []
            for i in range(6):
                person = [WANG, QIQIGE, ZHANG][i % 3]
                files = outbox_files(2, seed=round_no * 10 + i, size=30_000)
                queued = filler.enqueue("application", application(person, 2, note=str(i)), files)
                sent[queued.provisional_no] = (person, files)
                order.append((person[0], queued.provisional_no))
            filler.close()
            for _ in range(40):
                sender = _sender(outbox_file, handle.url)
                assert sender.stdout is not None
                assert sender.stdout.readline().strip() == "sending"
                try:
                    sender.wait(timeout=rng.uniform(0.05, 0.5))
                except subprocess.TimeoutExpired:
                    sender.send_signal(signal.SIGKILL)
                    sender.wait()
                    kills += 1
                    continue
                finally:
                    sender.stdout.close()
                assert sender.returncode == 0
                break
            else:
                raise AssertionError("the outbox never emptied")
            assert_delivered_once(handle, sent)
            assert_order_kept(handle, order)
            assert handle.violations == []
            replays += handle.stats()["requests"].get("replays", 0)
    assert kills >= 3, "the senders were killed mid-way"
    assert replays > 0, "some attempts repeated a submission the platform already had, and got its first answer"
