"""A flood from one buyer is answered in bounded turns (issue #18): at most
`MAX_TURN_MESSAGES` messages per turn, the rest waiting for the next, none lost."""

from __future__ import annotations

from api.buyer_limits import MAX_TURN_MESSAGES
from tests.integration.conftest import receive, rows, worker


async def test_a_flood_becomes_several_bounded_turns_and_no_message_is_lost(env) -> None:
    resources, clock = env
    flood = MAX_TURN_MESSAGES * 2 + 3
    for n in range(flood):
        await receive(resources, clock, f"oi {n}")
    clock.advance(seconds=2)
    for _ in range(5):
        await worker(resources, clock).process_ready()
        clock.advance(seconds=2)
    turns = await rows(resources, "SELECT turn_id, count(*) AS n, min(id) AS first"
                                  " FROM inbox GROUP BY turn_id ORDER BY first")
    assert all(t["turn_id"] is not None for t in turns)  # every message was taken
    assert [t["n"] for t in turns] == [MAX_TURN_MESSAGES, MAX_TURN_MESSAGES, 3]
    assert await rows(resources, "SELECT count(*) AS n FROM inbox WHERE status <> 'done'") == [
        {"n": 0}]
