"""The citizen walks away (返回首页, idle timeout) while the application is still on its way: the session is wiped
at once, and the application still reaches the platform whole (found by the soak: Work read the session from
the worker pool, after the wipe)."""

from __future__ import annotations

import queue
import threading
import time

from kiosk.base.config import load_config
from kiosk.core.catalog import load_catalog
from kiosk.core.flow import AtCounter, Consent, IdentityRead, ItemFlow, Next, PageAdded, Step, WorkFailed
from kiosk.core.identity import Identity, IdentitySource
from kiosk.core.session import CitizenSession
from kiosk.runtime.actions import Work
from kiosk.runtime.platform import open_backend

from platform_support import WANG, stored_applications


def test_an_application_sent_after_the_session_was_wiped_goes_out_whole(tmp_path) -> None:
    environ = {"KIOSK_PATHS__DATA_DIR": str(tmp_path), "KIOSK_BACKEND__SECRET_FILE": str(tmp_path / "secret.key"),
               "KIOSK_BACKEND__OUTBOX_FILE": str(tmp_path / "outbox.sqlite"),
               "KIOSK_BACKEND__OUTBOX_KEY_FILE": str(tmp_path / "outbox.key")}
    backend = open_backend(load_config(environ=environ), workers=1)
    try:
        item = load_catalog().item("sb-rz")
        session = CitizenSession()
        flow = ItemFlow(item, session)
        flow.handle(IdentityRead(Identity.from_id_number(*WANG, source=IdentitySource.IDCARD)))
        first, *others = item.materials
        flow.handle(PageAdded(first.code, b"\xff\xd8\xff\xe0 page \xff\xd9"))
        for material in others:
            flow.handle(AtCounter(material.code))
        flow.handle(Next())
        flow.handle(Consent(True))
        flow.handle(Next())
        assert flow.step is Step.WORKING and flow.action.kind == "submit"

        busy = threading.Event()
        backend.pool.submit(busy.wait, 10)  # the one worker is busy: the submission waits in the pool's queue
        answers: queue.Queue = queue.Queue()
        Work(load_config(environ=environ), backend).perform(flow, flow.action, answers.put, lambda: False)
        session.wipe()  # 返回首页 while 正在提交
        busy.set()
        answer = answers.get(timeout=30)
        assert not isinstance(answer, WorkFailed) or answer.queued
        deadline = time.monotonic() + 30
        while backend.outbox.depth() and time.monotonic() < deadline:
            time.sleep(0.05)
        [stored] = stored_applications(backend.sandbox)
        assert stored["id_number"] == WANG[0]
        assert stored["body"]["applicant"]["name"] == WANG[1]
        [photographed] = [m for m in stored["body"]["materials"] if m["material_code"] == first.code]
        assert len(photographed["file_ids"]) == 1 and not photographed["at_counter"]
    finally:
        backend.close()
