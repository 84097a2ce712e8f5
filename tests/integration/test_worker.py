"""The conversation worker on real Postgres: bursts, order, and a crash in the middle of a turn."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.integration.conftest import receive, rows, worker


async def test_a_burst_waits_for_the_buyer_to_pause_and_becomes_one_turn(env) -> None:
    resources, clock = env
    await receive(resources, clock, "oi")
    clock.advance(seconds=0.5)
    await receive(resources, clock, "tem garrafa termica?")
    clock.advance(seconds=0.5)
    assert await worker(resources, clock).process_ready() == 0  # still typing
    clock.advance(seconds=0.5)
    assert await worker(resources, clock).process_ready() == 1
    inbox = await rows(resources, "SELECT status, turn_id FROM inbox ORDER BY id")
    assert [r["status"] for r in inbox] == ["done", "done"]
    assert inbox[0]["turn_id"] == inbox[1]["turn_id"]
    outbox = await rows(resources, "SELECT payload FROM outbox")
    assert len(outbox) == 1 and outbox[0]["payload"]["interactive"]["type"] == "list"


async def test_turns_run_in_arrival_order(env) -> None:
    resources, clock = env
    await receive(resources, clock, "tem garrafa termica?")
    clock.advance(seconds=1)
    assert await worker(resources, clock).process_ready() == 1
    await receive(resources, clock, "quero a primeira")
    clock.advance(seconds=1)
    await receive(resources, clock, "o que tem no meu carrinho?")
    clock.advance(seconds=1)
    # Both later messages are ready; one turn takes them together, in order.
    assert await worker(resources, clock).process_ready() == 1
    events = await rows(resources, "SELECT data FROM conversation_events WHERE type = 'turn'"
                                   " ORDER BY id")
    assert len(events) == 2


class CrashAfterCartWrite:
    """The real cart store, except the first add "crashes" right after its write commits."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.crashed = False

    async def add(self, **kwargs: Any) -> Any:
        cart = await self._real.add(**kwargs)
        if not self.crashed:
            self.crashed = True
            raise RuntimeError("simulated crash after the cart write")
        return cart

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


async def test_a_turn_that_crashed_after_writing_the_cart_resumes_without_adding_twice(
    env,
) -> None:
    resources, clock = env
    flaky = dataclasses.replace(resources.services, carts=CrashAfterCartWrite(
        resources.services.carts))
    await receive(resources, clock, "tem garrafa termica?")
    clock.advance(seconds=1)
    assert await worker(resources, clock, flaky).process_ready() == 1
    await receive(resources, clock, "quero a segunda")
    clock.advance(seconds=1)
    assert await worker(resources, clock, flaky).process_ready() == 1  # the turn fails
    failed = await rows(resources, "SELECT status, attempts FROM inbox ORDER BY id DESC LIMIT 1")
    assert failed == [{"status": "pending", "attempts": 1}]
    assert len(await rows(resources, "SELECT 1 FROM outbox")) == 1  # no reply yet

    clock.advance(seconds=5)
    assert await worker(resources, clock, flaky).process_ready() == 1  # resumed, same turn
    lines = await rows(resources, "SELECT sku, quantity FROM cart_lines")
    assert len(lines) == 1 and lines[0]["quantity"] == 1
    outbox = await rows(resources, "SELECT payload FROM outbox ORDER BY id")
    assert len(outbox) == 2
    assert "Adicionei 1x" in outbox[1]["payload"]["interactive"]["body"]["text"]


async def test_a_turn_that_keeps_failing_gets_an_honest_reply_once(env) -> None:
    resources, clock = env

    class Broken:
        def classify(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("classifier down")

    broken = dataclasses.replace(resources.services, classifier=Broken())
    await receive(resources, clock, "oi")
    for _ in range(3):
        clock.advance(seconds=10)
        await worker(resources, clock, broken).process_ready()
    clock.advance(seconds=10)
    assert await worker(resources, clock, broken).process_ready() == 0
    inbox = await rows(resources, "SELECT status, attempts FROM inbox")
    assert inbox == [{"status": "failed", "attempts": 3}]
    outbox = await rows(resources, "SELECT payload FROM outbox")
    assert len(outbox) == 1 and "problema técnico" in outbox[0]["payload"]["text"]["body"]
