"""WhatsApp said a reply was not delivered (`statuses[].status == "failed"`): act on it.

A transient failure (Meta's generic and throttling errors) is retried once, as a new outbox
row under a key derived from the failed one, so redeliveries of the status retry nothing
twice. Any other failure, or a retry that failed again, is flagged on the conversation (a
`delivery_failed` event naming the message and Meta's error), for a person to see.

Error codes: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/
"""

from __future__ import annotations

import json
import logging
from typing import Any

from psycopg import AsyncConnection

from api.worker.outbox import enqueue
from balcao.clock import Clock
from balcao.messages import StatusUpdate

log = logging.getLogger(__name__)

TRANSIENT_CODES = frozenset({
    1,       # API unknown: "invalid request or possible server error"
    2,       # API service: temporarily unavailable
    130429,  # rate limit hit (throughput)
    131000,  # something went wrong
    131016,  # service unavailable
    131048,  # spam rate limit hit
    131056,  # (business, consumer) pair rate limit hit
    133004,  # server temporarily unavailable
})
_RETRY_PREFIX = "redeliver:"


def _codes(status: StatusUpdate) -> list[int | None]:
    codes = []
    for error in status.errors:
        code = error.get("code")
        codes.append(code if isinstance(code, int) and not isinstance(code, bool) else None)
    return codes


async def act_on_failures(conn: AsyncConnection[Any], statuses: list[StatusUpdate],
                          clock: Clock) -> int:
    """Retries or flags each failed reply reported in a delivery; returns the retries queued."""
    retried = 0
    for status in statuses:
        if status.status != "failed":
            continue
        cur = await conn.execute(
            "SELECT id, store_id, conversation_id, channel, recipient, payload, operator_id,"
            " idempotency_key FROM outbox WHERE channel = %s AND provider_message_id = %s",
            (status.channel, status.external_id))
        row = await cur.fetchone()
        if row is None:
            continue  # not ours (another app on the number) or already removed
        row = dict(row) if not isinstance(row, dict) else row
        codes = _codes(status)
        transient = bool(codes) and all(code in TRANSIENT_CODES for code in codes)
        if transient and not row["idempotency_key"].startswith(_RETRY_PREFIX):
            retried += await enqueue(
                conn, store_id=row["store_id"], conversation_id=row["conversation_id"],
                channel=row["channel"], recipient=row["recipient"], payloads=[row["payload"]],
                key_prefix=f"{_RETRY_PREFIX}{row['id']}", clock=clock,
                operator_id=row["operator_id"])
        else:
            await _flag(conn, row, status, codes, clock)
    return retried


async def _flag(conn: AsyncConnection[Any], row: dict[str, Any], status: StatusUpdate,
                codes: list[int | None], clock: Clock) -> None:
    cur = await conn.execute(
        "SELECT 1 FROM conversation_events WHERE type = 'delivery_failed'"
        " AND (data->>'outbox_id')::bigint = %s", (row["id"],))
    if await cur.fetchone() is not None:
        return  # this failure was flagged by an earlier delivery of the status
    titles = [str(error.get("title") or error.get("message") or "")[:200]
              for error in status.errors]
    await conn.execute(
        "INSERT INTO conversation_events (store_id, conversation_id, type, data, occurred_at)"
        " VALUES (%s, %s, 'delivery_failed', %s, %s)",
        (row["store_id"], row["conversation_id"],
         json.dumps({"outbox_id": row["id"], "message_id": status.external_id,
                     "codes": codes, "errors": titles}), clock.now()))
    log.warning("reply %s (outbox %s) not delivered: codes %s; flagged on the conversation",
                status.external_id, row["id"], codes)
