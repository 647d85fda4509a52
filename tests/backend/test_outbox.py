"""The outbox against the sandbox over loopback: online, a dead platform, a flapping one, restarts, refusals,
exactly-once delivery, files intact, and nothing personal in clear text in its file or the logs."""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from kiosk.backend.client import PlatformClient
from kiosk.backend.keyfile import load_or_create_key
from kiosk.backend.outbox import Outbox, OutboxFile, Outcome, local_file_ref
from kiosk.base.errors import KioskError
from kiosk.base.logs import setup_logging
from kiosk.sandbox.server import Faults, start_sandbox

from platform_support import (  # noqa: F401 (fixtures)
    DEMO_PEOPLE,
    KEYS,
    KIOSK_ID,
    OUTBOX_KEY,
    QIQIGE,
    SECRET,
    STATION,
    WANG,
    ZHANG,
    application,
    assert_delivered_once,
    assert_order_kept,
    client,
    make_client,
    outbox_files,
    sandbox,
)


def _outbox(path: Path, client: PlatformClient, key: bytes | None = OUTBOX_KEY) -> Outbox:
    return Outbox(path / "outbox.sqlite", key, client, kiosk_id=KIOSK_ID, backoff_base_s=0.02, backoff_max_s=0.2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_online_submission_is_delivered_with_the_platform_receipt_and_then_deleted(tmp_path, client, sandbox):
    outbox = _outbox(tmp_path, client)
    outcomes: list[Outcome] = []
    outbox.subscribe(outcomes.append)
    outbox.start()
    try:
        files = outbox_files(2, seed=1)
        queued = outbox.enqueue("application", application(WANG, 2), files)
        assert queued.provisional_no.startswith(KIOSK_ID + "-L")
        done = outbox.wait(queued.local_id, timeout=30)
        assert done.state == "delivered" and done.platform_no and done.platform_no.startswith("NC")
        assert outcomes == [done]
        assert outbox.platform_number(queued.provisional_no) == done.platform_no
        assert client.application(queued.provisional_no).receipt_no == done.platform_no
        assert_delivered_once(sandbox, {queued.provisional_no: (WANG, files)})
        evaluation = outbox.enqueue("evaluation", {"receipt_no": done.platform_no, "item_code": "yb-bx", "level": 5,
                                                   "reasons": [], "comment": "很方便"})
        complaint = outbox.enqueue("complaint", {"category": "praise", "content": "代办员很耐心", "anonymous": True})
        assert outbox.wait(evaluation.local_id, 30).platform_no.startswith("PJ")
        assert outbox.wait(complaint.local_id, 30).platform_no.startswith("TS")
        assert outbox.status().depth == 0 and outbox.status().message == "全部已提交"
    finally:
        outbox.close()
    db = sqlite3.connect(tmp_path / "outbox.sqlite")
    assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    db.close()


def test_dead_platform_keeps_everything_and_a_restart_delivers_it_in_order(tmp_path):
    port = _free_port()
    dead = make_client(f"http://127.0.0.1:{port}", connect_timeout_s=0.5)
    outbox = _outbox(tmp_path, dead)
    outbox.start()
    sent, order = {}, []
    for i, person in enumerate([WANG, QIQIGE, WANG, ZHANG, WANG]):
        files = outbox_files(1 + i % 2, seed=i)
        queued = outbox.enqueue("application", application(person, len(files), note=str(i)), files)
        sent[queued.provisional_no] = (person, files)
        order.append((person[0], queued.provisional_no))
    for _ in range(200):  # until the sender has tried at least once
        status = outbox.status()
        if status.last_error:
            break
        outbox.wait(1, timeout=0.05)
    assert outbox.wait(1, timeout=0.1).state == "pending"
    assert status.depth == 5 and "ConnectionError" in status.last_error and "待提交" in status.message
    assert len(set(sent)) == 5 and all(n.startswith(KIOSK_ID + "-L") for n in sent)
    outbox.close()

    with start_sandbox(tmp_path / "platform", KEYS, port=port) as handle:
        restarted = _outbox(tmp_path, make_client(handle.url))
        restarted.start()
        try:
            assert all(restarted.wait(i, timeout=30).state == "delivered" for i in range(1, 6))
        finally:
            restarted.close()
        assert_delivered_once(handle, sent)
        assert_order_kept(handle, order)
        assert handle.violations == []


def test_flapping_platform_delivers_every_submission_exactly_once_in_order(tmp_path, sandbox):
    sandbox.set_faults(Faults(error_rate=0.2, drop_before_rate=0.1, drop_after_rate=0.25, hang_rate=0.05, hang_s=1.0))
    outbox = _outbox(tmp_path, make_client(sandbox.url, read_timeout_s=0.4))
    outbox.start()
    sent, order, ids = {}, [], []
    try:
        for i in range(12):
            person = [WANG, QIQIGE, ZHANG][i % 3]
            files = outbox_files(i % 3, seed=10 + i, size=4000)
            queued = outbox.enqueue("application", application(person, len(files), note=str(i)), files)
            sent[queued.provisional_no] = (person, files)
            order.append((person[0], queued.provisional_no))
            ids.append(queued.local_id)
        assert all(outbox.wait(i, timeout=60).state == "delivered" for i in ids)
    finally:
        outbox.close()
    faults = sandbox.stats()["requests"]
    assert faults.get("faults.drop_after", 0) + faults.get("faults.status", 0) > 0, "the platform did flap"
    assert_delivered_once(sandbox, sent)
    assert_order_kept(sandbox, order)


def test_a_crash_after_the_platform_accepted_does_not_make_a_second_application(tmp_path, client, sandbox):
    outbox = _outbox(tmp_path, client)
    queued = outbox.enqueue("complaint", {"category": "complaint", "content": "窗口排队太久", "anonymous": True})
    # The previous process sent it and died before recording the answer: the platform has it under this key.
    first_number = client.submit_complaint(
        {"category": "complaint", "content": "窗口排队太久", "anonymous": True, "kiosk_ref": queued.provisional_no},
        idempotency_key=queued.idempotency_key,
    )
    outbox.start()
    try:
        assert outbox.wait(queued.local_id, 30).platform_no == first_number
    finally:
        outbox.close()
    assert sandbox.stats()["records"]["submissions"] == 1 and sandbox.stats()["requests"]["replays"] == 1


def test_a_refused_submission_is_kept_for_staff_and_does_not_block_the_citizen(tmp_path, client, sandbox):
    outbox = _outbox(tmp_path, client)
    outcomes: list[Outcome] = []
    outbox.subscribe(outcomes.append)
    bad = outbox.enqueue("application", application(WANG, 0, item_code="xx-yy"))
    good = outbox.enqueue("application", application(WANG, 0))
    outbox.start()
    try:
        refused = outbox.wait(bad.local_id, 30)
        assert refused.state == "failed" and refused.message == "未找到该办理事项"
        assert outbox.wait(good.local_id, 30).state == "delivered"
        assert outbox.status().failed == 1 and "退回" in outbox.status().message
        assert [o.state for o in outcomes] == ["failed", "delivered"]
        assert outbox.retry_failed() == 1
        assert outbox.wait(bad.local_id, 30).state == "failed"
    finally:
        outbox.close()


def test_bad_file_references_are_refused_before_anything_is_stored(tmp_path, client):
    outbox = _outbox(tmp_path, client)
    with pytest.raises(KioskError):
        outbox.enqueue("application", application(WANG, 2), outbox_files(1, seed=1))
    with pytest.raises(KioskError):
        outbox.enqueue("complaint", {"category": "complaint", "content": "x"}, outbox_files(1, seed=1))
    with pytest.raises(KioskError):
        outbox.enqueue("application", {**application(WANG, 0), "materials": ["invoice"]})
    with pytest.raises(KioskError):
        outbox.enqueue("application", {**application(WANG, 0), "materials": None})
    with pytest.raises(KioskError):
        outbox.enqueue("payment", {})  # type: ignore[arg-type]
    with pytest.raises(KioskError):
        outbox.enqueue("complaint", {"category": "complaint", "content": {1, 2}})
    with pytest.raises(KioskError):
        outbox.enqueue("complaint", ["not", "a", "dict"])  # type: ignore[arg-type]
    assert outbox.status().depth == 0
    outbox.close()


def test_a_damaged_outbox_file_gives_a_clear_error(tmp_path, client):
    (tmp_path / "outbox.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(KioskError) as damaged:
        _outbox(tmp_path, client)
    assert "损坏" in damaged.value.message


def test_only_one_sender_per_outbox_file(tmp_path, client):
    first, second = _outbox(tmp_path, client), _outbox(tmp_path, client)
    first.start()
    try:
        with pytest.raises(KioskError):
            second.start()
    finally:
        first.close()
        second.close()


def test_key_files_are_created_private_and_reused(tmp_path):
    key = load_or_create_key(tmp_path / "keys" / "outbox.key")
    assert stat.S_IMODE(os.stat(tmp_path / "keys" / "outbox.key").st_mode) == 0o600
    assert load_or_create_key(tmp_path / "keys" / "outbox.key") == key and len(key) == 32
    os.chmod(tmp_path / "keys" / "outbox.key", 0o644)
    assert load_or_create_key(tmp_path / "keys" / "outbox.key") == key
    assert stat.S_IMODE(os.stat(tmp_path / "keys" / "outbox.key").st_mode) == 0o600
    (tmp_path / "bad.key").write_text("not hex")
    with pytest.raises(KioskError):
        load_or_create_key(tmp_path / "bad.key")


def _forms(text: str) -> list[bytes]:
    """How a name or number could sit in a file: UTF-8, JSON's \\u escapes, UTF-16."""
    return [text.encode(), json.dumps(text).strip('"').encode(), text.encode("utf-16-le")]


def test_nothing_personal_in_clear_text_in_the_outbox_file_or_the_logs(tmp_path, sandbox):
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    setup_logging(tmp_path / "logs")
    try:
        port = _free_port()
        outbox = _outbox(tmp_path, make_client(f"http://127.0.0.1:{port}", connect_timeout_s=0.3))
        outbox.start()
        for person in DEMO_PEOPLE:
            payload = application(person, 1)
            payload["form"]["household"] = [{"name": p[1], "id_number": p[0]} for p in DEMO_PEOPLE]
            photo = OutboxFile(b"\xff\xd8\xff" + f"{person[1]} {person[0]}".encode() * 50)
            queued = outbox.enqueue("application", payload, [photo])
            outbox.wait(queued.local_id, 0.05)
        evaluation = {"item_code": "yb-cx", "level": 2, "reasons": ["等候时间长"], "comment": f"我是{WANG[1]}"}
        outbox.enqueue("evaluation", evaluation, citizen=WANG[0])
        logging.getLogger("test").info("outbox status %s", outbox.status())
        outbox.close()

        live = _outbox(tmp_path, make_client(sandbox.url))
        live.start()
        assert all(live.wait(i, timeout=30).state == "delivered" for i in range(1, len(DEMO_PEOPLE) + 2))
        live.close()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    files = [p for p in tmp_path.iterdir() if p.name.startswith("outbox.sqlite")] + list((tmp_path / "logs").iterdir())
    assert any(p.name.endswith("-wal") or p.name == "outbox.sqlite" for p in files)
    contents = {p.name: p.read_bytes() for p in files}
    assert any(b"queued application" in c for c in contents.values()), "the log was written"
    for id_number, name in DEMO_PEOPLE:
        for form in [*_forms(id_number), *_forms(name)]:
            for file_name, content in contents.items():
                assert form not in content, f"{file_name} holds personal data in clear text"


def test_while_waiting_the_outbox_file_holds_only_ciphertext_and_without_a_key_it_would_not(tmp_path, client):
    for key, expect_clear in ((OUTBOX_KEY, False), (None, True)):
        folder = tmp_path / ("sealed" if key else "plain")
        outbox = _outbox(folder, client, key=key)
        outbox.enqueue("application", application(ZHANG, 1), outbox_files(1, seed=5))
        outbox.close()
        content = b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("outbox.sqlite"))
        assert (ZHANG[1].encode() in content) is expect_clear


def test_enqueue_from_many_threads_gives_unique_provisional_numbers(tmp_path, client):
    outbox = _outbox(tmp_path, client)
    numbers: list[str] = []
    lock = threading.Lock()

    def submit(n: int) -> None:
        for i in range(10):
            q = outbox.enqueue("complaint", {"category": "suggestion", "content": f"建议{n}-{i}", "anonymous": True})
            with lock:
                numbers.append(q.provisional_no)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(numbers) == len(set(numbers)) == 40 and outbox.status().depth == 40
    for own in outbox.path.parent.glob("outbox.sqlite*"):  # the database and its -wal and -shm files
        assert stat.S_IMODE(os.stat(own).st_mode) == 0o600, own.name
    outbox.close()


def test_supplementary_pages_go_through_the_outbox_like_an_application(tmp_path, client, sandbox):
    outbox = _outbox(tmp_path, client)
    with pytest.raises(KioskError):  # a page named that was not given
        outbox.enqueue("supplement", {"receipt_no": "NC1", "station_id": STATION, "files": [local_file_ref(1)]},
                       outbox_files(1, seed=3))
    with pytest.raises(KioskError):  # no pages at all
        outbox.enqueue("supplement", {"receipt_no": "NC1", "station_id": STATION, "files": []})
    outbox.start()
    try:
        returned = next(a for a in client.applications(WANG[0]) if a.status == "returned")
        queued = outbox.enqueue("supplement", {"receipt_no": returned.receipt_no, "station_id": STATION,
                                               "files": [local_file_ref(0), local_file_ref(1)]},
                                outbox_files(2, seed=3))
        done = outbox.wait(queued.local_id, timeout=30)
        assert done.state == "delivered" and done.platform_no.startswith("BZ")
        assert client.application(returned.receipt_no).status == "reviewing"
    finally:
        outbox.close()
