"""Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`."""

from __future__ import annotations

import hashlib
import hmac

_PREFIX = "sha256="
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def sign(raw_body: bytes, app_secret: str) -> str:
    """Signs a body the way Meta does, for tests and local demos.

    Args:
        raw_body: The exact bytes of the request body.
        app_secret: The app secret shared with Meta.

    Returns:
        The header value, `sha256=<lowercase hex digest>`.
    """
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def verify_signature(raw_body: bytes, header_value: str | None, app_secret: str) -> bool:
    """Checks the `X-Hub-Signature-256` header against the raw body.

    The HMAC must be computed over the bytes as received: re-serialized JSON would
    differ in whitespace and escaping and never match.

    Args:
        raw_body: The exact bytes of the request body.
        header_value: The header as received, or None when it was absent.
        app_secret: The app secret shared with Meta.

    Returns:
        True only when the header is well formed and matches; never raises.
    """
    if not app_secret or not header_value:
        return False
    value = header_value.strip()
    if not value.startswith(_PREFIX):
        return False
    received = value[len(_PREFIX) :]
    # A SHA-256 hex digest is exactly 64 hex digits; anything else cannot match.
    if len(received) != 64 or not set(received) <= _HEX_DIGITS:
        return False
    expected = sign(raw_body, app_secret)[len(_PREFIX) :]
    return hmac.compare_digest(expected, received.lower())
