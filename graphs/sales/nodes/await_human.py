"""`await_human`: pauses the conversation while a person has it.

It runs after `respond` told the buyer a person is coming. The console's "return to bot"
(or the pickup timeout) queues a handoff event that resumes it with `Command(resume=event)`.
Buyer messages in between never reach the graph: the worker hands them to the operator.
A handoff event that arrives when the thread is not paused here (a crash, a reopened
escalation) comes in as the turn's input, and is applied without pausing.
"""

from __future__ import annotations

from langgraph.types import interrupt

from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import HandoffEvent


def await_human(state: SalesState) -> SalesUpdate:
    """Waits for the person; then carries their notes into state and clears the handoff."""
    event = (state.get("action") or {}).get("handoff")
    if event is None:
        event = interrupt({"waiting_for": "human", **(state.get("handoff") or {})})
    return handed_back(event)


def handed_back(event: HandoffEvent) -> SalesUpdate:
    """The state after a person handed back (`status` "returned") or nobody came
    ("timed_out")."""
    timed_out = event.get("status") == "timed_out"
    update: SalesUpdate = {
        "handoff": None,
        "action": {"handoff": event},
        "signals": {},  # a fresh start: old trouble does not send it straight back
        "suggestions": [],
        "pending_question": "leave_message" if timed_out else None,
        "outcome": {"kind": "handoff_timed_out"} if timed_out else {
            "kind": "handoff_returned", "next_step": event.get("next_step") or "none",
        },
    }
    if notes := event.get("notes"):
        update["operator_notes"] = [{"escalation_id": event.get("escalation_id"),
                                     "notes": notes,
                                     "next_step": event.get("next_step") or "none"}]
    return update
