"""The service's checkpointer (api/checkpointer.py) on the real Postgres: what it stores and
skips, how a thread resumes after a crash before a checkpoint, that it carries on a thread a
plain `AsyncPostgresSaver` wrote, and how it stores values (empty ones inline, large ones
compressed) so that they read back the same."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

import pytest
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from api.checkpointer import NULL_TASK_ID, TurnSaver, started_by_command, version_number
from tools.conversations.checkpoint_serde import PACKED

CONFIG = {"configurable": {"thread_id": "store:buyer"}}


class State(TypedDict, total=False):
    turn: str
    runs: Annotated[list[str], operator.add]
    wait: bool
    answer: str
    shown: list[str]


async def first(state: State) -> dict[str, Any]:
    return {"runs": [f"first:{state['turn']}"]}


async def second(state: State) -> dict[str, Any]:
    answer = interrupt({"waiting_for": "payment"}) if state.get("wait") else None
    return {"runs": [f"second:{state['turn']}"], "answer": answer or "", "wait": False,
            "shown": []}


def compiled(saver: AsyncPostgresSaver):  # noqa: ANN201 - CompiledStateGraph
    builder = StateGraph(State)
    builder.add_node("first", first)
    builder.add_node("second", second)
    builder.add_edge(START, "first")
    builder.add_edge("first", "second")
    builder.add_edge("second", END)
    return builder.compile(checkpointer=saver)


async def writes(pool: Any) -> list[tuple[str, str]]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT task_id, channel FROM checkpoint_writes ORDER BY idx")
        return [(row["task_id"], row["channel"]) for row in await cur.fetchall()]


async def test_a_turn_keeps_its_checkpoints_and_only_the_writes_that_mean_something(
    pool: Any,
) -> None:
    saver = TurnSaver(pool)
    await saver.setup()
    graph = compiled(saver)
    await graph.ainvoke({"turn": "t1"}, CONFIG, durability="sync")
    assert await writes(pool) == []  # each node's writes are in the checkpoint after it
    history = [s async for s in graph.aget_state_history(CONFIG)]
    # A new thread's input checkpoints are not stored: its first is the first node's own.
    assert [t.name for s in reversed(history) for t in s.tasks] == ["second"]
    assert history[-1].values == {"turn": "t1", "runs": ["first:t1"]}
    assert history[-1].parent_config is None and started_by_command(history[-1], None)

    await graph.ainvoke({"turn": "t2", "wait": True}, CONFIG, durability="sync")
    paused = await graph.aget_state(CONFIG)
    assert paused.next == ("second",) and paused.interrupts[0].value == {"waiting_for": "payment"}
    assert [channel for _, channel in await writes(pool)] == ["__interrupt__"]

    restarted = compiled(TurnSaver(pool))  # a new process resumes it
    done = await restarted.ainvoke(Command(resume="paid", update={"turn": "t3"}), CONFIG,
                                   durability="sync")
    assert done["answer"] == "paid"
    assert done["runs"] == ["first:t1", "second:t1", "first:t2", "second:t3"]
    kept = {(task == NULL_TASK_ID, channel) for task, channel in await writes(pool)}
    assert (True, "turn") in kept and (False, "__resume__") in kept  # the resume's own input


class DiesBeforeCheckpoint(TurnSaver):
    """The process dies after a node finished, before the checkpoint that ends its step."""

    def __init__(self, pool: Any, after_checkpoints: int) -> None:
        super().__init__(pool)
        self.left = after_checkpoints

    async def aput(self, *args: Any, **kwargs: Any) -> Any:
        if self.left == 0:
            raise ConnectionError("process died")
        self.left -= 1
        return await super().aput(*args, **kwargs)


async def dies(graph: Any) -> None:
    with pytest.raises(ConnectionError, match="process died"):
        await graph.ainvoke({"turn": "t1"}, CONFIG, durability="sync")


async def test_a_node_whose_checkpoint_was_lost_runs_again_from_the_one_before(
    pool: Any,
) -> None:
    await TurnSaver(pool).setup()
    # Checkpoints: the input, after __start__ (both held back), after first; the one after
    # second is lost.
    await dies(compiled(DiesBeforeCheckpoint(pool, after_checkpoints=3)))
    graph = compiled(TurnSaver(pool))
    stopped = await graph.aget_state(CONFIG)
    assert stopped.next == ("second",)  # not "done": the lost step is still to run
    result = await graph.ainvoke(None, CONFIG, durability="sync")
    assert result["runs"] == ["first:t1", "second:t1"]
    assert not (await graph.aget_state(CONFIG)).next


async def test_a_new_thread_cut_short_in_its_first_node_is_empty_and_starts_again(
    pool: Any,
) -> None:
    await TurnSaver(pool).setup()
    await dies(compiled(DiesBeforeCheckpoint(pool, after_checkpoints=2)))  # first's is lost
    graph = compiled(TurnSaver(pool))
    assert (await graph.aget_state(CONFIG)).values == {}  # nothing stored: start again
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT (SELECT count(*) FROM checkpoints)"
                                 " + (SELECT count(*) FROM checkpoint_blobs) AS n")
        assert (await cur.fetchone())["n"] == 0
    result = await graph.ainvoke({"turn": "t1"}, CONFIG, durability="sync")
    assert result["runs"] == ["first:t1", "second:t1"]


async def first_waits(state: State) -> dict[str, Any]:
    return {"answer": interrupt({"waiting_for": "human"})}


async def test_a_first_node_that_pauses_a_new_thread_keeps_the_checkpoint_it_ran_from(
    pool: Any,
) -> None:
    saver = TurnSaver(pool)
    await saver.setup()
    builder = StateGraph(State)
    builder.add_node("first", first_waits)
    builder.add_edge(START, "first")
    builder.add_edge("first", END)
    graph = builder.compile(checkpointer=saver)
    await graph.ainvoke({"turn": "t1"}, CONFIG, durability="sync")
    paused = await compiled(TurnSaver(pool)).aget_state(CONFIG)  # another process reads it
    assert paused.next == ("first",) and paused.values["turn"] == "t1"
    assert paused.interrupts[0].value == {"waiting_for": "human"}
    done = await graph.ainvoke(Command(resume="here"), CONFIG, durability="sync")
    assert done["answer"] == "here"


async def test_a_thread_a_plain_saver_wrote_carries_on_and_reads_back(pool: Any) -> None:
    plain = AsyncPostgresSaver(pool)
    await plain.setup()
    for n in (1, 2):  # old-format rows: 32-digit versions, uncompressed blobs
        await compiled(plain).ainvoke({"turn": f"t{n}"}, CONFIG, durability="sync")
    turn = compiled(TurnSaver(pool))
    assert (await turn.aget_state(CONFIG)).values["runs"][-1] == "second:t2"
    for n in (3, 4):
        result = await turn.ainvoke({"turn": f"t{n}"}, CONFIG, durability="sync")
        assert result["runs"][-2:] == [f"first:t{n}", f"second:t{n}"]
    assert len(result["runs"]) == 8
    history = [s async for s in turn.aget_state_history(CONFIG)]
    assert len(history) == 4 * 4  # every checkpoint, old and new, reads back
    assert {s.values.get("turn") for s in history} == {None, "t1", "t2", "t3", "t4"}


async def test_empty_values_stay_in_the_checkpoint_and_large_ones_are_compressed(
    pool: Any,
) -> None:
    saver = TurnSaver(pool)
    await saver.setup()
    graph = compiled(saver)
    long_turn = "t" * 400
    await graph.ainvoke({"turn": long_turn}, CONFIG, durability="sync")
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT channel, type FROM checkpoint_blobs")
        types = {row["channel"]: row["type"] for row in await cur.fetchall()}
        cur = await conn.execute("SELECT checkpoint -> 'channel_values' AS v FROM checkpoints"
                                 " ORDER BY checkpoint_id DESC LIMIT 1")
        inline = (await cur.fetchone())["v"]
        cur = await conn.execute("SELECT checkpoint FROM checkpoints ORDER BY checkpoint_id"
                                 " DESC LIMIT 1")
        stored = (await cur.fetchone())["checkpoint"]
    # A small checkpoint row has its maps packed, but the blob's version for the join.
    assert PACKED in stored and "versions_seen" not in stored
    assert set(stored["channel_versions"]) == {"runs"}
    read = (await saver.aget_tuple(CONFIG)).checkpoint
    assert set(read["versions_seen"]) >= {"first", "second"}
    assert set(read["channel_versions"]) >= {"turn", "runs", "answer", "shown", "wait"}
    assert read["channel_versions"]["runs"] == stored["channel_versions"]["runs"]
    assert types["runs"] == "zlib+msgpack"  # two 400-character strings, compressed
    assert "shown" not in types and inline["shown"] == []  # no blob row for an empty list
    assert inline["turn"] == long_turn and inline["answer"] == ""  # strings, as LangGraph does
    values = (await compiled(TurnSaver(pool)).aget_state(CONFIG)).values
    assert values["runs"] == [f"first:{long_turn}", f"second:{long_turn}"]
    assert values["shown"] == [] and type(values["shown"]) is list


def test_versions_grow_in_the_string_order_langgraph_compares() -> None:
    turn = TurnSaver.__new__(TurnSaver)  # get_next_version needs no connection
    plain = AsyncPostgresSaver.__new__(AsyncPostgresSaver)
    version = None
    for _ in range(40):  # a thread a plain saver started
        version = plain.get_next_version(version, None)
    for _ in range(36 ** 2 + 5):  # carried on by TurnSaver, past two base-36 digits
        following = turn.get_next_version(version, None)
        assert following > version
        version = following
    assert len(version) == 6 + 1 + 8
    assert version_number(version) == 40 + 36 ** 2 + 5
