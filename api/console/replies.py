"""An operator's reply: through the outbox (same WhatsApp payloads, same retries), recorded
as a conversation event, once per form submission."""

from __future__ import annotations

import json
from typing import Any

from psycopg import AsyncConnection

from balcao.clock import Clock
from balcao.conversation_events import record_event
from balcao.worker.window import within_service_window

MAX_LENGTH = 4096
"""WhatsApp's limit for a text message body."""


class ReplyRefused(Exception):
    """The reply cannot be sent; the message says why, for the operator."""


async def send_operator_reply(
    conn: AsyncConnection, *, escalation: dict[str, Any], operator_id: int, text: str,
    nonce: str, clock: Clock,
) -> bool:
    """Queues the reply; a resubmitted form (same nonce) sends nothing new.

    Raises:
        ReplyRefused: Empty or too long, or outside WhatsApp's 24-hour window, where only
            approved templates may be sent.
    """
    text = text.strip()
    if not text:
        raise ReplyRefused("empty reply")
    if len(text) > MAX_LENGTH:
        raise ReplyRefused(f"a WhatsApp message holds at most {MAX_LENGTH} characters")
    now = clock.now()
    if not within_service_window(escalation["last_inbound_at"], now):
        raise ReplyRefused("the buyer's last message is more than 24 hours old: WhatsApp only"
                           " allows approved templates now")
    payload = {"messaging_product": "whatsapp", "recipient_type": "individual",
               "to": escalation["buyer_id"], "type": "text",
               "text": {"preview_url": False, "body": text}}
    async with conn.transaction():
        cur = await conn.execute(
            "INSERT INTO outbox (store_id, conversation_id, channel, idempotency_key, recipient,"
            " payload, next_attempt_at, created_at, operator_id)"
            " VALUES (%s, %s, 'whatsapp', %s, %s, %s::jsonb, %s, %s, %s)"
            " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            (escalation["store_id"], escalation["conversation_id"],
             f"operator:{escalation['id']}:{nonce}", escalation["buyer_id"],
             json.dumps(payload, ensure_ascii=False), now, now, operator_id),
        )
        if await cur.fetchone() is None:
            return False
        await conn.execute(
            "UPDATE escalations SET first_reply_at = COALESCE(first_reply_at, %s) WHERE id = %s",
            (now, escalation["id"]),
        )
        await record_event(conn, store_id=escalation["store_id"],
                           conversation_id=escalation["conversation_id"], kind="operator_reply",
                           data={"escalation_id": escalation["id"], "operator_id": operator_id},
                           at=now)
    return True

