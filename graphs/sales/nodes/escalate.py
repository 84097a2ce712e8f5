"""`escalate`: the buyer wants a person or is unhappy.

No operator console exists yet, so the node records the request as a conversation event
and tells the buyer honestly that nobody can take over here right now.
"""

from __future__ import annotations

import json
from typing import Any

from langgraph.runtime import Runtime

from graphs.sales.context import Context
from graphs.sales.services import context_of, conversation_id_for, services_for
from graphs.sales.state import SalesState


async def escalate(state: SalesState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Records the escalation request (once per turn) and sets `outcome`."""
    services = await services_for(runtime)
    conv_id = await conversation_id_for(runtime, services)
    intent = (state.get("classification") or {}).get("intent")
    reason = "asked_for_human" if intent == "human_agent" else "complaint"
    async with services.pool.connection() as conn:
        await conn.execute(
            "INSERT INTO conversation_events (store_id, conversation_id, type, data, occurred_at)"
            " SELECT %s, %s, 'escalation_requested', %s, %s WHERE NOT EXISTS ("
            "  SELECT 1 FROM conversation_events WHERE conversation_id = %s"
            "  AND type = 'escalation_requested' AND data->>'turn_id' = %s)",
            (
                context_of(runtime).store_id, conv_id,
                json.dumps({"reason": reason, "turn_id": state["turn_id"]}),
                services.clock.now(), conv_id, state["turn_id"],
            ),
        )
    return {"outcome": {"kind": "handoff_unavailable", "reason": reason},
            "pending_question": None}
