"""The kiosk process a soak kills: plays sessions and reports each on stdout as one JSON line.

Usage: python -m kiosk.soak.child WORK_DIR CONFIG PLATFORM_URL SEED SESSIONS
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from kiosk.base.config import load_config
from kiosk.soak.run import Soaker, _Logging, soak_config


def main(argv: list[str]) -> int:
    work_dir, config_file, url, seed, sessions = Path(argv[0]), argv[1], argv[2], int(argv[3]), int(argv[4])
    with _Logging(work_dir / "logs", "kiosk-child.log") as logs:
        soaker = Soaker(soak_config(load_config(config_file), work_dir, url), None, faults=False, seed=seed)
        reported: Counter[str] = Counter()
        receipts_before = (0, 0)
        for index in range(sessions):
            before = logs.counter.count
            outcome = soaker.session(index)
            degraded = soaker.degraded() - reported
            reported += degraded
            receipts = soaker.receipts.counts()
            print(json.dumps({"outcome": outcome, "degraded": dict(degraded), "unhandled": logs.counter.count - before,
                              "receipts_printed": receipts[0] - receipts_before[0],
                              "receipts_duplicated": receipts[1] - receipts_before[1]}), flush=True)
            receipts_before = receipts
        soaker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
