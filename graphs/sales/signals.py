"""Counters of trouble across turns, kept in state as plain JSON for the escalation criteria.

`signals` holds `negative_streak` and `not_understood_streak` (consecutive buyer turns),
`problems` (how often each problem intent was raised), `checkout_stall` (times in a row
checkout had to ask the same question again), `last_question`, and `unsettled` (the
after-sale intent this turn counted until its reply shows whether it was answered).
"""

from __future__ import annotations

from graphs.sales.checkout_flow import CHECKOUT_QUESTIONS
from graphs.sales.state_types import Signals

PROBLEM_INTENTS = frozenset({"complaint", "order_status", "cancel_order"})
"""Intents that are a problem the buyer has; the same one raised again counts up. Questions
about the store (shipping, payment, exchanges) are answered from its data, so asking one
again is not trouble; what the data cannot answer offers a person in the reply."""
AFTERSALE_PROBLEMS = frozenset({"order_status", "cancel_order"})
"""Problem intents the bot itself can resolve: each ask counts only when its reply was not
an answer, so a buyer asking several things about their orders, each answered, is no
trouble, while one asking again about an order that cannot be found is."""
NOT_ANSWERED = frozenset({
    "order_not_found", "no_orders", "fallback",  # the order or the words were not found
    "handoff_waiting", "handoff_unavailable", "message_left", "complaint_noted",  # a person's
})
"""Reply templates that leave an after-sale ask unresolved."""


def next_signals(previous: Signals | None, *, intent: str, sentiment: str,
                 understood: bool, pending_question: str | None) -> Signals:
    """The counters after one buyer turn.

    Args:
        previous: The counters so far (`{}` at the start or after a person handed back).
        intent: This turn's intent.
        sentiment: This turn's sentiment.
        understood: False when the graph could only answer with its fallback.
        pending_question: What the bot asked before this turn.
    """
    previous = previous or {}
    problems = dict(previous.get("problems") or {})
    if intent in PROBLEM_INTENTS:
        problems[intent] = int(problems.get(intent) or 0) + 1
    stalled = (pending_question in CHECKOUT_QUESTIONS
               and pending_question == previous.get("last_question"))
    return {
        "negative_streak": int(previous.get("negative_streak") or 0) + 1
        if sentiment == "negative" else 0,
        "not_understood_streak": int(previous.get("not_understood_streak") or 0) + 1
        if not understood else 0,
        "problems": problems,
        "checkout_stall": int(previous.get("checkout_stall") or 0) + 1 if stalled else 0,
        "last_question": pending_question,
        # Counted now (the escalation criteria read it this turn), taken back by `settle`
        # once the reply shows the ask was answered.
        "unsettled": intent if intent in AFTERSALE_PROBLEMS else None,
    }


def settle(signals: Signals | None, template: str) -> Signals | None:
    """The counters once the turn's reply is known: an after-sale ask that was answered is
    no problem after all. None when there is nothing to settle (so running it again, as a
    resumed turn does, changes nothing)."""
    intent = (signals or {}).get("unsettled")
    if signals is None or not intent:
        return None
    problems = dict(signals.get("problems") or {})
    if template not in NOT_ANSWERED:
        problems[intent] = max(0, int(problems.get(intent) or 0) - 1)
    return {**signals, "problems": problems, "unsettled": None}


def trouble(signals: Signals | None, intent: str) -> bool:
    """Whether this turn shows any sign the criteria look at (routing sends it to `escalate`)."""
    signals = signals or {}
    return bool(
        signals.get("negative_streak") or signals.get("not_understood_streak")
        or signals.get("checkout_stall")
        or (intent in PROBLEM_INTENTS and int((signals.get("problems") or {}).get(intent) or 0)
            >= 2)
    )
