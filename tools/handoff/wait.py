"""What the buyer is told about the wait: minutes from the queue, or when people are back."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from balcao.db.connect import Connection
from balcao.escalation_config import EscalationConfig
from tools.handoff.escalations import recent_handling_minutes, waiting_ahead
from tools.handoff.hours import is_open, next_opening


def pickup_deadline(config: EscalationConfig, now: datetime) -> datetime:
    """When an unanswered escalation goes back to the bot: the timeout counts from now, or
    from the next opening when the store is closed (a store never open counts from now)."""
    start = next_opening(config.hours, now) or now
    return max(start, now) + timedelta(minutes=config.pickup_timeout_minutes)


async def wait_fields(conn: Connection, config: EscalationConfig, *, store_id: str,
                      escalation_id: int, now: datetime) -> dict[str, Any]:
    """`open_now`, and `wait_minutes` (open) or `opens_weekday`/`opens_time` (closed).

    The estimate is the conversations ahead (plus this one) times the recent handling time
    (or the configured one before there is history), capped at the pickup timeout: past
    that the buyer is handed back anyway.
    """
    if not is_open(config.hours, now):
        opening = next_opening(config.hours, now)
        if opening is None:
            return {"open_now": False}
        return {"open_now": False, "opens_weekday": opening.weekday(),
                "opens_time": opening.strftime("%H:%M"),
                "opens_today": opening.date() == now.astimezone(opening.tzinfo).date()}
    ahead = await waiting_ahead(conn, store_id, escalation_id)
    per_conversation = await recent_handling_minutes(conn, store_id)
    per_conversation = per_conversation or config.minutes_per_conversation
    minutes = math.ceil((ahead + 1) * per_conversation)
    return {"open_now": True, "wait_minutes": max(1, min(minutes,
                                                         config.pickup_timeout_minutes)),
            "ahead": ahead}
