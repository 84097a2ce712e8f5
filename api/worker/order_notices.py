"""Telling the buyer on WhatsApp that the store changed their order, once per change.

The one place that turns `order_history` rows into outbox messages: the console's and the
CLI's order actions and the refund runs call `tell_buyer` in the transaction that made the
change. Each row's id keys its message (`order-notice:<id>`), so a change is told once.
Inside the 24-hour window the notice goes as text; outside it as the order-update template.
"""

from __future__ import annotations

from typing import Any

from api.channels.whatsapp.render import render_whatsapp
from api.render.locales.order_notices import order_notice_text
from api.worker.outbox import enqueue
from api.worker.window import ORDER_UPDATE_TEMPLATE, _template, within_service_window
from balcao.clock import Clock
from balcao.db.connect import Connection
from balcao.messages import Reply
from balcao.store_config import StoreConfigs
from graphs.sales.nlu.language import detect_language
from tools.orders.notices import NOTICES, changes_to_tell, refunds_of


async def tell_buyer(conn: Connection, stores: StoreConfigs, clock: Clock, *, order_id: int,
                     after_id: int = 0) -> int:
    """Queues one message per change of the order after history row `after_id` that the
    buyer is told about; returns how many messages were new. Orders without a WhatsApp
    conversation (imported ones) have no one to tell."""
    changes = await changes_to_tell(conn, order_id, after_id)
    if not changes:
        return 0
    buyer = await buyer_of(conn, order_id)
    if buyer is None:
        return 0
    lang = await _language(conn, buyer["conversation_id"])
    messaging = stores.get(buyer["store_id"]).messaging
    inside = within_service_window(buyer["last_inbound_at"], clock.now())
    added = 0
    for change in changes:
        reply = Reply(template=NOTICES[change["action"]], lang=lang,  # type: ignore[arg-type]
                      fields=await _fields(conn, buyer, change))
        text = order_notice_text(reply.template, reply.fields, lang)
        payloads = (render_whatsapp(reply, text, buyer["buyer_id"]) if inside
                    else [_template(buyer["buyer_id"], ORDER_UPDATE_TEMPLATE,
                                    messaging.language_code, [buyer["number"], text])])
        added += await enqueue(conn, store_id=buyer["store_id"],
                               conversation_id=buyer["conversation_id"],
                               channel=buyer["channel"], recipient=buyer["buyer_id"],
                               payloads=payloads, key_prefix=f"order-notice:{change['id']}",
                               clock=clock)
    return added


async def buyer_of(conn: Connection, order_id: int) -> dict[str, Any] | None:
    """The order's number and its buyer's conversation (the order's own, else the
    customer's WhatsApp conversation in the store)."""
    cur = await conn.execute(
        "SELECT o.id AS order_id, o.number, o.store_id, v.id AS conversation_id, v.buyer_id,"
        " v.channel, v.last_inbound_at FROM orders o"
        " LEFT JOIN customers c ON c.id = o.customer_id"
        " JOIN conversations v ON v.id = COALESCE(o.conversation_id, (SELECT w.id FROM"
        "  conversations w WHERE w.store_id = o.store_id AND w.channel = 'whatsapp'"
        "  AND w.buyer_id = c.buyer_id))"
        " WHERE o.id = %s", (order_id,))
    row = await cur.fetchone()
    return None if row is None else dict(row)


async def _language(conn: Connection, conversation_id: int) -> str:
    """The language of the buyer's latest messages ("pt" when they say nothing either way)."""
    cur = await conn.execute(
        "SELECT message->>'text' AS text FROM inbox WHERE conversation_id = %s"
        " AND kind = 'text' ORDER BY id DESC LIMIT 3", (conversation_id,))
    texts = [row["text"] or "" for row in await cur.fetchall()]
    return detect_language(" ".join(reversed(texts)))


async def _fields(conn: Connection, buyer: dict[str, Any],
                  change: dict[str, Any]) -> dict[str, Any]:
    """What the notice of one change says: the order's number and the change's details, with
    the refunds the change made (a cancellation's, an approved return's)."""
    fields: dict[str, Any] = {"number": buyer["number"], **change["details"]}
    reason = {"cancel": "cancelled", "complete_return": "return",
              "complete_exchange": "exchange"}.get(change["action"])
    if reason is not None:
        fields["refunds"] = [{"amount": str(r["amount"]), "provider": r["provider"]}
                             for r in await refunds_of(conn, buyer["order_id"], reason=reason)]
    elif change["action"] == "refund_sent":
        fields["refunds"] = [{"amount": fields["amount"], "provider": fields["provider"]}]
    return fields

