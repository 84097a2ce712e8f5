"""Conversations: one per store and buyer; the LangGraph thread id is derived from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from balcao.db.connect import Connection, fetch_row


def thread_id_for(store_id: str, buyer_id: str, channel: str = "whatsapp") -> str:
    """The LangGraph thread of a buyer in a store on one channel.

    A conversation is one per store, channel and buyer, so its thread must be too: the same
    number writing to a store's Cloud API line and to its Evolution line is two conversations,
    each answered on its own line. WhatsApp Cloud threads keep their first form
    (`store:buyer`) so existing checkpoints carry on.
    """
    if channel == "whatsapp":
        return f"{store_id}:{buyer_id}"
    return f"{store_id}:{channel}:{buyer_id}"


async def ensure_conversation(
    conn: Connection,
    *,
    store_id: str,
    buyer_id: str,
    channel: str = "whatsapp",
    contact_name: str | None = None,
    seen_at: datetime | None = None,
) -> int:
    """Returns the conversation id, creating the row on the buyer's first message."""
    cur = await conn.execute(
        ENSURE_CONVERSATION_SQL,
        conversation_params(store_id=store_id, buyer_id=buyer_id, channel=channel,
                            contact_name=contact_name, seen_at=seen_at),
    )
    row = await fetch_row(cur, f"conversation of {buyer_id!r}")
    return int(row["id"])


ENSURE_CONVERSATION_SQL = (
    "INSERT INTO conversations (store_id, channel, buyer_id, thread_id, contact_name,"
    " last_inbound_at) VALUES (%(store_id)s, %(channel)s, %(buyer_id)s, %(thread_id)s,"
    " %(contact_name)s, %(seen_at)s)"
    " ON CONFLICT (store_id, channel, buyer_id) DO UPDATE SET"
    "  contact_name = COALESCE(EXCLUDED.contact_name, conversations.contact_name),"
    "  last_inbound_at = GREATEST(EXCLUDED.last_inbound_at, conversations.last_inbound_at)"
    " RETURNING id"
)
"""`ensure_conversation`'s statement (`conversation_params` fills it), also the first part of
statements that store a message with its conversation in one round trip (api/inbox.py).
DO UPDATE, not DO NOTHING: RETURNING yields the row whether it is new or not."""


def conversation_params(*, store_id: str, buyer_id: str, channel: str,
                        contact_name: str | None, seen_at: datetime | None) -> dict[str, Any]:
    """The parameters of `ENSURE_CONVERSATION_SQL`."""
    return {"store_id": store_id, "channel": channel, "buyer_id": buyer_id,
            "thread_id": thread_id_for(store_id, buyer_id, channel),
            "contact_name": contact_name, "seen_at": seen_at}
