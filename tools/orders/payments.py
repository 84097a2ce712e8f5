"""Payments of orders: one open link per order, notifications applied once, stock settled.

A payment row is written before the provider is called, under an idempotency key derived from
the order and the attempt number; a node run again after a crash finds that row and, if the
provider call never finished, repeats it with the same key, so the provider returns the same
checkout instead of a second one.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.orders.differences import settle_difference
from tools.orders.models import Order, Payment
from tools.orders.owed import difference_of
from tools.orders.payment_flags import flag_late_transfer, settle_row
from tools.orders.queries import latest_payment, load_order
from tools.payments.base import PaymentItem, PaymentNotification, PaymentProvider, PaymentRequest


class OrderNotPayable(Exception):
    """The order is no longer waiting for payment (paid, expired, cancelled)."""


@dataclass(frozen=True)
class PaymentOutcome:
    """What a notification did."""

    payment: Payment
    order: Order
    changed: bool
    """False when the payment had already been settled by an earlier notification."""
    difference: bool = False
    """The payment collects a price difference of a change, not the order's total."""


async def open_payment(
    conn: Connection,
    *,
    order: Order,
    provider: PaymentProvider,
    public_base_url: str,
    link_minutes: int,
    buyer_name: str | None,
    clock: Clock,
) -> Payment:
    """The order's open payment, created with the provider when there is none."""
    now = clock.now()
    order = await load_order(conn, order.id)
    latest = await latest_payment(conn, order.id)
    if latest is not None and latest.status == "pending" and latest.expires_at > now:
        if latest.link_url or latest.pix_code:
            return latest
        return await create_at_provider(conn, latest, order, provider, public_base_url,
                                        buyer_name, _items(order))
    if order.status != "pending_payment":
        raise OrderNotPayable(f"order {order.number} is {order.status}")
    cur = await conn.execute("SELECT count(*) AS n FROM payments WHERE order_id = %s", (order.id,))
    attempt = int((await fetch_row(cur, "count of the order's payments"))["n"]) + 1
    cur = await conn.execute(
        "SELECT min(expires_at) AS until FROM stock_reservations"
        " WHERE order_id = %s AND status = 'held'", (order.id,),
    )
    held_until = (await fetch_row(cur, "end of the order's stock holds"))["until"]
    expires_at = now + timedelta(minutes=link_minutes)
    if held_until is not None:
        expires_at = min(expires_at, held_until)  # never sell past the stock we hold
    await conn.execute(
        "INSERT INTO payments (store_id, order_id, provider, idempotency_key, token, amount,"
        " currency, expires_at, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)"
        " ON CONFLICT (idempotency_key) DO NOTHING",
        (order.store_id, order.id, provider.name, f"order-{order.id}-attempt-{attempt}",
         secrets.token_urlsafe(18), order.total, order.currency, expires_at, now),
    )
    payment = await latest_payment(conn, order.id)
    assert payment is not None
    return await create_at_provider(conn, payment, order, provider, public_base_url, buyer_name,
                                    _items(order))


def _items(order: Order) -> list[PaymentItem]:
    """The order's lines (and shipping) as the provider's page lists them."""
    return [PaymentItem(name=line.name, quantity=line.quantity, unit_price=line.unit_price)
            for line in order.lines] + (
        [PaymentItem(name="Frete", quantity=1, unit_price=order.shipping_cost)]
        if order.shipping_cost else [])


async def create_at_provider(
    conn: Connection, payment: Payment, order: Order, provider: PaymentProvider,
    public_base_url: str, buyer_name: str | None, items: list[PaymentItem],
    description: str | None = None,
) -> Payment:
    """Creates the payment row's checkout at the provider (its own key: a repeat returns the
    same checkout) for the row's amount, and stores the link."""
    cur = await conn.execute("SELECT idempotency_key FROM payments WHERE id = %s", (payment.id,))
    key = (await fetch_row(cur, f"payment {payment.id}"))["idempotency_key"]
    base = public_base_url.rstrip("/")
    created = await provider.create(PaymentRequest(
        token=payment.token,
        idempotency_key=key,
        order_number=order.number,
        amount=payment.amount,
        currency=order.currency,
        description=description or f"Pedido {order.number}",
        items=items,
        buyer_name=buyer_name,
        buyer_email=None,
        expires_at=payment.expires_at,
        return_url=f"{base}/pay/{payment.token}",
        notification_url=f"{base}/webhooks/payments/{provider.name}",
    ))
    await conn.execute(
        "UPDATE payments SET provider_ref = %s, link_url = %s, pix_code = %s WHERE id = %s",
        (created.provider_ref, created.link_url, created.pix_code, payment.id),
    )
    cur = await conn.execute("SELECT * FROM payments WHERE id = %s", (payment.id,))
    return Payment(**_fields(await fetch_row(cur, f"payment {payment.id}")))


async def apply_notification(
    conn: Connection, provider: str, notification: PaymentNotification, clock: Clock
) -> PaymentOutcome | None:
    """Records the event once and settles the payment; None for a repeat or an unknown one."""
    now = clock.now()
    async with conn.transaction():
        cur = await conn.execute(
            "INSERT INTO payment_events (provider, event_id, type, payload, received_at)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (provider, event_id) DO NOTHING"
            " RETURNING id",
            (provider, notification.event_id, notification.status,
             json.dumps({"token": notification.token, "provider_ref": notification.provider_ref,
                         "status": notification.status,
                         "amount": None if notification.amount is None
                         else str(notification.amount)}), now),
        )
        event = await cur.fetchone()
        if event is None:
            return None  # this event was processed before
        cur = await conn.execute(
            "SELECT id FROM payments WHERE provider = %s AND (token = %s OR provider_ref = %s)"
            " ORDER BY id DESC LIMIT 1 FOR UPDATE",
            (provider, notification.token, notification.provider_ref),
        )
        row = await cur.fetchone()
        if row is None:
            return None
        await conn.execute("UPDATE payment_events SET payment_id = %s WHERE id = %s",
                           (row["id"], event["id"]))
        cur = await conn.execute("SELECT * FROM payments WHERE id = %s", (row["id"],))
        payment_row = await fetch_row(cur, f"payment {row['id']}, locked above")
        await flag_late_transfer(conn, provider=provider, payment=payment_row,
                                 notification=notification, now=now)
        settled = await settle_row(conn, provider=provider, payment=payment_row,
                                   notification=notification, now=now)
        if (difference := await difference_of(conn, payment_row["id"])) is not None:
            # A difference of a change: it settles its transaction, the order stays as it is.
            told = await settle_difference(conn, provider=provider, payment=payment_row,
                                           difference=difference, settled=settled,
                                           notification=notification, clock=clock)
            return await _outcome(conn, payment_row, changed=told, difference=True)
        if settled is None:
            return await _outcome(conn, payment_row, changed=False)
        status, reason = settled
        order_id = payment_row["order_id"]
        cur = await conn.execute("SELECT status FROM orders WHERE id = %s FOR UPDATE",
                                 (order_id,))
        if status == "paid" and (await fetch_row(cur, f"order {order_id}"))["status"] == "paid":
            # Paid twice (two attempts both went through): the operator must refund one.
            await _set_status(conn, order_id, "paid", now,
                              note=f"second payment {payment_row['id']} received: refund it")
        elif status == "paid":
            # Other open attempts of this order must not take a second payment.
            await conn.execute(
                "UPDATE payments SET status = 'expired' WHERE order_id = %s AND id <> %s"
                " AND status = 'pending'", (order_id, payment_row["id"]),
            )
            await _settle_paid(conn, order_id, now)
        elif status == "failed":
            await _release(conn, order_id, "payment_failed", now, note=reason)
        return await _outcome(conn, payment_row, changed=True)


async def _outcome(conn: Connection, payment: dict, *, changed: bool,
                   difference: bool = False) -> PaymentOutcome:
    """The payment and its order as they are now."""
    cur = await conn.execute("SELECT * FROM payments WHERE id = %s", (payment["id"],))
    row = await fetch_row(cur, f"payment {payment['id']}")
    return PaymentOutcome(Payment(**_fields(row)), await load_order(conn, row["order_id"]),
                          changed=changed, difference=difference)


async def expire_overdue(conn: Connection, clock: Clock) -> list[Order]:
    """Orders whose held stock ran out before payment: expired, stock released, cart back."""
    now = clock.now()
    expired = []
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT o.id FROM orders o WHERE o.status = 'pending_payment' AND EXISTS ("
            "  SELECT 1 FROM stock_reservations r WHERE r.order_id = o.id"
            "  AND r.status = 'held' AND r.expires_at <= %s)"
            " ORDER BY o.id FOR UPDATE SKIP LOCKED", (now,),
        )
        for row in await cur.fetchall():
            await conn.execute(
                "UPDATE payments SET status = 'expired' WHERE order_id = %s AND status = 'pending'",
                (row["id"],),
            )
            await _release(conn, row["id"], "expired", now)
            expired.append(await load_order(conn, row["id"]))
    return expired


async def _settle_paid(conn: Connection, order_id: int, now: object) -> None:
    """The held units leave stock for good. A payment that arrives after its hold expired is
    still honoured; stock cannot go below zero, and the history says it was oversold."""
    cur = await conn.execute(
        "SELECT sku, quantity FROM order_lines WHERE order_id = %s ORDER BY sku", (order_id,)
    )
    oversold = []
    for line in await cur.fetchall():
        before = None
        for table in ("product_variants", "products"):
            cur2 = await conn.execute(
                f"WITH old AS (SELECT id, stock FROM {table} WHERE sku = %(sku)s"
                "  AND store_id = (SELECT store_id FROM orders WHERE id = %(order)s)"
                "  AND stock IS NOT NULL FOR UPDATE)"
                f" UPDATE {table} t SET stock = GREATEST(old.stock - %(q)s, 0) FROM old"
                " WHERE t.id = old.id RETURNING old.stock AS before",
                {"sku": line["sku"], "order": order_id, "q": line["quantity"]},
            )
            if (row := await cur2.fetchone()) is not None:
                before = row["before"]
                break
        if before is not None and before < line["quantity"]:
            oversold.append(line["sku"])
    await conn.execute(
        "UPDATE stock_reservations SET status = 'committed' WHERE order_id = %s", (order_id,)
    )
    await _set_status(conn, order_id, "paid", now,
                      note=f"oversold: {', '.join(oversold)}" if oversold else None)


async def _release(
    conn: Connection, order_id: int, status: str, now: object, note: str | None = None
) -> None:
    await conn.execute(
        "UPDATE stock_reservations SET status = 'released' WHERE order_id = %s"
        " AND status = 'held'", (order_id,),
    )
    await _set_status(conn, order_id, status, now, note=note)
    if status != "expired":
        return  # a failed payment is retried on the same order (see `rehold_order`)
    # The buyer gets the cart back, unless they already started another one.
    await conn.execute(
        "UPDATE carts SET status = 'open' WHERE id = (SELECT cart_id FROM orders WHERE id = %s)"
        " AND NOT EXISTS (SELECT 1 FROM carts c2 WHERE c2.conversation_id = carts.conversation_id"
        "  AND c2.status = 'open')", (order_id,),
    )


async def _set_status(
    conn: Connection, order_id: int, status: str, now: object, note: str | None = None
) -> None:
    await conn.execute("UPDATE orders SET status = %s, updated_at = %s WHERE id = %s",
                       (status, now, order_id))
    await conn.execute(
        "INSERT INTO order_status_history (order_id, status, note, occurred_at)"
        " VALUES (%s, %s, %s, %s)", (order_id, status, note, now),
    )


def _fields(row: dict) -> dict:
    return {k: row[k] for k in Payment.model_fields if k in row}
