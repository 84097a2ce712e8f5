"""Changing an order that has not shipped: cancel it, swap items, change address or payment.

The rules are τ²-bench retail's (its reference tools are the oracle of
tests/aftersale/test_tau2_conformance.py), applied to Balcão's orders; where Balcão differs
for Brazil it says so (docs in tests/aftersale/DIFFERENCES.md). Every function takes the order
by number, locks it, and is safe to run again: money moves under keys derived from the order.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.differences import charge_or_refund
from tools.orders.lifecycle import NOT_SHIPPED, OrderStateError, locked_order, record, transition
from tools.orders.refunds import InsufficientCredit, add_transaction, ledger, method_of


async def cancel_order(
    conn: Connection, *, store_id: str, number: str, reason: str, actor: str, clock: Clock
) -> dict[str, Any]:
    """Cancels an order that has not shipped.

    Awaiting payment (or after a refused one): cancelled at once, held stock released, open
    payment links voided. Paid (or preparing): what each collected payment still holds is
    refunded to the method it came from (store credit at once; providers by `send_refunds`),
    a difference never collected is voided, committed stock goes back.
    Cancelling a cancelled order again changes nothing.

    Raises:
        OrderStateError: The order has shipped (or expired, or failed payment).
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] == "cancelled":
            return order
        if order["status"] not in (*NOT_SHIPPED, "payment_failed"):
            raise OrderStateError(f"order {order['number']} is {order['status']}: "
                                  "it cannot be cancelled")
        paid = order["status"] in ("paid", "preparing")
        await conn.execute("UPDATE payments SET status = 'expired' WHERE order_id = %s"
                           " AND status = 'pending'", (order["id"],))
        await conn.execute("UPDATE stock_reservations SET status = 'released'"
                           " WHERE order_id = %s AND status = 'held'", (order["id"],))
        if paid:
            await _refund_everything(conn, order, clock)
            await _restock(conn, order)
        await conn.execute("UPDATE orders SET cancel_reason = %s WHERE id = %s",
                           (reason, order["id"]))
        await transition(conn, order, "cancelled", action="cancel", actor=actor, clock=clock,
                         details={"reason": reason})
    return order


async def _refund_everything(conn: Connection, order: dict[str, Any], clock: Clock) -> None:
    # A difference never collected is not given back: it is voided.
    await conn.execute(
        "UPDATE order_transactions SET status = 'failed', last_error = 'voided: cancelled'"
        " WHERE order_id = %s AND kind = 'payment' AND status = 'pending'", (order["id"],))
    entries = await ledger(conn, order["id"])
    for entry in entries:
        if entry["kind"] != "payment" or entry["status"] != "done":
            continue
        given = sum((e["amount"] for e in entries
                     if e["kind"] == "refund" and e["refunds_id"] == entry["id"]), Decimal("0"))
        if entry["amount"] - given <= 0:
            continue
        # What this payment still holds goes back to where it came from (DIFFERENCES.md).
        await add_transaction(
            conn, order, kind="refund", amount=entry["amount"] - given,
            method_id=entry["method_id"], provider=entry["provider"], clock=clock,
            refunds_id=entry["id"], payment_id=entry["payment_id"], reason="cancelled",
            key=f"order-{order['id']}-cancel-refund-{entry['id']}",
        )
    cur = await conn.execute("SELECT id, provider, amount FROM payments WHERE order_id = %s"
                             " AND status = 'paid' ORDER BY id", (order["id"],))
    for payment in await cur.fetchall():  # paid through checkout, not in the ledger yet
        if any(e["payment_id"] == payment["id"] for e in entries):
            continue
        await add_transaction(
            conn, order, kind="refund", amount=payment["amount"],
            method_id=order["payment_method"], provider=payment["provider"], clock=clock,
            payment_id=payment["id"], reason="cancelled",
            key=f"order-{order['id']}-cancel-payment-{payment['id']}",
        )


async def _restock(conn: Connection, order: dict[str, Any]) -> None:
    cur = await conn.execute("SELECT r.sku, r.quantity FROM stock_reservations r"
                             " WHERE r.order_id = %s AND r.status = 'committed'", (order["id"],))
    for line in await cur.fetchall():
        for table in ("product_variants", "products"):
            done = await conn.execute(
                f"UPDATE {table} SET stock = stock + %s WHERE store_id = %s AND sku = %s"
                " AND stock IS NOT NULL RETURNING id",
                (line["quantity"], order["store_id"], line["sku"]),
            )
            if await done.fetchone() is not None:
                break
    await conn.execute("UPDATE stock_reservations SET status = 'released' WHERE order_id = %s"
                       " AND status = 'committed'", (order["id"],))


async def swaps(
    conn: Connection, order: dict[str, Any], item_ids: list[str], new_item_ids: list[str]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], Decimal]:
    """Each (order line, new variant) pair and the price difference (new - old).

    Raises:
        ValueError: An item not in the order (as many times), lists of different lengths, a
            new item that is not a variant of the same product, or is sold out.
    """
    if len(item_ids) != len(new_item_ids):
        raise ValueError("the number of items to swap must match")
    cur = await conn.execute("SELECT * FROM order_lines WHERE order_id = %s", (order["id"],))
    lines = {row["sku"]: dict(row) for row in await cur.fetchall()}
    for sku in set(item_ids):
        if item_ids.count(sku) > lines.get(sku, {}).get("quantity", 0):
            raise ValueError(f"item {sku} is not in the order")
    pairs, diff = [], Decimal("0")
    for old, new in zip(item_ids, new_item_ids, strict=True):
        cur = await conn.execute(
            "SELECT v.sku, v.attributes, COALESCE(v.price, p.price) AS price, p.name,"
            " COALESCE(v.stock, 1) AS stock FROM product_variants v"
            " JOIN products p ON p.id = v.product_id"
            " WHERE v.store_id = %s AND v.sku = %s AND p.sku = %s",
            (order["store_id"], new, lines[old]["product_sku"]),
        )
        variant = await cur.fetchone()
        if variant is None or variant["stock"] <= 0:
            raise ValueError(f"new item {new} is not available for {lines[old]['name']}")
        pairs.append((lines[old], dict(variant)))
        diff += variant["price"] - lines[old]["unit_price"]
    return pairs, diff


async def modify_items(
    conn: Connection, *, store_id: str, number: str, item_ids: list[str],
    new_item_ids: list[str], method_id: str, actor: str, clock: Clock,
    request: str | None = None,
) -> dict[str, Any]:
    """Swaps items of an order not yet shipped for other variants of the same products, once.

    The difference is charged to (or refunded to) `method_id`: store credit at once, other
    methods as a pending payment to collect or a refund for `send_refunds`. `request` (the
    conversation's confirmed summary) is kept in the history row, where a turn run again
    finds the change done.

    Raises:
        OrderStateError: Shipped, or its items were already changed once.
        ValueError: See `swaps`; also an item swapped for itself.
        InsufficientCredit: Store credit does not cover a higher price.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        key = f"order-{order['id']}-modify-items"
        if order["items_modified"]:
            done = [t for t in await ledger(conn, order["id"]) if t["idempotency_key"] == key]
            if done or order["status"] == "pending_payment":
                return order  # the same change, run again
            raise OrderStateError(f"order {order['number']}: items can be changed only once")
        if order["status"] not in NOT_SHIPPED:
            raise OrderStateError(f"order {order['number']} is {order['status']}")
        if any(old == new for old, new in zip(item_ids, new_item_ids, strict=False)):
            raise ValueError("a new item must differ from the one it replaces")
        pairs, diff = await swaps(conn, order, item_ids, new_item_ids)
        method = await method_of(conn, order["customer_id"], method_id)
        if method["balance"] is not None and method["balance"] < diff:
            raise InsufficientCredit(f"store credit {method_id} does not cover {diff}")
        if order["status"] != "pending_payment":
            await charge_or_refund(conn, order, difference=diff, method_id=method_id, key=key,
                                   clock=clock, reason="items changed")
        else:  # unpaid: the next payment link charges the new total
            await _void_links(conn, order["id"])
        for line, variant in pairs:
            await _swap_line(conn, order["id"], line, variant)
            await _swap_stock(conn, order, line["sku"], variant["sku"])
        await conn.execute(
            "UPDATE orders SET items_modified = true, subtotal = subtotal + %s,"
            " total = total + %s WHERE id = %s", (diff, diff, order["id"]))
        await record(conn, order, action="modify_items", to_status=order["status"],
                     actor=actor, clock=clock,
                     details={"items": item_ids, "new_items": new_item_ids,
                              "difference": str(diff), "method": method_id}
                     | ({"request": request} if request else {}))
    return order


async def _swap_line(conn: Connection, order_id: int, line: dict[str, Any],
                     variant: dict[str, Any]) -> None:
    await conn.execute("DELETE FROM order_lines WHERE order_id = %s AND sku = %s"
                       " AND quantity = 1", (order_id, line["sku"]))
    await conn.execute(
        "UPDATE order_lines SET quantity = quantity - 1, total = unit_price * (quantity - 1)"
        " WHERE order_id = %s AND sku = %s", (order_id, line["sku"]))
    await conn.execute(
        "INSERT INTO order_lines (order_id, sku, product_sku, name, variant, unit_price,"
        " quantity, total) VALUES (%s,%s,%s,%s,%s,%s,1,%s) ON CONFLICT (order_id, sku) DO UPDATE"
        " SET quantity = order_lines.quantity + 1,"
        " total = order_lines.unit_price * (order_lines.quantity + 1)",
        (order_id, variant["sku"], line["product_sku"], variant["name"],
         json.dumps(variant["attributes"]), variant["price"], variant["price"]),
    )


async def _swap_stock(conn: Connection, order: dict[str, Any], old: str, new: str) -> None:
    """One unit of `old` back, one of `new` taken: a hold moves with an unpaid order; a paid
    order's committed unit goes back to the shelf and the new one leaves it."""
    cur = await conn.execute("SELECT status, expires_at, created_at FROM stock_reservations"
                             " WHERE order_id = %s AND sku = %s", (order["id"], old))
    hold = await cur.fetchone()
    if hold is None:
        return  # no stock was held or taken for it (an imported order)
    await conn.execute("DELETE FROM stock_reservations WHERE order_id = %s AND sku = %s"
                       " AND quantity = 1", (order["id"], old))
    await conn.execute("UPDATE stock_reservations SET quantity = quantity - 1"
                       " WHERE order_id = %s AND sku = %s", (order["id"], old))
    await conn.execute(
        "INSERT INTO stock_reservations (store_id, order_id, sku, quantity, status, expires_at,"
        " created_at) VALUES (%s,%s,%s,1,%s,%s,%s) ON CONFLICT (order_id, sku) DO UPDATE"
        " SET quantity = stock_reservations.quantity + 1",
        (order["store_id"], order["id"], new, hold["status"], hold["expires_at"],
         hold["created_at"]))
    if hold["status"] != "committed":
        return
    for sku, delta in ((old, 1), (new, -1)):
        for table in ("product_variants", "products"):
            done = await conn.execute(
                f"UPDATE {table} SET stock = GREATEST(stock + %s, 0) WHERE store_id = %s"
                " AND sku = %s AND stock IS NOT NULL RETURNING id",
                (delta, order["store_id"], sku))
            if await done.fetchone() is not None:
                break


async def modify_address(
    conn: Connection, *, store_id: str, number: str, address: dict[str, str], actor: str,
    clock: Clock, shipping: dict[str, Any] | None = None, method_id: str | None = None,
    request: str | None = None,
) -> dict[str, Any]:
    """Changes where an order not yet shipped goes; with `shipping` (the same option quoted
    for the new CEP), at its price: a paid order's difference is charged to or refunded to
    `method_id` (see `differences`), an unpaid order's next link charges the new total.
    Run again with the same address and shipping, it changes nothing. `request`: as in
    `modify_items`.

    Raises:
        OrderStateError: The order has shipped.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        if order["status"] not in NOT_SHIPPED:
            raise OrderStateError(f"order {order['number']} is {order['status']}")
        cost = order["shipping_cost"] if shipping is None else Decimal(str(shipping["price"]))
        diff = cost - order["shipping_cost"]
        if order["address"] == address and diff == 0 and shipping is not None:
            return order  # the same change, run again
        details: dict[str, Any] = {"address": address} | ({"request": request} if request else {})
        if diff:
            details |= {"shipping_cost": str(cost), "difference": str(diff), "method": method_id}
            await _settle_shipping(conn, order, diff, method_id, clock)
            await conn.execute(
                "UPDATE orders SET shipping = %s, shipping_cost = %s, total = total + %s"
                " WHERE id = %s", (json.dumps(shipping), cost, diff, order["id"]))
        await conn.execute("UPDATE orders SET address = %s WHERE id = %s",
                           (json.dumps(address), order["id"]))
        await record(conn, order, action="modify_address", to_status=order["status"],
                     actor=actor, clock=clock, details=details)
    return order


async def _settle_shipping(conn: Connection, order: dict[str, Any], diff: Decimal,
                           method_id: str | None, clock: Clock) -> None:
    """A new shipping price: charged or refunded when paid; the next link's when not."""
    if order["status"] == "pending_payment":
        await _void_links(conn, order["id"])
        return
    if method_id is None:
        raise ValueError("a paid order's shipping difference needs the method it moves through")
    cur = await conn.execute("SELECT count(*) AS n FROM order_history WHERE order_id = %s"
                             " AND action = 'modify_address'", (order["id"],))
    change = int((await cur.fetchone() or {"n": 0})["n"]) + 1
    await charge_or_refund(conn, order, difference=diff, method_id=method_id, clock=clock,
                           key=f"order-{order['id']}-address-{change}", reason="shipping changed")


async def _void_links(conn: Connection, order_id: int) -> None:
    """The open payment links of an unpaid order charged the old total: none may be paid."""
    await conn.execute("UPDATE payments SET status = 'expired' WHERE order_id = %s"
                       " AND status = 'pending'", (order_id,))
