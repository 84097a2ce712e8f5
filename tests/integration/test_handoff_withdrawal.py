"""A buyer who asked for a person and takes it back, on the real graph, worker and Postgres:
the request leaves the queue as withdrawn and the message is the bot's turn, exactly once;
once a person has the conversation, the same words are theirs."""

from __future__ import annotations

from typing import Any

from api.worker.claims import claim_turn
from tests.integration.conftest import BUYER, TIMING, receive, rows, text_of, worker
from tools.handoff.escalations import assign
from tools.handoff.queue import queue

THREAD = {"configurable": {"thread_id": f"default:{BUYER}"}}


async def _asked_for_a_person(resources: Any, clock: Any) -> dict[str, Any]:
    """Monday noon (the store is open), a person asked for: the escalation, waiting."""
    clock.advance(days=1, hours=3)
    await receive(resources, clock, "quero falar com um atendente")
    clock.advance(seconds=1)
    assert await worker(resources, clock).process_ready() == 1
    [escalation] = await rows(resources, "SELECT * FROM escalations")
    assert escalation["status"] == "waiting"
    return escalation


async def _inbox(resources: Any) -> list[tuple[str, str]]:
    found = await rows(resources, "SELECT status, message->>'text' AS text FROM inbox ORDER BY id")
    return [(r["status"], r["text"]) for r in found]


async def test_taking_it_back_closes_the_request_and_the_bot_answers_the_rest_once(env) -> None:
    resources, clock = env
    escalation = await _asked_for_a_person(resources, clock)
    await receive(resources, clock, "alguem ai?")  # still the person's
    clock.advance(seconds=0.2)
    await receive(resources, clock, "ah deixa, vc msm resolve. tem garrafa termica?")
    clock.advance(seconds=2)
    assert await worker(resources, clock).process_ready() == 1
    assert await worker(resources, clock).process_ready() == 0  # nothing left, no repeat

    assert await _inbox(resources) == [
        ("done", "quero falar com um atendente"), ("human", "alguem ai?"),
        ("done", "ah deixa, vc msm resolve. tem garrafa termica?")]
    [closed] = await rows(resources, "SELECT status, closed_at FROM escalations")
    assert closed == {"status": "withdrawn", "closed_at": clock.now()}
    [event] = await rows(resources, "SELECT data FROM conversation_events"
                                    " WHERE type = 'handoff_withdrawn'")
    [said] = await rows(resources, "SELECT id FROM inbox WHERE message->>'text' LIKE 'ah deixa%'")
    assert event["data"] == {"escalation_id": escalation["id"], "status": "withdrawn",
                             "inbox_id": said["id"]}
    replies = [r["payload"] for r in
               await rows(resources, "SELECT payload FROM outbox ORDER BY id")]
    assert len(replies) == 2 and "Garrafa" in str(replies[-1])  # the search, answered once
    state = await resources.graph.aget_state(THREAD)
    assert not state.interrupts and state.values["handoff"] is None  # nobody awaited
    async with resources.pool.connection() as conn:
        assert (await queue(conn, "default", clock.now()))["open"] == []  # off the queue

    # The bot goes on as in any conversation.
    await receive(resources, clock, "quero o 1")
    clock.advance(seconds=2)
    assert await worker(resources, clock).process_ready() == 1
    [line] = await rows(resources, "SELECT sku FROM cart_lines")
    assert line["sku"] == "GAR-TERM-1L"


async def test_only_taking_it_back_is_told_the_bot_goes_on(env) -> None:
    resources, clock = env
    await _asked_for_a_person(resources, clock)
    await receive(resources, clock, "deixa pra la, pode seguir vc")
    clock.advance(seconds=2)
    assert await worker(resources, clock).process_ready() == 1
    last = (await rows(resources, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1"))[0]
    assert "sigo te ajudando" in text_of(last["payload"])
    assert (await rows(resources, "SELECT status FROM escalations"))[0]["status"] == "withdrawn"


async def test_once_a_person_has_it_the_same_words_are_theirs(env) -> None:
    resources, clock = env
    escalation = await _asked_for_a_person(resources, clock)
    async with resources.pool.connection() as conn:
        await conn.execute("INSERT INTO operators (email, name, password_hash, created_at)"
                           " VALUES ('op@x', 'Op', 'x', now())")
        assert await assign(conn, escalation["id"], 1, clock)
    before = await resources.graph.aget_state(THREAD)
    await receive(resources, clock, "ah deixa, vc msm resolve. tem garrafa termica?")
    clock.advance(seconds=2)
    assert await worker(resources, clock).process_ready() == 0
    assert (await _inbox(resources))[-1][0] == "human"
    assert (await rows(resources, "SELECT status FROM escalations"))[0]["status"] == "assigned"
    assert (await resources.graph.aget_state(THREAD)).config == before.config  # graph idle
    assert await rows(resources, "SELECT 1 FROM conversation_events"
                                 " WHERE type = 'handoff_withdrawn'") == []


async def test_a_crash_after_the_request_closed_finishes_the_turn_with_the_bot(env) -> None:
    resources, clock = env
    await _asked_for_a_person(resources, clock)
    await receive(resources, clock, "esquece o atendente. tem garrafa termica?")
    clock.advance(seconds=2)
    [conv] = await rows(resources, "SELECT id FROM conversations")
    # The claim commits (request withdrawn, message stamped with its turn); the process dies
    # before the graph runs.
    claimed = await claim_turn(resources.pool, conv["id"], clock, TIMING)
    assert claimed is not None
    assert (await rows(resources, "SELECT status FROM escalations"))[0]["status"] == "withdrawn"
    assert await worker(resources, clock).process_ready() == 1  # a restarted worker
    assert (await _inbox(resources))[-1][0] == "done"  # the bot's, never the person's
    replies = await rows(resources, "SELECT payload FROM outbox ORDER BY id")
    assert len(replies) == 2 and "Garrafa" in str(replies[-1]["payload"])
