"""The persuasion edge: which strategy path a turn takes, from signals already in state.

Pure: it reads intent, sentiment, the objection's kind, what was just shown or added, and
what was tried before. Whether the data supports the strategy's claim is the strategy node's
question; a node whose data is missing says nothing.
"""

from __future__ import annotations

from typing import Literal

from graphs.sales.budgets import consultative_answered
from graphs.sales.inbound import turn_text
from graphs.sales.persuasion.objections import hesitation
from graphs.sales.state import SalesState

StrategyPath = Literal["consultative", "social_proof", "authority", "scarcity", "anchoring",
                       "reciprocity", "aida", "recap", "respond"]
STRATEGY_NODES: tuple[str, ...] = StrategyPath.__args__[:-1]  # type: ignore[attr-defined]

MANY_RESULTS = 4
_NEVER_AFTER = {"complaint", "human_agent", "deny", "cancel_order", "return_exchange"}
_FILTERS = ("price_max", "price_min", "size", "color", "category")


def pick_strategy(state: SalesState) -> StrategyPath:
    """The strategy node for this turn, or straight to `respond`."""
    memory = state.get("persuasion") or {}
    classification = state.get("classification") or {}
    intent = classification.get("intent")
    used = set(memory.get("used") or [])
    if accepts_reminder(state):
        return "recap"  # the buyer accepted a reminder offered earlier
    if memory.get("refused") or intent in _NEVER_AFTER:
        return "respond"
    kind = hesitation(intent, turn_text(state))
    if kind is not None:
        if kind == "price":
            tried_anchor = "anchoring" in used and int(memory.get("hesitations") or 0) >= 1
            return "reciprocity" if tried_anchor and not memory.get("coupon_offered") \
                else "anchoring"
        if kind == "trust":
            return "authority" if "social_proof" in used else "social_proof"
        if kind == "timing":
            return "recap"
        return _consultative_or_respond(state, used)
    if classification.get("sentiment") == "negative":
        return "respond"
    outcome = state.get("outcome") or {}
    if outcome.get("kind") in {"added", "product_detail"}:
        return "scarcity"
    if intent == "greeting" and "aida" not in used and _first_message(state):
        return "aida"
    entities = classification.get("entities") or {}
    if (outcome.get("kind") == "search_results" and len(outcome.get("items") or []) >= MANY_RESULTS
            and not any(entities.get(f) for f in _FILTERS)):
        return _consultative_or_respond(state, used)
    return "respond"


def _consultative_or_respond(state: SalesState, used: set[str]) -> StrategyPath:
    """The consultative question, once per conversation and never once answered (the buyer
    said who it is for or a budget, asked or not)."""
    if "consultative" in used or consultative_answered(state):
        return "respond"
    return "consultative"


def _first_message(state: SalesState) -> bool:
    return sum(1 for m in state.get("messages") or [] if m.get("role") == "buyer") <= 1


def accepts_reminder(state: SalesState) -> bool:
    """A tap on "remind me later", or a yes right after it was offered."""
    intent = (state.get("classification") or {}).get("intent")
    return (state.get("action") or {}).get("remind") is not None or (
        intent == "affirm" and state.get("pending_question") == "confirm_reminder")
