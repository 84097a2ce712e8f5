"""One graph turn, exactly once per turn id, even across a crash.

The turn id is written into the state with the input. After a crash the thread's last
checkpoint tells what happened: the turn finished (its reply is in the state), stopped
halfway (resume from the checkpoint, nodes already done are not run again), or never started.
An event (a payment result, a person handing back) for a thread paused on exactly that
resumes it with `Command(resume=...)`; otherwise the event is the input of a new turn, which
starts at the first node (`turn_start`).
Checkpoints are written synchronously ("sync" durability) so a step that finished is on disk
before the next one starts. The service's checkpointer (api/checkpointer.py) does not store a
node's writes apart from its checkpoint, so "stopped halfway" always names the node to run
next: one that finished without its checkpoint runs again, as one the crash cut short does.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, StateSnapshot

from api.checkpointer import reading_latest_once
from graphs.sales.context import Context
from graphs.sales.graph import FIRST_NODE

# Per event kind: what the paused node says it waits for, and the key naming the one awaited.
_WAITS = {"payment": ("payment", "payment_id"), "handoff": ("human", "escalation_id")}


async def run_turn(
    graph: CompiledStateGraph,
    *,
    thread_id: str,
    turn_id: str,
    inbound: list[dict[str, Any]],
    context: Context,
) -> dict[str, Any]:
    """Runs (or finishes) the turn and returns its structured reply as a dict."""
    result = await run_turn_result(graph, thread_id=thread_id, turn_id=turn_id,
                                   inbound=inbound, context=context)
    return result["reply"]


async def run_turn_result(
    graph: CompiledStateGraph,
    *,
    thread_id: str,
    turn_id: str,
    inbound: list[dict[str, Any]],
    context: Context,
) -> dict[str, Any]:
    """`run_turn`, returning the graph's whole output (`TurnOutput`: reply, classification)."""
    config = {"configurable": {"thread_id": thread_id}}
    with reading_latest_once(thread_id):  # aget_state's read is ainvoke's too
        snapshot = await graph.aget_state(config)
        values = snapshot.values or {}
        if values.get("turn_id") != turn_id:
            start = turn_start(snapshot, turn_id, inbound)
            return await graph.ainvoke(start, config, context=context, durability="sync")
        if not snapshot.next or snapshot.interrupts:  # done (and maybe paused again)
            return values
        return await graph.ainvoke(None, config, context=context, durability="sync")


def turn_start(snapshot: StateSnapshot, turn_id: str, inbound: list[dict[str, Any]]) -> Any:
    """The graph input that starts the turn on the thread at `snapshot`: the answer a paused
    node waits for; or, after a finished turn, `Command(goto=FIRST_NODE)` with the turn's
    input (no input checkpoints: ~1.4 KB less a turn); or the input itself, which also drops
    what a thread paused on something else or cut short had left to run (and starts a new
    thread, where a `Command` would apply the input twice; `TurnSaver` stores none of a new
    thread's input checkpoints, so its first turn starts at the first node's too)."""
    update = {"turn_id": turn_id, "inbound": inbound}
    event = _event(inbound)
    if event is not None and _waiting_for(snapshot, *event):
        return Command(resume=event[1], update=update)
    if snapshot.next or not snapshot.values:
        return update
    return Command(update=update, goto=FIRST_NODE)


def _event(inbound: list[dict[str, Any]]) -> tuple[str, dict[str, Any]] | None:
    """(kind, data) when the turn is one event rather than buyer messages."""
    if len(inbound) != 1 or inbound[0].get("kind") not in _WAITS:
        return None
    kind = inbound[0]["kind"]
    data = inbound[0].get("payment") if kind == "payment" else inbound[0].get("event")
    return (kind, data) if data is not None else None


def _waiting_for(snapshot: StateSnapshot, kind: str, data: dict[str, Any]) -> bool:
    """Whether the thread is paused on exactly this event's payment or escalation."""
    waiting_for, key = _WAITS[kind]
    return any(
        isinstance(i.value, dict) and i.value.get("waiting_for") == waiting_for
        and i.value.get(key) == data.get(key)
        for i in snapshot.interrupts
    )
