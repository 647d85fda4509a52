"""Staff accounts: PINs hashed with scrypt, six to twelve digits and not easy to guess, sign-in as a chosen account,
roles, the lockout after five wrong PINs that grows and survives a restart, a damaged or deleted lock file, the demo
PIN only on the demo terminal without accounts, the first admin only with a provisioning code, the audit log,
`kiosk staff`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.staff.accounts import (
    LOCK_STEPS_S,
    MAX_FAILURES,
    LockedOut,
    Role,
    StaffError,
    StaffMember,
    StaffStore,
    WrongCode,
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


@pytest.mark.parametrize("pin", ["000000", "111111", "000000000000", "123456", "654321", "121212", "123123",
                                 "246802", "901234", "520520", "112233", "147258", "159753", "123321", "246810"])
def test_pins_that_are_easy_to_guess_are_refused_in_plain_words(tmp_path, pin) -> None:
    with pytest.raises(StaffError, match="太容易被猜到"):
        StaffStore(tmp_path).add("李秀英", "operator", pin)
    assert not StaffStore(tmp_path).has_accounts()


def test_staff_sign_in_as_a_chosen_account_and_no_answer_depends_on_another_accounts_pin(tmp_path) -> None:
    store = StaffStore(tmp_path)
    store.add("张建军", Role.ADMIN, "482913")
    # Adding an account says nothing about the others' PINs: the same PIN is simply accepted.
    store.add("李秀英", "operator", "482913")
    assert store.verify("482913", name="张建军").is_admin
    member = store.verify("482913", name="李秀英")
    assert (member.name, member.role, member.is_admin) == ("李秀英", Role.OPERATOR, False)
    # Without a chosen account no PIN opens (only the demo PIN, on the demo terminal); nor does an unknown name.
    for name in ("", "王强"):
        with pytest.raises(WrongPin):
            store.verify("482913", name=name)
    with pytest.raises(StaffError):
        store.add("王强", "boss", "730481")
    # Setting a new PIN for the same person replaces the old one.
    store.add("李秀英", "operator", "930571")
    assert store.verify("930571", name="李秀英").name == "李秀英"
    with pytest.raises(WrongPin):
        store.verify("482913", name="李秀英")
    assert store.remove("李秀英") and not store.remove("李秀英")
    assert [m.name for m in store.members()] == ["张建军"]


def _five_wrong(store: StaffStore) -> LockedOut:
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(WrongPin) as wrong:
            store.verify("730000", name="张建军")
        assert wrong.value.attempts_left == left
    with pytest.raises(LockedOut) as locked:
        store.verify("730000", name="张建军")
    return locked.value


def test_lockouts_grow_5_15_60_minutes_then_hold_until_kiosk_staff_unlock_even_across_restarts(tmp_path) -> None:
    clock = FakeClock()
    store = StaffStore(tmp_path, clock=clock)
    store.add("张建军", "admin", "482913")
    assert LOCK_STEPS_S == (300, 900, 3600)
    for step in LOCK_STEPS_S:
        locked = _five_wrong(store)
        assert locked.until == clock.now + step
        # A new process (a restart) finds the lock, and even the right PIN is refused while it lasts.
        restarted = StaffStore(tmp_path, clock=clock)
        clock.now += step - 1
        with pytest.raises(LockedOut) as again:
            restarted.verify("482913", name="张建军")
        assert "分钟后再试" in again.value.message
        clock.now += 2
        assert restarted.locked() is None
    locked = _five_wrong(store)
    assert locked.until is None and "kiosk staff unlock" in locked.message
    clock.now += 30 * 24 * 3600  # no amount of waiting lifts it
    with pytest.raises(LockedOut):
        StaffStore(tmp_path, clock=clock).verify("482913", name="张建军")
    assert store.unlock()
    assert store.verify("482913", name="张建军").name == "张建军"
    # A right PIN starts the steps again from five minutes.
    assert _five_wrong(store).until == clock.now + LOCK_STEPS_S[0]


def test_a_right_pin_resets_the_count_of_wrong_ones(tmp_path) -> None:
    store = StaffStore(tmp_path, clock=FakeClock())
    store.add("张建军", "admin", "482913")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(WrongPin):
            store.verify("730000", name="张建军")
    store.verify("482913", name="张建军")
    with pytest.raises(WrongPin) as wrong:
        store.verify("730000", name="张建军")
    assert wrong.value.attempts_left == MAX_FAILURES - 1


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"failures": "0"}', '{"held": 0, "extra": 1}'])
def test_a_lock_file_that_cannot_be_read_counts_as_locked_until_unlock(tmp_path, damage) -> None:
    store = StaffStore(tmp_path)
    store.add("张建军", "admin", "482913")
    (tmp_path / "staff_lock.json").write_text(damage, encoding="utf-8")
    with pytest.raises(LockedOut) as locked:
        store.verify("482913", name="张建军")
    assert locked.value.until is None
    assert store.unlock() and store.verify("482913", name="张建军").name == "张建军"


def test_deleting_the_lock_file_while_locked_does_not_lift_the_lock(tmp_path) -> None:
    clock = FakeClock()
    store = StaffStore(tmp_path, clock=clock)
    store.add("张建军", "admin", "482913")
    _five_wrong(store)
    (tmp_path / "staff_lock.json").unlink()
    with pytest.raises(LockedOut) as locked:
        store.verify("482913", name="张建军")
    assert locked.value.until is None
    # Deleting it after the lock ran out (to reset the growing steps) is the same.
    store.unlock()
    _five_wrong(store)
    clock.now += LOCK_STEPS_S[0] + 1
    (tmp_path / "staff_lock.json").unlink()
    with pytest.raises(LockedOut):
        store.verify("482913", name="张建军")
    # Without any lockout recorded, no lock file is simply no lock.
    store.unlock()
    assert not (tmp_path / "staff_lock.json").exists()
    assert store.verify("482913", name="张建军").name == "张建军"


DEVICES = ("IDCARD", "SCANNER", "PRINTER", "CAMERA", "FACE_CAMERA")


def _config(tmp_path: Path, simulated: bool, real: tuple[str, ...] = ()):
    """The shipped config in `tmp_path`: every device simulated, or (simulated=False) none configured; `real`
    names devices given a real driver."""
    env = {"KIOSK_PATHS__DATA_DIR": str(tmp_path)}
    if not simulated:
        env.update({f"KIOSK_DEVICES__{d}__DRIVER": "none" for d in DEVICES})
    drivers = {"IDCARD": "serial", "SCANNER": "keyboard", "PRINTER": "escpos", "CAMERA": "v4l2", "FACE_CAMERA": "v4l2"}
    env.update({f"KIOSK_DEVICES__{d}__DRIVER": drivers[d] for d in real})
    if "PRINTER" in real:
        env["KIOSK_DEVICES__PRINTER__URI"] = "tcp://192.0.2.7:9100"
    return load_config(DEFAULT_CONFIG, environ=env)


@pytest.mark.parametrize("real", DEVICES)
def test_the_demo_pin_works_only_when_every_device_is_simulated_and_no_account_exists(tmp_path, real) -> None:
    demo = _config(tmp_path, simulated=True)
    pin = demo.maintenance.demo_pin
    assert demo.all_simulated
    assert StaffStore.from_config(demo).verify(pin).is_admin
    # One real device makes it a real terminal: the demo PIN is refused there.
    mixed = _config(tmp_path, simulated=True, real=(real,))
    assert mixed.simulated and not mixed.all_simulated
    with pytest.raises(WrongPin):
        StaffStore.from_config(mixed).verify(pin)
    with pytest.raises(WrongPin):
        StaffStore.from_config(_config(tmp_path, simulated=False)).verify(pin)
    # On the demo terminal too, once a staff account exists.
    StaffStore.from_config(demo).add("张建军", "admin", "482913")
    with pytest.raises(WrongPin):
        StaffStore.from_config(demo).verify(pin)
    with pytest.raises(StaffError):
        StaffStore.from_config(mixed).add("李秀英", "admin", pin)  # never an account's PIN, anywhere


def test_the_desk_audits_entry_refusals_and_actions_and_enforces_roles(tmp_path) -> None:
    config = _config(tmp_path, simulated=False)
    desk = StaffDesk(config, runtime=None, clock=FakeClock())
    assert desk.needs_setup()
    desk.staff.add("李秀英", "operator", "735102")
    with pytest.raises(WrongPin):
        desk.sign_in("111111", "李秀英")
    with pytest.raises(StaffError):
        desk.act("paper_replaced")  # nobody signed in
    desk.sign_in("735102", "李秀英")
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
    assert StaffStore(tmp_path).verify("735102", "李秀英").name == "李秀英"
    weak = _kiosk(tmp_path, "staff", "add", "王强", "--role", "operator", "--pin-stdin", stdin="123456\n")
    assert weak.returncode == 1 and "太容易被猜到" in weak.stderr + weak.stdout
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
    store.add("李秀英", "operator", "735190")
    assert store.card_holder(again).name == "李秀英"
    store.remove("李秀英")
    assert store.card_holder(again) is None
    with pytest.raises(StaffError):
        store.issue_card("李秀英")


def test_the_first_admin_needs_a_provisioning_code_made_once_under_the_rules_of_staff_add_and_audited(tmp_path) -> None:
    clock = FakeClock()
    desk = StaffDesk(_config(tmp_path, simulated=False), runtime=None, clock=clock)
    desk.staff._clock = clock
    assert desk.needs_setup() and not desk.provisioning_pending()
    # Anyone who finds the gesture: without a code from the terminal's console, no admin.
    with pytest.raises(StaffError, match="kiosk staff provision"):
        desk.create_first_admin("张建军", "482913", "482913", "")
    code, expires = desk.staff.provision(hours=24)
    assert expires == clock.now + 24 * 3600 and len(code) == 10 and code.isdigit()
    assert code not in (tmp_path / "staff_provision.json").read_text(encoding="utf-8")  # kept hashed
    assert desk.provisioning_pending()
    with pytest.raises(StaffError, match="不一致"):
        desk.create_first_admin("张建军", "482913", "482914", code)
    with pytest.raises(StaffError, match="6到12位"):
        desk.create_first_admin("张建军", "48291", "48291", code)
    with pytest.raises(StaffError, match="太容易被猜到"):
        desk.create_first_admin("张建军", "123456", "123456", code)
    with pytest.raises(StaffError, match="姓名"):
        desk.create_first_admin("", "482913", "482913", code)
    wrong = str((int(code) + 1) % 10**10).zfill(10)
    with pytest.raises(WrongCode) as refused:
        desk.create_first_admin("张建军", "482913", "482913", wrong)
    assert refused.value.attempts_left == MAX_FAILURES - 1
    assert desk.needs_setup() and not desk.signed_in
    member = desk.create_first_admin("张建军", "482913", "482913", code)
    assert member.is_admin and desk.member == member and not desk.needs_setup()
    assert StaffStore(tmp_path).verify("482913", "张建军").name == "张建军"
    # Used once: the code is gone, and a second first admin is refused.
    assert not (tmp_path / "staff_provision.json").exists()
    with pytest.raises(StaffError):
        desk.create_first_admin("李秀英", "735102", "735102", code)
    with pytest.raises(StaffError):
        desk.staff.provision()  # no code once an account exists
    entries = AuditLog.in_dir(tmp_path).entries()
    assert [(e["who"], e["action"]) for e in entries] == [
        ("-", "provisioning_code_refused"), ("张建军", "staff_add"), ("张建军", "enter")]
    assert entries[1]["role"] == "admin" and "482913" not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    # The demo terminal has its PIN, so it never asks for a first admin.
    assert not StaffDesk(_config(tmp_path / "demo", simulated=True), runtime=None).needs_setup()


def test_a_provisioning_code_expires_and_wrong_codes_lock_like_wrong_pins(tmp_path) -> None:
    clock = FakeClock()
    store = StaffStore(tmp_path, clock=clock)
    code, _expires = store.provision(hours=1)
    clock.now += 3601
    assert not store.provisioning_pending()
    with pytest.raises(StaffError, match="过期"):
        store.add_first_admin("张建军", "482913", code)
    code, _expires = store.provision(hours=1)
    newer, _expires = store.provision(hours=1)  # a new code replaces the old one
    wrong = code if code != newer else str((int(newer) + 1) % 10**10).zfill(10)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(WrongCode):
            store.add_first_admin("张建军", "482913", wrong)
    with pytest.raises(LockedOut):
        store.add_first_admin("张建军", "482913", wrong)
    with pytest.raises(LockedOut):
        store.add_first_admin("张建军", "482913", newer)  # even the right code while locked
    clock.now += LOCK_STEPS_S[0]
    assert store.add_first_admin("张建军", "482913", newer).is_admin


def test_kiosk_staff_provision_prints_a_code_and_its_expiry_and_unlock_lifts_a_lock(tmp_path) -> None:
    made = _kiosk(tmp_path, "staff", "provision", "--hours", "2")
    assert made.returncode == 0, made.stderr
    code = "".join(made.stdout.split("开通码：")[1].split("\n")[0].split())
    assert len(code) == 10 and "有效至" in made.stdout and "2 小时" in made.stdout and "一次" in made.stdout
    assert _kiosk(tmp_path, "staff", "provision", "--hours", "0").returncode == 2
    assert StaffStore(tmp_path).add_first_admin("张建军", "482913", code).is_admin
    assert _kiosk(tmp_path, "staff", "provision").returncode == 1  # an account exists now
    store = StaffStore(tmp_path)
    (tmp_path / "staff_lock.json").write_text("garbage", encoding="utf-8")
    assert store.locked() is not None
    unlocked = _kiosk(tmp_path, "staff", "unlock")
    assert unlocked.returncode == 0 and "已解锁" in unlocked.stdout
    assert store.locked() is None and store.verify("482913", "张建军").name == "张建军"
    assert [e["action"] for e in AuditLog.in_dir(tmp_path).entries()] == ["staff_provision", "staff_unlock"]


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
