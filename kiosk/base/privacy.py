"""Masking of personal data wherever it is shown to others, printed or logged."""

from __future__ import annotations

import logging
import re

# An 18-character ID number or an 11-digit mobile number standing alone in free text.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_BANK_IN_TEXT = re.compile(r"(?<!\d)\d{12,15}(\d{4})(?!\d)")


def mask_name(name: str) -> str:
    """王建国 -> 王*国, 李娜 -> 李*; Latin names keep their first letter of each word."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """150429199001010010 -> 1504**********0010 (first four and last four stay)."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678."""
    phone = phone.strip()
    if len(phone) != 11:
        return "*" * len(phone)
    return phone[:3] + "****" + phone[-4:]


def mask_bank_card(number: str) -> str:
    """Only the last four digits stay."""
    digits = number.replace(" ", "")
    return "*" * max(0, len(digits) - 4) + digits[-4:]


_ADDRESS_REGION_CHARS = 16


def mask_address(address: str) -> str:
    """Keep the region up to the county, hide the rest: 内蒙古自治区赤峰市宁城县**********."""
    address = address.strip()
    head = address[:_ADDRESS_REGION_CHARS]
    end = max(head.rfind(c) for c in "县旗区") + 1 or head.rfind("市") + 1 or min(6, len(address) // 2)
    return address[:end] + "*" * (len(address) - end)


def mask_text(text: str) -> str:
    """Mask ID numbers, bank card and phone numbers found in free text (names cannot be found this way:
    objects that hold names mask them in their own repr)."""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    text = _BANK_IN_TEXT.sub(lambda m: "*" * (len(m.group(0)) - 4) + m.group(1), text)
    return _PHONE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)


class MaskingFilter(logging.Filter):
    """Logging filter that masks numbers in every record before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return True
