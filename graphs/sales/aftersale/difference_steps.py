"""A price difference the buyer owes, told in the conversation: its payment came in, failed
or expired, or an exchange approved at a higher price needs its link.

A difference not paid keeps its change (the new address, the other size, the approved
exchange) pending: the order does not ship as if paid (`lifecycle.ship` refuses while a
difference is owed) and nothing is undone behind the buyer's back. The buyer is offered a
new link; their yes opens one (the open one, if a link is still valid: one difference, one
checkout at a time), their no leaves the difference owed, which they can still pay later
and the store's team sees on the order.
"""

from __future__ import annotations

import re
from typing import Any

from balcao.db.connect import Connection
from graphs.sales.aftersale.orders import tracked
from graphs.sales.aftersale.settle import difference_link
from graphs.sales.aftersale.turn import AftersaleTurn, ask, done
from graphs.sales.aftersale.words import asks_to_pay_difference
from graphs.sales.outcomes import Outcome
from graphs.sales.state import SalesUpdate
from graphs.sales.state_types import PaymentEvent
from tools.orders.models import Order
from tools.orders.owed import owed
from tools.orders.queries import load_order

QUESTION = "aftersale_difference_link"
"""The question a failed or expired difference asks: "shall I send a new link?"."""

NEW_LINK_TAP = "difference:link"
"""The tap asking for a difference's new link; it works whenever it is tapped, not only right
after the question (the buyer's latest order that owes one)."""

# "nao, depois eu vejo", "not now", "later": a no to the new link, whatever else follows.
_LATER = re.compile(r"\s*(nao|n|no|nope|not now|later|depois|agora nao)\b")

# Why the difference was made (its transaction's reason), as the task the replies name.
_TASKS = {"items changed": "change_variant", "shipping changed": "change_address",
          "exchange": "exchange"}


async def difference_event(turn: AftersaleTurn, event: PaymentEvent) -> SalesUpdate:
    """What the buyer hears of their difference's payment event (see the module's doc)."""
    order_id = int(event["order_id"])
    async with turn.services.pool.connection() as conn:
        order = await load_order(conn, order_id)
        due = await owed(conn, order_id)
        shown = await tracked(conn, order)
        paid = await _paid(conn, event.get("payment_id"))
    status = event["status"]
    if status == "paid" and paid is not None:
        told: Outcome = {"kind": "difference_paid", "order": shown,
                         "difference": str(paid["amount"]),
                         "task": _TASKS.get(paid["reason"] or "", "")}
        # The question about a new link is answered; any other (a new cart's) stays open.
        return done(told) if turn.pending == QUESTION else {"outcome": told}
    if due is None:  # paid meanwhile: nothing is owed, the order is where it is
        return {"outcome": {"kind": "order_tracking", "orders": [shown]}}
    fields: Outcome = {"order": shown, "difference": str(due["amount"]),
                       "task": _TASKS.get(due["reason"] or "", "")}
    if status == "owed":
        return {"outcome": fields | {"kind": "difference_link",
                                     "payment": await difference_link(turn, order_id) or {}}}
    return ask(fields | {"kind": "difference_unpaid", "payment": {"status": status}},
               {"task": "pay_difference", "number": order.number}, QUESTION)


async def difference_answer(turn: AftersaleTurn) -> SalesUpdate | None:
    """The buyer's yes (a new link) or no (the difference stays owed) to the question a
    failed or expired difference asked; None when the turn is about something else."""
    data = turn.state.get("aftersale") or {}
    asked = data.get("task") == "pay_difference"
    # (the button, or the same asked in words: "manda o link da diferenca")
    tapped = turn.tap == NEW_LINK_TAP or (not turn.tap and asks_to_pay_difference(turn.folded))
    if not asked and not tapped:
        return None
    typed = not turn.tap and turn.pending == QUESTION
    if tapped or (typed and turn.intent == "affirm"):
        wanted = True
    elif turn.tap == "keep" or (typed and (turn.intent == "deny" or _LATER.match(turn.folded))):
        wanted = False
    else:
        return None
    async with turn.services.pool.connection() as conn:
        # Only the buyer's own orders: the one asked about, else the latest still owing.
        order, due = await _owing(conn, turn, data.get("number") if asked else None)
        if order is None:
            return None
        shown = await tracked(conn, order)
    if due is None:  # paid in the meantime (or a button tapped again): where the order is
        return done({"kind": "order_tracking", "orders": [shown]})
    fields: Outcome = {"order": shown, "difference": str(due["amount"]),
                       "task": _TASKS.get(due["reason"] or "", "")}
    if not wanted:
        return done(fields | {"kind": "difference_pending"})
    return done(fields | {"kind": "difference_link",
                          "payment": await difference_link(turn, order.id) or {}})


async def _owing(conn: Connection, turn: AftersaleTurn, number: str | None) -> tuple[
        Order | None, dict[str, Any] | None]:
    """The buyer's order `number` and what it owes, or (no number) their latest order that
    owes a difference."""
    for order in turn.orders:
        if number is None or order.number == number:
            due = await owed(conn, order.id)
            if number is not None or due is not None:
                return order, due
    return None, None


async def _paid(conn: Connection, payment_id: int | None) -> dict[str, Any] | None:
    """The difference a paid event's payment settled: its amount and reason."""
    if payment_id is None:
        return None
    cur = await conn.execute(
        "SELECT t.amount, t.reason FROM order_transactions t WHERE t.kind = 'payment'"
        " AND t.status = 'done' AND t.payment_id = %s", (payment_id,))
    row = await cur.fetchone()
    return None if row is None else dict(row)
