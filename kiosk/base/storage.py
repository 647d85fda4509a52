"""SQLite as the kiosk uses it (outbox, sandbox, statistics): one connection shared by threads behind a lock,
writes in immediate transactions so a crash leaves either all of a change or none of it. Every file the kiosk
writes is its own alone: `private_umask` at start, and databases created 0600 whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_UMASK = 0o077  # files 0600, folders 0700
IN_MEMORY = ":memory:"  # SQLite's name for a database without a file (the demo statistics)


def private_umask() -> int:
    """From now on every file and folder this process creates is readable by its own user only; returns the old
    mask."""
    return os.umask(PRIVATE_UMASK)


def connect(path: Path) -> sqlite3.Connection:
    """The one shared connection to the database at `path` (autocommit; `transaction` for changes), or in memory
    for `Path(":memory:")`. The file is made 0600 before SQLite opens it, because SQLite gives the -wal and -shm
    files the database's own mode."""
    if str(path) != IN_MEMORY:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        for own in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if own.exists():
                own.chmod(0o600)  # left readable by an older version
    return sqlite3.connect(path, check_same_thread=False, isolation_level=None)


@contextmanager
def transaction(db: sqlite3.Connection, lock: threading.Lock | threading.RLock) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT under `lock`; ROLLBACK on any error (the error goes on)."""
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
