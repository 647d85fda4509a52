"""Check digits of the numbers citizens type or cards carry (docs/devices/checksums.md)."""

from __future__ import annotations

import datetime as dt
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PHONE = re.compile(r"^1[3-9]\d{9}$")


def normalize_id_number(text: str) -> str:
    """Strip spaces and upper-case the check character (a lower-case x is accepted)."""
    return text.strip().replace(" ", "").upper()


def id_number_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def id_number_birth(id_number: str) -> dt.date | None:
    """The birth date encoded in digits 7-14, or None when it is not a real date."""
    try:
        return dt.datetime.strptime(id_number[6:14], "%Y%m%d").date()
    except ValueError:
        return None


def id_number_valid(text: str, today: dt.date | None = None) -> bool:
    """GB 11643: shape, a real birth date not in the future, and the MOD 11-2 check character."""
    number = normalize_id_number(text)
    if not _ID_SHAPE.match(number):
        return False
    birth = id_number_birth(number)
    if birth is None or birth > (today or dt.date.today()):
        return False
    return id_number_check_char(number[:17]) == number[17]


def id_number_sex(id_number: str) -> str:
    """男 or 女 from digit 17 (odd = male)."""
    return "男" if int(id_number[16]) % 2 else "女"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(text: str) -> bool:
    """GB 32100 Unified Social Credit Code: alphabet, division code digits, check character."""
    code = text.strip().upper()
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    if not code[2:8].isdigit():
        return False
    return uscc_check_char(code[:17]) == code[17]


def luhn_valid(text: str) -> bool:
    """Bank card numbers: 16-19 digits passing Luhn mod 10."""
    digits = text.replace(" ", "")
    if not digits.isdigit() or not 16 <= len(digits) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def phone_valid(text: str) -> bool:
    """Mainland mobile numbers: 11 digits starting 1[3-9]."""
    return bool(_PHONE.match(text.strip()))
