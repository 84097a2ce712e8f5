"""What the store does to an order between the buyer's turns (case steps `ship`, `deliver`,
`approve`), through the same tools the console and `balcao orders ...` use."""

from __future__ import annotations

from typing import Any

from api.worker.order_actions import change_order
from balcao.clock import Clock
from evals.golden.case import Turn
from tools.orders.lifecycle import deliver, ship


async def move_latest_order(pool: Any, store_id: str, conv_id: int, turn: Turn,
                            clock: Clock) -> None:
    """Ships (`turn.ship`: the tracking code) or delivers the buyer's latest order."""
    async with pool.connection() as conn:
        where = {"store_id": store_id, "number": await _latest_number(conn, conv_id),
                 "actor": "operator:eval", "clock": clock}
        if turn.ship is not None:
            await ship(conn, tracking_code=turn.ship, carrier=turn.carrier, **where)
        else:
            await deliver(conn, **where)


async def approve_latest_order(resources: Any, store_id: str, conv_id: int,
                               clock: Clock) -> list[dict[str, Any]] | None:
    """Approves the exchange or return of the buyer's latest order as the console does, and
    takes the event it queued for the conversation (a difference's link), if any."""
    async with resources.pool.connection() as conn:
        number = await _latest_number(conn, conv_id)
        await change_order(conn, resources.services.stores, clock, store_id=store_id,
                           number=number, action="approve", actor="operator:eval")
        cur = await conn.execute(
            "UPDATE inbox SET status = 'done' WHERE id = (SELECT id FROM inbox"
            " WHERE conversation_id = %s AND kind = 'payment' AND status = 'pending'"
            " ORDER BY id LIMIT 1) RETURNING message", (conv_id,))
        row = await cur.fetchone()
    return None if row is None else [row["message"]]


async def _latest_number(conn: Any, conv_id: int) -> str:
    cur = await conn.execute("SELECT number FROM orders WHERE conversation_id = %s"
                             " ORDER BY id DESC LIMIT 1", (conv_id,))
    row = await cur.fetchone()
    if row is None:
        raise ValueError("the store's step: the buyer has no order")
    return str(row["number"])
