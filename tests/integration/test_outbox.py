"""The outbox against a fake Graph API over real HTTP: retries, backoff, failures, order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from api.channels.whatsapp.client import WhatsAppClient
from api.worker.outbox import OutboxSender, enqueue
from balcao.clock import FrozenClock
from tests.fakes.graph_api import FakeGraphApi
from tools.conversations.threads import ensure_conversation

TOKEN = "outbox-token"
BUYER = "5511911112222"


def text_payload(body: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": BUYER,
            "type": "text", "text": {"body": body, "preview_url": False}}


@pytest.fixture
async def sender_env(pool) -> AsyncIterator[tuple[OutboxSender, FakeGraphApi, FrozenClock]]:
    clock = FrozenClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    with FakeGraphApi(token=TOKEN) as graph:
        async with aiohttp.ClientSession() as http:
            client = WhatsAppClient(graph.base_url, "v21.0", "123", TOKEN, http)
            yield OutboxSender(pool, client, clock, max_attempts=3), graph, clock


async def queue(pool, clock: FrozenClock, *bodies: str, key: str = "t1") -> None:
    async with pool.connection() as conn:
        conv = await ensure_conversation(conn, store_id="default", buyer_id=BUYER)
        await enqueue(conn, store_id="default", conversation_id=conv, channel="whatsapp",
                      recipient=BUYER, payloads=[text_payload(b) for b in bodies],
                      key_prefix=key, clock=clock)


async def statuses(pool) -> list[tuple[str, int, str | None]]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT status, attempts, last_error FROM outbox ORDER BY id")
        return [(r["status"], r["attempts"], r["last_error"]) for r in await cur.fetchall()]


async def test_rate_limited_message_is_retried_after_backoff_and_order_is_kept(
    pool, sender_env
) -> None:
    sender, graph, clock = sender_env
    await queue(pool, clock, "primeira", "segunda")
    graph.fail_next(429)
    assert await sender.send_due() == 0
    assert (await statuses(pool))[0][:2] == ("pending", 1)
    assert await sender.send_due() == 0  # not due yet: backing off, and the second waits
    clock.advance(seconds=2)
    assert await sender.send_due() == 1
    clock.advance(seconds=1)
    assert await sender.send_due() == 1
    assert [m["text"]["body"] for m in graph.messages()] == ["primeira", "segunda"]
    assert [s[0] for s in await statuses(pool)] == ["sent", "sent"]


async def test_server_errors_give_up_after_max_attempts(pool, sender_env) -> None:
    sender, graph, clock = sender_env
    await queue(pool, clock, "oi")
    graph.fail_next(500, times=5)
    for _ in range(3):
        await sender.send_due()
        clock.advance(seconds=600)
    status, attempts, error = (await statuses(pool))[0]
    assert (status, attempts) == ("failed", 3)
    assert error


async def test_a_refused_message_fails_at_once_with_the_error(pool, sender_env) -> None:
    sender, graph, clock = sender_env
    await queue(pool, clock, "oi")
    graph.fail_next(400)
    await sender.send_due()
    status, attempts, error = (await statuses(pool))[0]
    assert (status, attempts) == ("failed", 1)
    assert "100" in (error or "")


async def test_the_same_turn_is_never_queued_twice(pool, sender_env) -> None:
    sender, graph, clock = sender_env
    await queue(pool, clock, "oi", key="turn-9")
    await queue(pool, clock, "oi", key="turn-9")
    assert len(await statuses(pool)) == 1
