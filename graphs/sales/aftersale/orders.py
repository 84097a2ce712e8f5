"""The buyer's orders as the after-sale steps read them: only this conversation's, so an
order number that is someone else's is the same as one that does not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

from balcao.db.connect import Connection
from graphs.sales.outcomes import RefundView
from tools.orders.models import Order
from tools.orders.queries import load_order, recent_orders
from tools.orders.refunds import ledger

ORDERS_LOOKED_AT = 20
"""How many of the buyer's latest orders after-sale considers."""
STATUS_SHOWN = 3
"""How many orders a status answer lists when no number is named."""
OPEN = ("pending_payment", "payment_failed", "paid", "preparing")
"""Statuses an order can still be cancelled or changed in."""


async def buyer_orders(conn: Connection, store_id: str, conv_id: int) -> list[Order]:
    """The buyer's latest orders, newest first."""
    return await recent_orders(conn, store_id=store_id, conversation_id=conv_id,
                               limit=ORDERS_LOOKED_AT)


def find(orders: list[Order], number: str | None) -> Order | None:
    """The buyer's order with this number (None for anyone else's, or no such order)."""
    wanted = (number or "").lstrip("#").upper()
    return next((o for o in orders if o.number.upper() == wanted), None)


async def tracked(conn: Connection, order: Order) -> dict[str, Any]:
    """`Order.summary()` plus where it is: carrier, tracking code, the delivery day."""
    cur = await conn.execute(
        "SELECT o.tracking_code, o.carrier, (SELECT max(h.occurred_at) FROM order_history h"
        "  WHERE h.order_id = o.id AND h.to_status = 'delivered') AS delivered_at"
        " FROM orders o WHERE o.id = %s", (order.id,))
    row = await cur.fetchone()
    assert row is not None  # the order was just read
    delivered = row["delivered_at"]
    return order.summary() | {
        "tracking_code": row["tracking_code"] or "", "carrier": row["carrier"] or "",
        "delivered_on": delivered.date().isoformat() if delivered else "",
    }


def delivered_on(summary: dict[str, Any]) -> date | None:
    """The day a tracked order was delivered."""
    return date.fromisoformat(summary["delivered_on"]) if summary.get("delivered_on") else None


async def refunds_of(conn: Connection, order_id: int) -> list[RefundView]:
    """The refunds the order's ledger holds, as a reply shows them."""
    return [RefundView(provider=t["provider"], amount=str(t["amount"]), status=t["status"])
            for t in await ledger(conn, order_id) if t["kind"] == "refund"]


async def paid_through(conn: Connection, order: Order) -> list[RefundView]:
    """What cancelling a paid order gives back, per provider (as `aftersale.cancel_order`
    counts it: what each collected payment still holds)."""
    entries = await ledger(conn, order.id)
    views = []
    for entry in entries:
        if entry["kind"] == "payment" and entry["status"] == "done":
            back = entry["amount"] - sum(e["amount"] for e in entries if e["kind"] == "refund"
                                         and e["refunds_id"] == entry["id"])
            if back > 0:
                views.append(RefundView(provider=entry["provider"], amount=str(back),
                                        status="pending"))
    cur = await conn.execute("SELECT id, provider, amount FROM payments WHERE order_id = %s"
                             " AND status = 'paid' ORDER BY id", (order.id,))
    for payment in await cur.fetchall():  # paid at checkout, not in the ledger
        if not any(e["payment_id"] == payment["id"] for e in entries):
            views.append(RefundView(provider=payment["provider"], amount=str(payment["amount"]),
                                    status="pending"))
    return views


async def reload(conn: Connection, order: Order) -> Order:
    """The order as it is now."""
    return await load_order(conn, order.id)


async def provider_of(conn: Connection, order: Order, fallback: str) -> str:
    """The provider the order was paid through (its method's provider when unpaid)."""
    cur = await conn.execute("SELECT provider FROM payments WHERE order_id = %s"
                             " ORDER BY (status = 'paid') DESC, id DESC LIMIT 1", (order.id,))
    row = await cur.fetchone()
    return str(row["provider"]) if row is not None else fallback


async def items_changed_once(conn: Connection, order_id: int) -> bool:
    """Whether the order's items were already swapped (they change once)."""
    cur = await conn.execute("SELECT items_modified FROM orders WHERE id = %s", (order_id,))
    row = await cur.fetchone()
    return bool(row and row["items_modified"])


async def done_before(conn: Connection, order_id: int, request: str) -> bool:
    """Whether the change confirmed as `request` (a summary's digest) is already made: a turn
    that crashed after making it runs again."""
    cur = await conn.execute("SELECT 1 FROM order_history WHERE order_id = %s"
                             " AND details->>'request' = %s LIMIT 1", (order_id, request))
    return await cur.fetchone() is not None
