"""An operator's reply: through the outbox (same WhatsApp payloads, same retries), recorded
as a conversation event, once per form submission."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection

from api.channels.whatsapp.render import plain_text_payload
from api.worker.outbox import enqueue
from api.worker.window import within_service_window
from balcao.clock import Clock
from tools.conversations.events import record_event

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
    async with conn.transaction():
        queued = await enqueue(
            conn, store_id=escalation["store_id"], conversation_id=escalation["conversation_id"],
            channel="whatsapp", recipient=escalation["buyer_id"],
            payloads=[plain_text_payload(escalation["buyer_id"], text)],
            key_prefix=f"operator:{escalation['id']}:{nonce}", clock=clock,
            operator_id=operator_id,
        )
        if not queued:
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

