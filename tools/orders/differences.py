"""The price difference of a change to an order already paid (a pricier shipping after a new
address, another variant at another price): owed by the buyer or given back, once.

A difference owed is a pending `order_transactions` payment; `difference_links` opens a
provider payment for it, and that payment's notification settles the transaction here
(`record_difference_paid`), never the order, which stays paid. A difference given back is a
refund for `send_refunds` (the turn sends it at once; the refund job retries). Both are
written under a key derived from the order and the change, so a change run again after a
crash finds the same row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.orders.lifecycle import record
from tools.orders.refunds import STORE_CREDIT, add_transaction, method_of, refund_to


async def charge_or_refund(
    conn: Connection, order: dict[str, Any], *, difference: Decimal, method_id: str, key: str,
    clock: Clock, reason: str,
) -> dict[str, Any] | None:
    """Records what a change of a paid order moves: `difference` > 0 a payment to collect
    from `method_id` (store credit at once), < 0 a refund to it. None when nothing moves."""
    if difference == 0:
        return None
    if difference < 0:
        return await refund_to(conn, order, amount=-difference, method_id=method_id, key=key,
                               clock=clock, reason=reason)
    method = await method_of(conn, order["customer_id"], method_id)
    provider = STORE_CREDIT if method["balance"] is not None else method["provider"]
    return await add_transaction(conn, order, kind="payment", amount=difference, key=key,
                                 method_id=method_id, provider=provider, clock=clock,
                                 reason=reason)


async def difference_of(conn: Connection, payment_id: int) -> dict[str, Any] | None:
    """The difference transaction a provider payment collects (None for an order's own
    payment at checkout)."""
    cur = await conn.execute("SELECT * FROM order_transactions WHERE payment_id = %s"
                             " AND kind = 'payment' FOR UPDATE", (payment_id,))
    row = await cur.fetchone()
    return None if row is None else dict(row)


async def record_difference_paid(
    conn: Connection, provider: str, payment: dict[str, Any], difference: dict[str, Any],
    clock: Clock,
) -> bool:
    """A difference's payment was paid: its transaction is settled and the order's history
    says so; the order's status does not move. Returns True (the buyer is told)."""
    now = clock.now()
    await conn.execute(
        "UPDATE order_transactions SET status = 'done', settled_at = %s, provider_ref = %s"
        " WHERE id = %s", (now, payment["provider_ref"], difference["id"]))
    cur = await conn.execute("SELECT * FROM orders WHERE id = %s FOR UPDATE",
                             (payment["order_id"],))
    order = dict(await fetch_row(cur, f"order {payment['order_id']}"))
    await record(conn, order, action="difference_paid", to_status=order["status"],
                 actor=f"provider:{provider}", clock=clock,
                 details={"amount": str(difference["amount"]), "payment_id": payment["id"],
                          "reason": difference["reason"]})
    return True


async def owed(conn: Connection, order_id: int) -> dict[str, Any] | None:
    """The order's latest difference still to collect through a provider, if any."""
    cur = await conn.execute(
        "SELECT * FROM order_transactions WHERE order_id = %s AND kind = 'payment'"
        " AND status = 'pending' AND provider <> %s ORDER BY id DESC LIMIT 1",
        (order_id, STORE_CREDIT))
    row = await cur.fetchone()
    return None if row is None else dict(row)
