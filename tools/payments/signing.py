"""Balcão's own webhook signature: `X-Balcao-Signature: sha256=<hex HMAC-SHA256 of the body>`.

Used by the sandbox payment page and by the PIX relay in front of the PSP; the same shape as
Meta's `X-Hub-Signature-256`, so one habit covers both.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Balcao-Signature"
_PREFIX = "sha256="
_HEX_DIGITS = frozenset("0123456789abcdef")


def sign(raw_body: bytes, secret: str) -> str:
    """The header value for a body.

    Args:
        raw_body: The exact bytes that will be sent.
        secret: The shared secret.

    Returns:
        `sha256=<lowercase hex digest>`.
    """
    return _PREFIX + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def verify(raw_body: bytes, header_value: str | None, secret: str) -> bool:
    """Checks a signature header against the raw body, in constant time; never raises."""
    if not secret or not header_value:
        return False
    value = header_value.strip()
    if not value.startswith(_PREFIX):
        return False
    received = value[len(_PREFIX) :].lower()
    if len(received) != 64 or not set(received) <= _HEX_DIGITS:
        return False
    return hmac.compare_digest(sign(raw_body, secret)[len(_PREFIX) :], received)
