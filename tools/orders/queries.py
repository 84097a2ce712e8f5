"""Reading orders and payments."""

from __future__ import annotations

from typing import Any

from balcao.db.connect import Connection
from tools.orders.models import Order, OrderLine, Payment


async def load_order(conn: Connection, order_id: int) -> Order:
    cur = await conn.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
    row = await cur.fetchone()
    if row is None:
        raise LookupError(f"order {order_id} not found")
    cur = await conn.execute(
        "SELECT sku, product_sku, name, variant, unit_price, quantity, total FROM order_lines"
        " WHERE order_id = %s ORDER BY sku", (order_id,),
    )
    return _order(row, [OrderLine(**line) for line in await cur.fetchall()])


async def order_by_key(conn: Connection, idempotency_key: str) -> Order | None:
    """The order placed under this key, if any."""
    cur = await conn.execute("SELECT id FROM orders WHERE idempotency_key = %s",
                             (idempotency_key,))
    row = await cur.fetchone()
    return None if row is None else await load_order(conn, row["id"])


async def recent_orders(
    conn: Connection, *, store_id: str, conversation_id: int | None = None, limit: int = 20
) -> list[Order]:
    """Newest first; only the conversation's when `conversation_id` is given."""
    cur = await conn.execute(
        "SELECT id FROM orders WHERE store_id = %s AND (%s::bigint IS NULL OR conversation_id = %s)"
        " ORDER BY id DESC LIMIT %s",
        (store_id, conversation_id, conversation_id, limit),
    )
    return [await load_order(conn, row["id"]) for row in await cur.fetchall()]


async def latest_payment(conn: Connection, order_id: int) -> Payment | None:
    cur = await conn.execute(
        "SELECT * FROM payments WHERE order_id = %s ORDER BY id DESC LIMIT 1", (order_id,)
    )
    row = await cur.fetchone()
    return None if row is None else Payment(**_payment_fields(row))


def _order(row: dict[str, Any], lines: list[OrderLine]) -> Order:
    fields = {k: row[k] for k in Order.model_fields if k in row}
    return Order(**fields, lines=lines)


def _payment_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in Payment.model_fields if k in row}
