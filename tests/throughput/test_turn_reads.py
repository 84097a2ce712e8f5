"""What a worker turn no longer reads or writes on its own round trip (issue #17): product
rows come from memory while the store's catalog version (read with the turn's claim) has not
moved; the tool calls a turn records go with the checkpoints; the thread's latest checkpoint
is read once, not twice."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypedDict

import psycopg
import pytest
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt

import tools.catalog.postgres as catalog_postgres
import tools.catalog.search as catalog_search
from api.checkpointer import TurnSaver
from balcao.db.connect import open_pool
from tests.integration.conftest import env, receive, rows, worker  # noqa: F401
from tools.recording import ToolCallRows, storing_with_checkpoints

MUG = "CAN-CAFE-01"
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Counts the products read from the database (by `get`, or built from a search's rows),
    the catalog versions read apart from a claim, the statements sent one by one, and the
    checkpoint reads."""
    seen: dict[str, Any] = {"products": [], "versions": 0, "statements": [], "checkpoints": 0}
    real_get, real_version = catalog_postgres.get_product, catalog_postgres.read_catalog_version
    real_from_row = catalog_search.product_from_row
    real_execute, real_tuple = psycopg.AsyncCursor.execute, AsyncPostgresSaver.aget_tuple

    async def get_product(conn: Any, store_id: str, sku: str) -> Any:
        seen["products"].append(sku)
        return await real_get(conn, store_id, sku)

    def product_from_row(row: dict[str, Any]) -> Any:
        seen["products"].append(row["sku"])
        return real_from_row(row)

    async def read_version(conn: Any, store_id: str) -> int:
        seen["versions"] += 1
        return await real_version(conn, store_id)

    async def execute(self: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
        seen["statements"].append(str(query))
        return await real_execute(self, query, params, **kwargs)

    async def aget_tuple(self: Any, config: Any) -> Any:
        seen["checkpoints"] += 1
        return await real_tuple(self, config)

    monkeypatch.setattr(catalog_postgres, "get_product", get_product)
    monkeypatch.setattr(catalog_search, "product_from_row", product_from_row)
    monkeypatch.setattr(catalog_postgres, "read_catalog_version", read_version)
    monkeypatch.setattr(psycopg.AsyncCursor, "execute", execute)
    monkeypatch.setattr(AsyncPostgresSaver, "aget_tuple", aget_tuple)
    return seen


async def _turn(resources: Any, clock: Any, text: str) -> None:
    await receive(resources, clock, text)
    clock.advance(seconds=2)
    assert await worker(resources, clock).process_ready() == 1


async def test_a_price_changed_by_another_process_reaches_the_next_turn_not_sooner_read(
    env, reads, db_url: str,  # noqa: F811
) -> None:
    resources, clock = env
    await _turn(resources, clock, "quero a caneca")
    assert reads["products"].count(MUG) == 1
    assert reads["versions"] == 0  # the claim told the turn its catalog version
    await _turn(resources, clock, "quero mais uma caneca")
    assert reads["products"].count(MUG) == 1  # the same version: from memory

    other = await open_pool(db_url, min_size=1, max_size=1)  # another process's write
    try:
        async with other.connection() as conn:
            await conn.execute("UPDATE products SET price = 41.50 WHERE sku = %s", (MUG,))
    finally:
        await other.close()
    await _turn(resources, clock, "quero mais uma caneca")
    assert reads["products"].count(MUG) == 2
    lines = await rows(resources, f"SELECT unit_price FROM cart_lines WHERE sku = '{MUG}'")
    assert [line["unit_price"] for line in lines] == [Decimal("41.50")]


async def test_a_turn_s_tool_calls_go_with_its_checkpoints_and_its_state_is_read_once(
    env, reads,  # noqa: F811
) -> None:
    resources, clock = env
    await _turn(resources, clock, "oi")
    reads["checkpoints"] = 0
    reads["statements"].clear()
    await _turn(resources, clock, "tem garrafa termica?")
    calls = await rows(resources, "SELECT turn_id, seq, tool FROM tool_calls ORDER BY seq")
    turn = [c for c in calls if c["turn_id"] == calls[-1]["turn_id"]]
    assert [c["seq"] for c in turn] == list(range(1, len(turn) + 1))
    assert {c["tool"] for c in turn} >= {"catalog.search"}
    assert not [s for s in reads["statements"] if "INSERT INTO tool_calls" in s]
    assert reads["checkpoints"] == 1  # run_turn's read serves ainvoke's



class Steps(TypedDict, total=False):
    fail: bool
    step: str


def _graph(saver: TurnSaver, calls: ToolCallRows, thread: str, pool: Any,
           seen: list[list[str]]) -> Any:
    """Two nodes that each leave a recorded call (what `tools.recording` leaves in a worker
    turn); the second notes what is stored by then, and fails or pauses the turn."""
    def call(name: str) -> None:
        calls.add((thread, "t1", len(names) + 1, name, "{}", "{}", NOW))
        names.append(name)

    async def first(state: Steps) -> Steps:
        call("catalog.search")
        return {"step": "first"}

    async def second(state: Steps) -> Steps:
        call("payments.create")
        seen.append(await _stored(pool, thread))  # a crash here would keep only this
        if state.get("fail"):
            raise RuntimeError("the node fails")
        interrupt({"waiting_for": "payment"})
        return {"step": "second"}

    names: list[str] = []
    builder = StateGraph(Steps).add_sequence([("first", first), ("second", second)])
    return builder.add_edge(START, "first").add_edge("second", END).compile(
        checkpointer=saver)


async def _stored(pool: Any, thread: str) -> list[str]:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT tool FROM tool_calls WHERE thread_id = %s ORDER BY seq", (thread,))
        return [row["tool"] for row in await cur.fetchall()]


async def test_a_node_s_calls_are_stored_with_its_checkpoint_its_error_or_its_pause(
    pool: Any,
) -> None:
    saver = TurnSaver(pool)
    await saver.setup()
    for thread, start in (("s:fails", {"fail": True}), ("s:pauses", {})):
        seen: list[list[str]] = []
        with storing_with_checkpoints(thread) as calls:
            graph = _graph(saver, calls, thread, pool, seen)
            try:
                await graph.ainvoke(start, {"configurable": {"thread_id": thread}},
                                    durability="sync")
            except RuntimeError:
                assert start
            # Inside the second node, only the first node's call was stored (with its
            # checkpoint): a crash there loses the second's with the node, which runs again.
            assert seen == [["catalog.search"]]
            # Its error, or its pause (a node that pauses has no checkpoint yet), took it.
            assert await _stored(pool, thread) == ["catalog.search", "payments.create"]
            assert calls.take() == []
