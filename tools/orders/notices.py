"""Which changes of an order the buyer is told about, and the change "refund sent".

Each told change is one `order_history` row; its id keys the message, so a change is told
once however often the telling runs. Changes the buyer made in the conversation were
answered there and are not told again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.lifecycle import record
from tools.orders.refunds import STORE_CREDIT

NOTICES = {
    "ship": "order_shipped",
    "deliver": "order_delivered",
    "cancel": "order_cancelled",
    "refund_sent": "order_refund_sent",
    "complete_exchange": "exchange_approved",
    "complete_return": "return_approved",
    "refuse_exchange": "exchange_refused",
    "refuse_return": "return_refused",
}
"""History action -> the notice that tells the buyer about it."""


async def last_change_id(conn: Connection, order_id: int) -> int:
    """The id of the order's latest history row (0 when none): changes after it are new."""
    cur = await conn.execute("SELECT COALESCE(max(id), 0) AS id FROM order_history"
                             " WHERE order_id = %s", (order_id,))
    row = await cur.fetchone()
    return int(row["id"]) if row else 0


async def changes_to_tell(conn: Connection, order_id: int, after_id: int) -> list[dict[str, Any]]:
    """The order's history rows after `after_id` that the buyer is told about, oldest first."""
    cur = await conn.execute(
        "SELECT id, action, actor, details, occurred_at FROM order_history"
        " WHERE order_id = %s AND id > %s AND action = ANY(%s) AND actor <> 'buyer'"
        " AND details->>'told' IS DISTINCT FROM 'in_conversation'"
        " ORDER BY id", (order_id, after_id, list(NOTICES)))
    return [dict(row) for row in await cur.fetchall()]


async def refunds_of(conn: Connection, order_id: int, *, reason: str) -> list[dict[str, Any]]:
    """The order's refunds made for `reason` ("cancelled", "return"): amount and provider."""
    cur = await conn.execute(
        "SELECT id, amount, provider, method_id, status FROM order_transactions"
        " WHERE order_id = %s AND kind = 'refund' AND reason = %s ORDER BY id",
        (order_id, reason))
    return [dict(row) for row in await cur.fetchall()]


async def record_sent_refunds(conn: Connection, clock: Clock, *,
                              since: datetime) -> list[dict[str, Any]]:
    """A "refund_sent" history row for each refund a provider settled since `since` that has
    none yet (store credit moves with the change that made it: nothing to announce).

    A refund the buyer's own turn made and sent at once (a cancellation in the conversation)
    was told in that turn's reply: its row says so (`told: in_conversation`) and is not told
    again. Run by one process at a time (the caller holds the refund run's lock). Returns the
    rows written: order id and history id.
    """
    cur = await conn.execute(
        "SELECT t.id, t.order_id, t.amount, t.provider, t.method_id, t.attempts = 1"
        " AND t.settled_at - t.created_at < interval '2 minutes' AND EXISTS ("
        "  SELECT 1 FROM order_history b WHERE b.order_id = t.order_id AND b.actor = 'buyer'"
        "  AND b.occurred_at BETWEEN t.created_at - interval '1 minute'"
        "  AND t.created_at + interval '1 minute'"
        " ) AS told_in_turn FROM order_transactions t"
        " WHERE t.kind = 'refund' AND t.status = 'done' AND t.provider <> %s"
        " AND t.attempts > 0 AND t.settled_at >= %s AND NOT EXISTS ("
        "  SELECT 1 FROM order_history h WHERE h.order_id = t.order_id"
        "  AND h.action = 'refund_sent' AND h.details->>'transaction' = t.id::text)"
        " ORDER BY t.id", (STORE_CREDIT, since))
    written = []
    for refund in await cur.fetchall():
        found = await conn.execute("SELECT * FROM orders WHERE id = %s FOR UPDATE",
                                   (refund["order_id"],))
        order = dict(await found.fetchone() or {})
        await record(conn, order, action="refund_sent", to_status=order["status"],
                     actor=f"provider:{refund['provider']}", clock=clock,
                     details={"transaction": str(refund["id"]), "amount": str(refund["amount"]),
                              "provider": refund["provider"], "method": refund["method_id"],
                              **({"told": "in_conversation"} if refund["told_in_turn"] else {})})
        written.append({"order_id": order["id"], "history_id": await last_change_id(
            conn, order["id"])})
    return written
