"""SQLite as the kiosk uses it (outbox, sandbox, statistics): one connection shared by threads behind a lock,
writes in immediate transactions so a crash leaves either all of a change or none of it. Every file the kiosk
writes is its own alone: `private_umask` at start, and databases created 0600 whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import tempfile
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


def write_whole(path: Path, data: bytes) -> None:
    """`path` holds `data` whole or keeps what it held: a power cut mid-write must not leave half a file that stops
    the next start. The temporary file is this call's own (0600), so kiosks writing one file at once do not rename
    each other's half-written copy. An OSError names `path`, the file a person knows, not the temporary one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


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
