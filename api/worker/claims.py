"""Taking a conversation's next turn from the inbox: what a person answers goes to them,
an event is a turn of its own, a burst of buyer messages is one turn once it is quiet (or has
waited long enough, or would be too big), and the turn's rows are stamped with its id before
the graph runs, so a crashed turn is finished, not started again."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from api.buyer_limits import bound_turn
from api.inbox import EVENT_KINDS
from api.worker.withdrawal import withdrawn_at
from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.catalog.product_cache import CATALOG_VERSION_SQL
from tools.conversations.events import record_event
from tools.handoff.escalations import OPEN


@dataclass
class WorkerTiming:
    debounce: timedelta
    max_burst_wait: timedelta


_CLAIM_SQL = """
SELECT c.*, i.id AS inbox_id, i.kind AS inbox_kind, i.message AS inbox_message,
  i.received_at AS inbox_received_at, i.turn_id AS inbox_turn_id, i.retry_at AS inbox_retry_at,
  i.attempts AS inbox_attempts,
  EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id
          AND e.status = ANY(%(open)s)) AS inbox_escalated,
  """ + CATALOG_VERSION_SQL.format(store="c.store_id") + """ AS catalog_version
FROM conversations c JOIN inbox i ON i.conversation_id = c.id AND i.status = 'pending'
WHERE c.id = %(c)s ORDER BY i.id FOR UPDATE OF i
"""
"""The conversation, its pending inbox rows (locked, in order), whether a person has it and its
store's catalog version (the turn's product reads, tools/catalog/product_cache.py), in
one statement: a row per inbox row, the inbox's columns prefixed `inbox_` so that they do not
clash with the conversation's (`id`). The open statuses are the escalations module's own."""

_INBOX = "inbox_"


async def claim_turn(
    pool: AsyncConnectionPool, conv_id: int, clock: Clock, timing: WorkerTiming
) -> tuple[str, list[dict[str, Any]], dict[str, Any]] | None:
    """The conversation's next turn, its inbox rows stamped with the turn id (or the turn a
    crash left unfinished), and the conversation; None when nothing is ready to answer.

    One transaction in two round trips: in a pipeline, BEGIN goes with the read and the
    stamp with COMMIT (`conn.transaction()` would add a round trip for each of them)."""
    async with pool.connection() as conn, conn.pipeline():
        await conn.execute("BEGIN")
        try:
            turn = await _claim(conn, conv_id, clock, timing)
        except BaseException:
            with suppress(Exception):  # else the pool rolls back what it is handed back
                await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
    return turn


async def _claim(
    conn: AsyncConnection, conv_id: int, clock: Clock, timing: WorkerTiming
) -> tuple[str, list[dict[str, Any]], dict[str, Any]] | None:
    now = clock.now()
    cur = await conn.execute(_CLAIM_SQL, {"c": conv_id, "open": list(OPEN)})
    joined = await cur.fetchall()
    if not joined:
        return None
    conversation = {k: v for k, v in joined[0].items() if not k.startswith(_INBOX)}
    escalated = bool(joined[0][f"{_INBOX}escalated"])
    rows = [{k[len(_INBOX):]: v for k, v in r.items()
             if k.startswith(_INBOX) and k != f"{_INBOX}escalated"} for r in joined]
    started = next((r["turn_id"] for r in rows if r["turn_id"]), None)
    if started is not None:  # a turn that did not finish: the same messages again
        turn_rows = [r for r in rows if r["turn_id"] == started]
        if any(r["retry_at"] and r["retry_at"] > now for r in turn_rows):
            return None
        return started, turn_rows, conversation
    rows = await _hand_to_operator(conn, conversation, rows, escalated, clock)
    # Messages paced for their buyer's or store's rate (retry_at) wait for their time,
    # and so does what came after them (order is kept).
    rows = rows[:next((i for i, r in enumerate(rows)
                       if r["retry_at"] is not None and r["retry_at"] > now), len(rows))]
    if not rows:
        return None
    # A flood is answered in bounded turns; what does not fit waits for the next one.
    rows, later = bound_turn(_next_turn(rows))
    is_event = rows[0]["kind"] in EVENT_KINDS
    quiet = max(r["received_at"] for r in rows) <= now - timing.debounce
    capped = bool(later) or (
        min(r["received_at"] for r in rows) <= now - timing.max_burst_wait)
    if not (is_event or quiet or capped):
        return None  # a burst is still arriving
    turn_id = f"turn-{rows[0]['id']}"
    await conn.execute(
        "UPDATE inbox SET turn_id = %s WHERE id = ANY(%s)",
        (turn_id, [r["id"] for r in rows]),
    )
    for row in rows:
        row["turn_id"] = turn_id
    return turn_id, rows, conversation


def until_due(due: datetime | None, clock: Clock, poll_seconds: float) -> float:
    """Seconds to wait before looking again: until the next burst is quiet (a reply is not
    held back by up to a poll interval after its debounce), at most a poll interval."""
    if due is None:
        return poll_seconds
    return min(poll_seconds, max((due - clock.now()).total_seconds(), 0.001))


async def ready_conversations(
    pool: AsyncConnectionPool, clock: Clock, timing: WorkerTiming, skip: list[int]
) -> tuple[list[int], datetime | None]:
    """Conversations with a turn to take now (at most 50, in the order they became due),
    and when the soonest of the others, a burst still arriving, will be."""
    now = clock.now()
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT conversation_id, (max(received_at) <= %(quiet)s"
            "  OR min(received_at) <= %(cap)s OR bool_or(turn_id IS NOT NULL)"
            "  OR bool_or(kind = ANY(%(events)s))) AS ready,"
            " least(max(received_at) + %(debounce)s, min(received_at) + %(wait)s) AS due"
            " FROM inbox WHERE status = 'pending'"
            " AND (retry_at IS NULL OR retry_at <= %(now)s)"
            " AND conversation_id <> ALL(%(skip)s)"
            " GROUP BY conversation_id"
            # In the order they became due: a backlog paced for its buyer's or its store's
            # rate (retry_at) does not go ahead of messages that came before.
            " ORDER BY 2 DESC, min(coalesce(retry_at, received_at)), min(id) LIMIT 50",
            {"debounce": timing.debounce, "wait": timing.max_burst_wait,
             "events": list(EVENT_KINDS), "skip": skip, "now": now,
             "quiet": now - timing.debounce, "cap": now - timing.max_burst_wait},
        )
        found = await cur.fetchall()
    ready = [row["conversation_id"] for row in found if row["ready"]]
    return ready, min((row["due"] for row in found if not row["ready"]), default=None)


async def _hand_to_operator(
    conn: AsyncConnection, conversation: dict[str, Any], rows: list[dict[str, Any]],
    escalated: bool, clock: Clock,
) -> list[dict[str, Any]]:
    """Marks the buyer messages a person answers; returns the rows left for the graph.

    With an open escalation (`escalated`) that is every buyer message, up to one that takes
    back a request nobody has taken yet (api/worker/withdrawal.py): from that one on they are
    the bot's. Messages queued before a hand-back event arrived while the person still had
    the conversation: theirs too.
    """
    if escalated:
        human = [r for r in rows if r["kind"] not in EVENT_KINDS]
        if (at := await withdrawn_at(conn, conversation["id"], human, clock)) is not None:
            human = human[:at]
    else:
        first_event = next((i for i, r in enumerate(rows) if r["kind"] in EVENT_KINDS), None)
        human = [] if first_event is None or rows[first_event]["kind"] != "handoff" else [
            r for r in rows[:first_event] if r["kind"] not in EVENT_KINDS]
    if not human:
        return rows
    ids = [r["id"] for r in human]
    await conn.execute(
        "UPDATE inbox SET status = 'human', processed_at = %s WHERE id = ANY(%s)",
        (clock.now(), ids),
    )
    await log_event(conn, conversation, "to_operator", {"inbox_ids": ids}, clock)
    return [r for r in rows if r["id"] not in set(ids)]


def _next_turn(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An event is a turn of its own; buyer messages up to the next event are one."""
    if rows[0]["kind"] in EVENT_KINDS:
        return rows[:1]
    end = next((i for i, r in enumerate(rows) if r["kind"] in EVENT_KINDS), len(rows))
    return rows[:end]


async def log_event(conn: Connection, conversation: dict[str, Any], kind: str,
                    data: dict[str, Any], clock: Clock) -> None:
    """Records a conversation event (a turn, a failure, messages for the operator)."""
    await record_event(conn, store_id=conversation["store_id"], conversation_id=conversation["id"],
                       kind=kind, data=data, at=clock.now())
