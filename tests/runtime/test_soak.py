"""The soak in CI: 200 simulated citizens at the real runtime (drivers on their simulators, the sandbox platform)
with faults and the kiosk process killed once; nothing lost, nothing sent twice, nothing unhandled. Then the
privacy checks on what such a run leaves behind: files (logs, outbox, the kiosk's data, temporary folders) and the
long-lived objects of the kiosk."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk import CONFIG_DIR
from kiosk.backend.keyfile import load_or_create_key
from kiosk.backend.outbox import Outbox
from kiosk.base.config import load_config
from kiosk.sandbox.server import start_sandbox
from kiosk.soak.run import Soaker, audit, run_soak, soak_config

from platform_support import KEYS, KIOSK_ID, OUTBOX_KEY, WANG, application, make_client

CITIZENS = yaml.safe_load((CONFIG_DIR / "sim" / "identities.yaml").read_text(encoding="utf-8"))["citizens"]
# What must never be found in clear: ID numbers, names (Chinese and English) and phone numbers of the demo people.
SECRETS = sorted({str(c[k]) for c in CITIZENS for k in ("id_number", "name", "english_name", "phone") if c.get(k)})
ENCODINGS = ("utf-8", "gb18030", "utf-16-le", "utf-16-be")
INJECTED = ("paper_out", "cover_open", "reader_unplugged", "camera_gone")


@pytest.fixture(scope="module")
def soaked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    work = tmp_path_factory.mktemp("soak")
    temp = work / "tmp"
    temp.mkdir()
    with pytest.MonkeyPatch.context() as patch:  # the kiosk's temporary files land where the test can read them
        patch.setenv("TMPDIR", str(temp))
        patch.setattr(tempfile, "tempdir", str(temp))
        report = run_soak(load_config(environ={}), sessions=200, faults=True, seed=20261127, work_dir=work)
    return report, work


def test_two_hundred_sessions_with_faults_lose_nothing_and_send_nothing_twice(soaked) -> None:
    report, _ = soaked
    assert report.sessions == 200
    assert report.unhandled == 0
    assert report.lost == 0 and report.duplicates == 0
    assert report.receipts_printed > 50 and report.receipts_duplicated == 0
    assert report.submitted > 20 and report.delivered == report.submitted - report.degraded.get("refused_by_platform", 0)
    assert report.completed > 100
    assert report.degraded["kiosk_killed"] == 1
    assert sum(report.degraded.get(kind, 0) for kind in INJECTED) > 0
    assert any(kind.startswith("platform_") for kind in report.degraded)


def test_a_printer_that_answers_dle_eot_only_gives_each_receipt_once(tmp_path) -> None:
    config = load_config(environ={"KIOSK_DEVICES__PRINTER__SIM_ANSWERS": "no_sensor"})
    report = run_soak(config, sessions=8, faults=False, seed=7, work_dir=tmp_path)
    assert report.unhandled == 0
    assert report.receipts_printed > 0 and report.receipts_duplicated == 0


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _found(data: bytes) -> list[str]:
    return [f"{secret!r} ({encoding})" for secret in SECRETS for encoding in ENCODINGS
            if secret.encode(encoding) in data]


def test_logs_outbox_kiosk_data_and_temporary_files_hold_no_personal_data_in_clear(soaked) -> None:
    _, work = soaked
    # The platform's store (platform/) is the platform's, not the kiosk's: it rightly holds the applications.
    # The virtual printer's output is the paper the citizen took home.
    paper = work / "kiosk" / "printer" / "virtual"
    checked = [p for folder in ("kiosk", "logs", "tmp") for p in _files(work / folder) if paper not in p.parents]
    assert any(p.name == "kiosk.log" for p in checked) and any(p.name.startswith("outbox.sqlite") for p in checked)
    leaks = {str(p.relative_to(work)): found for p in checked if (found := _found(p.read_bytes()))}
    assert leaks == {}


def test_the_grep_finds_personal_data_in_every_encoding() -> None:
    name = next(c["name"] for c in CITIZENS if c["key"] == "wang-jianguo")
    for encoding in ENCODINGS:
        assert _found(b"log line " + name.encode(encoding) + b" end") == [f"{name!r} ({encoding})"]


# -- long-lived objects -------------------------------------------------------------------------------------------
SKIP_TYPES = ("VirtualPrinter", "IdCardSimulator", "SandboxHandle", "Sandbox", "Thread", "Lock", "RLock", "Event",
              "Condition", "Connection", "Logger", "ThreadPoolExecutor", "Session", "Catalog", "SimCitizen")


def _personal_in(root: Any, depth: int = 8) -> list[str]:
    """Every path from `root` (attributes, dict values, list items) to a string or bytes holding a secret."""
    seen: set[int] = set()
    found: list[str] = []

    def walk(value: Any, path: str, left: int) -> None:
        if id(value) in seen or left < 0:
            return
        seen.add(id(value))
        if isinstance(value, (str, bytes, bytearray)):
            data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
            if _found(data):
                found.append(path)
            return
        if type(value).__name__ in SKIP_TYPES or callable(value) and not hasattr(value, "__dict__"):
            return
        if isinstance(value, dict):
            for key, item in list(value.items()):
                walk(key, f"{path}[{key!r}]", left - 1)
                walk(item, f"{path}[{key!r}]", left - 1)
        elif isinstance(value, (list, tuple, set, frozenset)) or type(value).__name__ == "deque":
            for i, item in enumerate(list(value)):
                walk(item, f"{path}[{i}]", left - 1)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            for key, item in list(vars(value).items()):
                walk(item, f"{path}.{key}", left - 1)
        elif hasattr(value, "__slots__"):
            for key in value.__slots__:
                walk(getattr(value, key, None), f"{path}.{key}", left - 1)

    walk(root, "kiosk", depth)
    return found


def test_after_the_sessions_no_identity_or_answer_is_left_in_the_kiosks_objects(tmp_path) -> None:
    secret = load_or_create_key(tmp_path / "secret.key")
    with start_sandbox(tmp_path / "platform", {KIOSK_ID: secret}, pay_after_s=0, seed=3) as sandbox:
        soaker = Soaker(soak_config(load_config(environ={}), tmp_path, sandbox.url), sandbox, faults=False, seed=5)
        try:
            outcomes = [soaker.session(i) for i in range(16)]
            assert outcomes.count("completed") >= 8 and "unhandled" not in outcomes
            controller, view = soaker.kiosk.controller, soaker.kiosk.view
            assert controller.flow is None and not controller.session.personal
            runtime = soaker.runtime
            # Everything the kiosk keeps between citizens (the simulators and the platform excluded: they stand
            # for the card in the citizen's hand and the province's servers).
            long_lived = {"session": controller.session, "flow": controller.flow, "card": controller.take_card(),
                          "screen": view.current_screen, "idcard": runtime.idcard,
                          "printer": runtime.printer, "work": runtime.work, "outbox": runtime.backend.outbox,
                          "client": runtime.backend.client, "camera": runtime.camera, "capture": runtime.capture}
            assert _personal_in(long_lived) == []
        finally:
            soaker.stop()


def test_the_object_walk_finds_a_name_left_behind() -> None:
    class Holder:
        def __init__(self) -> None:
            self.rows = [{"who": ("x", "王建国")}]

    assert _personal_in({"h": Holder()}) == ["kiosk['h'].rows[0]['who'][1]"]


# -- the audit itself ----------------------------------------------------------------------------------------------
def test_the_audit_counts_lost_and_duplicated_applications(tmp_path) -> None:
    with start_sandbox(tmp_path / "platform", KEYS) as sandbox:
        client = make_client(sandbox.url)
        outbox = Outbox(tmp_path / "outbox.sqlite", OUTBOX_KEY, client, kiosk_id=KIOSK_ID)
        first = outbox.enqueue("application", application(WANG, 0, note="1"))
        outbox.enqueue("application", application(WANG, 0, note="2"))
        assert audit(tmp_path / "outbox.sqlite", sandbox, KIOSK_ID) == {
            "submitted": 2, "delivered": 0, "duplicates": 0, "lost": 2, "refused": 0}
        outbox.start()
        assert outbox.wait(first.local_id, 10).state == "delivered"
        _wait_empty(outbox)
        outbox.close()
        assert audit(tmp_path / "outbox.sqlite", sandbox, KIOSK_ID)["lost"] == 0
        # The same submission again under another key: the platform records it twice.
        client.submit_application({**application(WANG, 0, note="1"), "kiosk_ref": first.provisional_no})
        assert audit(tmp_path / "outbox.sqlite", sandbox, KIOSK_ID) == {
            "submitted": 2, "delivered": 2, "duplicates": 1, "lost": 0, "refused": 0}


def _wait_empty(outbox: Outbox) -> None:
    import time

    deadline = time.monotonic() + 20
    while outbox.depth() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert outbox.depth() == 0

