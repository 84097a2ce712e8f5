"""Password hashes with the standard library's scrypt.

scrypt is memory-hard (each guess costs 128 MiB here), is in `hashlib`, so no extra
dependency, and its parameters travel in the stored string, so they can be raised later
without breaking existing hashes. Parameters follow OWASP's scrypt recommendation
(N=2^17, r=8, p=1); one hash takes about half a second, so callers run it in a thread.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

_N, _R, _P = 2**17, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_MAXMEM = 256 * 1024 * 1024
MIN_LENGTH = 10
"""Shortest password accepted for an operator."""


def hash_password(password: str, *, n: int = _N) -> str:
    """`scrypt$N$r$p$salt$key`, with a fresh random salt."""
    salt = os.urandom(_SALT_BYTES)
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=_R, p=_P, maxmem=_MAXMEM,
                         dklen=_KEY_BYTES)
    return "$".join(["scrypt", str(n), str(_R), str(_P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored` (constant-time compare; False on any bad format)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_strength(password: str) -> None:
    """Raises ValueError for a password too short to be an operator's."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"the password must have at least {MIN_LENGTH} characters")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
