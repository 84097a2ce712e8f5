"""Password hashes with the standard library's scrypt.

scrypt is memory-hard (each guess costs 128 MiB here), is in `hashlib`, so no extra
dependency, and its parameters travel in the stored string, so they can be raised later
without breaking existing hashes. Parameters follow OWASP's scrypt recommendation
(N=2^17, r=8, p=1); one hash takes about half a second, so callers use the async
functions below: they run on this module's own small thread pool, with a bounded queue, so
a flood of sign-in attempts neither blocks the event loop nor takes the threads (or the
memory: 128 MiB per hash in flight) the rest of the service, and its buyers, need. When the
queue is full they raise `HashingBusy` at once instead of waiting.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import threading
from concurrent.futures import ThreadPoolExecutor

_N, _R, _P = 2**17, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_MAXMEM = 256 * 1024 * 1024
MIN_LENGTH = 10
"""Shortest password accepted for an operator."""
MAX_LENGTH = 256
"""Longest password accepted (and checked at all): longer input is refused unhashed."""
HASH_THREADS = 2
"""Hashes computed at once (each holds 128 MiB while it runs)."""
MAX_IN_FLIGHT = 8
"""Hashes running or queued; beyond this a sign-in is refused at once (`HashingBusy`)."""

_executor = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="balcao-scrypt")
_in_flight = 0
_lock = threading.Lock()


class HashingBusy(Exception):
    """Too many password hashes are running or queued; try again in a moment."""


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
    """Raises ValueError for a password too short (or too long) to be an operator's."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"the password must have at most {MAX_LENGTH} characters")


async def hash_password_async(password: str, *, n: int = _N) -> str:
    """`hash_password` on the bounded hashing pool; raises `HashingBusy` when it is full."""
    return await _on_pool(lambda: hash_password(password, n=n))


async def verify_password_async(password: str, stored: str) -> bool:
    """`verify_password` on the bounded hashing pool; False for an over-long password
    (never hashed); raises `HashingBusy` when the pool is full."""
    if len(password) > MAX_LENGTH:
        return False
    return await _on_pool(lambda: verify_password(password, stored))


async def _on_pool(work):  # type: ignore[no-untyped-def]
    global _in_flight
    with _lock:
        if _in_flight >= MAX_IN_FLIGHT:
            raise HashingBusy
        _in_flight += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(_executor, work)
    finally:
        with _lock:
            _in_flight -= 1


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
