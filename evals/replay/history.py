"""A thread's checkpoints as an evaluator reads them: step, node, intent, reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import StateSnapshot

from api.checkpointer import started_by_command
from graphs.sales.graph import FIRST_NODE


@dataclass
class CheckpointRow:
    checkpoint_id: str
    step: int
    produced_by: list[str]
    """The nodes whose writes made this checkpoint ("input" for a turn's input given as a dict;
    a turn started with `Command(goto=FIRST_NODE)` has no input checkpoint)."""
    next: list[str]
    turn_id: str | None
    intent: str | None
    reply: str | None
    snapshot: StateSnapshot


def summary(values: dict[str, Any]) -> dict[str, Any]:
    """The outcome fields compared between an original run and a fork."""
    reply = values.get("reply") or {}
    return {
        "intent": (values.get("classification") or {}).get("intent"),
        "outcome": (values.get("outcome") or {}).get("kind"),
        "reply": reply.get("template"),
        "options": [o["id"] for o in reply.get("options") or []],
        "pending_question": values.get("pending_question"),
        "cart": (values.get("cart") or {}).get("skus"),
    }


async def history(graph: CompiledStateGraph, thread_id: str) -> list[CheckpointRow]:
    """Oldest first."""
    snapshots = [s async for s in graph.aget_state_history(
        {"configurable": {"thread_id": thread_id}})]
    snapshots.reverse()
    rows: list[CheckpointRow] = []
    previous: StateSnapshot | None = None
    for snapshot in snapshots:
        values = snapshot.values or {}
        source = (snapshot.metadata or {}).get("source")
        produced = ["input"] if source == "input" else (
            [t.name for t in previous.tasks] if previous is not None else [])
        if values.get("turn_id") and started_by_command(snapshot, previous):
            produced = [FIRST_NODE]
        rows.append(CheckpointRow(
            checkpoint_id=snapshot.config["configurable"]["checkpoint_id"],
            step=(snapshot.metadata or {}).get("step", -1),
            produced_by=produced,
            next=list(snapshot.next),
            turn_id=values.get("turn_id"),
            intent=(values.get("classification") or {}).get("intent"),
            reply=(values.get("reply") or {}).get("template"),
            snapshot=snapshot,
        ))
        previous = snapshot
    return rows
