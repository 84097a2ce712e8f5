"""One graph turn, exactly once per turn id, even across a crash.

The turn id is written into the state with the input. After a crash the thread's last
checkpoint tells what happened: the turn finished (its reply is in the state), stopped
halfway (resume from the checkpoint, nodes already done are not run again), or never started.
Checkpoints are written synchronously ("sync" durability) so a step that finished is on disk
before the next one starts.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph.state import CompiledStateGraph

from graphs.sales.context import Context


async def run_turn(
    graph: CompiledStateGraph,
    *,
    thread_id: str,
    turn_id: str,
    inbound: list[dict[str, Any]],
    context: Context,
) -> dict[str, Any]:
    """Runs (or finishes) the turn and returns its structured reply as a dict."""
    config = {"configurable": {"thread_id": thread_id}}
    snapshot = await graph.aget_state(config)
    values = snapshot.values or {}
    if values.get("turn_id") == turn_id:
        if not snapshot.next:
            return values["reply"]
        result = await graph.ainvoke(None, config, context=context, durability="sync")
    else:
        result = await graph.ainvoke(
            {"turn_id": turn_id, "inbound": inbound}, config, context=context, durability="sync"
        )
    return result["reply"]
