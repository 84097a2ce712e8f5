"""The outbox: replies are recorded first, then sent, retried with backoff, or marked failed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, NotRequired, Protocol, TypedDict, Unpack

from psycopg import AsyncConnection, AsyncCursor
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from api import metrics
from api.channels.whatsapp.client import PermanentSendError, RetryableSendError, WhatsAppClient
from api.channels.whatsapp.senders import StoreSenders
from api.worker.wake import wait_for_work
from balcao.clock import Clock
from balcao.pii import pseudonym

log = logging.getLogger(__name__)

# While one process sends a row, others leave it alone for this long: longer than the HTTP
# timeout, so a live sender always finishes first. After a crash between the provider's answer
# and our bookkeeping the row is sent again once the lease ends (the Cloud API has no
# idempotency key): a rare duplicate is better than a reply never sent.
_LEASE = timedelta(seconds=20)


_INSERT_ROWS = (
    "INSERT INTO outbox (store_id, conversation_id, channel, idempotency_key, recipient,"
    " payload, next_attempt_at, created_at, operator_id)"
    " SELECT %(store)s, %(conversation)s, %(channel)s, %(prefix)s || ':' || (p.n - 1)::text,"
    "  %(recipient)s, p.payload, %(now)s, %(now)s, %(operator)s"
    " FROM unnest(%(payloads)s::jsonb[]) WITH ORDINALITY AS p(payload, n)"
    " ORDER BY p.n"  # ids in the order the messages go out
    " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id")


class OutboxRows(TypedDict):
    """Messages to record: to whom, from which store and conversation, and their key."""

    store_id: str
    conversation_id: int | None
    channel: str
    recipient: str
    payloads: list[dict[str, Any]]
    key_prefix: str
    clock: Clock
    operator_id: NotRequired[int | None]


async def enqueue(conn: AsyncConnection, **rows: Unpack[OutboxRows]) -> int:
    """Records messages to send; the same key prefix never records them twice. Returns how
    many were recorded (0: they already were).

    The one writer of outbox rows: bot replies, reminders and operators' replies (which carry
    the operator) all pass here, so they share ordering, retries and idempotency.
    """
    cur = await enqueue_unread(conn, **rows)
    return len(await cur.fetchall())


async def enqueue_unread(conn: AsyncConnection, **rows: Unpack[OutboxRows]) -> AsyncCursor[Any]:
    """`enqueue`'s one statement, its result not read: in a pipeline (`conn.pipeline()`) it
    goes with the caller's other writes in one round trip (the worker's `_finish`)."""
    return await conn.execute(_INSERT_ROWS, {
        "store": rows["store_id"], "conversation": rows["conversation_id"],
        "channel": rows["channel"], "prefix": rows["key_prefix"],
        "recipient": rows["recipient"], "now": rows["clock"].now(),
        "operator": rows.get("operator_id"), "payloads": [Jsonb(p) for p in rows["payloads"]]})


class RowSender(Protocol):
    """A channel's sender: sends one outbox row (its `payload` is a Cloud API message object)
    and returns the provider's message id, raising `RetryableSendError` or
    `PermanentSendError` like the WhatsApp client."""

    async def send(self, row: dict[str, Any]) -> str: ...


def backoff(attempt: int) -> timedelta:
    """1 s, 2 s, 4 s … capped at 5 minutes."""
    return timedelta(seconds=min(2 ** max(attempt - 1, 0), 300))


class OutboxSender:
    """Sends due outbox rows in order per recipient."""

    def __init__(
        self,
        pool: AsyncConnectionPool,
        client: WhatsAppClient | StoreSenders | None,
        clock: Clock,
        *,
        max_attempts: int = 6,
        channels: Mapping[str, RowSender] | None = None,
    ) -> None:
        """`client` sends every row; `StoreSenders` picks each row's store's own number.
        `channels`: the senders of other channels (Evolution, the playground), chosen by the
        conversation's channel; rows of a channel with no sender here wait."""
        self._pool = pool
        self._client = client
        self._channels = dict(channels or {})
        self._clock = clock
        self._max_attempts = max_attempts

    async def send_due(self) -> int:
        """Sends every row that is due now, oldest first per recipient; returns how many.

        The rows claimed are each the oldest of a different recipient, so they go out at the
        same time: a buyer's reply does not wait for the HTTP calls of the replies before it.
        """
        sent = await asyncio.gather(*(self._send(row) for row in await self._claim()))
        return sum(sent)

    async def _claim(self) -> list[dict[str, Any]]:
        """Leases the due heads in one statement (a round trip: the sender claims after
        every turn that queued a reply)."""
        now = self._clock.now()
        async with self._pool.connection() as conn:
            # Only the oldest pending row of each recipient (of each store: stores send from
            # their own numbers), so a message held back for a retry is never overtaken by
            # the one after it.
            cur = await conn.execute(
                "WITH heads AS ("
                "  SELECT DISTINCT ON (store_id, recipient) id FROM outbox"
                "  WHERE status = 'pending'"
                "  ORDER BY store_id, recipient, id),"
                " due AS ("
                "  SELECT o.id, COALESCE(c.channel, o.channel) AS send_channel"
                "  FROM outbox o JOIN heads h ON h.id = o.id"
                "  LEFT JOIN conversations c ON c.id = o.conversation_id"
                "  WHERE o.next_attempt_at <= %s AND COALESCE(c.channel, o.channel) = ANY(%s)"
                "  ORDER BY o.id LIMIT 20 FOR UPDATE OF o SKIP LOCKED)"
                " UPDATE outbox o SET next_attempt_at = %s FROM due WHERE o.id = due.id"
                " RETURNING o.*, due.send_channel",
                (now, self._sendable(), now + _LEASE),
            )
            rows = await cur.fetchall()
        return sorted(rows, key=lambda r: r["id"])

    async def _send(self, row: dict[str, Any]) -> int:
        attempt = row["attempts"] + 1
        try:
            channel_sender = self._channels.get(row["send_channel"])
            message_id = (await channel_sender.send(row) if channel_sender is not None
                          else await self._client_for(row["store_id"]).send(row["payload"]))
        except RetryableSendError as err:
            metrics.send_failure(err)
            final = attempt >= self._max_attempts
            await self._record_failure(row["id"], attempt, str(err), final=final)
            log.warning("outbox %s to %s: attempt %s failed (%s)%s", row["id"],
                        pseudonym(row["recipient"]), attempt, err, "; giving up" if final else "")
            return 0
        except PermanentSendError as err:
            metrics.send_failure(err)
            await self._record_failure(row["id"], attempt, str(err), final=True)
            log.error("outbox %s to %s: refused (%s)", row["id"], pseudonym(row["recipient"]), err)
            return 0
        async with self._pool.connection() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'sent', attempts = %s, provider_message_id = %s,"
                " sent_at = %s, last_error = NULL WHERE id = %s",
                (attempt, message_id, self._clock.now(), row["id"]),
            )
        return 1

    def _sendable(self) -> list[str]:
        """The channels this sender has a sender for (WhatsApp when a client is set)."""
        return [*self._channels, *(["whatsapp"] if self._client is not None else [])]

    def _client_for(self, store_id: str) -> WhatsAppClient:
        if self._client is None:
            raise RetryableSendError("WhatsApp sending is not configured")
        if isinstance(self._client, WhatsAppClient):
            return self._client
        client = self._client.for_store(store_id)
        if client is None:  # retried: credentials added to the store file apply at once
            raise RetryableSendError(f"store {store_id} has no WhatsApp number configured")
        return client

    async def _record_failure(self, row_id: int, attempt: int, error: str, *, final: bool) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                "UPDATE outbox SET attempts = %s, last_error = %s,"
                " status = CASE WHEN %s THEN 'failed' ELSE 'pending' END,"
                " next_attempt_at = %s WHERE id = %s",
                (attempt, error[:500], final, self._clock.now() + backoff(attempt), row_id),
            )

    async def run(self, stop: asyncio.Event, wake: asyncio.Event, poll_seconds: float) -> None:
        """Sends until `stop` is set, waking on `wake` or every `poll_seconds`."""
        while not stop.is_set():
            try:
                await self.send_due()
            except Exception:  # a bad row or a database blip must not end the sender
                log.exception("outbox sender failed; retrying")
            await wait_for_work(wake, poll_seconds)
