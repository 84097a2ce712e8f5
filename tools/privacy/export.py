"""`balcao privacy export`: everything held about one buyer in one store, as one JSON object
(the data subject's right of access, LGPD art. 18)."""

from __future__ import annotations

from typing import Any

from balcao.db.connect import Connection
from tools.privacy.checkpoints import jsonable, state_summary
from tools.privacy.holdings import find_holdings

# (section, query); each takes the holdings' parameters by name.
_SECTIONS: tuple[tuple[str, str], ...] = (
    ("customers", "SELECT * FROM customers WHERE id = ANY(%(customers)s) ORDER BY id"),
    ("payment_methods", "SELECT * FROM customer_payment_methods"
     " WHERE customer_id = ANY(%(customers)s) ORDER BY customer_id, method_id"),
    ("conversations", "SELECT * FROM conversations WHERE id = ANY(%(conversations)s) ORDER BY id"),
    ("inbox", "SELECT * FROM inbox WHERE conversation_id = ANY(%(conversations)s) ORDER BY id"),
    ("outbox", "SELECT * FROM outbox WHERE conversation_id = ANY(%(conversations)s)"
     " OR (store_id = %(store)s AND recipient = %(buyer)s) ORDER BY id"),
    ("message_statuses", "SELECT s.* FROM message_statuses s JOIN outbox o"
     " ON o.provider_message_id = s.external_id AND o.channel = s.channel"
     " WHERE o.conversation_id = ANY(%(conversations)s)"
     " OR (o.store_id = %(store)s AND o.recipient = %(buyer)s) ORDER BY s.id"),
    ("carts", "SELECT c.*, coalesce((SELECT json_agg(l ORDER BY l.added_at) FROM cart_lines l"
     " WHERE l.cart_id = c.id), '[]') AS lines FROM carts c"
     " WHERE c.conversation_id = ANY(%(conversations)s) ORDER BY c.id"),
    ("orders", "SELECT * FROM orders WHERE id = ANY(%(orders)s) ORDER BY id"),
    ("order_lines", "SELECT * FROM order_lines WHERE order_id = ANY(%(orders)s)"
     " ORDER BY order_id, sku"),
    ("payments", "SELECT * FROM payments WHERE order_id = ANY(%(orders)s) ORDER BY id"),
    ("payment_events", "SELECT e.* FROM payment_events e JOIN payments p ON p.id = e.payment_id"
     " WHERE p.order_id = ANY(%(orders)s) ORDER BY e.id"),
    ("order_status_history", "SELECT * FROM order_status_history"
     " WHERE order_id = ANY(%(orders)s) ORDER BY id"),
    ("order_history", "SELECT * FROM order_history WHERE order_id = ANY(%(orders)s) ORDER BY id"),
    ("order_transactions", "SELECT * FROM order_transactions WHERE order_id = ANY(%(orders)s)"
     " ORDER BY id"),
    ("order_requests", "SELECT * FROM order_requests WHERE order_id = ANY(%(orders)s)"
     " ORDER BY id"),
    ("escalations", "SELECT * FROM escalations WHERE conversation_id = ANY(%(conversations)s)"
     " ORDER BY id"),
    ("events", "SELECT * FROM conversation_events"
     " WHERE conversation_id = ANY(%(conversations)s) ORDER BY id"),
    ("crm_interactions", "SELECT * FROM crm_interactions WHERE store_id = %(store)s"
     " AND buyer_id = %(buyer)s ORDER BY id"),
    ("crm_tickets", "SELECT * FROM crm_tickets WHERE store_id = %(store)s"
     " AND buyer_id = %(buyer)s ORDER BY id"),
    ("tool_calls", "SELECT * FROM tool_calls WHERE thread_id = ANY(%(threads)s) ORDER BY id"),
    ("privacy_requests", "SELECT * FROM privacy_requests"
     " WHERE conversation_id = ANY(%(conversations)s) ORDER BY id"),
)


async def export_buyer(conn: Connection, *, store_id: str, buyer_id: str) -> dict[str, Any]:
    """Every row about the buyer, per table, plus the graph's saved state of their thread.

    Sections are present, empty, when nothing is held, so the answer shows what was looked at.
    """
    held = await find_holdings(conn, store_id=store_id, buyer_id=buyer_id)
    params = {"store": store_id, "buyer": buyer_id, "customers": held.customer_ids,
              "conversations": held.conversation_ids, "orders": held.order_ids,
              "threads": held.thread_ids}
    export: dict[str, Any] = {"store_id": store_id, "buyer_id": buyer_id}
    for section, sql in _SECTIONS:
        cur = await conn.execute(sql, params)
        export[section] = [jsonable(dict(row)) for row in await cur.fetchall()]
    summaries = [await state_summary(conn, thread) for thread in held.thread_ids]
    export["checkpoints"] = [s for s in summaries if s is not None]
    return export
