"""One buyer cannot stall everyone (issue #18): a per-buyer message rate limit at the webhook,
and the bounds of one conversation turn for the worker.

`BuyerFloodGuard` counts each buyer's messages per minute as the webhook receives them (a
long text counting as the turns it fills, `turns_worth`). Past the limit the extra messages
are not stored (no turn is spent on them) and the buyer is answered once per minute,
politely; the count starts again the next minute. In memory, per process; bounded to
`max_buyers` entries.

`buyer_pacer`: what a buyer may send is answered at that same rate. A turn's worth comes at
once; the rest of a burst is stored with a `retry_at` spaced at the buyer's rate, a turn's
worth at a time, so a buyer with a backlog gets one bounded turn now and the next ones later,
and never holds the worker ahead of buyers whose messages are due (the worker only takes
due messages).

`leave_out_of_access_log`: a delivery of a flood that stored nothing writes no access log
line (`ACCESS_LOG_FILTER`, on uvicorn's access logger from `create_app`).

`bound_turn` is for the conversation worker (api/worker/conversations.py): of the messages
waiting for one conversation, the first that fit in one turn; the rest wait for the next.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, TypeVar

from api.store_limits import Pacer
from graphs.sales.nlu.offline import LONGEST_TEXT

FLOOD_REPLY = ("Recebi muitas mensagens seguidas 🙂 Vou responder as que já chegaram; "
               "por favor, aguarde um instante antes de mandar mais.")

Verdict = Literal["ok", "warn", "drop"]

_UNLOGGED = ContextVar("balcao_unlogged_request", default=False)


def leave_out_of_access_log() -> None:
    """This request writes no access log line: a flood's delivery stored nothing (the webhook
    logs the flood once a buyer and minute, and the request counter counts every one). At
    the default level a scrubbed line for each delivery was as much CPU as the rest of its
    acknowledgement (issue #18). Set in the request's own task, where uvicorn logs it."""
    _UNLOGGED.set(True)


class AccessLogFilter(logging.Filter):
    """Drops the access log records of requests left out (for the `uvicorn.access` logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _UNLOGGED.get()


ACCESS_LOG_FILTER = AccessLogFilter()


@dataclass
class _Window:
    start: datetime
    count: int
    warned: bool = False


class BuyerFloodGuard:
    """Per-buyer messages per window: "ok" up to the limit, then one "warn", then "drop". A
    message counts as its `turns_worth`."""

    def __init__(self, per_minute: int, *, window: timedelta = timedelta(minutes=1),
                 max_buyers: int = 50_000) -> None:
        self.limit = per_minute
        self.window = window
        self.max_buyers = max_buyers
        self._windows: OrderedDict[str, _Window] = OrderedDict()

    def admit(self, buyer: str, now: datetime, weight: int = 1) -> Verdict:
        if self.limit <= 0:
            return "ok"
        current = self._windows.get(buyer)
        if current is None or now - current.start >= self.window:
            current = self._windows[buyer] = _Window(now, 0)
        self._windows.move_to_end(buyer)
        while len(self._windows) > self.max_buyers:
            self._windows.popitem(last=False)
        # (never more than the whole window: one long text still fits an empty one)
        current.count += min(weight, self.limit)
        if current.count <= self.limit:
            return "ok"
        if current.warned:
            return "drop"
        current.warned = True
        return "warn"

    def window_key(self, buyer: str) -> str:
        """Names this buyer's current window (the polite reply's idempotency key)."""
        current = self._windows.get(buyer)
        return current.start.isoformat() if current else ""


BUYER_BURST = 4
"""A buyer's messages answered at once before the rest are paced: people typing send fewer
than this before an answer (one turn when short; long texts take a turn each, see
`MAX_TURN_BYTES`)."""


def buyer_pacer(per_minute: int) -> Pacer:
    """Paces each buyer's admitted messages at their rate, `BUYER_BURST` at a time (a message
    counting as its `turns_worth`): a backlog is answered in turns of that many, not in a
    turn for each message."""
    return Pacer(per_minute, burst=BUYER_BURST, group=BUYER_BURST)


MAX_TURN_MESSAGES = 10
"""Messages answered together in one turn at most."""
MAX_TURN_BYTES = LONGEST_TEXT
"""Bytes of buyer text (UTF-8) in one turn at most: what the turn reads (the graph reads the
first `LONGEST_TEXT` characters of a turn, graphs/sales/inbound.py; a character is at least
a byte), so no message taken is left unread; a longer single message is a turn of its own.
Reading and embedding cost grows with the text: 16 KB turns held the search's embedder for
1-2 s each while other buyers waited (issue #18)."""

M = TypeVar("M")


def bound_turn(messages: Sequence[M], *, max_messages: int = MAX_TURN_MESSAGES,
               max_bytes: int = MAX_TURN_BYTES) -> tuple[list[M], list[M]]:
    """Splits a conversation's waiting messages into this turn's and the next turns'.

    Takes messages in order until `max_messages` or `max_bytes` would be passed; the first
    message is always taken (it is at most 4096 characters once parsed), so a turn always
    advances. A message's size is its `text` (attribute or dict key; for an inbox row, its
    `message`'s), else its JSON. For the worker: `rows, later = bound_turn(_next_turn(rows))`,
    leaving `later` pending for the next turn.

    Returns:
        (this turn, left for the next turn), both in the original order.
    """
    taken: list[M] = []
    used = 0
    for index, message in enumerate(messages):
        size = _size(message)
        if taken and (len(taken) >= max_messages or used + size > max_bytes):
            return taken, list(messages[index:])
        taken.append(message)
        used += size
    return taken, []


def _size(message: object) -> int:
    if isinstance(message, dict) and isinstance(message.get("message"), dict):
        message = message["message"]  # an inbox row: its stored InboundMessage
    text = message.get("text") if isinstance(message, dict) else getattr(message, "text", None)
    if isinstance(text, str):
        return len(text.encode("utf-8", "replace"))
    try:
        return len(json.dumps(message, default=str))
    except (TypeError, ValueError):
        return 0


def turns_worth(message: object) -> int:
    """How many messages of its buyer's rate a message counts as: one, or as many turns as
    its text fills (`MAX_TURN_BYTES` each, at most `BUYER_BURST`). A full-length text costs a
    turn what several short ones do; counted as one, a buyer pasting them was answered four
    turns at once and 30 a minute, each a turn of its own, while the others waited (issue #18).
    """
    text = message.get("text") if isinstance(message, dict) else getattr(message, "text", None)
    size = len(text.encode("utf-8", "replace")) if isinstance(text, str) else 0
    return max(1, min(BUYER_BURST, -(-size // MAX_TURN_BYTES)))
