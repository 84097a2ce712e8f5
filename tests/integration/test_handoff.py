"""Handoff on the real graph, worker and Postgres: escalation, silence, hand-back, timeout."""

from __future__ import annotations

import dataclasses
from typing import Any

from api.inbox import enqueue_handoff_event
from api.worker.maintenance import Maintenance
from graphs.sales.nlu.types import Classification
from tests.integration.conftest import BUYER, receive, rows, text_of, worker
from tools.handoff.escalations import assign, hand_back


async def _monday_noon(clock) -> None:
    """The fixture's clock is Sunday 09:00 in São Paulo (closed); Monday 12:00 is open."""
    clock.advance(days=1, hours=3)


async def _turn(resources, clock, text: str, services: Any = None) -> int:
    await receive(resources, clock, text)
    clock.advance(seconds=1)
    return await worker(resources, clock, services).process_ready()


async def _outbox_texts(resources) -> list[str]:
    return [text_of(r["payload"]) for r in
            await rows(resources, "SELECT payload FROM outbox ORDER BY id")]


async def _escalations(resources) -> list[dict[str, Any]]:
    return await rows(resources, "SELECT * FROM escalations ORDER BY id")


async def _paused_on(resources) -> list[Any]:
    state = await resources.graph.aget_state({"configurable": {"thread_id": f"default:{BUYER}"}})
    return [i.value for i in state.interrupts]


async def test_asking_for_a_person_escalates_tells_the_wait_and_pauses(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    assert await _turn(resources, clock, "quero falar com um atendente") == 1
    [escalation] = await _escalations(resources)
    assert escalation["status"] == "waiting" and escalation["reason"] == "asked_for_human"
    reply = (await _outbox_texts(resources))[-1]
    assert "pessoa da nossa equipe" in reply and "cerca de 5 min" in reply
    assert await _paused_on(resources) == [
        {"waiting_for": "human", "escalation_id": escalation["id"], "reason": "asked_for_human"}]


async def test_outside_business_hours_the_buyer_is_told_when_someone_answers(env) -> None:
    resources, clock = env  # Sunday: closed until Monday 09:00
    assert await _turn(resources, clock, "quero falar com um atendente") == 1
    reply = (await _outbox_texts(resources))[-1]
    assert "segunda às 09:00" in reply
    [escalation] = await _escalations(resources)
    # The pickup timeout counts from the opening (Monday 12:00 UTC), not from now.
    assert escalation["pickup_deadline"].isoformat() == "2026-11-23T12:15:00+00:00"


async def test_while_a_person_has_it_the_bot_is_silent_and_messages_go_to_the_operator(
    env,
) -> None:
    resources, clock = env
    await _monday_noon(clock)
    await _turn(resources, clock, "quero falar com um atendente")
    before = await _outbox_texts(resources)
    checkpoint = await resources.graph.aget_state(
        {"configurable": {"thread_id": f"default:{BUYER}"}})
    await receive(resources, clock, "oi, alguém aí?")
    clock.advance(seconds=0.2)
    await receive(resources, clock, "tem garrafa termica?")
    clock.advance(seconds=2)
    assert await worker(resources, clock).process_ready() == 0
    assert await _outbox_texts(resources) == before  # no bot reply
    inbox = await rows(resources, "SELECT status, message->>'text' AS text FROM inbox"
                                  " ORDER BY id")
    assert inbox[1:] == [{"status": "human", "text": "oi, alguém aí?"},
                         {"status": "human", "text": "tem garrafa termica?"}]
    after = await resources.graph.aget_state({"configurable": {"thread_id": f"default:{BUYER}"}})
    assert after.config == checkpoint.config  # the graph did not run
    assert await _paused_on(resources)  # still waiting for the person


async def test_return_to_bot_resumes_with_the_operators_notes(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    await _turn(resources, clock, "quero falar com um atendente")
    [escalation] = await _escalations(resources)
    async with resources.pool.connection() as conn:
        await conn.execute("INSERT INTO operators (email, name, password_hash, created_at)"
                           " VALUES ('op@x', 'Op', 'x', now())")
        assert await assign(conn, escalation["id"], 1, clock)
        await receive(resources, clock, "é sobre o frete")  # the person's, not the bot's
        clock.advance(seconds=2)
        await worker(resources, clock).process_ready()
        returned = await hand_back(conn, escalation["id"], 1, notes="Cliente quer frete grátis",
                                   next_step="checkout", clock=clock)
        assert returned is not None
        assert await enqueue_handoff_event(conn, returned, clock)
    assert await worker(resources, clock).process_ready() == 1
    last = (await rows(resources, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1"))[0]
    assert "Voltei!" in text_of(last["payload"]) and "finalizar sua compra" in text_of(
        last["payload"])
    assert [b["reply"]["id"] for b in last["payload"]["interactive"]["action"]["buttons"]] == [
        "checkout", "cart:view"]
    state = await resources.graph.aget_state({"configurable": {"thread_id": f"default:{BUYER}"}})
    assert state.values["operator_notes"] == [{"escalation_id": escalation["id"],
                                               "notes": "Cliente quer frete grátis",
                                               "next_step": "checkout"}]
    assert not state.interrupts and state.values["handoff"] is None
    statuses = await rows(resources, "SELECT status FROM inbox ORDER BY id")
    assert [r["status"] for r in statuses] == ["done", "human", "done"]
    # The bot answers again.
    assert await _turn(resources, clock, "tem garrafa termica?") == 1
    assert "Garrafa" in str((await rows(resources, "SELECT payload FROM outbox ORDER BY id"
                                                    " DESC LIMIT 1"))[0]["payload"])


async def test_nobody_picks_it_up_it_returns_with_an_apology_and_takes_a_message(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    await _turn(resources, clock, "quero falar com um atendente")
    maintenance = Maintenance(resources.pool, resources.services, clock)
    clock.advance(minutes=14)
    assert await maintenance.time_out_escalations() == 0
    clock.advance(minutes=2)
    assert await maintenance.time_out_escalations() == 1
    assert await worker(resources, clock).process_ready() == 1
    assert "Desculpe a demora" in (await _outbox_texts(resources))[-1]
    assert await _turn(resources, clock, "meu pedido chegou quebrado, preciso de ajuda") == 1
    assert "Repassei sua mensagem" in (await _outbox_texts(resources))[-1]
    [escalation] = await _escalations(resources)
    assert escalation["status"] == "timed_out"  # still listed for the team
    assert escalation["left_message"] == "meu pedido chegou quebrado, preciso de ajuda"
    assert await _turn(resources, clock, "tem garrafa termica?") == 1  # the bot carries on
    assert len(await _escalations(resources)) == 1


class Scripted:
    """A classifier that answers what the test says, in order."""

    def __init__(self, *results: Classification) -> None:
        self._results = list(results)

    def classify(self, text: str, context: Any = None) -> Classification:
        return self._results.pop(0)


def _scripted(resources, *results: Classification) -> Any:
    return dataclasses.replace(resources.services, classifier=Scripted(*results))


async def test_negative_sentiment_on_consecutive_turns_escalates(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    sad = Classification(intent="search_product", confidence=0.9, sentiment="negative")
    services = _scripted(resources, sad, sad)
    await _turn(resources, clock, "garrafa termica, que site ruim", services)
    assert await _escalations(resources) == []
    await _turn(resources, clock, "garrafa termica, nada funciona", services)
    [escalation] = await _escalations(resources)
    assert escalation["reason"] == "negative_sentiment"


async def test_not_understanding_three_times_in_a_row_escalates(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    other = Classification(intent="other", confidence=0.3)
    services = _scripted(resources, other, other, other)
    for text in ("asdf", "qwer", "zxcv"):
        await _turn(resources, clock, text, services)
    [escalation] = await _escalations(resources)
    assert escalation["reason"] == "not_understood"
    assert escalation["summary"]["wants"] == ["asdf", "qwer", "zxcv"]


async def test_the_same_problem_three_times_escalates(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    where = Classification(intent="order_status", confidence=0.9)
    services = _scripted(resources, where, where, where)
    for _ in range(3):
        await _turn(resources, clock, "cadê meu pedido?", services)
    [escalation] = await _escalations(resources)
    assert escalation["reason"] == "repeated_problem"


async def test_a_vip_gets_a_person_at_the_first_sign_of_trouble(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    await resources.services.crm.set_vip("default", BUYER, True)
    sad = Classification(intent="search_product", confidence=0.9, sentiment="negative")
    await _turn(resources, clock, "garrafa termica, que demora", _scripted(resources, sad))
    [escalation] = await _escalations(resources)
    assert escalation["reason"] == "vip" and escalation["factors"]["vip"] is True


async def test_a_timed_out_conversation_taken_later_is_handed_back_without_a_pause(env) -> None:
    resources, clock = env
    await _monday_noon(clock)
    await _turn(resources, clock, "quero falar com um atendente")
    maintenance = Maintenance(resources.pool, resources.services, clock)
    clock.advance(minutes=16)
    await maintenance.time_out_escalations()
    await worker(resources, clock).process_ready()  # the apology; the thread is not paused
    [escalation] = await _escalations(resources)
    async with resources.pool.connection() as conn:
        await conn.execute("INSERT INTO operators (email, name, password_hash, created_at)"
                           " VALUES ('op@x', 'Op', 'x', now())")
        assert await assign(conn, escalation["id"], 1, clock)  # reopened: the bot is silent
        await receive(resources, clock, "oi?")
        clock.advance(seconds=2)
        assert await worker(resources, clock).process_ready() == 0
        returned = await hand_back(conn, escalation["id"], 1, notes="", next_step="none",
                                   clock=clock)
        assert returned is not None
        assert await enqueue_handoff_event(conn, returned, clock)
    assert await worker(resources, clock).process_ready() == 1
    assert "Voltei!" in (await _outbox_texts(resources))[-1]
    assert await _paused_on(resources) == []
