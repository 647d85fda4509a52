"""The request signature both sides compute (see the description in openapi.yaml)."""

from __future__ import annotations

import hashlib
import hmac

MAX_SKEW_S = 300


def signed_text(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    # The nonce is part of every signed text: without it a captured request could be replayed unchanged.
    parts = [method.upper(), target, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    return "\n".join(parts).encode("utf-8")


def sign(secret: bytes, method: str, target: str, timestamp: str, body: bytes, nonce: str) -> str:
    """Lower-case hex HMAC-SHA256 of the signed text."""
    return hmac.new(secret, signed_text(method, target, timestamp, nonce, body), hashlib.sha256).hexdigest()


def signature_valid(
    secret: bytes, signature: str, method: str, target: str, timestamp: str, body: bytes, nonce: str
) -> bool:
    return hmac.compare_digest(sign(secret, method, target, timestamp, body, nonce), signature.lower())
