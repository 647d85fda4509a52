"""Fake ESC/POS printers written from docs/devices/escpos.md alone, independent of our driver and of the virtual
printer: a loopback TCP peer that splits the byte stream into commands by their documented lengths, cuts a
receipt at every `GS V 66 0`, and answers status queries as a given model does.

Models:
- "dle_eot_only": answers `DLE EOT n` (paper ok: `0x12`) at once but never `GS r 1`, as many printers do;
- "silent_after_job": answers `DLE EOT n` until the first receipt is cut, then nothing at all.
"""

from __future__ import annotations

import socket
import threading
from typing import Literal

Model = Literal["dle_eot_only", "silent_after_job"]
STATUS_OK = b"\x12"  # bits 1 and 4 set, nothing wrong


class FakeEscposPrinter:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.receipts: list[bytes] = []  # the bytes of each cut receipt, from ESC @ to the cut
        self.status_queries = 0
        self.sensor_queries = 0
        self.unknown: list[bytes] = []
        self._buffer = b""
        self._current = b""
        self._lock = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-escpos", daemon=True)

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self._server.getsockname()[1]}"

    def __enter__(self) -> FakeEscposPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self._server.close()

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: len(self.receipts) >= count, timeout)

    # -- the wire --------------------------------------------------------------------------------------------
    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._client, args=(conn,), daemon=True).start()

    def _client(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        with conn:
            while not self._stop.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not data:
                    return
                for reply in self._feed(data):
                    conn.sendall(reply)

    def _feed(self, data: bytes) -> list[bytes]:
        """Consume whole commands; a command split across reads waits for the rest."""
        replies: list[bytes] = []
        with self._lock:
            self._buffer += data
            while self._buffer:
                size = _command_length(self._buffer)
                if size is None or size > len(self._buffer):
                    break
                command, self._buffer = self._buffer[:size], self._buffer[size:]
                reply = self._execute(command)
                if reply:
                    replies.append(reply)
            self._lock.notify_all()
        return replies

    def _execute(self, command: bytes) -> bytes:
        silent = self.model == "silent_after_job" and bool(self.receipts)
        if command[:2] == b"\x10\x04":
            self.status_queries += 1
            return b"" if silent else STATUS_OK
        if command[:2] == b"\x1d\x72":
            self.sensor_queries += 1
            return b""  # neither model answers GS r 1
        self._current += command
        if command[:3] == b"\x1d\x56\x42":
            self.receipts.append(self._current)
            self._current = b""
        elif command in (b"\x1b", b"\x1c", b"\x1d", b"\x10"):  # a prefix of no documented command
            self.unknown.append(command)
        return b""


_FIXED = {  # prefix -> total length, from the table "What we send" and the status sections
    b"\x1b\x40": 2, b"\x1c\x26": 2, b"\x1b\x61": 3, b"\x1b\x45": 3, b"\x1d\x21": 3, b"\x1b\x64": 3,
    b"\x1d\x68": 3, b"\x1d\x77": 3, b"\x1d\x48": 3, b"\x1d\x56": 4, b"\x10\x04": 3, b"\x1d\x72": 3,
}


def _command_length(buf: bytes) -> int | None:
    """The length of the command at the start of `buf` (None: not enough bytes to tell). A byte that starts no
    known command is one byte of text."""
    if buf[:1] not in (b"\x1b", b"\x1c", b"\x1d", b"\x10"):
        return 1
    if len(buf) < 2:
        return None
    head = buf[:2]
    if head in _FIXED:
        return _FIXED[head]
    if head == b"\x1d\x76":  # GS v 0 m xL xH yL yH data
        if len(buf) < 8:
            return None
        return 8 + (buf[4] | buf[5] << 8) * (buf[6] | buf[7] << 8)
    if head == b"\x1d\x28":  # GS ( k pL pH ...
        if len(buf) < 5:
            return None
        return 5 + (buf[3] | buf[4] << 8)
    if head == b"\x1d\x6b":  # GS k 73 n data
        if len(buf) < 4:
            return None
        return 4 + buf[3]
    return 1
