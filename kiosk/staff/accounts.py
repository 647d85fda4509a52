"""Staff accounts for maintenance: a name, a role and a PIN, the PIN kept only as a scrypt hash.

A terminal's staff enter by PIN alone (the pad has no name field), so two accounts never share a PIN.
Five wrong PINs lock entry for five minutes; the lock is kept in the data folder so a restart does not lift it.
The demo PIN of the config works only while devices are simulated (never on a real terminal).

A staff card is a QR code that preselects its holder on the PIN pad; the PIN is still asked, so a photo of a card
opens nothing. The card carries a random card id and a random token; the account keeps only the token's SHA-256
(the token is 128 random bits, so a fast hash cannot be guessed back). Issuing a new card revokes the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _

STAFF_FILE = "staff.json"
LOCK_FILE = "staff_lock.json"
MAX_FAILURES = 5
LOCK_S = 300
PIN_PATTERN = re.compile(r"[0-9]{6,12}")
NAME_PATTERN = re.compile(r"[\w\u4e00-\u9fff .-]{1,20}")
# scrypt cost: about 50 ms per check on a terminal's CPU, so guessing offline is slow too.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
DEMO_NAME = "演示"
SAMPLE_NAME = "张建军"  # the staff member signed in on screenshots of the maintenance pages
# Letters, digits and dashes only: a keyboard-wedge scanner types them the same on every keyboard layout.
CARD_PREFIX = "KIOSK-STAFF-"
CARD_PATTERN = re.compile(r"KIOSK-STAFF-([0-9A-F]{8})-([0-9A-F]{32})")


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


class LockedOut(StaffError):
    def __init__(self, until: float, now: float) -> None:
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


def check_pin_shape(pin: str) -> None:
    if not PIN_PATTERN.fullmatch(pin):
        raise StaffError(_("密码须为6到12位数字"), "PIN is not 6-12 digits")


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StaffError(_("员工账户文件损坏，请用 kiosk staff add 重新建立"), f"{path}: {exc}") from exc
    return data if isinstance(data, dict) else {}


class StaffStore:
    """Accounts in data_dir/staff.json, the entry lock in data_dir/staff_lock.json. Thread-safe."""

    def __init__(self, data_dir: Path, demo_pin: str = "", clock: Callable[[], float] = time.time) -> None:
        self.path = data_dir / STAFF_FILE
        self.lock_path = data_dir / LOCK_FILE
        self.demo_pin = demo_pin
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Any) -> StaffStore:
        demo = config.maintenance.demo_pin if config.simulated else ""
        return cls(config.data_dir, demo_pin=demo)

    # -- accounts ---------------------------------------------------------------------------------------------
    def members(self) -> list[StaffMember]:
        accounts = _read_json(self.path).get("accounts", {})
        return [StaffMember(name, Role(a["role"])) for name, a in sorted(accounts.items())]

    def has_accounts(self) -> bool:
        return bool(self.members())

    def add(self, name: str, role: Role | str, pin: str, first: bool = False) -> StaffMember:
        """Add an account, or give an existing one a new PIN and role (its staff card stays valid).
        `first`: only while the terminal has no account at all (the first-start screen), checked under the lock."""
        name = name.strip()
        if not NAME_PATTERN.fullmatch(name):
            raise StaffError(_("姓名须为1到20个字"), f"bad staff name {name!r}")
        try:
            role = Role(role)
        except ValueError as exc:
            raise StaffError(_("角色须为 operator 或 admin"), f"bad role {role!r}") from exc
        check_pin_shape(pin)
        if self.demo_pin and hmac.compare_digest(pin, self.demo_pin):
            raise StaffError(_("不能使用演示密码"), "PIN equals the demo PIN")
        with self._lock:
            data = _read_json(self.path)
            accounts = data.setdefault("accounts", {})
            if first and accounts:
                raise StaffError(_("本机已有维护账户，请用维护密码进入"), "first account exists already")
            if any(pin_matches(pin, a) for other, a in accounts.items() if other != name):
                raise StaffError(_("这个密码已有人使用，请换一个"), "PIN already used by another account")
            card = accounts.get(name, {}).get("card")
            accounts[name] = {"role": role.value, "created_at": round(self._clock()), **hash_pin(pin)}
            if card:
                accounts[name]["card"] = card
            _write_atomic(self.path, data)
        return StaffMember(name, role)

    def remove(self, name: str) -> bool:
        with self._lock:
            data = _read_json(self.path)
            if name not in data.get("accounts", {}):
                return False
            del data["accounts"][name]
            _write_atomic(self.path, data)
        return True

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
    def locked_until(self) -> float | None:
        until = float(self._lock_state().get("locked_until", 0))
        return until if until > self._clock() else None

    def verify(self, pin: str, name: str = "") -> StaffMember:
        """The staff member whose PIN this is (only `name`'s PIN counts when a staff card named them); raises
        LockedOut while locked, WrongPin otherwise."""
        with self._lock:
            now = self._clock()
            state = self._lock_state()
            until = float(state.get("locked_until", 0))
            if until > now:
                raise LockedOut(until, now)
            member = self._match(pin, name)
            if member is not None:
                if state:
                    _write_atomic(self.lock_path, {})
                return member
            failures = (0 if until else int(state.get("failures", 0))) + 1
            if failures >= MAX_FAILURES:
                _write_atomic(self.lock_path, {"failures": failures, "locked_until": now + LOCK_S})
                raise LockedOut(now + LOCK_S, now)
            _write_atomic(self.lock_path, {"failures": failures})
            raise WrongPin(MAX_FAILURES - failures)

    def _match(self, pin: str, only: str = "") -> StaffMember | None:
        if not PIN_PATTERN.fullmatch(pin):
            return None
        for name, account in _read_json(self.path).get("accounts", {}).items():
            if (not only or name == only) and pin_matches(pin, account):
                return StaffMember(name, Role(account["role"]))
        if not only and self.demo_pin and hmac.compare_digest(pin, self.demo_pin):
            return StaffMember(DEMO_NAME, Role.ADMIN)
        return None

    def _lock_state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.lock_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


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
