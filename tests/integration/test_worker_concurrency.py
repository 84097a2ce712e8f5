"""Concurrent turns: many conversations at once, still one turn at a time per conversation.

A catalog search that waits for the test to let it go stands for a slow tool. The tests assert
the order of events (who was answered while whose turn was still held), never wall time.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from api.worker.conversations import ConversationWorker
from tests.integration.conftest import TIMING, receive, rows

SLOW = "5511900002222"  # the buyer whose search is held
QUICK = "5511900003333"


class HeldSearch:
    """The real catalog, except a search for a garrafa waits until `release` is set."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.held = 0

    async def search(self, store_id: str, query: str, **kwargs: Any) -> Any:
        if "garraf" in query.lower() and not self.release.is_set():
            self.held += 1
            self.entered.set()
            await self.release.wait()
        return await self._real.search(store_id, query, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def concurrent_worker(resources: Any, clock: Any, services: Any, n: int = 4) -> ConversationWorker:
    return ConversationWorker(resources.pool, resources.graph, services, clock, TIMING,
                              concurrency=n)


async def replies_to(resources: Any, buyer: str) -> list[dict[str, Any]]:
    return await rows(resources, f"SELECT idempotency_key, payload FROM outbox"
                                 f" WHERE recipient = '{buyer}' ORDER BY id")


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def test_a_held_turn_does_not_delay_another_conversations_turn(env) -> None:
    resources, clock = env
    held = HeldSearch(resources.services.catalog)
    services = dataclasses.replace(resources.services, catalog=held)
    await receive(resources, clock, "tem garrafa termica?", buyer=SLOW)  # first in the inbox
    await receive(resources, clock, "oi", buyer=QUICK)
    clock.advance(seconds=1)

    batch = asyncio.create_task(concurrent_worker(resources, clock, services).process_ready())
    await asyncio.wait_for(held.entered.wait(), 30)
    # While the first conversation's turn is held inside its search, the second is answered.
    await eventually(lambda: _has_reply(resources, QUICK))
    assert await replies_to(resources, SLOW) == []
    assert not batch.done()

    held.release.set()
    assert await asyncio.wait_for(batch, 60) == 2
    assert len(await replies_to(resources, SLOW)) == 1


async def test_the_running_worker_answers_new_conversations_while_a_turn_is_held(env) -> None:
    resources, clock = env
    held = HeldSearch(resources.services.catalog)
    services = dataclasses.replace(resources.services, catalog=held)
    stop, wake = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(
        concurrent_worker(resources, clock, services).run(stop, wake, 0.02))
    try:
        await receive(resources, clock, "tem garrafa termica?", buyer=SLOW)
        clock.advance(seconds=1)
        await asyncio.wait_for(held.entered.wait(), 30)
        # A buyer who writes after the held turn started is answered before it ends.
        await receive(resources, clock, "oi", buyer=QUICK)
        clock.advance(seconds=1)
        await eventually(lambda: _has_reply(resources, QUICK))
        assert await replies_to(resources, SLOW) == []
        held.release.set()
        await eventually(lambda: _has_reply(resources, SLOW))
    finally:
        stop.set()
        wake.set()
        await asyncio.wait_for(running, 30)


async def test_one_conversation_still_runs_one_turn_at_a_time_in_arrival_order(env) -> None:
    resources, clock = env
    held = HeldSearch(resources.services.catalog)
    services = dataclasses.replace(resources.services, catalog=held)
    stop, wake = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(
        concurrent_worker(resources, clock, services, n=8).run(stop, wake, 0.02))
    try:
        await receive(resources, clock, "tem garrafa termica?", buyer=SLOW)
        clock.advance(seconds=1)
        await asyncio.wait_for(held.entered.wait(), 30)
        await receive(resources, clock, "o que tem no meu carrinho?", buyer=SLOW)
        clock.advance(seconds=1)
        # Neither this worker's free slots nor another process take the second message while
        # the first turn holds the conversation.
        other = concurrent_worker(resources, clock, resources.services)
        assert await other.process_ready() == 0
        await asyncio.sleep(0.2)  # several polls of the running worker
        inbox = await rows(resources, "SELECT status, turn_id FROM inbox ORDER BY id")
        assert [r["status"] for r in inbox] == ["pending", "pending"]
        assert inbox[1]["turn_id"] is None
        assert held.held == 1

        held.release.set()
        await eventually(lambda: _count_replies(resources, SLOW, 2))
    finally:
        stop.set()
        wake.set()
        await asyncio.wait_for(running, 30)
    inbox = await rows(resources, "SELECT id, status, turn_id FROM inbox ORDER BY id")
    assert [r["turn_id"] for r in inbox] == [f"turn-{inbox[0]['id']}", f"turn-{inbox[1]['id']}"]
    turns = await rows(resources, "SELECT data->>'turn_id' AS turn FROM conversation_events"
                                  " WHERE type = 'turn' ORDER BY id")
    assert [t["turn"] for t in turns] == [r["turn_id"] for r in inbox]
    keys = [r["idempotency_key"] for r in await replies_to(resources, SLOW)]
    assert [k.split(":")[1] for k in keys] == [r["turn_id"] for r in inbox]


async def _has_reply(resources: Any, buyer: str) -> bool:
    return bool(await replies_to(resources, buyer))


async def _count_replies(resources: Any, buyer: str, n: int) -> bool:
    return len(await replies_to(resources, buyer)) >= n


async def test_stopping_lets_the_turn_in_flight_end_instead_of_cutting_it(env) -> None:
    resources, clock = env
    held = HeldSearch(resources.services.catalog)
    services = dataclasses.replace(resources.services, catalog=held)
    stop, wake = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(
        concurrent_worker(resources, clock, services).run(stop, wake, 0.02))
    await receive(resources, clock, "tem garrafa termica?", buyer=SLOW)
    clock.advance(seconds=1)
    await asyncio.wait_for(held.entered.wait(), 30)
    stop.set()
    wake.set()
    await asyncio.sleep(0.1)
    assert not running.done()  # waiting for the turn, not cancelling it
    held.release.set()
    await asyncio.wait_for(running, 30)
    assert len(await replies_to(resources, SLOW)) == 1
    inbox = await rows(resources, "SELECT status FROM inbox")
    assert inbox == [{"status": "done"}]
