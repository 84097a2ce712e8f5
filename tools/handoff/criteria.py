"""Whether a conversation goes to a person, from the store's criteria: a pure function.

The inputs are the counters the graph keeps in state (`graphs/sales/signals.py`), this
turn's intent, the cart's value and the CRM's VIP flag.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from balcao.escalation_config import CriteriaConfig
from tools.handoff.priority import URGENCY


def escalation_reasons(
    criteria: CriteriaConfig,
    *,
    intent: str,
    signals: dict[str, Any],
    cart_value: Decimal,
    vip: bool,
) -> list[str]:
    """The reasons to hand over now, most urgent first; empty when the bot carries on.

    A VIP buyer (with the `vip` criterion on) is handed over at the first sign of trouble:
    when only the lowered thresholds fire, "vip" leads the reasons.
    """
    reasons = _reasons(criteria, intent, signals, cart_value, first_sign=False)
    if not reasons and vip and criteria.vip:
        lowered = _reasons(criteria, intent, signals, cart_value, first_sign=True)
        if lowered:
            return ["vip", *lowered]
    return reasons


def _reasons(criteria: CriteriaConfig, intent: str, signals: dict[str, Any],
             cart_value: Decimal, *, first_sign: bool) -> list[str]:
    def streak(threshold: int) -> int:
        return 1 if first_sign else threshold

    found = []
    if intent == "human_agent" and criteria.asked_for_human:
        found.append("asked_for_human")
    if intent == "complaint" and criteria.complaint:
        found.append("complaint")
    if criteria.negative_sentiment and (
        int(signals.get("negative_streak") or 0) >= streak(criteria.negative_streak)
    ):
        found.append("negative_sentiment")
    if criteria.not_understood and (
        int(signals.get("not_understood_streak") or 0) >= streak(criteria.not_understood_streak)
    ):
        found.append("not_understood")
    if (criteria.high_value_cart and cart_value >= criteria.high_value_amount
            and int(signals.get("checkout_stall") or 0) >= streak(criteria.checkout_stall_turns)):
        found.append("high_value_cart")
    if criteria.repeated_problem and (
        int((signals.get("problems") or {}).get(intent) or 0) >= criteria.repeated_problem_count
    ):
        found.append("repeated_problem")
    return sorted(found, key=lambda r: -URGENCY.get(r, 0))
