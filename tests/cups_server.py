"""A real, private CUPS server with a cups-pdf queue, for the tests that print A4 (certificates, 证件复印).

It is the print server a station runs (Debian `cups` + `printer-driver-cups-pdf`, installed by scripts/setup.sh),
started on a socket of its own in a scratch folder so that nothing of the machine's own CUPS is touched. `lp` and
`lpstat`, which `CupsQueue` runs, find it through `CUPS_SERVER`. cups-pdf writes each job as a PDF into `out`.
cups-pdf reads its settings only from /etc/cups, so the queue's own settings file goes there while it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


@dataclass(frozen=True)
class PdfQueue:
    name: str
    out: Path  # where cups-pdf writes each printed job as a PDF

    def printed(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"))

    def wait_for_pdfs(self, count: int, timeout: float = 60.0) -> list[Path]:
        """The PDFs once `count` of them are complete (cups-pdf writes a file, then closes it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.printed() if p.read_bytes().rstrip().endswith(b"%%EOF")]
            if len(done) >= count:
                return done
            time.sleep(0.2)
        raise AssertionError(f"cups-pdf wrote {len(self.printed())} PDFs in {timeout} s, expected {count}")


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "a private CUPS server with cups-pdf needs root (cups-pdf's settings live in /etc/cups)"
    for program in ("cupsd", "lpadmin", "lp", "lpstat"):
        if shutil.which(program) is None and not Path("/usr/sbin", program).exists():
            return f"{program} is not installed (scripts/setup.sh installs cups)"
    if not (PPD.exists() and BACKEND.exists()):
        return "printer-driver-cups-pdf is not installed (scripts/setup.sh installs it)"
    return None


def _write_config(root: Path) -> None:
    for folder in ("spool", "cache", "state", "log", "out"):
        (root / folder).mkdir(parents=True)
    (root / "tmp").mkdir()
    (root / "tmp").chmod(0o1777)  # filters run as lp
    (root / "out").chmod(0o777)
    root.chmod(0o755)
    (root / "cupsd.conf").write_text(
        f"Listen {root}/cups.sock\nLogLevel warn\nWebInterface No\nBrowsing Off\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"TempDir {root}/tmp\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
        "User lp\nGroup lp\nSystemGroup root\nFileDevice No\n")


def _wait_for_socket(sock: Path, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while not sock.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"cupsd did not start: {log.read_text() if log.exists() else server.returncode}")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def cups_pdf_queue() -> Iterator[PdfQueue]:
    """An A4 queue on a private cupsd; `CUPS_SERVER` points at it for the whole session."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    # Not under pytest's tmp folder: that is 0700, and CUPS runs its filters as the user lp.
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-")) / "server"
    root.parent.chmod(0o755)
    _write_config(root)
    name = f"kiosk-a4-test-{os.getpid()}"
    settings = Path(f"/etc/cups/cups-pdf-{name}.conf")
    settings.write_text(f"Out {root}/out\nAnonDirName {root}/out\nUserPrefix\nLabel 0\n")
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    server = subprocess.Popen([cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")])
    previous = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = str(root / "cups.sock")
    try:
        _wait_for_socket(root / "cups.sock", server, root / "log" / "error_log")
        subprocess.run(["lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", str(PPD)],
                       check=True, capture_output=True, timeout=30)
        yield PdfQueue(name, root / "out")
    finally:
        if previous is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = previous
        server.terminate()
        server.wait(timeout=20)
        settings.unlink(missing_ok=True)
        shutil.rmtree(root.parent, ignore_errors=True)
