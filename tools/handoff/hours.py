"""Business hours: whether people answer now, and when they answer next."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from balcao.escalation_config import BusinessHours

_SEARCH_DAYS = 8


def is_open(hours: BusinessHours, at: datetime) -> bool:
    """Whether `at` (timezone-aware) falls in an open range of its local weekday."""
    local = at.astimezone(ZoneInfo(hours.timezone))
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in hours.ranges(local.weekday()))


def next_opening(hours: BusinessHours, at: datetime) -> datetime | None:
    """`at` itself when open, else the next opening time (local); None when never open."""
    zone = ZoneInfo(hours.timezone)
    local = at.astimezone(zone)
    if is_open(hours, at):
        return local
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(_SEARCH_DAYS):
        day = midnight + timedelta(days=offset)
        for start, _end in sorted(hours.ranges(day.weekday())):
            # Built from the date, not by adding minutes, so a DST change cannot shift it.
            opening = datetime(day.year, day.month, day.day, start // 60, start % 60,
                               tzinfo=zone)
            if opening > local:
                return opening
    return None
