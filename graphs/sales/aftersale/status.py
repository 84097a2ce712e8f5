"""Where the buyer's orders are: status, carrier and tracking code, from the order rows."""

from __future__ import annotations

from graphs.sales.aftersale.orders import STATUS_SHOWN, find, tracked
from graphs.sales.aftersale.turn import AftersaleTurn, done
from graphs.sales.aftersale.words import order_number_in
from graphs.sales.state import SalesUpdate


async def order_status(turn: AftersaleTurn) -> SalesUpdate:
    """The order named (only if it is the buyer's), or the buyer's latest orders."""
    number = order_number_in(turn.text, turn.entities)
    if number is not None:
        order = find(turn.orders, number)
        if order is None:  # someone else's or nobody's: the same answer, nothing revealed
            return done({"kind": "order_not_found", "number": number})
        chosen = [order]
    else:
        chosen = turn.orders[:STATUS_SHOWN]
    if not chosen:
        return done({"kind": "no_orders"})
    async with turn.services.pool.connection() as conn:
        orders = [await tracked(conn, o) for o in chosen]
    return done({"kind": "order_tracking", "orders": orders})
