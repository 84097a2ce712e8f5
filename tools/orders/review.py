"""The store's answer to an exchange or return request: approved (the store has the items
back: `returns.complete_request` settles the money) or refused here.

A refusal sends the order back to `delivered` and closes the request; what was asked stays
in the refusal's `order_history` row, so the buyer may ask again for something else.
"""

from __future__ import annotations

from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.lifecycle import OrderStateError, locked_order, record

_KINDS = {"exchange_requested": "exchange", "return_requested": "return"}


async def refuse_request(
    conn: Connection, *, store_id: str, number: str, reason: str, actor: str, clock: Clock
) -> dict[str, Any]:
    """Refuses the order's open exchange or return; refusing it again changes nothing.

    Raises:
        OrderStateError: The order has no exchange or return waiting for an answer.
        ValueError: No reason given (the buyer is told it).
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required to refuse")
    async with conn.transaction():
        order = await locked_order(conn, store_id=store_id, number=number)
        kind = _KINDS.get(order["status"])
        if kind is None:
            if order["status"] == "delivered" and await _last_action(conn, order["id"]) in (
                    "refuse_exchange", "refuse_return"):
                return order  # the same refusal, run again
            raise OrderStateError(f"order {order['number']} has no exchange or return open")
        cur = await conn.execute(
            "DELETE FROM order_requests WHERE order_id = %s AND kind = %s AND status = 'open'"
            " RETURNING items, new_items, method_id", (order["id"], kind))
        request = await cur.fetchone()
        # Not a transition of the forward lifecycle: the order goes back to where it was.
        await record(conn, order, action=f"refuse_{kind}", to_status="delivered", actor=actor,
                     clock=clock, details={"reason": reason, **(dict(request or {}))})
    return order


async def _last_action(conn: Connection, order_id: int) -> str | None:
    cur = await conn.execute("SELECT action FROM order_history WHERE order_id = %s"
                             " ORDER BY id DESC LIMIT 1", (order_id,))
    row = await cur.fetchone()
    return None if row is None else str(row["action"])
