"""The sandbox platform's SQLite storage: what kiosks submitted, numbers handed out, and first answers kept
per Idempotency-Key, and the key it issued to each kiosk. One connection guarded by one lock: the sandbox is a demo
and test server, not a platform."""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.base.storage import connect, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_keys (kiosk_id TEXT PRIMARY KEY, secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    kiosk_id TEXT NOT NULL, key TEXT NOT NULL, operation TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (kiosk_id, key));
CREATE TABLE IF NOT EXISTS files (
    file_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, kind TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER NOT NULL, content BLOB NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS applications (
    receipt_no TEXT PRIMARY KEY, item_code TEXT NOT NULL, id_number TEXT NOT NULL, station_id TEXT NOT NULL,
    kiosk_id TEXT NOT NULL, kiosk_ref TEXT, body TEXT NOT NULL, accepted_at REAL NOT NULL,
    promised_date TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS applications_by_person ON applications (id_number, accepted_at);
CREATE INDEX IF NOT EXISTS applications_by_ref ON applications (kiosk_ref);
CREATE TABLE IF NOT EXISTS timeline (
    receipt_no TEXT NOT NULL, at REAL NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS timeline_by_receipt ON timeline (receipt_no, at);
CREATE TABLE IF NOT EXISTS payments (
    payment_id TEXT PRIMARY KEY, payer TEXT NOT NULL, lines TEXT NOT NULL, amount REAL NOT NULL,
    created_at REAL NOT NULL, expires_at REAL NOT NULL, paid_at REAL);
CREATE TABLE IF NOT EXISTS bookings (
    appointment_no TEXT PRIMARY KEY, slot_id TEXT NOT NULL, item_code TEXT NOT NULL, id_number TEXT NOT NULL,
    phone TEXT NOT NULL, kind TEXT NOT NULL, start TEXT NOT NULL, place TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bookings_by_slot ON bookings (slot_id);
CREATE TABLE IF NOT EXISTS submissions (
    number TEXT PRIMARY KEY, kind TEXT NOT NULL, kiosk_id TEXT NOT NULL, kiosk_ref TEXT, body TEXT NOT NULL,
    at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats (
    kiosk_id TEXT PRIMARY KEY, body TEXT NOT NULL, at REAL NOT NULL, count INTEGER NOT NULL);
"""


class SandboxStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = connect(path)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a demo platform: speed over surviving a power cut
        self._db.executescript(_SCHEMA)
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction; inside another on this thread it joins that one (a handler's writes and the
        Idempotency-Key's answer commit together)."""
        with self.lock:
            if self._db.in_transaction:
                yield self._db
                return
            with transaction(self._db, self.lock) as db:
                yield db

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self.lock:
            return self._db.execute(sql, args).fetchall()

    def row(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self.lock:
            return self._db.execute(sql, args).fetchone()

    def meta(self, key: str) -> str | None:
        found = self.row("SELECT value FROM meta WHERE key = ?", key)
        return found["value"] if found else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def next_number(self, prefix: str, day: str, width: int = 6) -> str:
        """`prefix` + `day` (yyyymmdd) + a sequence of `width` digits that restarts each day."""
        key = prefix + day
        with self.transaction() as db:
            db.execute(
                "INSERT INTO counters (prefix, value) VALUES (?, 1)"
                " ON CONFLICT (prefix) DO UPDATE SET value = value + 1",
                (key,),
            )
            value = db.execute("SELECT value FROM counters WHERE prefix = ?", (key,)).fetchone()["value"]
        return f"{key}{value:0{width}d}"

    # -- kiosk keys -------------------------------------------------------------------------------------------------
    def provision_key(self, kiosk_id: str, secret: bytes) -> None:
        """Record `secret` as `kiosk_id`'s key (the embedded default's and the tests' kiosks)."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO kiosk_keys (kiosk_id, secret) VALUES (?, ?)", (kiosk_id, secret.hex()))

    def issue_key(self, kiosk_id: str) -> bytes:
        """A new random key for `kiosk_id`, replacing any earlier one."""
        secret = secrets.token_bytes(32)
        self.provision_key(kiosk_id, secret)
        return secret

    def kiosk_key(self, kiosk_id: str) -> bytes | None:
        found = self.row("SELECT secret FROM kiosk_keys WHERE kiosk_id = ?", kiosk_id)
        return bytes.fromhex(found["secret"]) if found else None

    # -- idempotency ----------------------------------------------------------------------------------------------
    def first_answer(self, kiosk_id: str, key: str) -> sqlite3.Row | None:
        return self.row("SELECT * FROM idempotency WHERE kiosk_id = ? AND key = ?", kiosk_id, key)

    def keep_answer(
        self, kiosk_id: str, key: str, operation: str, fingerprint: str, status: int, answer: dict[str, Any]
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO idempotency (kiosk_id, key, operation, fingerprint, status, answer)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (kiosk_id, key, operation, fingerprint, status, json.dumps(answer, ensure_ascii=False)),
            )
