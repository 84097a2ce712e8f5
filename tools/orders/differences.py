"""The price difference of a change to an order already paid (a pricier shipping after a new
address, another variant at another price): owed by the buyer or given back, once.

A difference owed is a pending `order_transactions` payment; `difference_links` opens a
provider payment for it, and that payment's notification settles the transaction here
(`settle_difference`), never the order, which stays paid. A payment that fails or a link that
expires (`expire_difference_links`) leaves the difference owed, the change kept and the
order's shipment on hold (`lifecycle.ship`), and a `difference_unpaid` history row; the
buyer is told and offered a new link. A difference given back is a refund for
`send_refunds` (the turn sends it at once; the refund job retries). Both are written under a
key derived from the order and the change, so a change run again after a crash finds the
same row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.orders.lifecycle import record
from tools.orders.payment_flags import flag_for_refund
from tools.orders.refunds import STORE_CREDIT, add_transaction, method_of, refund_to
from tools.payments.base import PaymentNotification


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


async def settle_difference(
    conn: Connection, *, provider: str, payment: dict[str, Any], difference: dict[str, Any],
    settled: tuple[str, str | None] | None, notification: PaymentNotification, clock: Clock,
) -> bool:
    """What a notification `settled` on a difference's payment does to the difference;
    True when the buyer is to be told (paid, or failed while it was the link out)."""
    if settled is None:
        return False
    if settled[0] == "paid" and difference["status"] == "done":
        # A second link of the same difference paid too: real money for a person to return.
        await flag_for_refund(conn, provider=provider, payment=payment,
                              notification=notification, now=clock.now(),
                              reason="difference already paid through another link")
        return False
    if settled[0] == "paid":
        await _record(conn, payment, difference, clock, actor=f"provider:{provider}",
                      action="difference_paid")
        await conn.execute(
            "UPDATE order_transactions SET status = 'done', settled_at = %s, provider_ref = %s,"
            " payment_id = %s WHERE id = %s",
            (clock.now(), payment["provider_ref"], payment["id"], difference["id"]))
        # Its other links still open (an older one paid late) must not take it twice.
        await conn.execute(
            "UPDATE payments SET status = 'expired' WHERE order_id = %s AND id <> %s"
            " AND status = 'pending' AND left(idempotency_key, length(%s) + 6) = %s || '-link-'",
            (payment["order_id"], payment["id"], difference["idempotency_key"],
             difference["idempotency_key"]))
        return True
    if difference["status"] != "pending" or difference["payment_id"] != payment["id"]:
        return False  # paid meanwhile, or an older link failing after a new one went out
    await _record(conn, payment, difference, clock, actor=f"provider:{provider}",
                  action="difference_unpaid", status="failed", why=settled[1])
    return True


async def expire_difference_links(conn: Connection, clock: Clock) -> list[dict[str, Any]]:
    """Difference links past their time, unpaid: expired, the difference still owed, a
    `difference_unpaid` history row each. Returns the `order_id` and `payment_id` of each
    (to tell the buyer). Safe from several processes at once."""
    cur = await conn.execute(
        "SELECT p.*, t.id AS transaction_id FROM payments p"
        " JOIN order_transactions t ON t.payment_id = p.id AND t.kind = 'payment'"
        " WHERE p.status = 'pending' AND p.expires_at <= %s AND t.status = 'pending'"
        " ORDER BY p.id FOR UPDATE OF p SKIP LOCKED", (clock.now(),))
    expired = []
    for row in await cur.fetchall():
        payment = dict(row)
        await conn.execute("UPDATE payments SET status = 'expired' WHERE id = %s",
                           (payment["id"],))
        found = await conn.execute("SELECT * FROM order_transactions WHERE id = %s",
                                   (payment["transaction_id"],))
        difference = dict(await fetch_row(found, f"transaction {payment['transaction_id']}"))
        await _record(conn, payment, difference, clock, actor="system",
                      action="difference_unpaid", status="expired")
        expired.append({"order_id": payment["order_id"], "payment_id": payment["id"]})
    return expired


async def _record(conn: Connection, payment: dict[str, Any], difference: dict[str, Any],
                  clock: Clock, *, actor: str, action: str, status: str = "paid",
                  why: str | None = None) -> None:
    """The order's history row of what became of the difference; its status does not move."""
    cur = await conn.execute("SELECT * FROM orders WHERE id = %s FOR UPDATE",
                             (payment["order_id"],))
    order = dict(await fetch_row(cur, f"order {payment['order_id']}"))
    details = {"amount": str(difference["amount"]), "payment_id": payment["id"],
               "reason": difference["reason"]}
    if action == "difference_unpaid":
        details |= {"status": status, **({"why": why} if why else {})}
    await record(conn, order, action=action, to_status=order["status"], actor=actor,
                 clock=clock, details=details)
