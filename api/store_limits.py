"""One store cannot starve the others (issue #19): each store's messages are answered at most
`BALCAO_STORE_MESSAGES_PER_MINUTE` a minute; and the pacing both limits use.

Nothing is dropped: the webhook stores every message, and those past the store's rate get a
`retry_at` in the inbox, spaced at the store's rate (a generic cell rate schedule: ten
seconds' worth may come at once, the rest follow one per 1/rate). The worker only takes
messages that are due, in the order they became due (api/worker/claims.py, conversations.py),
so another store's buyers are not kept waiting behind the surplus. In memory, per process,
like the per-buyer limit (api/buyer_limits.py paces each buyer's backlog the same way).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta


class Pacer:
    """When the next message of each key (a store, a buyer) may be answered: `burst` at once,
    then one per `window / per_minute`; with `group`, messages are scheduled `group` at a
    time (one due time for each group, spaced by the group's share). Remembers the
    `max_keys` most recent keys."""

    def __init__(self, per_minute: int, *, burst: int | None = None, group: int = 1,
                 window: timedelta = timedelta(minutes=1), max_keys: int = 50_000) -> None:
        self.limit = per_minute
        self.burst = max(1, per_minute if burst is None else burst)
        self.group = max(1, group)
        self.window = window
        self.max_keys = max_keys
        self._keys: OrderedDict[str, _Schedule] = OrderedDict()

    def schedule(self, key: str, now: datetime, weight: int = 1) -> datetime | None:
        """None: answer now; otherwise the time from which this message may be answered.
        A message of `weight` takes that many places (the last one's time is its own)."""
        due = None
        for _ in range(max(1, weight)):
            due = self._one(key, now)
        return due

    def _one(self, key: str, now: datetime) -> datetime | None:
        if self.limit <= 0:
            return None
        interval = self.window / self.limit
        known = self._keys.get(key)
        if known is None or known.left == 0:
            arrival = max(known.theoretical if known else now, now)
            theoretical = arrival + interval * self.group
            known = self._keys[key] = _Schedule(
                theoretical, theoretical - interval * self.burst, self.group)
        known.left -= 1
        self._keys.move_to_end(key)
        while len(self._keys) > self.max_keys:
            self._keys.popitem(last=False)  # the least recent key starts afresh
        return None if known.due <= now else known.due


@dataclass
class _Schedule:
    theoretical: datetime
    """When the key's next group would arrive at exactly its rate."""
    due: datetime
    """When the current group may be answered."""
    left: int
    """Messages the current group still takes."""


STORE_BURST_SECONDS = 10
"""A store's burst answered at once: ten seconds' worth of its rate. A minute's worth would
let one store's burst hold every worker slot that long, ahead of the other stores."""


def store_pacer(per_minute: int) -> Pacer:
    """Ten seconds' worth of a store's messages may come at once; the rest are spaced."""
    return Pacer(per_minute, burst=per_minute * STORE_BURST_SECONDS // 60)
