"""JSON the console's pages poll to stay live: the queue and a conversation's transcript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from api.console.layout import STATUSES, reason_label
from api.console.scope import ScopeDep
from api.deps import ResourcesDep
from tools.handoff.escalations import load_escalation
from tools.handoff.queue import queue, transcript

router = APIRouter(prefix="/api")


@router.get("/queue")
async def queue_json(resources: ResourcesDep, operator: ScopeDep) -> dict[str, Any]:
    """The queue by priority, the conversations nobody picked up and those whose buyer
    took the request back."""
    async with resources.pool.connection() as conn:
        entries = await queue(conn, operator.store_id, resources.clock.now())
    for entry in entries["open"] + entries["missed"] + entries["withdrawn"]:
        entry["reason_label"] = reason_label(entry["reason"])
        entry["mine"] = entry["assigned_to"] == operator.id
    return entries


@router.get("/escalations/{escalation_id}/transcript")
async def transcript_json(escalation_id: int, resources: ResourcesDep,
                          operator: ScopeDep) -> dict[str, Any]:
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        escalation = await load_escalation(conn, escalation_id)
        if escalation is None:
            raise HTTPException(404, "no such escalation")
        messages = await transcript(conn, escalation["conversation_id"])
    return {"status": escalation["status"],
            "status_label": STATUSES.get(escalation["status"], escalation["status"]),
            "messages": messages}
