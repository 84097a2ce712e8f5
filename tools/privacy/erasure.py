"""`balcao privacy erase`: a buyer's data removed from one store (LGPD art. 18, VI).

Messages, carts, conversations, escalations, events, CRM records, recorded tool calls, the
customer record and the graph's checkpoints are deleted. Orders stay, because tax law asks
for them (number, totals, items, dates, payments), but lose everything that names the buyer:
address, links to the conversation and customer, and their name, phone, e-mail or CPF in any
note or history. The request itself is kept under the buyer's pseudonym.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from balcao.db.connect import Connection
from tools.privacy.anonymise import anonymise_json, anonymise_text, as_json
from tools.privacy.checkpoints import delete_threads
from tools.privacy.holdings import Holdings, find_holdings

# Deleted in this order (children before the rows they reference).
_DELETIONS: tuple[tuple[str, str], ...] = (
    ("message_statuses", "DELETE FROM message_statuses s USING outbox o"
     " WHERE o.provider_message_id = s.external_id AND o.channel = s.channel"
     " AND (o.conversation_id = ANY(%(conversations)s)"
     " OR (o.store_id = %(store)s AND o.recipient = %(buyer)s))"),
    ("outbox", "DELETE FROM outbox WHERE conversation_id = ANY(%(conversations)s)"
     " OR (store_id = %(store)s AND recipient = %(buyer)s)"),
    ("inbox", "DELETE FROM inbox WHERE conversation_id = ANY(%(conversations)s)"),
    ("events", "DELETE FROM conversation_events WHERE conversation_id = ANY(%(conversations)s)"),
    ("escalations", "DELETE FROM escalations WHERE conversation_id = ANY(%(conversations)s)"),
    ("crm_interactions", "DELETE FROM crm_interactions WHERE store_id = %(store)s"
     " AND buyer_id = %(buyer)s"),
    ("crm_tickets", "DELETE FROM crm_tickets WHERE store_id = %(store)s"
     " AND buyer_id = %(buyer)s"),
    ("tool_calls", "DELETE FROM tool_calls WHERE thread_id = ANY(%(threads)s)"),
    # Orders keep their lines; the cart they came from goes.
    ("order_links", "UPDATE orders SET conversation_id = NULL, customer_id = NULL,"
     " cart_id = NULL, address = '{}'::jsonb WHERE id = ANY(%(orders)s)"),
    ("carts", "DELETE FROM carts WHERE conversation_id = ANY(%(conversations)s)"),
    ("customers", "DELETE FROM customers WHERE id = ANY(%(customers)s)"),
    ("conversations", "DELETE FROM conversations WHERE id = ANY(%(conversations)s)"),
)

# Free text of the rows that are kept: (table, key column, text columns, JSON columns).
_KEPT: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("orders", "id", ("cancel_reason",), ("shipping",)),
    ("order_status_history", "order_id", ("note",), ()),
    ("order_history", "order_id", (), ("details",)),
    ("order_transactions", "order_id", ("reason", "last_error"), ()),
    ("order_requests", "order_id", (), ("items", "new_items")),
    ("payments", "order_id", ("failure_reason",), ()),
)


async def erase_buyer(conn: Connection, *, store_id: str, buyer_id: str,
                      now: datetime) -> dict[str, int]:
    """Erases the buyer from the store in one transaction; rows touched per kind. Their open
    requests to be erased (`privacy_requests`) are answered: done, at `now`."""
    async with conn.transaction():
        held = await find_holdings(conn, store_id=store_id, buyer_id=buyer_id)
        # Conversations locked first: a turn in progress finishes before, or sees them gone.
        await conn.execute("SELECT id FROM conversations WHERE id = ANY(%s) FOR UPDATE",
                           (held.conversation_ids,))
        done = {"orders_anonymised": await _anonymise_kept(conn, held)}
        cur = await conn.execute(
            "UPDATE privacy_requests SET status = 'done', completed_at = %s"
            " WHERE conversation_id = ANY(%s)"
            " AND status IN ('awaiting_confirmation', 'confirmed', 'routed')",
            (now, held.conversation_ids))
        done["requests_answered"] = cur.rowcount
        params = {"store": store_id, "buyer": buyer_id, "customers": held.customer_ids,
                  "conversations": held.conversation_ids, "orders": held.order_ids,
                  "threads": held.thread_ids}
        for kind, sql in _DELETIONS:
            cur = await conn.execute(sql, params)
            if kind != "order_links":
                done[kind] = cur.rowcount
        done["checkpoints"] = await delete_threads(conn, held.thread_ids)
    return done


async def _anonymise_kept(conn: Connection, held: Holdings) -> int:
    known = held.known_values
    for table, key, texts, jsons in _KEPT:
        columns = ", ".join(("ctid::text AS row_ref", *texts, *jsons))
        cur = await conn.execute(
            f"SELECT {columns} FROM {table} WHERE {key} = ANY(%s)",  # noqa: S608
            (held.order_ids,))
        for row in await cur.fetchall():
            changes: dict[str, Any] = {}
            for column in texts:
                if row[column] is not None:
                    changes[column] = anonymise_text(row[column], known)
            for column in jsons:
                if row[column] is not None:
                    changes[column] = as_json(anonymise_json(row[column], known))
            if changes:
                sets = ", ".join(f"{column} = %({column})s" for column in changes)
                await conn.execute(
                    f"UPDATE {table} SET {sets} WHERE ctid = %(row_ref)s::tid",  # noqa: S608
                    {**changes, "row_ref": row["row_ref"]})
    return len(held.order_ids)
