"""The request signature both sides compute, and the platform's signature of a published catalog (see the
descriptions in openapi.yaml)."""

from __future__ import annotations

import hashlib
import hmac
import json

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


def canonical_json(value: object) -> bytes:
    """The one byte form of a JSON value both sides sign: keys sorted, no spaces, UTF-8 (the platform contract's
    "canonical JSON")."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def bundle_signature(secret: bytes, version: str, document: object, overlay: object) -> str:
    """The platform's signature of a catalog version and this kiosk's overlay: HMAC-SHA256 with the kiosk's key
    over the canonical JSON of {version, document, overlay}, so that neither a proxy nor a damaged disk can hand
    the kiosk a catalog the platform did not publish for it."""
    material = canonical_json({"version": version, "document": document, "overlay": overlay})
    return hmac.new(secret, b"bundle\n" + material, hashlib.sha256).hexdigest()


def bundle_signature_valid(secret: bytes, signature: str, version: str, document: object, overlay: object) -> bool:
    return hmac.compare_digest(bundle_signature(secret, version, document, overlay), signature.lower())
