"""Facts a persuasive sentence may state, read from the data that proves them.

Payment terms (instalments, the PIX price) are `tools.payments.terms`', the arithmetic checkout
and the knowledge answers use too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from balcao.db.connect import Connection, fetch_row
from tools.payments.terms import discounted, installment_plan

__all__ = ["best_seller", "discounted", "installment_plan", "units_available", "units_sold"]

PAID = ("paid", "shipped", "delivered")


async def units_sold(conn: Connection, store_id: str, product_sku: str,
                     now: datetime, days: int = 30) -> int:
    """Units of a product (any variant) in paid orders of the last `days` days."""
    cur = await conn.execute(
        "SELECT COALESCE(sum(l.quantity), 0) AS units FROM order_lines l"
        " JOIN orders o ON o.id = l.order_id WHERE o.store_id = %s AND l.product_sku = %s"
        " AND o.status = ANY(%s) AND o.created_at >= %s",
        (store_id, product_sku, list(PAID), now - timedelta(days=days)))
    return int((await fetch_row(cur, "units sold"))["units"])


async def best_seller(conn: Connection, store_id: str, now: datetime,
                      days: int = 30) -> dict | None:
    """The product with most units in paid orders of the last `days` days, if any."""
    cur = await conn.execute(
        "SELECT l.product_sku AS sku, max(l.name) AS name, sum(l.quantity) AS units"
        " FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.store_id = %s"
        " AND o.status = ANY(%s) AND o.created_at >= %s GROUP BY l.product_sku"
        " ORDER BY units DESC, sku LIMIT 1",
        (store_id, list(PAID), now - timedelta(days=days)))
    return await cur.fetchone()


async def units_available(conn: Connection, store_id: str, sku: str,
                          now: datetime) -> int | None:
    """Units that can still be sold: stock minus what unpaid orders hold; None = untracked.

    `sku` may be a variant's or a product's (then its variants add up)."""
    cur = await conn.execute(
        "SELECT stock FROM product_variants WHERE store_id = %s AND sku = %s", (store_id, sku))
    rows = await cur.fetchall()
    if not rows:
        cur = await conn.execute(
            "SELECT v.sku, v.stock FROM product_variants v JOIN products p ON p.id = v.product_id"
            " WHERE p.store_id = %s AND p.sku = %s", (store_id, sku))
        variants = await cur.fetchall()
        if variants:
            if any(v["stock"] is None for v in variants):
                return None
            held = await _held(conn, store_id, [v["sku"] for v in variants], now)
            return max(sum(v["stock"] for v in variants) - held, 0)
        cur = await conn.execute(
            "SELECT stock FROM products WHERE store_id = %s AND sku = %s", (store_id, sku))
        rows = await cur.fetchall()
    if not rows or rows[0]["stock"] is None:
        return None
    return max(rows[0]["stock"] - await _held(conn, store_id, [sku], now), 0)


async def _held(conn: Connection, store_id: str, skus: list[str], now: datetime) -> int:
    cur = await conn.execute(
        "SELECT COALESCE(sum(quantity), 0) AS held FROM stock_reservations WHERE store_id = %s"
        " AND sku = ANY(%s) AND status = 'held' AND expires_at > %s", (store_id, skus, now))
    return int((await fetch_row(cur, "units held"))["held"])
