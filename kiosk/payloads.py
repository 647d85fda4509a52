"""What a scanned or photographed code is, before the kiosk acts on it. Codes are untrusted input: only a
payload matching an expected format is acted on; nothing is ever opened or run from a code."""

from __future__ import annotations

import re
from enum import StrEnum

# The province app's e-ID code (see config/sim/identities.yaml): MSB-EID- and 8 upper-case letters or digits.
_EID = re.compile(r"^MSB-EID-[0-9A-Z]{8}$")
# Receipt numbers are the platform's: for now NC and 14 to 20 upper-case letters or digits.
_RECEIPT = re.compile(r"^NC[0-9A-Z]{14,20}$")


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
