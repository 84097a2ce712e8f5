"""The order's lifecycle after checkout, each change a row of `order_history`.

    pending_payment -> paid -> (preparing) -> shipped (carrier, tracking code) -> delivered
    pending_payment | paid | preparing -> cancelled
    delivered -> exchange_requested | return_requested -> completed

`actor` says who or what made the change: "operator:cli", "operator:<email>", "buyer",
"system", "provider:<name>". Every row carries the order's store.
"""

from __future__ import annotations

import json
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.owed import owed

# Orders whose goods have not left: they can still be changed or cancelled.
NOT_SHIPPED = ("pending_payment", "paid", "preparing")

TRANSITIONS: dict[str, frozenset[str]] = {
    "pending_payment": frozenset({"paid", "cancelled", "payment_failed", "expired"}),
    "payment_failed": frozenset({"pending_payment", "paid", "cancelled", "expired"}),
    "paid": frozenset({"preparing", "shipped", "cancelled"}),
    "preparing": frozenset({"shipped", "cancelled"}),
    "shipped": frozenset({"delivered"}),
    "delivered": frozenset({"exchange_requested", "return_requested"}),
    "exchange_requested": frozenset({"completed"}),
    "return_requested": frozenset({"completed"}),
}


class OrderStateError(Exception):
    """The order is not in a state that allows this change (the message says which)."""


class OrderNotFound(LookupError):
    """No order with this number in the store (another store's is not found either)."""


async def locked_order(conn: Connection, *, store_id: str, number: str) -> dict[str, Any]:
    """The order row with this number, locked for the transaction.

    `number` may carry a leading "#" (τ²'s "#W0000000" is stored as "W0000000").

    Raises:
        OrderNotFound: (a LookupError) No such order in the store.
    """
    cur = await conn.execute(
        "SELECT * FROM orders WHERE store_id = %s AND number = %s FOR UPDATE",
        (store_id, number.lstrip("#")),
    )
    row = await cur.fetchone()
    if row is None:
        raise OrderNotFound(f"order {number} not found")
    return dict(row)


async def record(
    conn: Connection, order: dict[str, Any], *, action: str, to_status: str, actor: str,
    clock: Clock, details: dict[str, Any] | None = None,
) -> None:
    """Writes one `order_history` row (and sets the status when it changes)."""
    now = clock.now()
    if to_status != order["status"]:
        await conn.execute("UPDATE orders SET status = %s, updated_at = %s WHERE id = %s",
                           (to_status, now, order["id"]))
    await conn.execute(
        "INSERT INTO order_history (store_id, order_id, action, from_status, to_status, actor,"
        " details, occurred_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
        (order["store_id"], order["id"], action, order["status"], to_status, actor,
         json.dumps(details or {}, default=str), now),
    )
    order["status"] = to_status


async def transition(
    conn: Connection, order: dict[str, Any], to_status: str, *, action: str, actor: str,
    clock: Clock, details: dict[str, Any] | None = None,
) -> None:
    """Moves a locked order to `to_status` if the lifecycle allows it.

    Raises:
        OrderStateError: The move is not allowed from the order's status.
    """
    if to_status not in TRANSITIONS.get(order["status"], frozenset()):
        raise OrderStateError(f"order {order['number']} is {order['status']}: cannot {action}")
    await record(conn, order, action=action, to_status=to_status, actor=actor, clock=clock,
                 details=details)


async def mark_preparing(conn: Connection, *, store_id: str, number: str, actor: str,
                         clock: Clock) -> dict[str, Any]:
    """A paid order is being picked and packed."""
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        await transition(conn, order, "preparing", action="prepare", actor=actor, clock=clock)
    return order


async def ship(
    conn: Connection, *, store_id: str, number: str, tracking_code: str, carrier: str | None,
    actor: str, clock: Clock,
) -> dict[str, Any]:
    """Marks a paid (or preparing) order shipped with its tracking code; shipping the same
    order again with the same code changes nothing.

    Raises:
        OrderStateError: The order is not paid yet, already left with another code, or a
            change of it has a price difference still to pay (it ships once paid).
        ValueError: Empty tracking code.
    """
    tracking_code = tracking_code.strip()
    if not tracking_code:
        raise ValueError("a tracking code is required")
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] in ("shipped", "delivered") \
                and order["tracking_code"] == tracking_code:
            return order
        if (due := await owed(conn, order["id"])) is not None:
            # A change the buyer has not paid for does not leave as if it were paid.
            raise OrderStateError(f"order {order['number']} has a difference of {due['amount']}"
                                  f" ({due['reason']}) still to pay: it ships once paid")
        await transition(conn, order, "shipped", action="ship", actor=actor, clock=clock,
                         details={"tracking_code": tracking_code, "carrier": carrier})
        await conn.execute("UPDATE orders SET tracking_code = %s, carrier = %s WHERE id = %s",
                           (tracking_code, carrier, order["id"]))
        order |= {"tracking_code": tracking_code, "carrier": carrier}
    return order


async def deliver(conn: Connection, *, store_id: str, number: str, actor: str,
                  clock: Clock) -> dict[str, Any]:
    """Marks a shipped order delivered (again: nothing changes).

    Raises:
        OrderStateError: The order has not shipped.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] == "delivered":
            return order
        await transition(conn, order, "delivered", action="deliver", actor=actor, clock=clock)
    return order


async def history(conn: Connection, order_id: int) -> list[dict[str, Any]]:
    """The order's `order_history`, oldest first."""
    cur = await conn.execute(
        "SELECT action, from_status, to_status, actor, details, occurred_at FROM order_history"
        " WHERE order_id = %s ORDER BY id", (order_id,),
    )
    return [dict(row) for row in await cur.fetchall()]


async def order_id_of(conn: Connection, *, store_id: str, number: str) -> int:
    """The id of the order with this number (a leading "#" is ignored).

    Raises:
        OrderNotFound: (a LookupError) No such order in the store.
    """
    cur = await conn.execute("SELECT id FROM orders WHERE store_id = %s AND number = %s",
                             (store_id, number.lstrip("#")))
    row = await cur.fetchone()
    if row is None:
        raise OrderNotFound(f"order {number} not found")
    return int(row["id"])
