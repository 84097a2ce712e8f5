"""`await_payment`: pauses the conversation until its payment is settled.

It runs after `respond` has produced the reply with the payment link, so the buyer has the
link while the thread waits. The payment webhook resumes it with `Command(resume=event)`;
a buyer message in the meantime starts a normal turn, which pauses here again at its end.
"""

from __future__ import annotations

from langgraph.types import interrupt

from graphs.sales.state import SalesState, SalesUpdate


def await_payment(state: SalesState) -> SalesUpdate:
    """Waits; the resume value is the payment event `{"order_id", "payment_id", "status"}`."""
    event = interrupt({"waiting_for": "payment", **(state.get("awaiting_payment") or {})})
    return {"action": {"payment": event}, "outcome": {}, "suggestions": []}
