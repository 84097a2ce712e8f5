"""A turn's closing writes (its reply in the outbox, its inbox rows done, the turn event) go in
one round trip and one transaction (api/worker/conversations.py, `_finish`)."""

from __future__ import annotations

import pytest

from tests.integration.conftest import BUYER, env, receive, rows, worker  # noqa: F401

REFUSE_TURN_EVENTS = ("ALTER TABLE conversation_events ADD CONSTRAINT refuse_turns"
                      " CHECK (type <> 'turn')")


async def test_a_turn_whose_last_write_fails_leaves_nothing_and_finishes_once_later(
    env,  # noqa: F811
) -> None:
    resources, clock = env
    await receive(resources, clock, "oi")
    clock.advance(seconds=1)
    async with resources.pool.connection() as conn:
        await conn.execute(REFUSE_TURN_EVENTS)  # the database refuses the turn's last write
    with pytest.raises(Exception, match="refuse_turns"):
        await worker(resources, clock).process_ready()
    # Nothing of the three writes stayed: no reply queued, the message still to answer.
    assert await rows(resources, "SELECT id FROM outbox") == []
    assert [r["status"] for r in await rows(resources, "SELECT status FROM inbox")] == ["pending"]
    async with resources.pool.connection() as conn:
        await conn.execute("ALTER TABLE conversation_events DROP CONSTRAINT refuse_turns")
    assert await worker(resources, clock).process_ready() == 1  # the same turn, finished
    assert await worker(resources, clock).process_ready() == 0
    replies = await rows(resources, "SELECT idempotency_key FROM outbox ORDER BY id")
    assert replies and all(r["idempotency_key"].endswith(f":{i}") for i, r in enumerate(replies))
    assert [r["status"] for r in await rows(resources, "SELECT status FROM inbox")] == ["done"]
    events = await rows(resources, "SELECT data FROM conversation_events WHERE type = 'turn'")
    assert len(events) == 1
