"""The queue's order: one score from urgency, sentiment, cart, customer value and waiting time.

The weights are points, chosen so that no single factor but urgency dominates: a complaint
outranks a request for a person; a VIP or a large cart moves a conversation up about as much
as 15 minutes of waiting does; waiting keeps growing, so nobody waits forever behind newer,
richer conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

URGENCY = {
    "complaint": 40,
    "repeated_problem": 35,
    "negative_sentiment": 30,
    "high_value_cart": 25,
    "vip": 25,
    "asked_for_human": 20,
    "not_understood": 15,
}
_NEGATIVE = 10
_CART_POINTS_PER_100 = 4
_CART_CAP = 25
_ORDER_POINTS = 3
_ORDERS_CAP = 15
_SPEND_POINTS_PER_100 = 2
_SPEND_CAP = 20
_VIP = 20
_WAIT_POINTS_PER_MINUTE = 1.5
_WAIT_CAP = 60


@dataclass(frozen=True)
class Priority:
    """A score and what it is made of, for the console to show."""

    score: float
    parts: dict[str, float]


def priority(reason: str, factors: dict[str, Any], created_at: datetime,
             now: datetime) -> Priority:
    """The escalation's priority now.

    Args:
        reason: The main reason it was escalated (a key of `URGENCY`).
        factors: `sentiment`, `cart_value`, `orders`, `spend`, `vip` as stored on it.
        created_at: When it was escalated.
        now: The clock's time.
    """
    cart = Decimal(str(factors.get("cart_value") or 0))
    spend = Decimal(str(factors.get("spend") or 0))
    waited = max((now - created_at).total_seconds() / 60, 0)
    parts = {
        "urgency": float(URGENCY.get(reason, 10)),
        "sentiment": float(_NEGATIVE if factors.get("sentiment") == "negative" else 0),
        "cart": float(min(cart / 100 * _CART_POINTS_PER_100, Decimal(_CART_CAP))),
        "customer": float(min(int(factors.get("orders") or 0) * _ORDER_POINTS, _ORDERS_CAP)
                          + min(spend / 100 * _SPEND_POINTS_PER_100, Decimal(_SPEND_CAP))
                          + (_VIP if factors.get("vip") else 0)),
        "waiting": min(waited * _WAIT_POINTS_PER_MINUTE, _WAIT_CAP),
    }
    return Priority(score=round(sum(parts.values()), 1),
                    parts={k: round(v, 1) for k, v in parts.items()})
