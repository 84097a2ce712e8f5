"""The floor LangGraph and Postgres alone impose: a bare 7-node graph with `AsyncPostgresSaver`
and `durability="sync"`, driven like the buyers (the same turns, the same number at once) on
the same database. Balcão's turns/s divided by this one's is the benchmark's ratio."""

from __future__ import annotations

import asyncio
import resource
import time
from typing import TypedDict

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.graph import START, StateGraph

from balcao.db.connect import open_pool

NODES = 7


class SkeletonState(TypedDict, total=False):
    text: str
    steps: int
    reply: str


def _step(state: SkeletonState) -> SkeletonState:
    return {"steps": state.get("steps", 0) + 1}


def _answer(state: SkeletonState) -> SkeletonState:
    return {"steps": state.get("steps", 0) + 1, "reply": f"ok: {state.get('text', '')}"}


def build_skeleton(checkpointer: AsyncPostgresSaver):  # noqa: ANN201 - CompiledStateGraph
    builder = StateGraph(SkeletonState)
    names = [f"n{i}" for i in range(NODES)]
    for name in names[:-1]:
        builder.add_node(name, _step)
    builder.add_node(names[-1], _answer)
    builder.add_edge(START, names[0])
    for a, b in zip(names, names[1:], strict=False):
        builder.add_edge(a, b)
    return builder.compile(checkpointer=checkpointer)


async def skeleton_turns_per_second(db_url: str, *, buyers: int, turns: int, at_once: int,
                                    run: int) -> tuple[float, float]:
    """Turns/s of `buyers` threads of `turns` turns each, `at_once` threads at a time, and
    the CPU milliseconds a turn took in this process (the graph's side, not Postgres's)."""
    pool = await open_pool(db_url, min_size=2, max_size=at_once + 2)
    try:
        graph = build_skeleton(AsyncPostgresSaver(pool))  # type: ignore[arg-type]
        slots = asyncio.Semaphore(at_once)

        async def thread(n: int) -> None:
            config = {"configurable": {"thread_id": f"skeleton-{run}-{n}"}}
            async with slots:
                for t in range(turns):
                    await graph.ainvoke({"text": f"turn {t}"}, config, durability="sync")

        started, cpu = time.perf_counter(), _cpu_seconds()
        await asyncio.gather(*(thread(n) for n in range(buyers)))
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        return buyers * turns / elapsed, 1000 * cpu / (buyers * turns)
    finally:
        await pool.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
