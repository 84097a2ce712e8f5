"""Bounded checkpoints: a pruned conversation keeps its last turns and pinned ones, resumes,
replays, and stops growing."""

from __future__ import annotations

from typing import Any

from api.channels.playground.transcript import last_turn
from api.worker.maintenance import Maintenance
from evals.load.drive import SCRIPT as LOAD_SCRIPT
from evals.load.growth import checkpoint_growth
from evals.replay.fork import replay_turn
from evals.replay.history import history
from tests.integration.conftest import BUYER, env, receive, rows, worker  # noqa: F401
from tools.conversations.checkpoints import (
    checkpoints_to_keep,
    pin_checkpoint,
    prune_all,
    prune_thread,
    stored_bytes,
    turn_starts,
)
from tools.conversations.threads import thread_id_for

THREAD = thread_id_for("default", BUYER)
MISSING = """
    SELECT c.checkpoint_id, e.key FROM checkpoints c
    CROSS JOIN LATERAL jsonb_each_text(c.checkpoint -> 'channel_versions') e
    WHERE NOT EXISTS (SELECT 1 FROM checkpoint_blobs b WHERE b.thread_id = c.thread_id
      AND b.channel = e.key AND b.version = e.value)"""
SCRIPT = ["oi", "tem garrafa termica?", "o que tem no meu carrinho?", "quero ver camisetas",
          "obrigado"]


def test_the_kept_checkpoints_are_whole_turns_and_the_state_before_them() -> None:
    # Three turns of three checkpoints: input (the previous turn's id), classify, respond.
    rows_ = [(f"c{i}", "input" if i % 3 == 0 else "loop", f"t{(i + 2) // 3}", False)
             for i in range(9)]
    assert checkpoints_to_keep(rows_, 2) == {"c5", "c6", "c7", "c8"}  # c5 ends turn 2
    assert checkpoints_to_keep(rows_, 100) == {f"c{i}" for i in range(9)}
    pinned = [(cid, source, turn, cid == "c1") for cid, source, turn, _ in rows_]
    assert checkpoints_to_keep(pinned, 1) == {"c0", "c1", "c2", "c5", "c6", "c7", "c8"}


def test_turns_started_by_a_command_have_no_input_checkpoint() -> None:
    # Old turns with an input checkpoint, then turns whose first checkpoint is classify's.
    rows_ = [("c0", "input", None), ("c1", "loop", "t1"), ("c2", "loop", "t1"),
             ("c3", "loop", "t2"), ("c4", "loop", "t2"), ("c5", "loop", "t3"),
             ("c6", "loop", "t3"), ("c7", "loop", "t3")]
    assert turn_starts([(source, turn) for _, source, turn in rows_]) == [0, 3, 5]
    kept = checkpoints_to_keep([(*r, False) for r in rows_], 2)
    assert kept == {"c4", "c5", "c6", "c7"}  # turn 3 whole, and where it started from


async def talk(resources: Any, clock: Any, turns: int, start: int = 0) -> None:
    for n in range(start, start + turns):
        await receive(resources, clock, SCRIPT[n % len(SCRIPT)])
        clock.advance(seconds=1)
        assert await worker(resources, clock).process_ready() == 1


async def test_a_pruned_conversation_resumes_and_its_kept_turns_replay(env) -> None:  # noqa: F811
    resources, clock = env
    await talk(resources, clock, 2)
    early = [r for r in await history(resources.graph, THREAD) if r.turn_id]
    pinned = next(r for r in early if r.reply == "search_results" and not r.next)
    async with resources.pool.connection() as conn:
        assert await pin_checkpoint(conn, THREAD, pinned.checkpoint_id)
    await talk(resources, clock, 10, start=2)
    before = await history(resources.graph, THREAD)
    missing_before = {(r["checkpoint_id"], r["key"]) for r in await rows(resources, MISSING)}
    async with resources.pool.connection() as conn:
        bytes_before = await stored_bytes(conn, THREAD)
        deleted = await prune_all(conn, keep=8)
        assert await prune_thread(conn, THREAD, keep=8) == 0  # nothing more to prune
        bytes_after = await stored_bytes(conn, THREAD)
    after = await history(resources.graph, THREAD)
    missing_after = {(r["checkpoint_id"], r["key"]) for r in await rows(resources, MISSING)}
    assert deleted == len(before) - len(after) > 0
    assert bytes_after < bytes_before
    assert after[-1].checkpoint_id == before[-1].checkpoint_id
    assert pinned.checkpoint_id in {r.checkpoint_id for r in after}
    # Every remaining checkpoint reads its channels' values as before: a blob a kept one names
    # is still there (trigger channels have none, small values are inline), and none is left
    # that no checkpoint names.
    assert set(missing_after).issubset(missing_before)
    unused = await rows(resources, """
        SELECT b.channel FROM checkpoint_blobs b WHERE NOT EXISTS (
          SELECT 1 FROM checkpoints c WHERE c.thread_id = b.thread_id
          AND c.checkpoint -> 'channel_versions' ->> b.channel = b.version)""")
    assert unused == []
    for kept in (pinned, after[-1]):  # the pinned turn and the latest replay as they ran
        result = await replay_turn(resources.graph, resources.services, thread_id=THREAD,
                                   checkpoint_id=kept.checkpoint_id, patches={},
                                   store_id="default")
        assert result.differences() == {}, kept.reply
    await talk(resources, clock, 1, start=11)  # "tem garrafa termica?" again, after the prune
    last = (await history(resources.graph, THREAD))[-1]
    assert (last.intent, last.reply) == ("search_product", "search_results")


async def test_checkpoint_growth_per_turn_is_bounded(env) -> None:  # noqa: F811
    resources, clock = env
    settings = resources.services.gateway.settings
    resources.services.gateway.settings = settings.model_copy(update={"checkpoints_keep": 20})
    upkeep = Maintenance(resources.pool, resources.services, clock)
    written: list[int] = []
    stored: list[int] = []
    for n in range(20):
        async with resources.pool.connection() as conn:
            start = await stored_bytes(conn, THREAD)
        await talk(resources, clock, 1, start=n)
        async with resources.pool.connection() as conn:
            written.append(await stored_bytes(conn, THREAD) - start)
        await upkeep.prune_checkpoints()
        async with resources.pool.connection() as conn:
            stored.append(await stored_bytes(conn, THREAD))
    print("checkpoint bytes written per turn:", written)
    assert max(written[10:]) < 1.5 * max(written[:10])  # a late turn writes no more than early
    # Under 5 KB a turn on average (docs/performance.md), the thread's first turn too (its
    # input checkpoints are not stored); a search turn, three nodes and the products, ~6 KB.
    assert sum(written) / len(written) < 5_000 and written[0] < 5_000
    assert max(written) < 7_000
    assert max(stored[10:]) < 1.5 * max(stored[:10])  # and what a thread keeps stays level


async def test_a_turn_without_an_input_checkpoint_lists_its_nodes(env) -> None:  # noqa: F811
    resources, clock = env
    await talk(resources, clock, 2)  # the second turn starts at classify (`Command(goto=...)`)
    rows_ = await history(resources.graph, THREAD)
    second = [r for r in rows_ if r.turn_id == rows_[-1].turn_id]
    assert [r.produced_by for r in second] == [["classify"], ["retrieve"], ["respond"]]
    played = await last_turn(resources.graph, THREAD)
    assert played is not None and played["nodes"] == ["classify", "retrieve", "respond"]


async def test_turns_1_50_and_200_of_a_conversation_each_write_under_5_kb(db_url: str) -> None:
    # The load benchmark's measure (evals/load/growth.py: the demo store, its script, through
    # `run_turn`); turns 1, 50 and 200 are a greeting and two thanks, two or three nodes.
    growth = await checkpoint_growth(db_url, LOAD_SCRIPT, 200)
    written = growth["bytes_per_turn"]
    print("checkpoint bytes written at turns 1, 50, 200:", written)
    assert set(written) == {"1", "50", "200"}
    assert all(0 < n < 5_000 for n in written.values())
    assert abs(written["200"] - written["50"]) < 100  # O(1): a late turn writes what one did
