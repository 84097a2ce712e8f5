"""Customers: who bought, and the address they used last."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection

from balcao.clock import Clock


async def ensure_customer(
    conn: AsyncConnection, *, store_id: str, buyer_id: str, clock: Clock
) -> int:
    now = clock.now()
    cur = await conn.execute(
        "INSERT INTO customers (store_id, buyer_id, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (store_id, buyer_id)"
        " DO UPDATE SET updated_at = customers.updated_at RETURNING id",
        (store_id, buyer_id, now, now),
    )
    return int((await cur.fetchone())["id"])


async def customer_profile(
    conn: AsyncConnection, *, store_id: str, buyer_id: str
) -> dict[str, Any] | None:
    """Name and last address of a returning buyer, or None for a first-time one."""
    cur = await conn.execute(
        "SELECT name, email, last_address FROM customers WHERE store_id = %s AND buyer_id = %s",
        (store_id, buyer_id),
    )
    return await cur.fetchone()
