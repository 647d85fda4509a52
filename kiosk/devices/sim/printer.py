"""The virtual receipt printer: an ESC/POS interpreter listening on a pseudo-terminal and on a loopback TCP port,
so the real driver talks to it exactly as to a serial or network printer.

It answers DLE EOT 1/2/3/4 and GS r 1 from a state that can be set (paper ok / near end / out, cover open,
cutter error, silent, garbled answers, DLE EOT only as many printers do, "paper runs out after N receipts"). Data sent while it cannot print is
dropped, as a stopped printer prints nothing. Each cut produces a receipt: its painted PNG and plain text,
written to a folder when one is given, and kept in memory (`last_receipt`) for the maintenance page.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import select
import socket
import threading
import time
import tty
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PIL import Image

from kiosk.devices.escpos.paper import Bitmap, Paper
from kiosk.devices.escpos.reader import EscposReader

log = logging.getLogger(__name__)

PaperLevel = Literal["ok", "near_end", "out"]
Answers = Literal["normal", "no_sensor", "silent", "garbled", "silent_after_job"]
# How long a "silent_after_job" printer answers nothing after each cut (longer than the driver waits to confirm).
SILENT_AFTER_JOB_S = 3.0


@dataclass
class PrintedReceipt:
    number: int
    paper: Paper
    png_path: Path | None = None
    text_path: Path | None = None
    image_qr_texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.paper.text()

    @property
    def qr_texts(self) -> list[str]:
        """Native QR codes, then QR codes found in printed images (the image-QR fallback)."""
        return self.paper.qr_texts + self.image_qr_texts

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.paper.paint().save(buffer, format="PNG")
        return buffer.getvalue()


@dataclass
class _State:
    paper: PaperLevel = "ok"
    cover_open: bool = False
    cutter_error: bool = False
    answers: Answers = "normal"
    silent_until: float = 0.0  # "silent_after_job": no status answers before this (time.monotonic)
    receipts_left: int | None = None
    stopped_for_paper: bool = False


def _decode_image_qrs(paper: Paper) -> list[str]:
    import numpy as np
    import zxingcpp

    found: list[str] = []
    for element in paper.elements:
        if isinstance(element, Bitmap) and element.image.height >= 40:
            framed = Image.new("L", (element.image.width + 40, element.image.height + 40), 255)
            framed.paste(element.image.convert("L"), (20, 20))
            for result in zxingcpp.read_barcodes(np.asarray(framed), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
                found.append(result.text)
    return found


class VirtualPrinter:
    """Start with `start()`; connect the driver to `serial_uri` or `tcp_uri`; stop with `stop()`. The folder keeps
    the files of the last `keep` receipts only (they carry masked personal data and would fill the disk)."""

    def __init__(self, out_dir: str | Path | None = None, paper_mm: int = 80, tcp_port: int | None = 0,
                 pty: bool = True, keep: int = 50) -> None:
        self.out_dir = Path(out_dir) if out_dir else None
        self.dots = 576 if paper_mm == 80 else 384
        self._want_tcp, self._tcp_port_wanted, self._want_pty = tcp_port is not None, tcp_port or 0, pty
        self._state = _State()
        self._lock = threading.RLock()
        self._printed = threading.Condition(self._lock)
        self._receipts: deque[PrintedReceipt] = deque(maxlen=keep)
        self._keep = keep
        self._numbered = 0  # receipts already in out_dir from an earlier run
        self._count = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._master: int | None = None
        self._slave: int | None = None
        self._server: socket.socket | None = None
        self.pty_path = ""
        self.tcp_port = 0
        self.unknown_commands: list[bytes] = []
        self.bytes_received = 0

    # -- lifecycle ----------------------------------------------------------------------------------------
    def start(self) -> VirtualPrinter:
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            # Number on from an earlier run in the same folder.
            self._numbered = max((int(p.stem[8:]) for p in self.out_dir.glob("receipt-*.png")
                                  if p.stem[8:].isdigit()), default=0)
        if self._want_pty:
            self._master, self._slave = os.openpty()
            tty.setraw(self._slave)
            self.pty_path = os.ttyname(self._slave)
            self._spawn(self._serve_pty, "printer-sim-pty")
        if self._want_tcp:
            self._server = socket.create_server(("127.0.0.1", self._tcp_port_wanted))
            self._server.settimeout(0.2)
            self.tcp_port = self._server.getsockname()[1]
            self._spawn(self._serve_tcp, "printer-sim-tcp")
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(2)
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None
        if self._server:
            self._server.close()
            self._server = None

    def __enter__(self) -> VirtualPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def serial_uri(self) -> str:
        return f"serial:{self.pty_path}?baud=115200"

    @property
    def tcp_uri(self) -> str:
        return f"tcp://127.0.0.1:{self.tcp_port}"

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    # -- controls (maintenance page, demo, tests) ---------------------------------------------------------
    def set_paper(self, level: PaperLevel) -> None:
        """Paper "ok" (also: refilled, clears a stop), "near_end" or "out"."""
        if level not in ("ok", "near_end", "out"):
            raise ValueError(f"paper level {level!r}")
        with self._lock:
            self._state.paper = level
            if level != "out":
                self._state.stopped_for_paper = False
                self._state.receipts_left = None

    def run_out_after(self, receipts: int | None) -> None:
        """The roll ends after this many more receipts (None: never): the next receipt after them stops
        mid-way for paper end, as a real roll runs out while printing."""
        with self._lock:
            self._state.receipts_left = receipts

    def open_cover(self) -> None:
        with self._lock:
            self._state.cover_open = True

    def close_cover(self) -> None:
        with self._lock:
            self._state.cover_open = False

    def set_cutter_error(self, error: bool) -> None:
        with self._lock:
            self._state.cutter_error = error

    def set_answers(self, answers: Answers) -> None:
        """How status queries are answered: normally, DLE EOT but never GS r 1 ("no_sensor", as many printers),
        not at all ("silent"), with garbage ("garbled"), or not at all for a while after each receipt
        ("silent_after_job", as printers busy cutting or with a slow interface)."""
        if answers not in ("normal", "no_sensor", "silent", "garbled", "silent_after_job"):
            raise ValueError(f"answers {answers!r}")
        with self._lock:
            self._state.answers = answers

    def reset(self) -> None:
        with self._lock:
            self._state = _State()

    @property
    def state(self) -> dict[str, object]:
        with self._lock:
            return dict(vars(self._state))

    # -- output -------------------------------------------------------------------------------------------
    @property
    def receipts(self) -> list[PrintedReceipt]:
        with self._lock:
            return list(self._receipts)

    @property
    def last_receipt(self) -> PrintedReceipt | None:
        with self._lock:
            return self._receipts[-1] if self._receipts else None

    @property
    def receipt_count(self) -> int:
        with self._lock:
            return self._count

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until `count` receipts have been cut in all (for tests and the CLI)."""
        with self._printed:
            return self._printed.wait_for(lambda: self._count >= count, timeout)

    # -- status answers -----------------------------------------------------------------------------------
    def _can_print(self) -> bool:
        with self._lock:
            s = self._state
            if s.receipts_left == 0:
                s.paper, s.receipts_left = "out", None
            if s.paper == "out":
                s.stopped_for_paper = True
            return s.paper != "out" and not s.cover_open and not s.cutter_error

    def _realtime(self, n: int) -> bytes | None:
        with self._lock:
            s = self._state
            if s.answers == "silent" or time.monotonic() < s.silent_until:
                return None
            if s.answers == "garbled":
                return b"\x00\xff"
            out = s.paper == "out"
            if n == 1:
                return bytes([0x12 | (0x08 if out or s.cover_open or s.cutter_error else 0)])
            if n == 2:
                stopped = 0x20 if s.stopped_for_paper else 0
                return bytes([0x12 | (0x04 if s.cover_open else 0) | stopped | (0x40 if s.cutter_error else 0)])
            if n == 3:
                return bytes([0x12 | (0x08 if s.cutter_error else 0)])
            if n == 4:
                return bytes([0x12 | (0x0C if s.paper == "near_end" else 0) | (0x60 if out else 0)])
            return None

    def _sensor(self, n: int) -> bytes | None:
        with self._lock:
            s = self._state
            if s.answers in ("silent", "no_sensor") or time.monotonic() < s.silent_until:
                return None
            if s.answers == "garbled":
                return b"\xff\xff"
            return bytes([(0x03 if s.paper == "near_end" else 0) | (0x0C if s.paper == "out" else 0)])

    def _on_cut(self, paper: Paper) -> None:
        image_qrs = _decode_image_qrs(paper)
        with self._printed:
            self._count += 1
            receipt = PrintedReceipt(self._count, paper, image_qr_texts=image_qrs)
            s = self._state
            if s.receipts_left:
                s.receipts_left -= 1
            if s.answers == "silent_after_job":
                s.silent_until = time.monotonic() + SILENT_AFTER_JOB_S
        if self.out_dir:
            self._save(receipt)
        with self._printed:
            self._receipts.append(receipt)
            self._printed.notify_all()
        log.info("virtual printer: receipt %d cut", receipt.number)

    def _save(self, receipt: PrintedReceipt) -> None:
        """Write the receipt's PNG and text, and remove the files of receipts older than the last `keep`."""
        assert self.out_dir is not None
        number = self._numbered + receipt.number
        stem = self.out_dir / f"receipt-{number:04d}"
        receipt.png_path, receipt.text_path = stem.with_suffix(".png"), stem.with_suffix(".txt")
        receipt.paper.paint().save(receipt.png_path)
        receipt.text_path.write_text(receipt.text, encoding="utf-8")
        for old in self.out_dir.glob("receipt-*.*"):
            stem_number = old.stem[8:]
            if stem_number.isdigit() and int(stem_number) <= number - self._keep:
                old.unlink(missing_ok=True)

    def _reader(self, send: Callable[[bytes], object]) -> EscposReader:
        return EscposReader(self.dots, on_cut=self._on_cut, on_realtime_status=self._realtime,
                            on_sensor_status=self._sensor, reply=send, accept_print=self._can_print,
                            unknown=self.unknown_commands)

    def _feed(self, reader: EscposReader, data: bytes) -> None:
        with self._lock:
            self.bytes_received += len(data)
        try:
            reader.feed(data)
        except Exception:  # a bad byte stream must not kill the simulator
            log.exception("virtual printer: could not interpret input")

    # -- transports ---------------------------------------------------------------------------------------
    def _serve_pty(self) -> None:
        master = self._master
        assert master is not None
        reader = self._reader(lambda data: os.write(master, data))
        while not self._stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # no slave open right now: wait for the next
                self._stop.wait(0.05)
                continue
            if data:
                self._feed(reader, data)

    def _serve_tcp(self) -> None:
        assert self._server is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            self._spawn(functools.partial(self._serve_client, conn), "printer-sim-client")

    def _serve_client(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        reader = self._reader(conn.sendall)
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
                self._feed(reader, data)
