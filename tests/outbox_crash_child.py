"""The process the SIGKILL test kills: opens the outbox, sends until it is empty, says so, exits.

Usage: python outbox_crash_child.py OUTBOX_FILE PLATFORM_URL
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.backend.outbox import Outbox

from platform_support import KIOSK_ID, OUTBOX_KEY, make_client


def main() -> int:
    outbox_file, url = Path(sys.argv[1]), sys.argv[2]
    outbox = Outbox(outbox_file, OUTBOX_KEY, make_client(url, read_timeout_s=2.0), kiosk_id=KIOSK_ID,
                    backoff_base_s=0.02, backoff_max_s=0.2)
    outbox.start()
    print("sending", flush=True)
    while outbox.depth():
        time.sleep(0.02)
    outbox.close()
    print("empty", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
