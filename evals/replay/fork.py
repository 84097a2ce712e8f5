"""Re-running a conversation from one of its checkpoints on a fork.

The fork is a new thread seeded with that checkpoint's state (plus any patches), and a new
buyer id, so its cart and orders are its own: the original thread and its records are never
touched. Catalog reads are live.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from api.worker.turn import run_turn
from balcao.messages import InboundMessage
from evals.replay.history import CheckpointRow, history, summary
from graphs.sales.context import Context
from tools.conversations.threads import ensure_conversation
from tools.recording import playing_back, recorded_calls


@dataclass
class ForkResult:
    fork_thread: str
    original: dict[str, Any]
    forked: dict[str, Any]

    def differences(self) -> dict[str, tuple[Any, Any]]:
        return {k: (self.original.get(k), self.forked.get(k))
                for k in self.forked if self.original.get(k) != self.forked.get(k)}


async def fork_from(
    graph: CompiledStateGraph,
    services: Any,
    *,
    thread_id: str,
    checkpoint_id: str,
    patches: dict[str, Any],
    message: str | None,
    store_id: str,
) -> ForkResult:
    """Seeds a fork at `checkpoint_id`, runs it to the end of the turn, compares outcomes."""
    rows = await history(graph, thread_id)
    index = next((i for i, r in enumerate(rows) if r.checkpoint_id == checkpoint_id), None)
    if index is None:
        raise LookupError(f"checkpoint {checkpoint_id} is not in thread {thread_id}")
    point = rows[index]
    buyer = f"{thread_id.split(':', 1)[-1]}#fork-{uuid.uuid4().hex[:8]}"
    fork_thread = f"{store_id}:{buyer}"
    fork_config = {"configurable": {"thread_id": fork_thread}}
    async with services.pool.connection() as conn:
        conv_id = await ensure_conversation(conn, store_id=store_id, buyer_id=buyer)
        await _copy_cart(conn, thread_id, conv_id, _turns_up_to(rows, index))
    context = Context(store_id=store_id, buyer_id=buyer, conversation_id=conv_id,
                      services=services)
    values = dict(point.snapshot.values or {}) | patches
    as_node = point.produced_by[0] if point.produced_by and point.produced_by[0] != "input" \
        else "respond"
    await graph.aupdate_state(fork_config, values, as_node=as_node)

    if message is not None:
        inbound = [InboundMessage(kind="text", text=message, external_id=f"fork.{uuid.uuid4()}",
                                  buyer_id=buyer).model_dump(mode="json")]
        await run_turn(graph, thread_id=fork_thread, turn_id=f"fork-{uuid.uuid4().hex[:8]}",
                       inbound=inbound, context=context)
        original = _end_of_next_turn(rows, index)
    else:
        snapshot = await graph.aget_state(fork_config)
        if snapshot.next and not snapshot.interrupts:
            await graph.ainvoke(None, fork_config, context=context, durability="sync")
        original = _end_of_turn(rows, index)
    forked = summary((await graph.aget_state(fork_config)).values or {})
    return ForkResult(fork_thread, original, forked)


async def replay_turn(
    graph: CompiledStateGraph,
    services: Any,
    *,
    thread_id: str,
    checkpoint_id: str,
    patches: dict[str, Any],
    store_id: str,
) -> ForkResult:
    """Re-runs the turn the checkpoint belongs to on a fork, with the tools answering from what
    they answered then: the same state gives the same outcome, and a patched state shows what
    it changes. Raises `NotRecorded` when the fork makes a call the original turn did not."""
    rows = await history(graph, thread_id)
    index = next((i for i, r in enumerate(rows) if r.checkpoint_id == checkpoint_id), None)
    if index is None:
        raise LookupError(f"checkpoint {checkpoint_id} is not in thread {thread_id}")
    turn_id = rows[index].turn_id
    # The input checkpoint still holds the previous turn's values; the turn's own id and
    # messages appear in the checkpoint right after it.
    first = next(i for i, r in enumerate(rows) if r.turn_id == turn_id)
    start = first - 1 if first > 0 and rows[first - 1].produced_by == ["input"] else first
    inbound = rows[first].snapshot.values["inbound"]
    seed = rows[start - 1] if start > 0 else None
    buyer = f"{thread_id.split(':', 1)[-1]}#replay-{uuid.uuid4().hex[:8]}"
    fork_thread = f"{store_id}:{buyer}"
    async with services.pool.connection() as conn:
        conv_id = await ensure_conversation(conn, store_id=store_id, buyer_id=buyer)
    calls = await recorded_calls(services.pool, thread_id, turn_id)
    context = Context(store_id=store_id, buyer_id=buyer, conversation_id=conv_id,
                      services=playing_back(services, calls))
    if seed is not None:
        values = dict(seed.snapshot.values or {}) | patches
        await graph.aupdate_state({"configurable": {"thread_id": fork_thread}}, values,
                                  as_node=seed.produced_by[0] if seed.produced_by
                                  and seed.produced_by[0] != "input" else "respond")
    await run_turn(graph, thread_id=fork_thread, turn_id=f"replay-{uuid.uuid4().hex[:8]}",
                   inbound=inbound, context=context)
    forked = summary((await graph.aget_state({"configurable": {"thread_id": fork_thread}}))
                     .values or {})
    return ForkResult(fork_thread, _end_of_turn(rows, start), forked)


def _turns_up_to(rows: list[CheckpointRow], index: int) -> set[str]:
    """Turn ids whose cart changes happened at or before the checkpoint."""
    point = rows[index]
    turns = {r.turn_id for r in rows[:index + 1] if r.turn_id}
    # The fork point's own turn counts only once its cart node has run.
    if not any("cart" in r.produced_by for r in rows[:index + 1] if r.turn_id == point.turn_id):
        turns.discard(point.turn_id)
    return turns


def _end_of_turn(rows: list[CheckpointRow], index: int) -> dict[str, Any]:
    """The original outcome of the turn the checkpoint belongs to."""
    for row in rows[index:]:
        if not row.next or row.snapshot.interrupts:
            return summary(row.snapshot.values or {})
    return summary(rows[-1].snapshot.values or {})


def _end_of_next_turn(rows: list[CheckpointRow], index: int) -> dict[str, Any]:
    """What the original thread did with the buyer's next message after the checkpoint."""
    started = next((i for i in range(index + 1, len(rows))
                    if rows[i].produced_by == ["input"]
                    or rows[i].turn_id != rows[index].turn_id), None)
    return _end_of_turn(rows, started) if started is not None else {}


async def _copy_cart(conn: Any, thread_id: str, fork_conversation: int,
                     turn_ids: set[str]) -> None:
    """The fork's own cart, as the original's was at the fork point.

    Carts live in tables, not checkpoints; every cart change carries the id of the turn that
    made it, so the cart at a checkpoint is the changes of the turns up to it.
    """
    cur = await conn.execute(
        "SELECT o.op, o.op_key, c.store_id, c.id AS cart_id FROM cart_ops o"
        " JOIN carts c ON c.id = o.cart_id JOIN conversations v ON v.id = c.conversation_id"
        " WHERE v.thread_id = %s ORDER BY o.applied_at, o.op_key", (thread_id,))
    quantities: dict[str, int] = {}
    source: dict[str, int] = {}
    store_id = None
    for row in await cur.fetchall():
        if row["op_key"].split(":", 1)[0] not in turn_ids:
            continue
        op, sku, store_id = row["op"], row["op"]["sku"], row["store_id"]
        removed = op["quantity"] or quantities.get(sku, 0)  # None removes every unit
        change = op["quantity"] if op["op"] == "add" else -removed
        quantities[sku] = quantities.get(sku, 0) + change
        source[sku] = row["cart_id"]
    kept = {sku: q for sku, q in quantities.items() if q > 0}
    if not kept:
        return
    cur = await conn.execute(
        "INSERT INTO carts (store_id, conversation_id, status, created_at, updated_at)"
        " VALUES (%s, %s, 'open', now(), now()) RETURNING id", (store_id, fork_conversation))
    fork_cart = (await cur.fetchone())["id"]
    for sku, quantity in kept.items():
        await conn.execute(
            "INSERT INTO cart_lines (cart_id, sku, product_sku, name, variant, unit_price,"
            " quantity, added_at) SELECT %s, sku, product_sku, name, variant, unit_price, %s,"
            " added_at FROM cart_lines WHERE cart_id = %s AND sku = %s",
            (fork_cart, quantity, source[sku], sku))
