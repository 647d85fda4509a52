"""What a scanned or photographed code is, before the kiosk acts on it. Codes are untrusted input: only a
payload matching an expected format is acted on; nothing is ever opened or run from a code."""

from __future__ import annotations

import re
from enum import StrEnum

# The province app's e-ID code (see config/sim/identities.yaml): MSB-EID- and 8 upper-case letters or digits.
_EID = re.compile(r"^MSB-EID-[0-9A-Z]{8}$")
# Receipt numbers are the platform's: for now NC and 14 to 20 upper-case letters or digits.
_RECEIPT = re.compile(r"^NC[0-9A-Z]{14,20}$")


MAX_CODE_CHARS = 2048


def clean_payload(text: str, max_chars: int = MAX_CODE_CHARS) -> str:
    """A code's text without control characters (tabs and newlines become spaces), at most `max_chars` long."""
    cleaned = "".join(" " if ch in "\t\r\n" else ch for ch in text if ch in "\t\r\n" or ch.isprintable())
    return cleaned.strip()[:max_chars]


class PayloadKind(StrEnum):
    EID = "eid"  # a citizen's e-ID token: identify them through the platform
    RECEIPT = "receipt"  # a receipt number: show that application's progress
    OTHER = "other"  # anything else (payment codes, URLs, stray barcodes): not acted on


def classify_payload(text: str) -> PayloadKind:
    """The kind of a code's text (already decoded and stripped of control characters)."""
    if _EID.match(text):
        return PayloadKind.EID
    if _RECEIPT.match(text):
        return PayloadKind.RECEIPT
    return PayloadKind.OTHER
