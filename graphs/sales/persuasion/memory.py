"""The refusal rule: after a "no" to a nudge, or a complaint, no more persuasion."""

from __future__ import annotations

from graphs.sales.state_types import Persuasion

REFUSALS = {"deny", "complaint", "cancel_order"}


def after_buyer_turn(memory: Persuasion | None, intent: str) -> Persuasion:
    """The selling memory after a buyer's message: a refusal is remembered for good."""
    memory = (memory or {}).copy()
    block = memory.get("block")
    # A "não" after the consultative question answers it ("pra mim, não tenho valor definido
    # não"); after any other nudge it refuses persuasion.
    nudged_before = block is not None and block.get("strategy") != "consultative"
    if intent == "complaint" or (nudged_before and intent in REFUSALS):
        memory["refused"] = True
    return memory
