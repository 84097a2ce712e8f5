"""What the store does to an order between the buyer's turns (case steps `ship`, `deliver`),
through the same tools the console and `balcao orders ship|deliver` use."""

from __future__ import annotations

from typing import Any

from balcao.clock import Clock
from evals.golden.case import Turn
from tools.orders.lifecycle import deliver, ship


async def move_latest_order(pool: Any, store_id: str, conv_id: int, turn: Turn,
                            clock: Clock) -> None:
    """Ships (`turn.ship`: the tracking code) or delivers the buyer's latest order."""
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT number FROM orders WHERE conversation_id = %s"
                                 " ORDER BY id DESC LIMIT 1", (conv_id,))
        row = await cur.fetchone()
        if row is None:
            raise ValueError("ship/deliver: the buyer has no order")
        where = {"store_id": store_id, "number": row["number"], "actor": "operator:eval",
                 "clock": clock}
        if turn.ship is not None:
            await ship(conn, tracking_code=turn.ship, carrier=turn.carrier, **where)
        else:
            await deliver(conn, **where)
