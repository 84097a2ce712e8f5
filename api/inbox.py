"""The durable inbox: every inbound message is stored once, keyed by its channel id."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from psycopg import AsyncConnection

from balcao.clock import Clock
from balcao.messages import InboundMessage, WebhookBatch
from tools.conversations.threads import ENSURE_CONVERSATION_SQL, conversation_params
from tools.handoff.escalations import HandoffEvent
from tools.stores import record_unrouted, store_for_number


@dataclass
class StoredBatch:
    """What storing a webhook delivery did."""

    new: int = 0
    duplicates: int = 0
    statuses: int = 0
    unrouted: int = 0
    """Messages to a number no store owns: kept aside, never answered."""


async def store_batch(
    conn: AsyncConnection, batch: WebhookBatch, *, default_store_id: str, clock: Clock,
    default_number: str = "",
    pace: Callable[[str, InboundMessage], datetime | None] | None = None,
    store_id: str | None = None,
) -> StoredBatch:
    """Stores messages and statuses; a known message id is skipped. `pace(store_id, message)`
    may hold a message back until a time (its store's or its buyer's rate, see
    `api.store_limits`). `store_id`: the store, when the channel itself says whose the
    messages are (an Evolution instance, the playground) instead of a WhatsApp number.

    Each message is one statement, its conversation and its inbox row together, atomic by
    itself: the webhook's acknowledgement waits for two round trips (the number's store, the
    message) rather than five. A delivery cut short is redelivered, and what was stored of it
    is then a duplicate; so the batch needs no transaction of its own."""
    fixed_store = store_id
    result = StoredBatch()
    now = clock.now()
    owners: dict[str | None, str | None] = {}  # a delivery's messages share their number
    for message in batch.messages:
        number = message.business_account_id
        if fixed_store is not None:
            store_id = fixed_store
        elif number in owners:
            store_id = owners[number]
        else:
            store_id = owners[number] = await store_for_number(
                conn, number, default_store_id, default_number)
        if store_id is None:
            result.unrouted += await record_unrouted(conn, message, now)
            continue
        cur = await conn.execute(_STORE_MESSAGE_SQL, {
            **conversation_params(store_id=store_id, buyer_id=message.buyer_id,
                                  channel=message.channel, contact_name=message.buyer_name,
                                  seen_at=now),
            "external_id": message.external_id, "kind": message.kind,
            "message": json.dumps(message.model_dump(mode="json")), "received_at": now,
            "retry_at": pace(store_id, message) if pace is not None else None,
        })
        if await cur.fetchone() is None:
            result.duplicates += 1
        else:
            result.new += 1
    if batch.statuses:
        await _store_statuses(conn, batch, now, result)
    return result


_STORE_MESSAGE_SQL = (
    f"WITH conversation AS ({ENSURE_CONVERSATION_SQL})"
    " INSERT INTO inbox (store_id, channel, external_id, conversation_id, kind, message,"
    " received_at, retry_at) SELECT %(store_id)s, %(channel)s, %(external_id)s, c.id, %(kind)s,"
    " %(message)s, %(received_at)s, %(retry_at)s FROM conversation c"
    " ON CONFLICT (channel, external_id) DO NOTHING RETURNING id"
)
"""A message and its conversation (made on the buyer's first message) in one statement."""


async def _store_statuses(conn: AsyncConnection, batch: WebhookBatch, now: datetime,
                          result: StoredBatch) -> None:
    """The delivery's statuses, sent together (psycopg pipelines `executemany`)."""
    async with conn.cursor() as cur:
        await cur.executemany(
            "INSERT INTO message_statuses (channel, external_id, status, occurred_at, errors,"
            " received_at) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (channel, external_id, status) DO NOTHING",
            [(status.channel, status.external_id, status.status, status.occurred_at,
              json.dumps(status.errors), now) for status in batch.statuses],
        )
    result.statuses += len(batch.statuses)


EVENT_KINDS = ("payment", "handoff")
"""Inbox rows that are not buyer messages but events a paused conversation waits for; each is
a turn of its own and is processed without waiting for a burst to end."""

_EVENT_CHANNELS = {"payment": "payments", "handoff": "handoff"}


async def enqueue_event(
    conn: AsyncConnection,
    *,
    conversation_id: int,
    kind: str,
    event_key: str,
    data: dict[str, object],
    clock: Clock,
) -> bool:
    """Queues an event (a payment result, a person handing back) as the conversation's next
    turn; once per event key. Returns whether it was new."""
    if kind not in _EVENT_CHANNELS:
        raise ValueError(f"enqueue_event: unknown event kind {kind!r}")
    cur = await conn.execute(
        "SELECT store_id, buyer_id FROM conversations WHERE id = %s", (conversation_id,)
    )
    conversation = await cur.fetchone()
    if conversation is None:
        return False
    channel = _EVENT_CHANNELS[kind]
    message = InboundMessage(
        channel=channel, external_id=event_key, buyer_id=conversation["buyer_id"],
        kind=kind,  # type: ignore[arg-type]
        payment=data if kind == "payment" else None, event=data if kind != "payment" else None,
    )
    cur = await conn.execute(
        "INSERT INTO inbox (store_id, channel, external_id, conversation_id, kind, message,"
        " received_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (channel, external_id) DO NOTHING RETURNING id",
        (conversation["store_id"], channel, event_key, conversation_id, kind,
         json.dumps(message.model_dump(mode="json")), clock.now()),
    )
    return await cur.fetchone() is not None


async def enqueue_payment_event(
    conn: AsyncConnection,
    *,
    conversation_id: int,
    event_key: str,
    payment: dict[str, object],
    clock: Clock,
) -> bool:
    """Queues a payment result as the conversation's next turn; once per event key."""
    return await enqueue_event(conn, conversation_id=conversation_id, kind="payment",
                               event_key=event_key, data=payment, clock=clock)


async def enqueue_handoff_event(conn: AsyncConnection, event: HandoffEvent, clock: Clock) -> bool:
    """Queues what a handoff tool returned (handed back, timed out) as the conversation's next
    turn; once per event key. Call it in the transaction that made the change."""
    return await enqueue_event(conn, conversation_id=event.conversation_id, kind="handoff",
                               event_key=event.key, data=event.data, clock=clock)
