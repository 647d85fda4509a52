"""Encryption at rest for what waits in the outbox: AES-256-GCM with a random 96-bit nonce per item, bound by
associated data to the record it belongs to (a sealed file cannot be swapped into another record)."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.base.errors import KioskError

_NONCE = 12


class SealError(KioskError):
    """A sealed item that does not open (wrong key, or damaged storage)."""


class Sealer:
    """`key` None stores items as they are: only for measuring what encryption costs (`kiosk bench outbox`)."""

    def __init__(self, key: bytes | None) -> None:
        self._aead = AESGCM(key) if key is not None else None
        # A separate key for pseudonyms, so the same secret is never used for two purposes.
        self._pseudonym_key = hmac.new(key or b"", b"outbox-pseudonym", hashlib.sha256).digest()

    @property
    def encrypting(self) -> bool:
        return self._aead is not None

    def seal(self, data: bytes, context: str) -> bytes:
        if self._aead is None:
            return data
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, data, context.encode())

    def open(self, blob: bytes, context: str) -> bytes:
        if self._aead is None:
            return blob
        try:
            return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], context.encode())
        except (InvalidTag, ValueError):
            raise SealError("待提交的材料无法读取，请联系工作人员", f"outbox item {context} does not open") from None

    def pseudonym(self, text: str) -> str:
        """A stable keyed digest of `text` (an ID number): groups a citizen's submissions without naming them."""
        return hmac.new(self._pseudonym_key, text.encode(), hashlib.sha256).hexdigest()[:32]
