"""What one turn did, read from the checkpoints, the tools called and the business tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import StateSnapshot

from api.checkpointer import started_by_command
from graphs.sales.graph import FIRST_NODE

START, END = "__start__", "__end__"


@dataclass
class Observation:
    """The structured outcome of one turn; expectations are checked against it."""

    intent: str | None = None
    entities: dict[str, Any] = field(default_factory=dict)
    nodes: list[str] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    reply: dict[str, Any] | None = None
    cart: dict[str, int] = field(default_factory=dict)
    orders: list[str] = field(default_factory=list)
    last_order: dict[str, str] = field(default_factory=dict)
    """The latest order's money and choices (subtotal, shipping_cost, discount, total,
    payment_method, shipping id, address cep and street) as strings; empty without orders."""
    order_lines: dict[str, int] = field(default_factory=dict)
    """The latest order's lines, sku -> quantity; empty without orders."""
    pending_question: str | None = None
    interrupt: str = "none"

    def comparable(self) -> dict[str, Any]:
        """What two runs of the same case must agree on (crash-resume equivalence)."""
        reply = self.reply or {}
        return {
            "intent": self.intent, "template": reply.get("template"),
            "options": [o["id"] for o in reply.get("options") or []],
            "cart": self.cart, "orders": self.orders, "last_order": self.last_order,
            "interrupt": self.interrupt,
            "pending_question": self.pending_question,
        }


async def checkpoint_id(graph: CompiledStateGraph, config: dict) -> str | None:
    snapshot = await graph.aget_state(config)
    return (snapshot.config or {}).get("configurable", {}).get("checkpoint_id")


async def nodes_since(
    graph: CompiledStateGraph, config: dict, before: str | None, *, resumed: bool = False
) -> tuple[list[str], list[tuple[str, str]]]:
    """Nodes run since checkpoint `before`, in order, and the edges between them; with
    `resumed`, the waiting node at `before` ran again in this turn."""
    newer = []
    ended: StateSnapshot | None = None
    async for snapshot in graph.aget_state_history(config):
        if snapshot.config["configurable"]["checkpoint_id"] == before:
            ended = snapshot
            if resumed and snapshot.interrupts:
                newer.append(snapshot)
            break
        newer.append(snapshot)
    newer.reverse()
    # A checkpoint's tasks are the nodes run from it; a waiting node (interrupt) counts too.
    nodes = [t.name for snapshot in newer for t in snapshot.tasks if t.name != START]
    # A turn started with `Command(goto=FIRST_NODE)` (api/worker/turn.py) has no input
    # checkpoint: its first checkpoint is the first node's.
    commanded = bool(newer) and newer[0] is not ended and started_by_command(newer[0], ended)
    if commanded:
        nodes.insert(0, FIRST_NODE)
    started = commanded or (bool(newer) and any(t.name == START for t in newer[0].tasks))
    finished = bool(newer) and not newer[-1].next
    path = ([START] if started else []) + nodes + ([END] if finished else [])
    return nodes, list(zip(path, path[1:], strict=False))
