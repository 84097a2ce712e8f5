"""The buyer's side of after-sale: the saved payment methods (and the one of an unshipped
order), the saved address."""

from __future__ import annotations

import json
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.lifecycle import NOT_SHIPPED, OrderStateError, locked_order, record
from tools.orders.refunds import (
    STORE_CREDIT,
    InsufficientCredit,
    add_transaction,
    ledger,
    method_of,
)


async def modify_payment(
    conn: Connection, *, store_id: str, number: str, method_id: str, actor: str, clock: Clock
) -> dict[str, Any]:
    """Pays an unshipped order with another saved method: the new method is charged the amount
    and the old one refunded (τ²'s rule: only for an order with exactly one payment).

    Raises:
        OrderStateError: Shipped, or not exactly one payment.
        ValueError: The same method.
        InsufficientCredit: Store credit does not cover the amount.
    """
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        entries = await ledger(conn, order["id"])
        key = f"order-{order['id']}-pay-with-{method_id}"
        if any(e["idempotency_key"] == key for e in entries):
            return order  # the same change, run again
        if order["status"] not in NOT_SHIPPED:
            raise OrderStateError(f"order {order['number']} is {order['status']}")
        if len(entries) != 1 or entries[0]["kind"] != "payment":
            raise OrderStateError("the payment method changes only for an order with one payment")
        old = entries[0]
        if old["method_id"] == method_id:
            raise ValueError("the new payment method must differ from the current one")
        method = await method_of(conn, order["customer_id"], method_id)
        if method["balance"] is not None and method["balance"] < old["amount"]:
            raise InsufficientCredit(f"store credit {method_id} does not cover the order")
        await add_transaction(
            conn, order, kind="payment", amount=old["amount"], key=key, method_id=method_id,
            provider=STORE_CREDIT if method["balance"] is not None else method["provider"],
            clock=clock)
        await add_transaction(
            conn, order, kind="refund", amount=old["amount"], key=f"{key}-refund-old",
            method_id=old["method_id"], provider=old["provider"], clock=clock,
            refunds_id=old["id"], payment_id=old["payment_id"], reason="payment method changed")
        await conn.execute("UPDATE orders SET payment_method = %s WHERE id = %s",
                           (method_id, order["id"]))
        await record(conn, order, action="modify_payment", to_status=order["status"],
                     actor=actor, clock=clock, details={"from": old["method_id"],
                                                        "to": method_id})
    return order


async def modify_customer_address(
    conn: Connection, *, store_id: str, buyer_id: str, address: dict[str, str], clock: Clock
) -> None:
    """Changes the buyer's saved (default) address.

    Raises:
        LookupError: No such customer in the store.
    """
    cur = await conn.execute(
        "UPDATE customers SET last_address = %s, updated_at = %s"
        " WHERE store_id = %s AND buyer_id = %s RETURNING id",
        (json.dumps(address), clock.now(), store_id, buyer_id),
    )
    if await cur.fetchone() is None:
        raise LookupError(f"customer {buyer_id} not found")


async def ensure_saved_method(conn: Connection, order_id: int, provider: str) -> str:
    """The order's payment method as one of its customer's saved methods (the after-sale
    tools charge and refund saved methods; a checkout order paid with the store's method
    has none saved until now). Returns the method id."""
    cur = await conn.execute("SELECT store_id, customer_id, payment_method FROM orders"
                             " WHERE id = %s", (order_id,))
    row = await cur.fetchone()
    assert row is not None and row["customer_id"] is not None  # placed by checkout
    method_id = str(row["payment_method"] or provider)
    await conn.execute(
        "INSERT INTO customer_payment_methods (store_id, customer_id, method_id, source,"
        " provider) VALUES (%s, %s, %s, 'checkout', %s) ON CONFLICT DO NOTHING",
        (row["store_id"], row["customer_id"], method_id, provider))
    return method_id
