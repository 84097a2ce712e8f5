"""One graph turn, exactly once per turn id, even across a crash.

The turn id is written into the state with the input. After a crash the thread's last
checkpoint tells what happened: the turn finished (its reply is in the state), stopped
halfway (resume from the checkpoint, nodes already done are not run again), or never started.
A payment event for a thread paused on that payment resumes it with `Command(resume=...)`.
Checkpoints are written synchronously ("sync" durability) so a step that finished is on disk
before the next one starts.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, StateSnapshot

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
    payment = _payment_event(inbound)
    if values.get("turn_id") == turn_id:
        if not snapshot.next or snapshot.interrupts:  # done (and maybe paused again)
            return values["reply"]
        result = await graph.ainvoke(None, config, context=context, durability="sync")
    elif payment is not None and _waiting_for(snapshot, payment):
        resume = Command(resume=payment, update={"turn_id": turn_id, "inbound": inbound})
        result = await graph.ainvoke(resume, config, context=context, durability="sync")
    else:
        result = await graph.ainvoke(
            {"turn_id": turn_id, "inbound": inbound}, config, context=context, durability="sync"
        )
    return result["reply"]


def _payment_event(inbound: list[dict[str, Any]]) -> dict[str, Any] | None:
    if len(inbound) == 1 and inbound[0].get("kind") == "payment":
        return inbound[0].get("payment")
    return None


def _waiting_for(snapshot: StateSnapshot, payment: dict[str, Any]) -> bool:
    """Whether the thread is paused on exactly this payment."""
    return any(
        isinstance(i.value, dict) and i.value.get("payment_id") == payment.get("payment_id")
        for i in snapshot.interrupts
    )
