"""Replay and time travel: listing checkpoints, forking with a patch or another message,
and the original thread left exactly as it was."""

from __future__ import annotations

from typing import Any

import pytest

from evals.replay.fork import fork_from
from evals.replay.history import history
from tests.integration.conftest import BUYER, receive, rows, worker
from tools.conversations.threads import thread_id_for

THREAD = thread_id_for("default", BUYER)


async def talk(resources: Any, clock: Any, *texts: str) -> None:
    for text in texts:
        await receive(resources, clock, text)
        clock.advance(seconds=1)
        await worker(resources, clock).process_ready()


async def test_history_lists_every_step_with_node_intent_and_reply(env) -> None:
    resources, clock = env
    await talk(resources, clock, "oi", "tem garrafa termica?")
    steps = await history(resources.graph, THREAD)
    produced = [r.produced_by for r in steps]
    # No turn has an input checkpoint: the first's are not stored (a new thread,
    # api/checkpointer.py), the next starts with `Command(goto=...)` (api/worker/turn.py).
    # Each turn's first checkpoint is classify's own.
    assert produced.count(["input"]) == 0 and produced.count(["classify"]) == 2
    assert ["retrieve"] in produced
    last = steps[-1]
    assert (last.intent, last.reply, last.next) == ("search_product", "search_results", [])


async def test_a_fork_with_another_message_differs_and_leaves_the_original_alone(env) -> None:
    resources, clock = env
    await talk(resources, clock, "tem garrafa termica?", "quero a primeira")
    steps = await history(resources.graph, THREAD)
    end_of_search = next(r for r in steps if r.reply == "search_results" and not r.next)
    before_original = [r.checkpoint_id for r in steps]
    cart_before = await rows(resources, "SELECT * FROM cart_lines ORDER BY sku")

    result = await fork_from(resources.graph, resources.services, thread_id=THREAD,
                             checkpoint_id=end_of_search.checkpoint_id, patches={},
                             message="ver meu carrinho", store_id="default")
    assert result.original["reply"] == "added"
    assert result.forked["reply"] == "cart_empty"
    assert "reply" in result.differences()
    after_original = [r.checkpoint_id for r in await history(resources.graph, THREAD)]
    assert after_original == before_original
    assert await rows(resources, "SELECT * FROM cart_lines ORDER BY sku") == cart_before


async def test_a_fork_mid_turn_with_a_state_patch_reroutes(env) -> None:
    resources, clock = env
    await talk(resources, clock, "oi")
    steps = await history(resources.graph, THREAD)
    after_classify = next(r for r in steps if r.produced_by == ["classify"])
    patched = {"classification": {"intent": "view_cart", "confidence": 1.0, "entities": {},
                                  "sentiment": "neutral", "lang": "pt"}}
    result = await fork_from(resources.graph, resources.services, thread_id=THREAD,
                             checkpoint_id=after_classify.checkpoint_id, patches=patched,
                             message=None, store_id="default")
    assert result.original["reply"] == "greeting"
    assert result.forked["reply"] == "cart_empty"
    assert result.differences()["reply"] == ("greeting", "cart_empty")


class Unreachable:
    """A tool that must not be called: playback answers instead."""

    def __getattr__(self, name: str) -> Any:
        async def fail(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError(f"live tool call {name} during a recorded replay")
        return fail


async def test_the_worker_records_tool_answers_and_a_recorded_replay_repeats_the_turn(
    env,
) -> None:
    import dataclasses

    from evals.replay.fork import replay_turn
    from tools.recording import NotRecorded

    resources, clock = env
    await talk(resources, clock, "tem garrafa termica?", "quero a primeira")
    recorded = await rows(resources, "SELECT turn_id, tool FROM tool_calls ORDER BY id")
    assert ("catalog.search" in [r["tool"] for r in recorded]
            and "carts.add" in [r["tool"] for r in recorded])

    offline = dataclasses.replace(resources.services, catalog=Unreachable(),
                                  carts=Unreachable())
    steps = await history(resources.graph, THREAD)
    added_turn = next(r for r in steps if r.reply == "added" and not r.next)
    cart_rows_before = await rows(resources, "SELECT count(*) AS n FROM cart_lines")
    result = await replay_turn(resources.graph, offline, thread_id=THREAD,
                               checkpoint_id=added_turn.checkpoint_id, patches={},
                               store_id="default")
    assert result.forked["reply"] == result.original["reply"] == "added"
    assert result.differences() == {}
    assert await rows(resources, "SELECT count(*) AS n FROM cart_lines") == cart_rows_before

    # A patched state that makes the turn ask for something else has no recording to use.
    other_list = [{"sku": "CAN-CAFE-01", "name": "Caneca de Cerâmica Café", "price": "39.90"}]
    with pytest.raises(NotRecorded):
        await replay_turn(resources.graph, offline, thread_id=THREAD,
                          checkpoint_id=added_turn.checkpoint_id,
                          patches={"shown": other_list}, store_id="default")
