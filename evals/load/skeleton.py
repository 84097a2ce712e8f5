"""The floor LangGraph and Postgres alone impose: a bare 7-node graph with `AsyncPostgresSaver`
and `durability="sync"`, driven like the buyers (the same turns, the same number at once) on
the same database. Balcão's turns/s divided by this one's is the benchmark's ratio.

Its turn times, taken the same way (each thread's next turn starts when the last ends), are
the floor of the buyers' reply times: a reply also waits for the debounce, the webhook and the
send, so no reply p95 at the same number at once can be under this graph's turn p95."""

from __future__ import annotations

import asyncio
import resource
import statistics
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SkeletonFigures:
    turns_per_second: float
    cpu_ms_per_turn: float
    """In this process: the graph's side, not Postgres's."""
    turn_p50_ms: float
    turn_p95_ms: float


async def skeleton_turns(db_url: str, *, buyers: int, turns: int, at_once: int,
                         run: int) -> SkeletonFigures:
    """`buyers` threads of `turns` turns each, `at_once` threads at a time: turns/s, CPU a
    turn and the turns' own times."""
    pool = await open_pool(db_url, min_size=2, max_size=at_once + 2)
    try:
        graph = build_skeleton(AsyncPostgresSaver(pool))  # type: ignore[arg-type]
        slots = asyncio.Semaphore(at_once)

        took: list[float] = []

        async def thread(n: int) -> None:
            config = {"configurable": {"thread_id": f"skeleton-{run}-{n}"}}
            async with slots:
                for t in range(turns):
                    began = time.perf_counter()
                    await graph.ainvoke({"text": f"turn {t}"}, config, durability="sync")
                    took.append(time.perf_counter() - began)

        started, cpu = time.perf_counter(), _cpu_seconds()
        await asyncio.gather(*(thread(n) for n in range(buyers)))
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        cuts = statistics.quantiles(took, n=100, method="inclusive") if len(took) > 1 \
            else [took[0]] * 99
        return SkeletonFigures(turns_per_second=buyers * turns / elapsed,
                               cpu_ms_per_turn=1000 * cpu / (buyers * turns),
                               turn_p50_ms=round(1000 * cuts[49], 1),
                               turn_p95_ms=round(1000 * cuts[94], 1))
    finally:
        await pool.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
