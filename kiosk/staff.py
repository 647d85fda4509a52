"""Staff accounts for maintenance: a name, a role and a PIN, the PIN kept only as a scrypt hash.

A terminal's staff enter by PIN alone (the pad has no name field), so two accounts never share a PIN.
Five wrong PINs lock entry for five minutes; the lock is kept in the data folder so a restart does not lift it.
The demo PIN of the config works only while devices are simulated (never on a real terminal).
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
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Callable

from kiosk.errors import KioskError

STAFF_FILE = "staff.json"
LOCK_FILE = "staff_lock.json"
MAX_FAILURES = 5
LOCK_S = 300
PIN_PATTERN = re.compile(r"[0-9]{6,12}")
NAME_PATTERN = re.compile(r"[\w\u4e00-\u9fff .-]{1,20}")
# scrypt cost: about 50 ms per check on a terminal's CPU, so guessing offline is slow too.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
DEMO_NAME = "演示"


class Role(str, Enum):
    OPERATOR = "operator"  # devices, paper, outbox, logs, statistics
    ADMIN = "admin"  # also settings, staff, exiting the kiosk

    @property
    def label(self) -> str:
        return "管理员" if self is Role.ADMIN else "运维员"


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
        super().__init__(f"密码不对，还可以再试{attempts_left}次", f"wrong PIN, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class LockedOut(StaffError):
    def __init__(self, until: float, now: float) -> None:
        minutes = max(1, int((until - now + 59) // 60))
        super().__init__(f"密码错误次数过多，请{minutes}分钟后再试", f"locked until {until:.0f}")
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


def check_pin_shape(pin: str) -> None:
    if not PIN_PATTERN.fullmatch(pin):
        raise StaffError("密码须为6到12位数字", "PIN is not 6-12 digits")


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
        raise StaffError("员工账户文件损坏，请用 kiosk staff add 重新建立", f"{path}: {exc}") from exc
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

    def add(self, name: str, role: Role | str, pin: str) -> StaffMember:
        name = name.strip()
        if not NAME_PATTERN.fullmatch(name):
            raise StaffError("姓名须为1到20个字", f"bad staff name {name!r}")
        try:
            role = Role(role)
        except ValueError as exc:
            raise StaffError("角色须为 operator 或 admin", f"bad role {role!r}") from exc
        check_pin_shape(pin)
        if self.demo_pin and hmac.compare_digest(pin, self.demo_pin):
            raise StaffError("不能使用演示密码", "PIN equals the demo PIN")
        with self._lock:
            data = _read_json(self.path)
            accounts = data.setdefault("accounts", {})
            if any(pin_matches(pin, a) for other, a in accounts.items() if other != name):
                raise StaffError("这个密码已有人使用，请换一个", "PIN already used by another account")
            accounts[name] = {"role": role.value, "created_at": round(self._clock()), **hash_pin(pin)}
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

    # -- entry ------------------------------------------------------------------------------------------------
    def locked_until(self) -> float | None:
        until = float(self._lock_state().get("locked_until", 0))
        return until if until > self._clock() else None

    def verify(self, pin: str) -> StaffMember:
        """The staff member whose PIN this is; raises LockedOut while locked, WrongPin otherwise."""
        with self._lock:
            now = self._clock()
            state = self._lock_state()
            until = float(state.get("locked_until", 0))
            if until > now:
                raise LockedOut(until, now)
            member = self._match(pin)
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

    def _match(self, pin: str) -> StaffMember | None:
        if not PIN_PATTERN.fullmatch(pin):
            return None
        for name, account in _read_json(self.path).get("accounts", {}).items():
            if pin_matches(pin, account):
                return StaffMember(name, Role(account["role"]))
        if self.demo_pin and hmac.compare_digest(pin, self.demo_pin):
            return StaffMember(DEMO_NAME, Role.ADMIN)
        return None

    def _lock_state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.lock_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}
