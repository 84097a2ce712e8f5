"""Which price difference of an order is still to collect, and which one a provider payment
collects: the queries the lifecycle (nothing ships while a difference is owed), the payment
notifications and the difference links share."""

from __future__ import annotations

from typing import Any

from balcao.db.connect import Connection
from tools.orders.refunds import STORE_CREDIT


async def owed(conn: Connection, order_id: int) -> dict[str, Any] | None:
    """The order's latest difference still to collect through a provider, if any."""
    cur = await conn.execute(
        "SELECT * FROM order_transactions WHERE order_id = %s AND kind = 'payment'"
        " AND status = 'pending' AND provider <> %s ORDER BY id DESC LIMIT 1",
        (order_id, STORE_CREDIT))
    row = await cur.fetchone()
    return None if row is None else dict(row)


async def difference_of(conn: Connection, payment_id: int) -> dict[str, Any] | None:
    """The difference transaction a provider payment collects, locked (None for an order's
    own payment at checkout). Found through any of the difference's links, not only the
    latest: a buyer may still pay a link that failed before a new one was sent."""
    cur = await conn.execute(
        "SELECT t.* FROM order_transactions t JOIN payments p ON p.order_id = t.order_id"
        " WHERE p.id = %s AND t.kind = 'payment' AND (t.payment_id = p.id"
        "  OR left(p.idempotency_key, length(t.idempotency_key) + 6)"
        "   = t.idempotency_key || '-link-')"
        " ORDER BY t.id DESC LIMIT 1 FOR UPDATE OF t", (payment_id,))
    row = await cur.fetchone()
    return None if row is None else dict(row)
