"""A playground conversation as the page shows it: the buyer's messages (inbox), the bot's
(outbox, exactly as rendered for WhatsApp), and what the graph did in the last turn (the
data `balcao replay` lists: intent, entities, nodes, strategy)."""

from __future__ import annotations

from typing import Any

from langgraph.graph.state import CompiledStateGraph
from psycopg import AsyncConnection

from api.channels.playground.inbound import CHANNEL
from api.checkpointer import started_by_command
from graphs.sales.graph import FIRST_NODE

_MAX_ITEMS = 300
_MAX_CHECKPOINTS = 80


async def transcript(conn: AsyncConnection, store_id: str, buyer: str) -> dict[str, Any]:
    """`{"thread_id", "items": [{"from": "buyer"|"bot", ...}]}`, oldest first."""
    cur = await conn.execute(
        "SELECT id, thread_id FROM conversations WHERE store_id = %s AND channel = %s"
        " AND buyer_id = %s", (store_id, CHANNEL, buyer))
    conversation = await cur.fetchone()
    if conversation is None:
        return {"thread_id": None, "items": []}
    cur = await conn.execute(
        "SELECT * FROM ("
        "  SELECT received_at AS at, 0 AS side, id, message AS content FROM inbox"
        "  WHERE conversation_id = %(c)s AND channel = %(channel)s"
        "  UNION ALL"
        "  SELECT created_at, 1, id, payload FROM outbox WHERE conversation_id = %(c)s"
        " ) t ORDER BY at, side, id LIMIT %(limit)s",
        {"c": conversation["id"], "channel": CHANNEL, "limit": _MAX_ITEMS})
    items = []
    for row in await cur.fetchall():
        content = row["content"]
        if row["side"] == 0:
            items.append({"from": "buyer", "id": f"in.{row['id']}",
                          "text": content.get("text") or content.get("reply_id") or ""})
        else:
            items.append({"from": "bot", "id": f"out.{row['id']}", "message": content})
    return {"thread_id": conversation["thread_id"], "items": items}


async def last_turn(graph: CompiledStateGraph, thread_id: str) -> dict[str, Any] | None:
    """What the graph did in the thread's latest turn, or None before the first."""
    config = {"configurable": {"thread_id": thread_id}}
    snapshots = [s async for s in graph.aget_state_history(config, limit=_MAX_CHECKPOINTS)]
    if not snapshots:
        return None
    values = snapshots[0].values or {}
    turn_id = values.get("turn_id")
    nodes: list[str] = []
    oldest_first = list(reversed(snapshots))  # the order the nodes ran in
    ours = [i for i, s in enumerate(oldest_first) if (s.values or {}).get("turn_id") == turn_id]
    for i in ours:
        nodes += [t.name for t in oldest_first[i].tasks if not t.name.startswith("__")]
    before = oldest_first[ours[0] - 1] if ours and ours[0] > 0 else None
    if ours and started_by_command(oldest_first[ours[0]], before):
        nodes.insert(0, FIRST_NODE)
    classification = values.get("classification") or {}
    block = (values.get("persuasion") or {}).get("block") or {}
    return {
        "turn_id": turn_id,
        "intent": classification.get("intent"),
        "confidence": classification.get("confidence"),
        "entities": classification.get("entities") or {},
        "sentiment": classification.get("sentiment"),
        "nodes": nodes,
        "strategy": block.get("strategy") if block.get("turn_id") == turn_id else None,
        "variant": block.get("variant") if block.get("turn_id") == turn_id else None,
        "reply": (values.get("reply") or {}).get("template"),
    }
