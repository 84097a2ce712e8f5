"""Which stores an operator works in, and as what (issue #19).

The platform administrator (`operators.role = 'admin'`) works in every store and manages the
stores; everyone else works only in the stores of their memberships, as the store's `owner`
(manages its agents, knowledge and FAQ) or an `agent` (answers its conversations).
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import AsyncConnection

STORE_ROLES = ("owner", "agent")


@dataclass(frozen=True)
class Membership:
    store_id: str
    store_name: str
    role: str
    """"admin" (platform administrator), "owner" or "agent"."""


async def memberships(conn: AsyncConnection, operator_id: int, *, is_admin: bool
                      ) -> list[Membership]:
    """The operator's stores, by id; an administrator's are all of them."""
    if is_admin:
        cur = await conn.execute("SELECT id, name, 'admin' AS role FROM stores ORDER BY id")
    else:
        cur = await conn.execute(
            "SELECT s.id, s.name, m.role FROM operator_stores m JOIN stores s ON s.id = m.store_id"
            " WHERE m.operator_id = %s ORDER BY s.id", (operator_id,))
    return [Membership(row["id"], row["name"], row["role"]) for row in await cur.fetchall()]


async def add_membership(conn: AsyncConnection, operator_id: int, store_id: str,
                         role: str) -> None:
    """Makes the operator the store's owner or agent (a second call changes the role).

    Raises:
        ValueError: An unknown role.
    """
    if role not in STORE_ROLES:
        raise ValueError(f"unknown store role {role!r} (owner or agent)")
    await conn.execute(
        "INSERT INTO operator_stores (operator_id, store_id, role) VALUES (%s, %s, %s)"
        " ON CONFLICT (operator_id, store_id) DO UPDATE SET role = EXCLUDED.role",
        (operator_id, store_id, role))


async def store_operators(conn: AsyncConnection, store_id: str) -> list[dict]:
    """The store's owners and agents (administrators are everyone's, not listed)."""
    cur = await conn.execute(
        "SELECT o.id, o.email, o.name, m.role, o.active FROM operator_stores m"
        " JOIN operators o ON o.id = m.operator_id WHERE m.store_id = %s ORDER BY o.id",
        (store_id,))
    return await cur.fetchall()

