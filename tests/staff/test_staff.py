"""Staff accounts: PINs hashed with scrypt, at least six digits, roles, the lockout after five wrong PINs and
its persistence across a restart, the demo PIN only with simulated devices, the audit log, `kiosk staff`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.staff.accounts import (
    LOCK_S,
    MAX_FAILURES,
    LockedOut,
    Role,
    StaffError,
    StaffMember,
    StaffStore,
    WrongPin,
    hash_pin,
    pin_matches,
)
from kiosk.staff.audit import AuditLog
from kiosk.staff.desk import NotAllowed, StaffDesk

ROOT = Path(__file__).resolve().parents[2]


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_pin_is_stored_only_as_a_salted_scrypt_hash(tmp_path) -> None:
    store = StaffStore(tmp_path)
    store.add("张建军", "admin", "482913")
    text = (tmp_path / "staff.json").read_text(encoding="utf-8")
    assert "482913" not in text
    record = json.loads(text)["accounts"]["张建军"]
    assert record["n"] >= 2**14 and len(bytes.fromhex(record["salt"])) == 16
    assert pin_matches("482913", record) and not pin_matches("482914", record)
    # The same PIN hashes differently each time (salt), and a damaged record never matches.
    assert hash_pin("482913")["hash"] != hash_pin("482913")["hash"]
    assert not pin_matches("482913", {"salt": "zz", "hash": "00", "n": 2, "r": 1, "p": 1})


@pytest.mark.parametrize("pin", ["12345", "", "12345a", "1234567890123", "１２３４５６", "123456\n"])
def test_pins_are_six_to_twelve_ascii_digits(tmp_path, pin) -> None:
    with pytest.raises(StaffError):
        StaffStore(tmp_path).add("李", "operator", pin)


def test_accounts_have_roles_and_two_accounts_never_share_a_pin(tmp_path) -> None:
    store = StaffStore(tmp_path)
    store.add("张建军", Role.ADMIN, "482913")
    store.add("李秀英", "operator", "735102")
    assert store.verify("482913").is_admin
    member = store.verify("735102")
    assert (member.name, member.role, member.is_admin) == ("李秀英", Role.OPERATOR, False)
    with pytest.raises(StaffError):
        store.add("王强", "operator", "735102")
    with pytest.raises(StaffError):
        store.add("王强", "boss", "111222")
    # Setting a new PIN for the same person replaces the old one.
    store.add("李秀英", "operator", "909090")
    assert store.verify("909090").name == "李秀英"
    with pytest.raises(WrongPin):
        store.verify("735102")
    assert store.remove("李秀英") and not store.remove("李秀英")
    assert [m.name for m in store.members()] == ["张建军"]


def test_five_wrong_pins_lock_entry_for_five_minutes_even_across_a_restart(tmp_path) -> None:
    clock = FakeClock()
    store = StaffStore(tmp_path, clock=clock)
    store.add("张建军", "admin", "482913")
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(WrongPin) as wrong:
            store.verify("000000")
        assert wrong.value.attempts_left == left
    with pytest.raises(LockedOut):
        store.verify("000000")
    # A new process (a restart) finds the lock, and even the right PIN is refused while it lasts.
    restarted = StaffStore(tmp_path, clock=clock)
    clock.now += LOCK_S - 1
    with pytest.raises(LockedOut) as locked:
        restarted.verify("482913")
    assert "分钟后再试" in locked.value.message
    clock.now += 2
    assert restarted.locked_until() is None
    assert restarted.verify("482913").name == "张建军"


def test_a_right_pin_resets_the_count_of_wrong_ones(tmp_path) -> None:
    store = StaffStore(tmp_path, clock=FakeClock())
    store.add("张建军", "admin", "482913")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(WrongPin):
            store.verify("000000")
    store.verify("482913")
    with pytest.raises(WrongPin) as wrong:
        store.verify("000000")
    assert wrong.value.attempts_left == MAX_FAILURES - 1


def test_a_damaged_lock_file_does_not_open_or_break_entry(tmp_path) -> None:
    store = StaffStore(tmp_path)
    store.add("张建军", "admin", "482913")
    (tmp_path / "staff_lock.json").write_text("{not json", encoding="utf-8")
    assert store.verify("482913").name == "张建军"


def _config(tmp_path: Path, simulated: bool):
    env = {"KIOSK_PATHS__DATA_DIR": str(tmp_path)}
    if not simulated:
        env.update({f"KIOSK_DEVICES__{d}__DRIVER": "none" for d in ("IDCARD", "SCANNER", "PRINTER", "CAMERA",
                                                                   "FACE_CAMERA")})
    return load_config(DEFAULT_CONFIG, environ=env)


def test_the_demo_pin_works_only_with_simulated_devices(tmp_path) -> None:
    demo = _config(tmp_path, simulated=True)
    pin = demo.maintenance.demo_pin
    assert StaffStore.from_config(demo).verify(pin).is_admin
    real = StaffStore.from_config(_config(tmp_path, simulated=False))
    with pytest.raises(WrongPin):
        real.verify(pin)
    with pytest.raises(StaffError):
        StaffStore.from_config(demo).add("张建军", "admin", pin)


def test_the_desk_audits_entry_refusals_and_actions_and_enforces_roles(tmp_path) -> None:
    config = _config(tmp_path, simulated=False)
    desk = StaffDesk(config, runtime=None, clock=FakeClock())
    assert desk.needs_setup()
    desk.staff.add("李秀英", "operator", "735102")
    with pytest.raises(WrongPin):
        desk.sign_in("111111")
    with pytest.raises(StaffError):
        desk.act("paper_replaced")  # nobody signed in
    desk.sign_in("735102")
    desk.act("paper_replaced", receipts=120)
    with pytest.raises(NotAllowed):
        desk.act("exit_to_desktop", admin=True)
    desk.sign_out("done")
    entries = AuditLog.in_dir(tmp_path).entries()
    assert [(e["who"], e["action"]) for e in entries] == [
        ("-", "pin_refused"), ("李秀英", "enter"), ("李秀英", "paper_replaced"), ("李秀英", "refused"),
        ("李秀英", "leave")]
    assert entries[2]["receipts"] == 120 and all(isinstance(e["at"], float) for e in entries)
    assert "735102" not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")


def test_maintenance_leaves_by_itself_after_the_idle_time(tmp_path) -> None:
    clock = FakeClock()
    desk = StaffDesk(_config(tmp_path, simulated=True), runtime=None, clock=clock)
    desk.sign_in(desk.staff.demo_pin)
    clock.now += desk.config.maintenance.idle_exit_s - 1
    assert not desk.idle_expired()
    desk.touch()
    clock.now += desk.config.maintenance.idle_exit_s
    assert desk.idle_expired()


def test_the_audit_log_only_appends_and_skips_a_damaged_line(tmp_path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl", clock=FakeClock())
    log.record("张建军", "enter")
    with open(tmp_path / "audit.jsonl", "a", encoding="utf-8") as f:
        f.write("garbage\n")
    log.record("张建军", "leave", reason="idle")
    assert [e["action"] for e in log.entries()] == ["enter", "leave"]
    assert (tmp_path / "audit.jsonl").read_text(encoding="utf-8").count("\n") == 3


def _kiosk(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"KIOSK_PATHS__DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)


def test_kiosk_staff_add_asks_twice_and_list_and_remove_work(tmp_path) -> None:
    added = _kiosk(tmp_path, "staff", "add", "张建军", "--role", "admin", stdin="482913\n482913\n")
    assert added.returncode == 0, added.stderr
    mismatch = _kiosk(tmp_path, "staff", "add", "李秀英", "--role", "operator", stdin="735102\n735103\n")
    assert mismatch.returncode == 1 and "不一致" in mismatch.stderr + mismatch.stdout
    scripted = _kiosk(tmp_path, "staff", "add", "李秀英", "--role", "operator", "--pin-stdin", stdin="735102\n")
    assert scripted.returncode == 0, scripted.stderr
    assert _kiosk(tmp_path, "staff", "list").stdout.split() == ["张建军", "admin", "李秀英", "operator"]
    assert StaffStore(tmp_path).verify("735102").name == "李秀英"
    assert _kiosk(tmp_path, "staff", "remove", "李秀英").returncode == 0
    assert [e["action"] for e in AuditLog.in_dir(tmp_path).entries()] == ["staff_add", "staff_add", "staff_remove"]


def test_a_staff_card_names_its_holder_but_only_their_pin_opens(tmp_path) -> None:
    store = StaffStore(tmp_path)
    store.add("张建军", "admin", "482913")
    store.add("李秀英", "operator", "735102")
    payload = store.issue_card("李秀英")
    assert payload.startswith("KIOSK-STAFF-") and payload.replace("-", "").isalnum()
    # Only a hash of the card's token is kept: the file alone cannot make a card.
    assert payload.rsplit("-", 1)[1] not in (tmp_path / "staff.json").read_text(encoding="utf-8")
    assert store.card_holder(payload) == StaffMember("李秀英", Role.OPERATOR)
    # The card only chooses the account: another account's PIN (or the demo's) does not open with it.
    with pytest.raises(WrongPin):
        store.verify("482913", name="李秀英")
    assert store.verify("735102", name="李秀英").name == "李秀英"
    # A forged token, a citizen's code, and the old card after a new one is issued are nobody's.
    forged = payload[:-1] + ("0" if payload[-1] != "0" else "1")
    assert store.card_holder(forged) is None
    for other in ("MSB-EID-AB12CD34", "NC2026112700012345", "", "KIOSK-STAFF-zz"):
        assert store.card_holder(other) is None
    again = store.issue_card("李秀英")
    assert store.card_holder(payload) is None and store.card_holder(again).name == "李秀英"
    # A new PIN keeps the card; removing the account ends it.
    store.add("李秀英", "operator", "735109")
    assert store.card_holder(again).name == "李秀英"
    store.remove("李秀英")
    assert store.card_holder(again) is None
    with pytest.raises(StaffError):
        store.issue_card("李秀英")


def test_the_first_admin_is_made_once_under_the_rules_of_staff_add_and_audited(tmp_path) -> None:
    desk = StaffDesk(_config(tmp_path, simulated=False), runtime=None, clock=FakeClock())
    assert desk.needs_setup()
    with pytest.raises(StaffError, match="不一致"):
        desk.create_first_admin("张建军", "482913", "482914")
    with pytest.raises(StaffError, match="6到12位"):
        desk.create_first_admin("张建军", "48291", "48291")
    with pytest.raises(StaffError, match="姓名"):
        desk.create_first_admin("", "482913", "482913")
    assert desk.needs_setup() and not desk.signed_in
    member = desk.create_first_admin("张建军", "482913", "482913")
    assert member.is_admin and desk.member == member and not desk.needs_setup()
    assert StaffStore(tmp_path).verify("482913").name == "张建军"
    with pytest.raises(StaffError):
        desk.create_first_admin("李秀英", "735102", "735102")  # only the first
    entries = AuditLog.in_dir(tmp_path).entries()
    assert [(e["who"], e["action"]) for e in entries] == [("张建军", "staff_add"), ("张建军", "enter")]
    assert entries[0]["role"] == "admin" and "482913" not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    # The demo has its PIN, so it never asks for a first admin.
    assert not StaffDesk(_config(tmp_path / "demo", simulated=True), runtime=None).needs_setup()


def test_kiosk_staff_card_writes_a_card_whose_qr_names_the_account(tmp_path) -> None:
    import numpy as np
    from PIL import Image

    from kiosk.vision.codes import decode_codes

    assert _kiosk(tmp_path, "staff", "add", "张建军", "--role", "admin", "--pin-stdin", stdin="482913\n").returncode == 0
    out = tmp_path / "card.png"
    made = _kiosk(tmp_path, "staff", "card", "张建军", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert _kiosk(tmp_path, "staff", "card", "无此人", "--out", str(out)).returncode == 1
    texts = [code.text for code in decode_codes(np.asarray(Image.open(out).convert("L")))]
    assert len(texts) == 1 and StaffStore(tmp_path).card_holder(texts[0]).name == "张建军"
    assert [e["action"] for e in AuditLog.in_dir(tmp_path).entries()][-1] == "staff_card"
    failed = _kiosk(tmp_path, "staff", "card", "张建军", "--out", str(tmp_path / "nonexistent" / "x.png"))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr and "原来的卡仍然有效" in failed.stderr
    assert StaffStore(tmp_path).card_holder(texts[0]).name == "张建军"  # written first, so the old card still works
