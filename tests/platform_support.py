"""Shared pieces of the platform tests: the sandbox on loopback, clients, demo payloads, raw signed requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.backend.client import PlatformClient
from kiosk.backend.outbox import OutboxFile, local_file_ref
from kiosk.backend.signing import sign
from kiosk.sandbox.server import SandboxHandle, start_sandbox

SECRET = bytes.fromhex("5a" * 32)
OUTBOX_KEY = bytes.fromhex("a1" * 32)
KIOSK_ID = "150429-YBP-BWZ-01"
KEYS = {KIOSK_ID: SECRET}  # what the tests' sandbox provisions: the test kiosk's key
STATION = "150429-YBP-BWZ"
WANG = ("150429196203150012", "王建国")
QIQIGE = ("150429195508080022", "其其格")
ZHANG = ("150429198809190034", "张伟")
DEMO_PEOPLE = [
    WANG, QIQIGE, ZHANG,
    ("150429197104200023", "李秀兰"), ("810000199006120022", "陈嘉欣"), ("915643198503010015", "伊万"),
    ("150429201506060026", "王小雨"),
]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxHandle]:
    handle = start_sandbox(tmp_path / "platform", KEYS, pay_after_s=0, seed=7)
    yield handle
    assert handle.violations == [], "the sandbox answered off contract"
    handle.stop()


def make_client(url: str, **options: Any) -> PlatformClient:
    options.setdefault("retry_backoff_s", 0.01)
    return PlatformClient(url, KIOSK_ID, SECRET, **options)


@pytest.fixture
def client(sandbox: SandboxHandle) -> Iterator[PlatformClient]:
    c = make_client(sandbox.url)
    yield c
    c.close()


def jpeg(size: int, seed: int) -> bytes:
    """Bytes that start like a JPEG (the sandbox checks the signature), with seeded content."""
    return b"\xff\xd8\xff\xe0" + random.Random(seed).randbytes(size)


def application(person: tuple[str, str], files: int, item_code: str = "yb-bx", note: str = "") -> dict[str, Any]:
    """An application payload as a flow hands it to the outbox (materials name files as local:N)."""
    return {
        "item_code": item_code,
        "mode": "promised",
        "station_id": STATION,
        "applicant": {"id_number": person[0], "name": person[1], "phone": "13947651234"},
        "form": {"hospital": "宁城县中心医院", "total_amount": 5230.5, "note": note},
        "materials": [{"material_code": "invoice", "file_ids": [local_file_ref(i) for i in range(files)],
                       "at_counter": False}],
    }


def outbox_files(count: int, seed: int, size: int = 20_000) -> list[OutboxFile]:
    return [OutboxFile(jpeg(size, seed * 100 + i)) for i in range(count)]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def next_weekday(days_ahead: int = 3) -> dt.date:
    day = dt.date.today() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def signed_request(
    url: str,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    secret: bytes = SECRET,
    kiosk_id: str = KIOSK_ID,
    timestamp: int | None = None,
    nonce: str | None = None,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> requests.Response:
    """A request signed by hand, to test what the server refuses (old timestamps, replays, fault headers);
    `raw` is sent as the body instead of `body` as JSON."""
    payload = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or secrets.token_hex(16)
    sent = {
        "X-Kiosk-Id": kiosk_id, "X-Timestamp": stamp, "X-Nonce": nonce,
        "X-Signature": sign(secret, method, path, stamp, payload, nonce),
        "Content-Type": "application/json", **(headers or {}),
    }
    return requests.request(method, url + path, data=payload or None, headers=sent, timeout=10)


def signed_upload(url: str, content: bytes, declared_sha256: str) -> requests.Response:
    """A file upload signed by hand, declaring the checksum given (to send a damaged file)."""
    request = requests.Request(
        "POST", url + "/v1/files", data={"sha256": declared_sha256, "kind": "jpeg"},
        files={"file": ("page", content, "application/octet-stream")},
        headers={"Idempotency-Key": "0f0e0d0c-0b0a-4908-8706-050403020100"},
    ).prepare()
    stamp, nonce = str(int(time.time())), secrets.token_hex(16)
    request.headers.update({
        "X-Kiosk-Id": KIOSK_ID, "X-Timestamp": stamp, "X-Nonce": nonce,
        "X-Signature": sign(SECRET, "POST", request.path_url, stamp, request.body, nonce),
    })
    with requests.Session() as session:
        return session.send(request, timeout=10)


def stored_applications(handle: SandboxHandle) -> list[dict[str, Any]]:
    rows = handle.sandbox.store.rows(
        "SELECT receipt_no, kiosk_ref, id_number, body FROM applications WHERE kiosk_id = ? ORDER BY receipt_no",
        KIOSK_ID,
    )
    return [dict(r) | {"body": json.loads(r["body"])} for r in rows]


def stored_file(handle: SandboxHandle, file_id: str) -> tuple[str, bytes]:
    row = handle.sandbox.store.row("SELECT sha256, content FROM files WHERE file_id = ?", file_id)
    assert row is not None, f"file {file_id} not stored"
    return row["sha256"], row["content"]


def assert_delivered_once(handle: SandboxHandle, sent: dict[str, tuple[tuple[str, str], list[OutboxFile]]]) -> None:
    """Every queued application is at the platform exactly once, with its files byte for byte."""
    stored = stored_applications(handle)
    refs = [a["kiosk_ref"] for a in stored]
    assert sorted(refs) == sorted(sent), "each submission exactly once"
    total_files = 0
    for a in stored:
        person, files = sent[a["kiosk_ref"]]
        assert a["id_number"] == person[0]
        file_ids = a["body"]["materials"][0]["file_ids"]
        assert len(file_ids) == len(files)
        for file_id, original in zip(file_ids, files):
            declared, content = stored_file(handle, file_id)
            assert declared == sha256(original.content) == sha256(content)
        total_files += len(files)
    assert handle.stats()["records"]["files"] == total_files, "no file uploaded twice"


def assert_order_kept(handle: SandboxHandle, queued_order: list[tuple[str, str]]) -> None:
    """Each citizen's applications reached the platform in the order they were made."""
    by_person: dict[str, list[str]] = defaultdict(list)
    for a in stored_applications(handle):  # ordered by receipt number: the platform's order of acceptance
        by_person[a["id_number"]].append(a["kiosk_ref"])
    expected: dict[str, list[str]] = defaultdict(list)
    for id_number, ref in queued_order:
        expected[id_number].append(ref)
    assert by_person == expected


class ScriptedPlatform(ThreadingHTTPServer):
    """A platform that answers every request with the status and body the test sets (broken answers on purpose)."""

    daemon_threads = True
    status = 200
    body = b"{}"


class _ScriptedHandler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server: ScriptedPlatform = self.server  # type: ignore[assignment]
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(server.body)))
        self.end_headers()
        self.wfile.write(server.body)

    do_GET = do_POST = _answer  # noqa: N815 (the stdlib's naming)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def scripted_platform() -> Iterator[ScriptedPlatform]:
    """A ScriptedPlatform on loopback for the duration of the block."""
    server = ScriptedPlatform(("127.0.0.1", 0), _ScriptedHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
