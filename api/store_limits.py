"""One store cannot starve the others (issue #19): each store's messages are answered at most
`BALCAO_STORE_MESSAGES_PER_MINUTE` a minute.

Nothing is dropped: the webhook stores every message, and those past the store's rate get a
`retry_at` in the inbox, spaced at the store's rate (a generic cell rate schedule: a minute's
worth may come at once, the rest follow one per 1/rate). The worker only takes conversations
with a message that is due, so another store's buyers are answered first. In memory, per
process, like the per-buyer limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta


class StorePacer:
    """When each store's next message may be answered."""

    def __init__(self, per_minute: int, *, window: timedelta = timedelta(minutes=1)) -> None:
        self.limit = per_minute
        self.window = window
        self._theoretical: dict[str, datetime] = {}

    def schedule(self, store_id: str, now: datetime) -> datetime | None:
        """None: answer now; otherwise the time from which this message may be answered."""
        if self.limit <= 0:
            return None
        interval = self.window / self.limit
        arrival = max(self._theoretical.get(store_id, now), now)
        self._theoretical[store_id] = arrival + interval
        due = arrival + interval - self.window
        return None if due <= now else due
