"""What the buyer does on the playground page, into the same inbox WhatsApp messages go to."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Literal

from psycopg import AsyncConnection

from api.channels.whatsapp.inbound import cap
from api.inbox import store_batch
from balcao.clock import Clock
from balcao.messages import InboundMessage, WebhookBatch

CHANNEL = "playground"
BUYER_ID = re.compile(r"pg-[0-9a-f]{32}")
"""A playground buyer: random, so one page can never read another channel's conversation."""


def new_buyer() -> str:
    return f"pg-{secrets.token_hex(16)}"


async def receive(conn: AsyncConnection, *, store_id: str, buyer: str, text: str | None,
                  reply_id: str | None, tapped: Literal["button", "list"] | None,
                  clock: Clock) -> bool:
    """Stores one playground message in the inbox (the worker answers it like any other);
    True when stored."""
    if not BUYER_ID.fullmatch(buyer):
        raise ValueError("not a playground buyer")
    kind = {"button": "button_reply", "list": "list_reply"}.get(tapped or "", "text")
    message = InboundMessage(
        channel=CHANNEL, external_id=f"pg.{uuid.uuid4().hex}", buyer_id=buyer,
        buyer_name="Playground", kind=kind,  # type: ignore[arg-type]
        text=cap((text or "").strip()) or None, reply_id=reply_id if tapped else None,
        sent_at=clock.now())
    stored = await store_batch(conn, WebhookBatch(messages=[message]),
                               default_store_id=store_id, clock=clock, store_id=store_id)
    return stored.new == 1
