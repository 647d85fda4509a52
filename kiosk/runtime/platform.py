"""The backend as the app uses it, built from the config in one call: the platform client, the outbox with its
sender running, the embedded sandbox when [backend] url = "sandbox", and a small worker pool so that no platform
call ever runs on the UI thread.

    backend = open_backend(config)
    future = backend.call(backend.client.query, "gjj-cx", id_number)   # -> concurrent.futures.Future
    queued = backend.outbox.enqueue("application", payload, files)
    ...
    backend.close()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from kiosk.backend.client import PlatformClient
from kiosk.backend.keyfile import load_or_create_key
from kiosk.backend.outbox import Outbox
from kiosk.base.config import KioskConfig
from kiosk.sandbox.server import Faults, SandboxHandle, start_sandbox

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class BackendServices:
    client: PlatformClient
    outbox: Outbox
    sandbox: SandboxHandle | None
    pool: ThreadPoolExecutor

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Run a (blocking) platform call on the worker pool; the Future's exception is a PlatformError."""
        return self.pool.submit(fn, *args, **kwargs)

    def close(self) -> None:
        self.outbox.close()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.client.close()
        if self.sandbox is not None:
            self.sandbox.stop()


def open_backend(config: KioskConfig, workers: int = 4) -> BackendServices:
    b = config.backend
    sandbox = None
    url = b.url
    if url == "sandbox":
        secret = load_or_create_key(config.resolve(b.secret_file))
        sandbox = start_sandbox(
            # The embedded platform knows this kiosk's key, as the real one has it from provisioning.
            config.data_dir / "sandbox", {b.kiosk_id: secret}, port=b.sandbox_port, pay_after_s=b.sandbox_pay_after_s,
            faults=Faults.parse(b.sandbox_faults),
        )
        url = sandbox.url
    client = PlatformClient.from_config(config, base_url=url, forbid_main_thread=True)
    outbox = Outbox.from_config(config, client)
    outbox.start()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="platform")
    log.info("backend ready: platform %s, %d submissions waiting", "sandbox" if sandbox else url, outbox.depth())
    return BackendServices(client, outbox, sandbox, pool)
