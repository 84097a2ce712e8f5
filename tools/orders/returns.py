"""Exchanges and returns of delivered items (τ²-bench retail's rules).

A request is one per order and kind; the order waits in `exchange_requested` or
`return_requested` until the store receives the items (`complete_request`), and only then
does money move: the returned items' prices back, or the exchange's price difference.
Each kind has its window after delivery (the store's `returns:` configuration): `deadline`
is the one place it is counted, for the chat's offer and the operator's approval.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from balcao.store_config_returns import ReturnsConfig
from tools.orders.aftersale import swaps
from tools.orders.differences import charge_or_refund
from tools.orders.lifecycle import OrderStateError, locked_order, transition
from tools.orders.refunds import InsufficientCredit, ledger, method_of


async def request_exchange(
    conn: Connection, *, store_id: str, number: str, item_ids: list[str],
    new_item_ids: list[str], method_id: str, actor: str, clock: Clock,
) -> dict[str, Any]:
    """Asks to exchange delivered items for other variants of the same products.

    Raises:
        OrderStateError: Not delivered (or an exchange or return was already asked).
        ValueError: See `aftersale.swaps`.
        InsufficientCredit: Store credit does not cover the difference.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] == "exchange_requested" and await _same(
                conn, order, "exchange", item_ids, new_item_ids):
            return order
        if order["status"] != "delivered":
            raise OrderStateError(f"order {order['number']} is {order['status']}")
        _, diff = await swaps(conn, order, item_ids, new_item_ids)
        method = await method_of(conn, order["customer_id"], method_id)
        if method["balance"] is not None and method["balance"] < diff:
            raise InsufficientCredit(f"store credit {method_id} does not cover {diff}")
        await _insert(conn, order, "exchange", item_ids, new_item_ids, method_id, diff, clock)
        await transition(conn, order, "exchange_requested", action="request_exchange",
                         actor=actor, clock=clock,
                         details={"items": sorted(item_ids), "new_items": sorted(new_item_ids),
                                  "difference": str(diff), "method": method_id})
    return order


async def request_return(
    conn: Connection, *, store_id: str, number: str, item_ids: list[str], method_id: str,
    actor: str, clock: Clock,
) -> dict[str, Any]:
    """Asks to return delivered items; the refund goes to the original method or store credit.

    Raises:
        OrderStateError: Not delivered (or an exchange or return was already asked).
        ValueError: An item not in the order, or a method that is neither.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] == "return_requested" and await _same(
                conn, order, "return", item_ids, []):
            return order
        if order["status"] != "delivered":
            raise OrderStateError(f"order {order['number']} is {order['status']}")
        method = await method_of(conn, order["customer_id"], method_id)
        payments = [t for t in await ledger(conn, order["id"]) if t["kind"] == "payment"]
        original = payments[0]["method_id"] if payments else order["payment_method"]
        if method["balance"] is None and method_id != original:
            raise ValueError("the refund goes to the original payment method or store credit")
        cur = await conn.execute("SELECT sku, quantity, unit_price FROM order_lines"
                                 " WHERE order_id = %s", (order["id"],))
        lines = {row["sku"]: row for row in await cur.fetchall()}
        for sku in set(item_ids):
            if item_ids.count(sku) > (lines[sku]["quantity"] if sku in lines else 0):
                raise ValueError(f"item {sku} is not in the order")
        amount = sum((lines[sku]["unit_price"] for sku in item_ids), Decimal("0"))
        await _insert(conn, order, "return", item_ids, [], method_id, -amount, clock)
        await transition(conn, order, "return_requested", action="request_return",
                         actor=actor, clock=clock,
                         details={"items": sorted(item_ids), "method": method_id,
                                  "amount": str(amount)})
    return order


def deadline(policy: ReturnsConfig, kind: str, delivered: date | None, today: date) -> date:
    """The last day a return or an exchange may be asked: the store's window counted from
    the delivery day (from today for an order with no delivery recorded)."""
    return (delivered or today) + timedelta(days=policy.days_for(kind))


async def delivered_day(conn: Connection, order_id: int) -> date | None:
    """The day the order was (last) marked delivered, or None."""
    cur = await conn.execute("SELECT max(occurred_at) AS at FROM order_history"
                             " WHERE order_id = %s AND to_status = 'delivered'", (order_id,))
    row = await cur.fetchone()
    return None if row is None or row["at"] is None else row["at"].date()


async def complete_request(
    conn: Connection, *, store_id: str, number: str, actor: str, clock: Clock,
    policy: ReturnsConfig | None = None,
) -> dict[str, Any]:
    """The store received the items: the refund or the difference is recorded (once) and the
    order is completed. With the store's `policy`, only a request asked within its window.

    Raises:
        OrderStateError: No exchange or return open, or (with `policy`) one asked after its
            window closed.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] == "completed":
            return order
        kind = {"exchange_requested": "exchange", "return_requested": "return"}.get(
            order["status"])
        if kind is None:
            raise OrderStateError(f"order {order['number']} has no exchange or return open")
        cur = await conn.execute("SELECT * FROM order_requests WHERE order_id = %s AND kind = %s",
                                 (order["id"], kind))
        request = await fetch_row(cur, f"{kind} of order {order['number']}")
        if policy is not None:
            await _asked_in_time(conn, order, request, policy)
        diff = request["price_difference"]
        moved = await charge_or_refund(conn, order, difference=diff,
                                       method_id=request["method_id"],
                                       key=f"order-{order['id']}-{kind}", clock=clock, reason=kind)
        await conn.execute("UPDATE order_requests SET status = 'completed', completed_at = %s"
                           " WHERE id = %s", (clock.now(), request["id"]))
        # A higher price on a card or PIX is still to pay: the new item waits for it.
        owed = moved is not None and moved["kind"] == "payment" and moved["status"] == "pending"
        await transition(conn, order, "completed", action=f"complete_{kind}", actor=actor,
                         clock=clock, details={"difference": str(diff),
                                               **({"difference_owed": True} if owed else {})})
    return order


async def _asked_in_time(conn: Connection, order: dict[str, Any], request: dict[str, Any],
                         policy: ReturnsConfig) -> None:
    asked = request["created_at"].date()
    last = deadline(policy, request["kind"], await delivered_day(conn, order["id"]), asked)
    if asked > last:
        raise OrderStateError(
            f"the {request['kind']} of order {order['number']} was asked on {asked}, after the"
            f" {policy.days_for(request['kind'])}-day window that ended on {last}")


async def _insert(conn: Connection, order: dict[str, Any], kind: str, items: list[str],
                  new_items: list[str], method_id: str, diff: Decimal, clock: Clock) -> None:
    await conn.execute(
        "INSERT INTO order_requests (store_id, order_id, kind, items, new_items, method_id,"
        " price_difference, created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
        (order["store_id"], order["id"], kind, json.dumps(sorted(items)),
         json.dumps(sorted(new_items)), method_id, diff, clock.now()),
    )


async def _same(conn: Connection, order: dict[str, Any], kind: str, items: list[str],
                new_items: list[str]) -> bool:
    cur = await conn.execute("SELECT items, new_items FROM order_requests"
                             " WHERE order_id = %s AND kind = %s", (order["id"], kind))
    row = await cur.fetchone()
    return row is not None and row["items"] == sorted(items) \
        and row["new_items"] == sorted(new_items)


async def open_requests(conn: Connection, order_id: int) -> list[dict[str, Any]]:
    """The order's exchange and return requests."""
    cur = await conn.execute("SELECT * FROM order_requests WHERE order_id = %s ORDER BY id",
                             (order_id,))
    return [dict(row) for row in await cur.fetchall()]
