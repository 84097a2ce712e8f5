"""A Balcão order as checkout leaves it (product with stock, held units, a payment link), and
its payment settled by the real notification path."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.payments import apply_notification
from tools.payments.base import PaymentNotification

STORE = "default"


async def place(conn: Connection, clock: Clock, *, number: str = "1001", stock: int = 5,
                quantity: int = 2, provider: str = "sandbox") -> dict[str, Any]:
    """An order awaiting payment of `quantity` x R$ 50.00 of sku CAM-P, holding its units."""
    now = clock.now()
    await conn.execute(
        "INSERT INTO products (store_id, sku, name, price, currency, stock)"
        " VALUES (%s, 'CAM-P', 'Camiseta', 50.00, 'BRL', %s) ON CONFLICT DO NOTHING",
        (STORE, stock))
    cur = await conn.execute(
        "INSERT INTO customers (store_id, buyer_id, name, created_at, updated_at)"
        " VALUES (%s, %s, 'Maria', %s, %s) RETURNING id", (STORE, f"55119{number}", now, now))
    customer = (await cur.fetchone())["id"]  # type: ignore[index]
    total = Decimal("50.00") * quantity
    cur = await conn.execute(
        "INSERT INTO orders (store_id, number, customer_id, status, currency, subtotal, total,"
        " payment_method, created_at, updated_at) VALUES"
        " (%s,%s,%s,'pending_payment','BRL',%s,%s,'pix',%s,%s) RETURNING *",
        (STORE, number, customer, total, total, now, now))
    order = dict(await cur.fetchone())  # type: ignore[arg-type]
    await conn.execute(
        "INSERT INTO order_lines (order_id, sku, product_sku, name, unit_price, quantity, total)"
        " VALUES (%s, 'CAM-P', 'CAM-P', 'Camiseta', 50.00, %s, %s)",
        (order["id"], quantity, total))
    await conn.execute(
        "INSERT INTO stock_reservations (store_id, order_id, sku, quantity, expires_at,"
        " created_at) VALUES (%s,%s,'CAM-P',%s,%s,%s)",
        (STORE, order["id"], quantity, now + timedelta(minutes=30), now))
    await conn.execute("INSERT INTO order_status_history (order_id, status, occurred_at)"
                       " VALUES (%s, 'pending_payment', %s)", (order["id"], now))
    await conn.execute(
        "INSERT INTO payments (store_id, order_id, provider, idempotency_key, token,"
        " provider_ref, amount, currency, expires_at, created_at)"
        " VALUES (%s,%s,%s,%s,%s,%s,%s,'BRL',%s,%s)",
        (STORE, order["id"], provider, f"order-{order['id']}-attempt-1", f"tok{number}",
         f"ref{number}", total, now + timedelta(minutes=30), now))
    return order


async def pay(conn: Connection, clock: Clock, number: str = "1001",
              provider: str = "sandbox", event_id: str | None = None) -> None:
    """The provider says the order's payment went through."""
    await apply_notification(conn, provider, PaymentNotification(
        event_id=event_id or f"evt{number}", token=f"tok{number}", provider_ref=f"ref{number}",
        status="paid", amount=None), clock)


async def stock(conn: Connection) -> int:
    """Units of CAM-P on the shelf."""
    cur = await conn.execute("SELECT stock FROM products WHERE store_id = %s AND sku = 'CAM-P'",
                             (STORE,))
    return int((await cur.fetchone())["stock"])  # type: ignore[index]
