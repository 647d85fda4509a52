"""Staff accounts for maintenance: a name, a role and a PIN, the PIN kept only as a scrypt hash.

Staff enter by choosing their name and typing their PIN (or a staff card chooses the name), so only the chosen
account's PIN is ever compared: no answer depends on another account's PIN, and two accounts may share one.
PINs that are easy to guess (repeated or sequential digits, the most common PINs) are refused.
Five wrong PINs lock entry; each lock is longer than the last (5 min, 15 min, 1 h), then entry stays locked until
an admin runs `kiosk staff unlock` on the terminal. The lock is kept in the data folder, so a restart does not lift
it, and a lock file that cannot be read (damaged, or deleted while staff.json says a lock is recorded) counts as
locked until that unlock.
The demo PIN of the config opens only on the demo terminal (every device simulated) and only while no account
exists. The first admin is made on the terminal (`kiosk staff add`) or on the first-start screen with a one-time
provisioning code printed by `kiosk staff provision` (stored hashed, valid for a limited time, used once).

A staff card is a QR code that preselects its holder on the PIN pad; the PIN is still asked, so a photo of a card
opens nothing. The card carries a random card id and a random token; the account keeps only the token's SHA-256
(the token is 128 random bits, so a fast hash cannot be guessed back). Issuing a new card revokes the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.base.storage import write_whole

STAFF_FILE = "staff.json"
LOCK_FILE = "staff_lock.json"
PROVISION_FILE = "staff_provision.json"
# staff.json carries this while the lock file records a lockout, so deleting the lock file does not lift it.
LOCK_MARK = "entry_lock_recorded"
HELD = {"held": True}  # the lock state that waits for `kiosk staff unlock`
MAX_FAILURES = 5
# Each lockout lasts longer than the one before; after the last, entry waits for `kiosk staff unlock`.
LOCK_STEPS_S = (300, 900, 3600)
PIN_PATTERN = re.compile(r"[0-9]{6,12}")
NAME_PATTERN = re.compile(r"[\w\u4e00-\u9fff .-]{1,20}")
# A provisioning code is 10 digits (typed on the number pad); with the lockout above it cannot be guessed.
PROVISION_DIGITS = 10
PROVISION_HOURS = 24
# scrypt cost: about 50 ms per check on a terminal's CPU, so guessing offline is slow too.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
DEMO_NAME = "演示"
SAMPLE_NAME = "张建军"  # the staff member signed in on screenshots of the maintenance pages
# Letters, digits and dashes only: a keyboard-wedge scanner types them the same on every keyboard layout.
CARD_PREFIX = "KIOSK-STAFF-"
CARD_PATTERN = re.compile(r"KIOSK-STAFF-([0-9A-F]{8})-([0-9A-F]{32})")
# The 6-digit PINs people choose most often (published PIN studies, Chinese and English speakers) that the rules
# below (one digit repeated, a step of -2..2, a repeated block) do not already catch: keypad lines, mirrors,
# lucky and "I love you" numbers, the shipped demo PIN.
COMMON_PINS = frozenset({
    "123321", "654456", "112233", "332211", "111222", "222111", "111000", "000111", "123000", "100000",
    "200000", "147258", "258369", "147369", "159357", "159753", "357159", "753951", "741852", "852963",
    "963852", "369258", "789456", "456123", "321654", "123654", "456789", "987654", "147852", "258456",
    "123789", "789123", "112358", "520131", "521314", "520521", "131420", "131421", "168168", "666888",
    "888666", "518518", "100200", "102030", "110120", "121314", "246810", "135790", "987456", "159951",
    "147741", "258852", "369963", "654123", "111333", "112211", "122333", "123465", "123455",
})


class Role(str, Enum):
    OPERATOR = "operator"  # devices, paper, outbox, logs, statistics
    ADMIN = "admin"  # also settings, staff, exiting the kiosk

    @property
    def label(self) -> str:
        return _("管理员") if self is Role.ADMIN else _("运维员")


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class StaffError(KioskError):
    """A refused account change or entry; `message` is for the staff member at the screen."""


class WrongPin(StaffError):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(_("密码不对，还可以再试{n}次").format(n=attempts_left),
                         f"wrong PIN, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class WrongCode(StaffError):
    """A wrong provisioning code on the first-start screen: it counts towards the same lockout as a wrong PIN."""

    def __init__(self, attempts_left: int) -> None:
        super().__init__(_("开通码不对，还可以再试{n}次").format(n=attempts_left),
                         f"wrong provisioning code, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class LockedOut(StaffError):
    """Entry is locked until `until` (epoch seconds), or, with `until` None, until `kiosk staff unlock`."""

    def __init__(self, until: float | None, now: float) -> None:
        if until is None:
            super().__init__(_("维护登录已锁定：请管理员在终端上运行 kiosk staff unlock 解锁"),
                             "locked until an admin unlocks")
        else:
            minutes = max(1, int((until - now + 59) // 60))
            super().__init__(_("密码错误次数过多，请{n}分钟后再试").format(n=minutes), f"locked until {until:.0f}")
        self.until = until


def hash_pin(pin: str, salt: bytes | None = None) -> dict[str, Any]:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **SCRYPT)
    return {"salt": salt.hex(), "hash": digest.hex(), **SCRYPT}


def pin_matches(pin: str, record: dict[str, Any]) -> bool:
    try:
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=int(record["n"]), r=int(record["r"]),
                                p=int(record["p"]), dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(digest, expected)


def _card_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def weak_pin(pin: str) -> bool:
    """One digit repeated (000000, twelve zeros), a constant step up or down by one or two (123456, 654321,
    246802, 901234), a repeated block (121212, 123123, 520520) or one of the most common PINs."""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if len(steps) == 1 and steps <= {0, 1, 2, 8, 9}:
        return True
    if any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size) for size in range(1, len(pin) // 2 + 1)):
        return True
    return pin in COMMON_PINS


def check_pin(pin: str) -> None:
    """Refuse a PIN that is not 6-12 digits or is easy to guess."""
    if not PIN_PATTERN.fullmatch(pin):
        raise StaffError(_("密码须为6到12位数字"), "PIN is not 6-12 digits")
    if weak_pin(pin):
        raise StaffError(_("这个密码太容易被猜到（重复、连续或常见的数字），请换一个"), "weak PIN")


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    write_whole(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except PermissionError as exc:  # made by another user (root), not damaged: say so, or someone re-creates it
        raise StaffError(_("员工账户文件无法读取（权限不足），请以终端程序的用户运行：") + str(path),
                         f"{path}: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise StaffError(_("员工账户文件损坏，请用 kiosk staff add 重新建立"), f"{path}: {exc}") from exc
    return data if isinstance(data, dict) else {}


def _valid_lock_state(data: Any) -> bool:
    if not isinstance(data, dict) or not set(data) <= {"failures", "level", "locked_until", "held"}:
        return False
    return (isinstance(data.get("failures", 0), int) and isinstance(data.get("level", 0), int)
            and isinstance(data.get("locked_until", 0), (int, float)) and data.get("held", False) in (True, False))


class StaffStore:
    """Accounts in data_dir/staff.json, the entry lock in data_dir/staff_lock.json, a pending provisioning code in
    data_dir/staff_provision.json. Thread-safe. `demo_pin`: the config's demo PIN (never accepted as an account's
    PIN); it opens only when `demo_terminal` (every device simulated) and no account exists."""

    def __init__(self, data_dir: Path, demo_pin: str = "", demo_terminal: bool = False,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = data_dir / STAFF_FILE
        self.lock_path = data_dir / LOCK_FILE
        self.provision_path = data_dir / PROVISION_FILE
        self.demo_pin = demo_pin
        self.demo_terminal = demo_terminal
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Any) -> StaffStore:
        return cls(config.data_dir, demo_pin=config.maintenance.demo_pin, demo_terminal=config.all_simulated)

    # -- accounts ---------------------------------------------------------------------------------------------
    def members(self) -> list[StaffMember]:
        accounts = _read_json(self.path).get("accounts", {})
        return [StaffMember(name, Role(a["role"])) for name, a in sorted(accounts.items())]

    def has_accounts(self) -> bool:
        return bool(self.members())

    def demo_pin_works(self) -> bool:
        """The demo PIN opens maintenance: a demo terminal without any account."""
        return bool(self.demo_pin) and self.demo_terminal and not self.has_accounts()

    def _checked(self, name: str, role: Role | str, pin: str) -> tuple[str, Role]:
        name = name.strip()
        if not NAME_PATTERN.fullmatch(name):
            raise StaffError(_("姓名须为1到20个字"), f"bad staff name {name!r}")
        try:
            role = Role(role)
        except ValueError as exc:
            raise StaffError(_("角色须为 operator 或 admin"), f"bad role {role!r}") from exc
        check_pin(pin)
        if self.demo_pin and hmac.compare_digest(pin, self.demo_pin):
            raise StaffError(_("不能使用演示密码"), "PIN equals the demo PIN")
        return name, role

    def _put(self, data: dict[str, Any], name: str, role: Role, pin: str) -> None:
        accounts = data.setdefault("accounts", {})
        card = accounts.get(name, {}).get("card")
        accounts[name] = {"role": role.value, "created_at": round(self._clock()), **hash_pin(pin)}
        if card:
            accounts[name]["card"] = card
        _write_atomic(self.path, data)

    def add(self, name: str, role: Role | str, pin: str) -> StaffMember:
        """Add an account, or give an existing one a new PIN and role (its staff card stays valid). Other
        accounts' PINs play no part: they may even be the same."""
        name, role = self._checked(name, role, pin)
        with self._lock:
            self._put(_read_json(self.path), name, role, pin)
        return StaffMember(name, role)

    def remove(self, name: str) -> bool:
        with self._lock:
            data = _read_json(self.path)
            if name not in data.get("accounts", {}):
                return False
            del data["accounts"][name]
            _write_atomic(self.path, data)
        return True

    # -- the first admin ----------------------------------------------------------------------------------------
    def provision(self, hours: float = PROVISION_HOURS) -> tuple[str, float]:
        """A new one-time provisioning code for the first-start screen and when it expires (epoch seconds); only
        its scrypt hash is kept, and a new code replaces an older one. Refused once an account exists."""
        code = "".join(secrets.choice("0123456789") for _ in range(PROVISION_DIGITS))
        with self._lock:
            if _read_json(self.path).get("accounts"):
                raise StaffError(_("本机已有维护账户，请用维护密码进入"), "provisioning with accounts present")
            now = self._clock()
            expires = now + hours * 3600
            _write_atomic(self.provision_path, {"created_at": round(now), "expires_at": expires, **hash_pin(code)})
        return code, expires

    def provisioning_pending(self) -> bool:
        """A provisioning code waits to be used (and has not expired)."""
        try:
            record = json.loads(self.provision_path.read_text(encoding="utf-8"))
            return float(record["expires_at"]) > self._clock()
        except (OSError, ValueError, TypeError, KeyError):
            return False

    def add_first_admin(self, name: str, pin: str, code: str) -> StaffMember:
        """The first-start screen: the terminal's first account, an admin, made with the provisioning code, which is
        used up. A wrong code counts towards the lockout like a wrong PIN."""
        name, role = self._checked(name, Role.ADMIN, pin)
        with self._lock:
            now = self._clock()
            state = self._entry_state(now)
            data = _read_json(self.path)
            if data.get("accounts"):
                raise StaffError(_("本机已有维护账户，请用维护密码进入"), "first account exists already")
            try:
                record = json.loads(self.provision_path.read_text(encoding="utf-8"))
                expires = float(record["expires_at"])
            except (OSError, ValueError, TypeError, KeyError) as exc:
                raise StaffError(_("本机还没有开通码：请技术人员在终端上运行 kiosk staff provision"),
                                 f"no provisioning code: {exc}") from exc
            if expires <= now:
                self.provision_path.unlink(missing_ok=True)
                raise StaffError(_("开通码已过期：请技术人员在终端上重新运行 kiosk staff provision"),
                                 "provisioning code expired")
            if not pin_matches(code.strip(), record):
                self._failed(state, now, WrongCode)
            self._put(data, name, role, pin)
            self.provision_path.unlink()
            self._clear_entry(data)
        return StaffMember(name, role)

    # -- staff cards ------------------------------------------------------------------------------------------
    def issue_card(self, name: str, deliver: Callable[[str], object] | None = None) -> str:
        """A new card payload for the account (the previous card stops working); only its hash is kept.
        `deliver(payload)` (writing the card's picture) runs first: when it raises, the old card still works."""
        card_id = secrets.token_hex(4).upper()
        token = secrets.token_hex(16).upper()
        payload = f"{CARD_PREFIX}{card_id}-{token}"
        with self._lock:
            data = _read_json(self.path)
            account = data.get("accounts", {}).get(name)
            if account is None:
                raise StaffError(_("没有这个员工账户"), "no such account for a card")
            if deliver is not None:
                deliver(payload)
            account["card"] = {"id": card_id, "hash": _card_hash(token), "issued_at": round(self._clock())}
            _write_atomic(self.path, data)
        return payload

    def card_holder(self, payload: str) -> StaffMember | None:
        """The account a scanned staff card belongs to; None for any other code, a revoked or forged card."""
        match = CARD_PATTERN.fullmatch(payload.strip())
        if match is None:
            return None
        card_id, token = match.groups()
        for name, account in _read_json(self.path).get("accounts", {}).items():
            card = account.get("card") or {}
            if card.get("id") == card_id and hmac.compare_digest(str(card.get("hash", "")), _card_hash(token)):
                return StaffMember(name, Role(account["role"]))
        return None

    # -- entry ------------------------------------------------------------------------------------------------
    def locked(self) -> LockedOut | None:
        """The lock in force now (as the refusal a sign-in would get), None when entry is open."""
        try:
            self._entry_state(self._clock())
        except LockedOut as exc:
            return exc
        return None

    def verify(self, pin: str, name: str = "") -> StaffMember:
        """The account `name` when `pin` is its PIN; without a name only the demo PIN (where it works). Raises
        LockedOut while locked, WrongPin otherwise."""
        with self._lock:
            now = self._clock()
            state = self._entry_state(now)
            member = self._match(pin, name)
            if member is None:
                self._failed(state, now, WrongPin)
            if state:
                self._clear_entry(_read_json(self.path))
            return member

    def unlock(self) -> bool:
        """`kiosk staff unlock`: lift any lock and forget the wrong attempts; True when there was something to
        lift."""
        with self._lock:
            data = _read_json(self.path)
            had = self.lock_path.exists() or bool(data.get(LOCK_MARK))
            self._clear_entry(data)
        return had

    def _match(self, pin: str, name: str) -> StaffMember | None:
        if not PIN_PATTERN.fullmatch(pin):
            return None
        accounts = _read_json(self.path).get("accounts", {})
        if name:
            account = accounts.get(name)
            if account is not None and pin_matches(pin, account):
                return StaffMember(name, Role(account["role"]))
            return None
        if self.demo_pin and self.demo_terminal and not accounts and hmac.compare_digest(pin, self.demo_pin):
            return StaffMember(DEMO_NAME, Role.ADMIN)
        return None

    def _entry_state(self, now: float) -> dict[str, Any]:
        """The lock file's state; raises LockedOut while a lock is in force. A lock file that cannot be read, or one
        missing while staff.json says a lockout was recorded, is held until `kiosk staff unlock`."""
        try:
            data = json.loads(self.lock_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = HELD if _read_json(self.path).get(LOCK_MARK) else {}
        except (OSError, ValueError):
            data = HELD
        if not _valid_lock_state(data):
            data = HELD
        if data.get("held"):
            raise LockedOut(None, now)
        until = float(data.get("locked_until", 0))
        if until > now:
            raise LockedOut(until, now)
        return data

    def _failed(self, state: dict[str, Any], now: float, refusal: Callable[[int], StaffError]) -> NoReturn:
        """Count one wrong PIN or code and raise `refusal`, or LockedOut when this one starts a lock."""
        failures = int(state.get("failures", 0)) + 1
        level = int(state.get("level", 0))
        if failures < MAX_FAILURES:
            _write_atomic(self.lock_path, {"failures": failures, "level": level})
            raise refusal(MAX_FAILURES - failures)
        level += 1
        # staff.json learns of the lockout first: a crash between the two writes leaves entry more locked, not less.
        data = _read_json(self.path)
        if not data.get(LOCK_MARK):
            data[LOCK_MARK] = True
            _write_atomic(self.path, data)
        if level > len(LOCK_STEPS_S):
            _write_atomic(self.lock_path, dict(HELD))
            raise LockedOut(None, now)
        until = now + LOCK_STEPS_S[level - 1]
        _write_atomic(self.lock_path, {"failures": 0, "level": level, "locked_until": until})
        raise LockedOut(until, now)

    def _clear_entry(self, data: dict[str, Any]) -> None:
        # The mark goes first: a crash between the two leaves the lock file, still counted, never a lone mark.
        if data.pop(LOCK_MARK, None) is not None:
            _write_atomic(self.path, data)
        self.lock_path.unlink(missing_ok=True)


def card_png(payload: str, member: StaffMember, station_name: str) -> bytes:
    """A printable staff card: the QR code, the holder's name and role, the station. Chinese on purpose (the card
    is the station's document, like a receipt)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from kiosk.base.assets import font_path
    from kiosk.receipts.render import qr_png

    code = Image.open(io.BytesIO(qr_png(payload, module=8))).convert("L")
    big = ImageFont.truetype(str(font_path(bold=True)), 40)
    small = ImageFont.truetype(str(font_path()), 24)
    role = "管理员" if member.is_admin else "运维员"
    lines = ((f"{member.name}（{role}）", big, 0), (f"{station_name} 维护卡", small, 60),
             ("扫码后仍须输入本人维护密码", small, 100))
    width = max(code.width, *(int(big.getlength(text) if font is big else small.getlength(text)) + 48
                              for text, font, _y in lines))
    card = Image.new("L", (width, code.height + 150), 255)
    card.paste(code, ((width - code.width) // 2, 0))
    draw = ImageDraw.Draw(card)
    for text, font, y in lines:
        draw.text(((width - draw.textlength(text, font=font)) / 2, code.height + y), text, font=font, fill=0)
    buffer = io.BytesIO()
    card.save(buffer, format="PNG")
    return buffer.getvalue()
