"""The `escalation:` section of a store's configuration: when a person takes over, and when.

Each criterion can be switched off; thresholds count consecutive buyer turns. Business hours
are per weekday in the store's timezone, as "HH:MM-HH:MM" ranges ("00:00-24:00" all day).
"""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class CriteriaConfig(BaseModel):
    """Which signals send a conversation to a person."""

    model_config = ConfigDict(extra="forbid")

    asked_for_human: bool = True
    """The buyer asks for a person."""
    complaint: bool = True
    """The buyer complains."""
    negative_sentiment: bool = True
    negative_streak: int = Field(default=2, ge=1)
    """Consecutive buyer turns with negative sentiment."""
    not_understood: bool = True
    not_understood_streak: int = Field(default=3, ge=1)
    """Consecutive buyer turns the graph could not understand."""
    high_value_cart: bool = True
    high_value_amount: Decimal = Field(default=Decimal("500"), ge=0)
    """A cart from this subtotal on is high-value."""
    checkout_stall_turns: int = Field(default=2, ge=1)
    """Times in a row checkout asked the same question again: the high-value cart is stuck."""
    vip: bool = True
    """A VIP buyer (from the CRM) gets a person at the first sign of trouble: every streak
    above counts from one."""
    repeated_problem: bool = True
    repeated_problem_count: int = Field(default=3, ge=2)
    """The same problem (e.g. where is my order) raised this many times."""


class BusinessHours(BaseModel):
    """When people answer, per weekday, in the store's timezone."""

    model_config = ConfigDict(extra="forbid")

    timezone: str = "America/Sao_Paulo"
    week: dict[str, list[str]] = Field(default_factory=lambda: {
        **{day: ["09:00-18:00"] for day in WEEKDAYS[:5]}, "sat": ["09:00-13:00"],
    })

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r}") from None
        return value

    @field_validator("week")
    @classmethod
    def _ranges(cls, week: dict[str, list[str]]) -> dict[str, list[str]]:
        for day, ranges in week.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r}: use {', '.join(WEEKDAYS)}")
            for text in ranges:
                start, end = parse_range(text)
                if start >= end:
                    raise ValueError(f"{day} {text}: the range ends before it starts")
        return week

    def ranges(self, weekday: int) -> list[tuple[int, int]]:
        """Open ranges of a weekday (0 = Monday) in minutes since midnight."""
        return [parse_range(text) for text in self.week.get(WEEKDAYS[weekday], [])]


def parse_range(text: str) -> tuple[int, int]:
    """`"09:00-18:00"` as minutes since midnight, (540, 1080); "24:00" ends a day."""
    match = _RANGE.match(text.strip())
    if not match:
        raise ValueError(f"business hours {text!r}: write HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hour, minute in ((h1, m1), (h2, m2)):
        if minute > 59 or hour > 24 or (hour == 24 and minute):
            raise ValueError(f"business hours {text!r}: not a time of day")
    return h1 * 60 + m1, h2 * 60 + m2


class EscalationConfig(BaseModel):
    """Handing conversations to people."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    """False: the store has no one to hand over to; buyers are told so honestly."""
    criteria: CriteriaConfig = CriteriaConfig()
    hours: BusinessHours = BusinessHours()
    pickup_timeout_minutes: int = Field(default=15, ge=1)
    """Unanswered for this long (counted from opening time off hours), it returns to the bot."""
    minutes_per_conversation: int = Field(default=5, ge=1)
    """Expected handling time per conversation ahead in the queue, until history tells."""


def clock_time(minutes: int) -> time:
    """Minutes since midnight as a time of day (24:00 as 23:59)."""
    minutes = min(minutes, 24 * 60 - 1)
    return time(minutes // 60, minutes % 60)
