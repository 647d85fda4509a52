"""The request signature both sides compute (see the description in openapi.yaml)."""

from __future__ import annotations

import hashlib
import hmac

MAX_SKEW_S = 300


def signed_text(method: str, target: str, timestamp: str, body: bytes, nonce: str | None = None) -> bytes:
    parts = [method.upper(), target, timestamp]
    if nonce is not None:
        parts.append(nonce)
    parts.append(hashlib.sha256(body).hexdigest())
    return "\n".join(parts).encode("utf-8")


def sign(secret: bytes, method: str, target: str, timestamp: str, body: bytes, nonce: str | None = None) -> str:
    """Lower-case hex HMAC-SHA256 of the signed text."""
    return hmac.new(secret, signed_text(method, target, timestamp, body, nonce), hashlib.sha256).hexdigest()


def signature_valid(
    secret: bytes, signature: str, method: str, target: str, timestamp: str, body: bytes, nonce: str | None = None
) -> bool:
    return hmac.compare_digest(sign(secret, method, target, timestamp, body, nonce), signature.lower())
