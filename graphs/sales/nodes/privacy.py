"""`privacy`: "apaga meus dados" / "delete my data" (LGPD art. 18), as the store configures.

The request is always recorded (`privacy_requests`). With `privacy.erasure: operator` the
conversation goes to a person through the usual handoff (an escalation with reason
`privacy_request`; when the store has no people on the chat, the buyer is told the team will
do it). With `auto` the buyer is asked for an explicit yes first; after a yes the maintenance
job erases them once the reply is out (erasing mid-turn would delete the turn's own rows).
"""

from __future__ import annotations

import re
from typing import cast

from langgraph.runtime import Runtime

from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.outcomes import WaitFields
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.state import SalesState, SalesUpdate
from tools.catalog.text import fold
from tools.handoff.escalations import record_escalation
from tools.handoff.wait import pickup_deadline, wait_fields
from tools.privacy.requests import answer_pending, record_request

CONFIRM_ERASURE = "confirm_erasure"
"""The pending question of an erasure awaiting the buyer's yes."""

_ASKS_ERASURE = re.compile(
    r"\b(?:apag|exclu|delet|remov|elimin|apague|limp)\w*\s+(?:todos\s+)?(?:os\s+|as\s+)?"
    r"(?:meus|minhas)\s+(?:dados|informac\w+|cadastro)"
    r"|\b(?:apag|exclu|delet|remov)\w*\s+(?:o\s+)?meu\s+cadastro"
    r"|\b(?:delete|erase|remove|wipe)\s+(?:all\s+)?(?:of\s+)?my\s+(?:personal\s+)?"
    r"(?:data|information|details|account)"
)
_YES = re.compile(r"^(?:sim|s|yes|y|confirmo|pode apagar|apaga|ok)\b")


def asks_erasure(text: str) -> bool:
    """Whether the buyer asks to have their data erased."""
    return bool(_ASKS_ERASURE.search(fold(text)))


def wants_privacy(state: SalesState) -> bool:
    """An erasure asked for now, or the answer to the question whether to erase."""
    return state.get("pending_question") == CONFIRM_ERASURE or asks_erasure(turn_text(state))


async def privacy(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Records the request and asks, confirms or hands over (see the module)."""
    services = await services_for(runtime)
    context = context_of(runtime)
    conv_id = await conversation_id_for(runtime, services)
    now = services.clock.now()
    if state.get("pending_question") == CONFIRM_ERASURE and not asks_erasure(turn_text(state)):
        intent = (state.get("classification") or {}).get("intent")
        yes = intent == "affirm" or bool(_YES.match(fold(turn_text(state))))
        async with services.pool.connection() as conn:
            await answer_pending(conn, conversation_id=conv_id, confirmed=yes, now=now)
        return {"outcome": {"kind": "erasure_scheduled" if yes else "erasure_kept"},
                "pending_question": None}
    mode = services.stores.get(context.store_id).privacy.erasure
    escalation = services.stores.get(context.store_id).escalation
    routed = mode == "operator"
    async with services.pool.connection() as conn:
        await record_request(conn, store_id=context.store_id, conversation_id=conv_id,
                             buyer_id=context.buyer_id, turn_id=state["turn_id"],
                             status="routed" if routed else "awaiting_confirmation", now=now)
        if not routed:
            return {"outcome": {"kind": "erasure_confirm"},
                    "pending_question": CONFIRM_ERASURE}
        if not escalation.enabled:
            return {"outcome": {"kind": "erasure_noted"}, "pending_question": None}
        row = await record_escalation(
            conn, store_id=context.store_id, conversation_id=conv_id, turn_id=state["turn_id"],
            reason="privacy_request", reasons=["privacy_request"], factors={},
            summary={"wants": [turn_text(state)], "intent": "privacy_request",
                     "lang": state.get("lang") or "pt"},
            now=now, deadline=pickup_deadline(escalation, now))
        wait = cast(WaitFields, await wait_fields(conn, escalation, store_id=context.store_id,
                                                  escalation_id=row["id"], now=now))
    return {"outcome": {"kind": "handoff_waiting", "reason": row["reason"], **wait},
            "handoff": {"escalation_id": row["id"], "reason": row["reason"]},
            "pending_question": None}
