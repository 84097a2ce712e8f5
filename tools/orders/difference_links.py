"""A payment link (or PIX code) for a difference the buyer owes on a paid order.

The payment row is written before the provider is called, under a key derived from the
difference's transaction and the attempt; a turn run again after a crash finds that row (and
repeats the provider call with the same key when it never finished), so one difference gets
one checkout at a time. Its notification settles the difference (`differences`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.orders.models import Payment
from tools.orders.owed import owed
from tools.orders.payments import create_at_provider
from tools.orders.queries import load_order
from tools.payments.base import PaymentItem, PaymentProvider


async def difference_payment(
    conn: Connection, *, order_id: int, provider: PaymentProvider, public_base_url: str,
    link_minutes: int, clock: Clock,
) -> Payment | None:
    """The open payment of the order's difference still owed (created when there is none
    open); None when nothing is owed through a provider."""
    difference = await owed(conn, order_id)
    if difference is None:
        return None
    now = clock.now()
    order = await load_order(conn, order_id)
    payment = await _open_attempt(conn, difference["id"], now)
    if payment is not None and (payment.link_url or payment.pix_code):
        return payment
    if payment is None:
        cur = await conn.execute("SELECT count(*) AS n FROM payments WHERE idempotency_key"
                                 " LIKE %s", (f"{difference['idempotency_key']}-link-%",))
        attempt = int((await fetch_row(cur, "count of the difference's links"))["n"]) + 1
        cur = await conn.execute(
            "INSERT INTO payments (store_id, order_id, provider, idempotency_key, token, amount,"
            " currency, expires_at, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)"
            " ON CONFLICT (idempotency_key) DO UPDATE SET amount = payments.amount"
            " RETURNING id",
            (order.store_id, order.id, provider.name,
             f"{difference['idempotency_key']}-link-{attempt}", secrets.token_urlsafe(18),
             difference["amount"], order.currency, now + timedelta(minutes=link_minutes), now))
        payment_id = int((await fetch_row(cur, "difference payment"))["id"])
        await conn.execute("UPDATE order_transactions SET payment_id = %s WHERE id = %s",
                           (payment_id, difference["id"]))
        cur = await conn.execute("SELECT * FROM payments WHERE id = %s", (payment_id,))
        payment = _payment(await fetch_row(cur, "difference payment"))
    label = f"Diferença do pedido {order.number}"
    return await create_at_provider(
        conn, payment, order, provider, public_base_url, None,
        [PaymentItem(name=label, quantity=1, unit_price=payment.amount)], description=label)


async def _open_attempt(conn: Connection, transaction_id: int, now: object) -> Payment | None:
    """The difference's payment still open (pending, not expired), if any."""
    cur = await conn.execute(
        "SELECT p.* FROM payments p JOIN order_transactions t ON t.payment_id = p.id"
        " WHERE t.id = %s AND p.status = 'pending' AND p.expires_at > %s",
        (transaction_id, now))
    row = await cur.fetchone()
    return None if row is None else _payment(row)


def _payment(row: Mapping[str, Any]) -> Payment:
    return Payment(**{k: row[k] for k in Payment.model_fields})
