"""Lifetime orders and spend from our own orders table, which is authoritative for money."""

from __future__ import annotations

from decimal import Decimal

from balcao.db.connect import Connection, fetch_row

# An order counts once it was paid; later statuses are paid orders too.
PAID_STATUSES = ("paid", "shipped", "delivered")


async def order_totals(conn: Connection, store_id: str, buyer_id: str) -> tuple[int, Decimal]:
    """(orders, spend) of a buyer's paid orders in a store."""
    cur = await conn.execute(
        "SELECT count(*) AS orders, COALESCE(sum(o.total), 0) AS spend FROM orders o"
        " JOIN customers c ON c.id = o.customer_id"
        " WHERE c.store_id = %s AND c.buyer_id = %s AND o.status = ANY(%s)",
        (store_id, buyer_id, list(PAID_STATUSES)),
    )
    row = await fetch_row(cur, f"paid order totals of {buyer_id!r}")
    return int(row["orders"]), Decimal(row["spend"])
