"""Customers: who bought, and the address they used last."""

from __future__ import annotations

from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row


async def ensure_customer(
    conn: Connection, *, store_id: str, buyer_id: str, clock: Clock
) -> int:
    now = clock.now()
    cur = await conn.execute(
        "INSERT INTO customers (store_id, buyer_id, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (store_id, buyer_id)"
        " DO UPDATE SET updated_at = customers.updated_at RETURNING id",
        (store_id, buyer_id, now, now),
    )
    # DO UPDATE (not DO NOTHING): RETURNING yields the row whether it is new or not.
    return int((await fetch_row(cur, f"customer {buyer_id!r}"))["id"])


async def customer_profile(
    conn: Connection, *, store_id: str, buyer_id: str
) -> dict[str, Any] | None:
    """Name and last address of a returning buyer, or None for a first-time one."""
    cur = await conn.execute(
        "SELECT name, email, last_address FROM customers WHERE store_id = %s AND buyer_id = %s",
        (store_id, buyer_id),
    )
    return await cur.fetchone()


async def coupon_used(conn: Connection, *, store_id: str, buyer_id: str, code: str) -> bool:
    """Whether this buyer already has an order with the coupon (one that was not let expire or
    cancelled): the store's coupon is once per customer."""
    cur = await conn.execute(
        "SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id"
        " WHERE o.store_id = %s AND c.buyer_id = %s AND upper(o.coupon) = upper(%s)"
        " AND o.status NOT IN ('expired', 'cancelled') LIMIT 1",
        (store_id, buyer_id, code),
    )
    return await cur.fetchone() is not None
