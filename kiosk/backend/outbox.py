"""The outbox: every submission (application with its files, 补交 files, evaluation, complaint) is first stored here, then
sent by one sender thread, so nothing a citizen handed in is lost when the network or the kiosk goes down.

- SQLite in WAL mode with synchronous=FULL: a submission that `enqueue` returned survives a crash or power cut.
- Payloads and files are sealed with AES-256-GCM (key file 0600, created at first start); the citizen is kept
  only as a keyed pseudonym, used to send each citizen's submissions in the order they were made.
- Exactly once: the Idempotency-Key is stored with the submission before the first attempt (file uploads use keys
  derived from it), so a crash after the platform accepted but before we recorded it makes the next attempt get
  the platform's first answer instead of a second application.
- Transient failures are retried with backoff (doubling, capped, jittered); a refusal by the platform (4xx) marks
  the submission failed for staff to look at; an acknowledged submission is deleted, and only its numbers
  (provisional -> platform) are kept.
- The citizen always gets a number at once: a provisional one, `{kiosk_id}-L{yymmdd}{seq:04d}`, printed when the
  platform's answer does not come in time (the platform records it as kiosk_ref and finds the application by it).

Events (`subscribe`) are delivered on the sender thread: hand them to the UI with Clock.schedule_once.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kiosk.backend.errors import PlatformError
from kiosk.backend.keyfile import load_or_create_key
from kiosk.backend.sealing import Sealer, SealError
from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.base.storage import connect, transaction

if TYPE_CHECKING:
    from kiosk.backend.client import PlatformClient
    from kiosk.base.config import KioskConfig

log = logging.getLogger(__name__)

Kind = Literal["application", "supplement", "evaluation", "complaint"]
KINDS = ("application", "supplement", "evaluation", "complaint")
WITH_FILES = ("application", "supplement")  # the kinds that carry pages
LOCAL_FILE_PREFIX = "local:"
KEEP_DELIVERED_S = 90 * 86400  # how long a provisional number can still be turned into the platform's
_FILE_KEYS = uuid.UUID("6f1c2d4e-5a7b-4c8d-9e0f-a1b2c3d4e5f6")  # namespace of the file uploads' derived keys

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    provisional_no TEXT NOT NULL UNIQUE,
    payload BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL,
    created_at REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    failure TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS records_by_owner ON records (owner, state, id);
CREATE TABLE IF NOT EXISTS files (
    record_id INTEGER NOT NULL REFERENCES records (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content BLOB NOT NULL,
    file_id TEXT,
    PRIMARY KEY (record_id, seq));
CREATE TABLE IF NOT EXISTS delivered (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    provisional_no TEXT NOT NULL,
    platform_no TEXT NOT NULL,
    delivered_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS counters (day TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class OutboxFile:
    """One material to upload: the bytes of a JPEG page or a PDF."""

    content: bytes = field(repr=False)
    kind: Literal["jpeg", "pdf"] = "jpeg"

    def __repr__(self) -> str:
        return f"OutboxFile({self.kind}, {len(self.content)} bytes)"


@dataclass(frozen=True)
class Queued:
    """What `enqueue` returns at once: print `provisional_no` if the platform's number does not come in time."""

    local_id: int
    kind: str
    provisional_no: str
    idempotency_key: str


@dataclass(frozen=True)
class Outcome:
    """Where a submission stands. state: pending (still waiting), delivered (platform_no is the platform's
    receipt / evaluation / complaint number), failed (refused by the platform; `message` says why, in Chinese)."""

    local_id: int
    kind: str
    provisional_no: str
    state: Literal["pending", "delivered", "failed"]
    platform_no: str | None = None
    message: str = ""


@dataclass(frozen=True)
class OutboxStatus:
    """For the maintenance page and the heartbeat."""

    depth: int  # waiting to be sent
    failed: int  # refused by the platform, kept for staff
    oldest_age_s: float | None
    last_error: str  # technical, no personal data
    last_delivery_at: float | None
    sending: bool

    @property
    def message(self) -> str:
        if self.failed:
            return _("有{n}件提交被平台退回，请处理").format(n=self.failed)
        if self.depth:
            return _("有{n}件待提交，网络恢复后将自动提交").format(n=self.depth)
        return _("全部已提交")


Listener = Callable[[Outcome], None]


class Outbox:
    def __init__(
        self,
        path: Path,
        key: bytes | None,
        client: PlatformClient,
        *,
        kiosk_id: str,
        backoff_base_s: float = 1.0,
        backoff_max_s: float = 300.0,
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._sealer = Sealer(key)
        self._client = client
        self._kiosk_id = kiosk_id
        self._backoff_base_s = backoff_base_s
        self._backoff_max_s = backoff_max_s
        self._db = connect(path)
        self._db.row_factory = sqlite3.Row
        try:
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "secure_delete=ON", "foreign_keys=ON"):
                self._db.execute(f"PRAGMA {pragma}")
            self._db.executescript(_SCHEMA)
            self._db.execute("DELETE FROM delivered WHERE delivered_at < ?", (time.time() - KEEP_DELIVERED_S,))
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise KioskError(_("待提交队列文件已损坏，请联系维护人员"), f"{path}: {exc}") from None
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock_file: Any = None
        self._listeners: list[Listener] = []
        self._last_error = ""
        self._last_delivery_at: float | None = None

    @classmethod
    def from_config(cls, config: KioskConfig, client: PlatformClient) -> Outbox:
        b = config.backend
        key = load_or_create_key(config.resolve(b.outbox_key_file))
        return cls(
            config.resolve(b.outbox_file), key, client, kiosk_id=b.kiosk_id, backoff_max_s=b.outbox_retry_max_s
        )

    # -- what the flows call ----------------------------------------------------------------------------------------
    def enqueue(
        self, kind: Kind, payload: dict[str, Any], files: Sequence[OutboxFile] = (), citizen: str | None = None
    ) -> Queued:
        """Store a submission durably and wake the sender; returns with the provisional number after one fsync'd
        transaction (milliseconds; call it from the worker pool like any backend call).

        `payload` is the body of the creating call (see the contract) without kiosk_ref; an application's
        materials name their files as "local:N", N an index into `files`. `citizen` (an ID number; for an
        application, the applicant by default) keeps one person's submissions in order and is stored only
        as a keyed pseudonym. Raises KioskError for a kind or file reference that cannot be sent.
        """
        if kind not in KINDS or not isinstance(payload, dict):
            raise KioskError(_("无法保存该提交"), f"outbox kind {kind!r} is not one of {KINDS}, or payload not a dict")
        _check_file_refs(kind, payload, len(files))
        try:
            encoded = json.dumps(payload, ensure_ascii=False).encode()
        except (TypeError, ValueError) as exc:
            raise KioskError(_("无法保存该提交"), f"{kind} payload is not JSON ({type(exc).__name__})") from None
        applicant = payload.get("applicant")
        if citizen is None and kind == "application" and isinstance(applicant, dict):
            citizen = str(applicant.get("id_number", ""))
        idempotency_key = str(uuid.uuid4())
        owner = self._sealer.pseudonym(citizen) if citizen else "anon-" + idempotency_key
        sealed = self._sealer.seal(encoded, f"payload:{idempotency_key}")
        now = time.time()
        with self._transaction() as db:
            provisional_no = self._provisional_no(db, now)
            local_id = db.execute(
                "INSERT INTO records (kind, owner, idempotency_key, provisional_no, payload, next_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, owner, idempotency_key, provisional_no, sealed, now, now),
            ).lastrowid
            db.executemany(
                "INSERT INTO files (record_id, seq, kind, content) VALUES (?, ?, ?, ?)",
                [
                    (local_id, seq, f.kind, self._sealer.seal(f.content, f"file:{idempotency_key}:{seq}"))
                    for seq, f in enumerate(files)
                ],
            )
        self._wake.set()
        log.info("outbox: queued %s #%d (%d files)", kind, local_id, len(files))
        return Queued(int(local_id or 0), kind, provisional_no, idempotency_key)

    def wait(self, local_id: int, timeout: float) -> Outcome:
        """Block (on a worker, not the UI thread) up to `timeout` for the submission to be delivered or refused."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                outcome = self.outcome(local_id)
                left = deadline - time.monotonic()
                if outcome is None or outcome.state != "pending" or left <= 0:
                    if outcome is None:
                        raise KioskError(_("未找到该提交"), f"outbox has no record #{local_id}")
                    return outcome
                self._changed.wait(left)

    def outcome(self, local_id: int) -> Outcome | None:
        with self._lock:
            done = self._db.execute("SELECT * FROM delivered WHERE id = ?", (local_id,)).fetchone()
            if done is not None:
                return Outcome(local_id, done["kind"], done["provisional_no"], "delivered", done["platform_no"])
            row = self._db.execute(
                "SELECT kind, provisional_no, state, failure FROM records WHERE id = ?", (local_id,)
            ).fetchone()
        if row is None:
            return None
        return Outcome(local_id, row["kind"], row["provisional_no"], row["state"], None, row["failure"])

    def platform_number(self, provisional_no: str) -> str | None:
        """The platform's number for a provisional one, once delivered."""
        with self._lock:
            row = self._db.execute(
                "SELECT platform_no FROM delivered WHERE provisional_no = ?", (provisional_no,)
            ).fetchone()
        return row["platform_no"] if row else None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(Outcome)` on the sender thread whenever a submission is delivered or refused."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    # -- maintenance ------------------------------------------------------------------------------------------------
    def status(self) -> OutboxStatus:
        with self._lock:
            counts = dict(self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall())
            oldest = self._db.execute("SELECT MIN(created_at) FROM records WHERE state = 'pending'").fetchone()[0]
        return OutboxStatus(
            depth=counts.get("pending", 0),
            failed=counts.get("failed", 0),
            oldest_age_s=time.time() - oldest if oldest else None,
            last_error=self._last_error,
            last_delivery_at=self._last_delivery_at,
            sending=self._thread is not None and self._thread.is_alive(),
        )

    def depth(self) -> int:
        return self.status().depth

    def retry_failed(self) -> int:
        """Put submissions the platform refused back in line (after staff fixed the cause); returns how many."""
        with self._transaction() as db:
            count = db.execute(
                "UPDATE records SET state = 'pending', attempts = 0, next_at = ?, failure = '' WHERE state = 'failed'",
                (time.time(),),
            ).rowcount
        self._wake.set()
        return count

    # -- the sender -------------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the sender thread. One sender per outbox file: a second process gets a KioskError."""
        if self._thread is not None:
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock_file = lock_path.open("a")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            raise KioskError(_("提交队列正被另一个程序使用"), f"{lock_path} is locked by another process") from None
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def close(self) -> None:
        self.stop()
        with self._lock:
            self._db.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            record = self._next_due()
            if record is None:
                self._wake.wait(self._idle_wait())
                self._wake.clear()
                continue
            try:
                self._send(record)
            except Exception as exc:  # storage trouble (disk full, locked): keep the record, try again later
                log.exception("outbox: sending #%d failed unexpectedly", record["id"])
                self._last_error = f"internal: {type(exc).__name__}"
                try:
                    self._postpone(record, self._last_error)
                except Exception:
                    self._stop.wait(1.0)

    # Each citizen's oldest pending submission: a citizen's later submission waits for the earlier one.
    _HEADS = (
        "FROM records AS r WHERE state = 'pending'"
        " AND id = (SELECT MIN(id) FROM records WHERE owner = r.owner AND state = 'pending')"
    )

    def _next_due(self) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(
                f"SELECT * {self._HEADS} AND next_at <= ? ORDER BY id LIMIT 1", (time.time(),)
            ).fetchone()

    def _idle_wait(self) -> float:
        with self._lock:
            soonest = self._db.execute(f"SELECT MIN(next_at) {self._HEADS}").fetchone()[0]
        return 5.0 if soonest is None else min(5.0, max(0.01, soonest - time.time()))

    def _send(self, record: sqlite3.Row) -> None:
        local_id, key = record["id"], record["idempotency_key"]
        try:
            payload = json.loads(self._sealer.open(record["payload"], f"payload:{key}"))
            platform_no = self._deliver(record, payload)
        except PlatformError as exc:
            self._last_error = exc.detail
            if exc.transient:
                self._postpone(record, exc.detail)
            else:
                self._refused(record, exc.message, exc.detail)
            return
        except (SealError, ValueError) as exc:
            detail = exc.detail if isinstance(exc, SealError) else f"payload unreadable: {type(exc).__name__}"
            self._refused(record, _("待提交的内容已损坏，请联系工作人员"), detail)
            return
        with self._transaction() as db:
            db.execute("DELETE FROM files WHERE record_id = ?", (local_id,))
            db.execute("DELETE FROM records WHERE id = ?", (local_id,))
            db.execute(
                "INSERT INTO delivered (id, kind, provisional_no, platform_no, delivered_at) VALUES (?, ?, ?, ?, ?)",
                (local_id, record["kind"], record["provisional_no"], platform_no, time.time()),
            )
        self._last_delivery_at = time.time()
        log.info("outbox: delivered %s #%d after %d attempts", record["kind"], local_id, record["attempts"] + 1)
        self._announce(Outcome(local_id, record["kind"], record["provisional_no"], "delivered", platform_no))

    def _deliver(self, record: sqlite3.Row, payload: dict[str, Any]) -> str:
        key, kind = record["idempotency_key"], record["kind"]
        body = {**payload, "kiosk_ref": record["provisional_no"]}
        if kind == "application":
            file_ids = self._upload_files(record)
            for material in body["materials"]:
                material["file_ids"] = [file_ids[int(ref[len(LOCAL_FILE_PREFIX):])] for ref in material["file_ids"]]
            return self._client.submit_application(body, idempotency_key=key).receipt_no
        if kind == "supplement":
            file_ids = self._upload_files(record)
            body["files"] = [file_ids[int(ref[len(LOCAL_FILE_PREFIX):])] for ref in body["files"]]
            receipt_no = body.pop("receipt_no")
            return self._client.submit_supplement(receipt_no, body, idempotency_key=key).supplement_no
        if kind == "evaluation":
            return self._client.submit_evaluation(body, idempotency_key=key)
        return self._client.submit_complaint(body, idempotency_key=key)

    def _upload_files(self, record: sqlite3.Row) -> list[str]:
        """Upload the record's files not yet uploaded; each upload's key is derived from the record's, so an
        upload repeated after a crash gets the same file_id back."""
        key = record["idempotency_key"]
        with self._lock:
            files = self._db.execute(
                "SELECT seq, kind, content, file_id FROM files WHERE record_id = ? ORDER BY seq", (record["id"],)
            ).fetchall()
        file_ids = []
        for f in files:
            file_id = f["file_id"]
            if file_id is None:
                content = self._sealer.open(f["content"], f"file:{key}:{f['seq']}")
                upload_key = str(uuid.uuid5(_FILE_KEYS, f"{key}/{f['seq']}"))
                file_id = self._client.upload_file(content, f["kind"], idempotency_key=upload_key)
                with self._transaction() as db:
                    db.execute(
                        "UPDATE files SET file_id = ? WHERE record_id = ? AND seq = ?",
                        (file_id, record["id"], f["seq"]),
                    )
            file_ids.append(file_id)
        return file_ids

    def _postpone(self, record: sqlite3.Row, detail: str) -> None:
        attempts = record["attempts"] + 1
        delay = min(self._backoff_max_s, self._backoff_base_s * 2 ** min(attempts - 1, 20)) * random.uniform(0.5, 1)
        with self._transaction() as db:
            db.execute(
                "UPDATE records SET attempts = ?, next_at = ?, last_error = ? WHERE id = ?",
                (attempts, time.time() + delay, detail[:300], record["id"]),
            )
        log.info("outbox: %s #%d not sent (%s); attempt %d, next in %.1fs",
                 record["kind"], record["id"], detail, attempts, delay)

    def _refused(self, record: sqlite3.Row, message: str, detail: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE records SET state = 'failed', attempts = attempts + 1, last_error = ?, failure = ?"
                " WHERE id = ?",
                (detail[:300], message[:200], record["id"]),
            )
        log.warning("outbox: %s #%d refused by the platform: %s", record["kind"], record["id"], detail)
        self._announce(Outcome(record["id"], record["kind"], record["provisional_no"], "failed", None, message))

    def _announce(self, outcome: Outcome) -> None:
        """Tell the listeners, then wake the waiters (so a waiter's caller finds the listeners already told)."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(outcome)
            except Exception:
                log.exception("outbox listener failed")
        with self._changed:
            self._changed.notify_all()

    # -- storage helpers ------------------------------------------------------------------------------------------
    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self._db, self._lock)

    def _provisional_no(self, db: sqlite3.Connection, now: float) -> str:
        day = dt.date.fromtimestamp(now).strftime("%y%m%d")
        db.execute(
            "INSERT INTO counters (day, value) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET value = value + 1", (day,)
        )
        seq = db.execute("SELECT value FROM counters WHERE day = ?", (day,)).fetchone()[0]
        return f"{self._kiosk_id}-L{day}{seq:04d}"


def _check_file_refs(kind: str, payload: dict[str, Any], count: int) -> None:
    if kind not in WITH_FILES:
        if count:
            raise KioskError(_("无法保存该提交"), f"files given with a {kind}")
        return
    if kind == "supplement":
        # 补交: the application's number and the pages, nothing else to name them by.
        refs = payload.get("files")
        if not isinstance(payload.get("receipt_no"), str) or not isinstance(refs, list) or not refs:
            raise KioskError(_("无法保存该提交"), "supplement without a receipt number or files")
        _check_refs(refs, count)
        return
    materials = payload.get("materials")
    if not isinstance(materials, list):
        raise KioskError(_("无法保存该提交"), "application without a materials list")
    for material in materials:
        if not isinstance(material, dict) or not isinstance(material.get("file_ids"), list):
            raise KioskError(_("无法保存该提交"), "a material without a file_ids list")
        _check_refs(material["file_ids"], count)


def _check_refs(refs: list[Any], count: int) -> None:
    for ref in refs:
        index = ref[len(LOCAL_FILE_PREFIX):] if isinstance(ref, str) and ref.startswith(LOCAL_FILE_PREFIX) else ""
        if not index.isdigit() or int(index) >= count:
            raise KioskError(_("无法保存该提交"), f"material file reference {ref!r} names no file given")


def local_file_ref(index: int) -> str:
    """How an application's materials name the index-th file given to `enqueue`."""
    return f"{LOCAL_FILE_PREFIX}{index}"
