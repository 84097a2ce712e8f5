"""Operator accounts and their sign-in sessions, in Postgres."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from api.operators.passwords import (
    MAX_LENGTH,
    check_strength,
    hash_password_async,
    verify_password_async,
)
from balcao.clock import Clock

_dummy: list[str] = []


async def _dummy_hash() -> str:
    """Checked when the e-mail is unknown: the answer takes as long as a real check, so its
    time does not tell which e-mails have accounts. Computed once, on the hashing pool."""
    if not _dummy:
        _dummy.append(await hash_password_async("not-a-real-password"))
    return _dummy[0]


@dataclass(frozen=True)
class Operator:
    """A signed-in operator, as handlers see them."""

    id: int
    email: str
    name: str
    role: str
    csrf_token: str = ""
    """The session's CSRF token (for forms and fetches)."""
    session_store: str | None = None
    """The store this session looks at (the store switcher's choice), if one was chosen."""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class OperatorExists(Exception):
    """An operator with that e-mail already exists."""


async def create_operator(conn: AsyncConnection, *, email: str, name: str, password: str,
                          role: str, clock: Clock) -> int:
    """Creates an account; raises `OperatorExists` or ValueError (weak password, bad role)."""
    email = normalize_email(email)
    if role not in ("admin", "operator"):
        raise ValueError(f"unknown role {role!r}")
    check_strength(password)
    hashed = await hash_password_async(password)
    cur = await conn.execute(
        "INSERT INTO operators (email, name, password_hash, role, created_at)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (email) DO NOTHING RETURNING id",
        (email, name.strip() or email, hashed, role, clock.now()),
    )
    row = await cur.fetchone()
    if row is None:
        raise OperatorExists(email)
    return int(row["id"])


async def authenticate(pool: AsyncConnectionPool, email: str, password: str) -> int | None:
    """The id of the active operator with these credentials, or None.

    The database connection is held only for the lookup, never while the hash runs, so a
    flood of sign-ins cannot take the pool's connections from the rest of the service.

    Raises:
        HashingBusy: Too many checks in flight (see `api.operators.passwords`).
    """
    if len(password) > MAX_LENGTH:
        return None
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT id, password_hash FROM operators WHERE email = %s AND active",
            (normalize_email(email),),
        )
        row = await cur.fetchone()
    stored = row["password_hash"] if row else await _dummy_hash()
    ok = await verify_password_async(password, stored)
    return int(row["id"]) if row and ok else None


async def open_session(conn: AsyncConnection, operator_id: int, *, hours: float,
                       clock: Clock) -> str:
    """A new session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    await conn.execute(
        "INSERT INTO operator_sessions (token_hash, operator_id, csrf_token, created_at,"
        " expires_at) VALUES (%s, %s, %s, %s, %s)",
        (_digest(token), operator_id, secrets.token_urlsafe(32), now,
         now + timedelta(hours=hours)),
    )
    return token


async def session_operator(conn: AsyncConnection, token: str, clock: Clock) -> Operator | None:
    """The operator of a live session token, or None (unknown, expired, deactivated)."""
    cur = await conn.execute(
        "SELECT o.id, o.email, o.name, o.role, s.csrf_token, s.store_id AS session_store"
        " FROM operator_sessions s"
        " JOIN operators o ON o.id = s.operator_id"
        " WHERE s.token_hash = %s AND s.expires_at > %s AND o.active",
        (_digest(token), clock.now()),
    )
    row = await cur.fetchone()
    return None if row is None else Operator(**row)


async def choose_session_store(conn: AsyncConnection, token: str, store_id: str) -> None:
    """Remembers the store a session looks at (the console's store switcher)."""
    await conn.execute("UPDATE operator_sessions SET store_id = %s WHERE token_hash = %s",
                       (store_id, _digest(token)))


async def close_session(conn: AsyncConnection, token: str) -> None:
    await conn.execute("DELETE FROM operator_sessions WHERE token_hash = %s", (_digest(token),))


async def list_operators(conn: AsyncConnection) -> list[dict]:
    cur = await conn.execute(
        "SELECT id, email, name, role, active, created_at FROM operators ORDER BY id"
    )
    return await cur.fetchall()


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValueError("not an e-mail address")
    return email


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
