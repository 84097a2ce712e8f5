"""Escalations in Postgres: opened by the graph, taken and handed back in the console, timed
out by maintenance. Every change records a conversation event in the same transaction.

Statuses: `waiting` (in the queue), `assigned` (a person has it), `returned` (handed back to
the bot), `timed_out` (nobody came; still listed in the console), `closed` (dismissed), `withdrawn`
(the buyer took the request back before anyone took it, and went on with the bot).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.conversations.events import record_event

OPEN = ("waiting", "assigned")
NEXT_STEPS = ("none", "checkout", "cart", "browse")
"""What a person may ask the bot to offer first when handing back."""


@dataclass(frozen=True)
class HandoffEvent:
    """What the waiting conversation must be told (handed back, timed out): the caller queues
    it as the conversation's next turn in the same transaction, as with payment outcomes."""

    conversation_id: int
    key: str
    """Unique per escalation and outcome, so the event is queued once."""
    data: dict[str, Any] = field(default_factory=dict)


async def open_escalation_of(conn: Connection, conversation_id: int) -> dict[str, Any] | None:
    """The conversation's waiting or assigned escalation, if any."""
    cur = await conn.execute(
        "SELECT * FROM escalations WHERE conversation_id = %s AND status = ANY(%s)",
        (conversation_id, list(OPEN)),
    )
    return await cur.fetchone()


async def record_escalation(
    conn: Connection, *, store_id: str, conversation_id: int, turn_id: str, reason: str,
    reasons: list[str], factors: dict[str, Any], summary: dict[str, Any], now: datetime,
    deadline: datetime,
) -> dict[str, Any]:
    """Opens an escalation for the turn, once; an open one of the conversation is reused."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT * FROM escalations WHERE conversation_id = %s AND turn_id = %s",
            (conversation_id, turn_id),
        )
        if (row := await cur.fetchone()) is not None:
            return row
        if (row := await open_escalation_of(conn, conversation_id)) is not None:
            return row
        cur = await conn.execute(
            "INSERT INTO escalations (store_id, conversation_id, turn_id, reason, reasons,"
            " factors, summary, created_at, pickup_deadline)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING *",
            (store_id, conversation_id, turn_id, reason, json.dumps(reasons),
             json.dumps(factors, default=str), json.dumps(summary, default=str), now, deadline),
        )
        row = await fetch_row(cur, "the new escalation")
        await record_event(conn, store_id=store_id, conversation_id=conversation_id,
                           kind="escalated", data={"escalation_id": row["id"], "reason": reason,
                                                   "reasons": reasons, "turn_id": turn_id},
                           at=now)
        return row


async def waiting_ahead(conn: Connection, store_id: str, escalation_id: int) -> int:
    """How many waiting escalations of the store were opened before this one."""
    cur = await conn.execute(
        "SELECT count(*) AS n FROM escalations WHERE store_id = %s AND status = 'waiting'"
        " AND id < %s", (store_id, escalation_id),
    )
    return int((await fetch_row(cur, "count of waiting escalations"))["n"])


async def recent_handling_minutes(conn: Connection, store_id: str) -> float | None:
    """Average minutes a person spent on the store's last 20 handed-back conversations."""
    cur = await conn.execute(
        "SELECT avg(extract(epoch FROM closed_at - assigned_at)) / 60 AS minutes FROM ("
        " SELECT assigned_at, closed_at FROM escalations WHERE store_id = %s"
        " AND status = 'returned' AND assigned_at IS NOT NULL ORDER BY id DESC LIMIT 20) r",
        (store_id,),
    )
    minutes = (await fetch_row(cur, "average handling time"))["minutes"]
    return float(minutes) if minutes is not None else None


async def record_left_message(
    conn: Connection, *, store_id: str, conversation_id: int, turn_id: str, text: str,
    now: datetime,
) -> bool:
    """Appends the buyer's message to the latest timed-out escalation, once per turn."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT 1 FROM conversation_events WHERE conversation_id = %s"
            " AND type = 'message_left' AND data->>'turn_id' = %s", (conversation_id, turn_id),
        )
        if await cur.fetchone() is not None:
            return False
        cur = await conn.execute(
            "UPDATE escalations SET left_message = concat_ws(E'\\n', left_message, %s::text)"
            " WHERE id = (SELECT id FROM escalations WHERE conversation_id = %s"
            "  AND status = 'timed_out' ORDER BY id DESC LIMIT 1) RETURNING id",
            (text, conversation_id),
        )
        row = await cur.fetchone()
        await record_event(conn, store_id=store_id, conversation_id=conversation_id,
                           kind="message_left",
                           data={"turn_id": turn_id, "text": text,
                                 "escalation_id": row["id"] if row else None}, at=now)
        return True


async def load_escalation(conn: Connection, escalation_id: int) -> dict[str, Any] | None:
    cur = await conn.execute("SELECT * FROM escalations WHERE id = %s", (escalation_id,))
    return await cur.fetchone()


async def assign(conn: Connection, escalation_id: int, operator_id: int,
                 clock: Clock) -> dict[str, Any] | None:
    """An operator takes it (a timed-out one is reopened, unless the conversation has another
    open one). Returns the row, or None when it cannot be taken."""
    now = clock.now()
    async with conn.transaction():
        row = await _locked(conn, escalation_id)
        if row is None or row["status"] not in ("waiting", "assigned", "timed_out"):
            return None
        if row["status"] == "timed_out" and await open_escalation_of(
                conn, row["conversation_id"]) is not None:
            return None
        cur = await conn.execute(
            "UPDATE escalations SET status = 'assigned', assigned_to = %s,"
            " assigned_at = COALESCE(CASE WHEN status = 'assigned' THEN assigned_at END, %s)"
            " WHERE id = %s RETURNING *", (operator_id, now, escalation_id),
        )
        updated = await cur.fetchone()
        await record_event(conn, store_id=row["store_id"], conversation_id=row["conversation_id"],
                           kind="handoff_assigned",
                           data={"escalation_id": escalation_id, "operator_id": operator_id},
                           at=now)
        return updated


async def release(conn: Connection, escalation_id: int, operator_id: int,
                  clock: Clock, *, deadline: datetime) -> bool:
    """The operator puts it back in the queue. It keeps its place (priority counts from the
    time it was escalated) and gets at least until `deadline` before it times out, so a
    release late in a long conversation does not send the buyer an apology at once."""
    async with conn.transaction():
        cur = await conn.execute(
            "UPDATE escalations SET status = 'waiting', assigned_to = NULL,"
            " pickup_deadline = GREATEST(pickup_deadline, %s)"
            " WHERE id = %s AND status = 'assigned' AND assigned_to = %s"
            " RETURNING store_id, conversation_id", (deadline, escalation_id, operator_id),
        )
        row = await cur.fetchone()
        if row is None:
            return False
        await record_event(conn, store_id=row["store_id"], conversation_id=row["conversation_id"],
                           kind="handoff_released",
                           data={"escalation_id": escalation_id, "operator_id": operator_id},
                           at=clock.now())
        return True


async def assign_outside(conn: Connection, escalation_id: int, *, team: str,
                         clock: Clock) -> bool:
    """A team outside Balcão has a waiting escalation (`team`: e.g. "chatwoot", whose agents
    answer in their own inbox): it is theirs until `hand_back`, so it never times out while
    they answer. False when it was not waiting."""
    now = clock.now()
    async with conn.transaction():
        return await _from_waiting(
            conn, escalation_id, "status = 'assigned', assigned_at = COALESCE(assigned_at, %s)",
            now, kind="handoff_assigned", data={"escalation_id": escalation_id, "team": team})


async def hand_back(
    conn: Connection, escalation_id: int, operator_id: int | None, *, notes: str,
    next_step: str, clock: Clock,
) -> HandoffEvent | None:
    """Returns the conversation to the bot with the operator's notes; None when it is not
    open. The caller queues the returned event, which resumes the graph. `operator_id`
    None: returned from outside Balcão (an agent resolved it in Chatwoot)."""
    if next_step not in NEXT_STEPS:
        raise ValueError(f"unknown next step {next_step!r}")
    now = clock.now()
    async with conn.transaction():
        row = await _locked(conn, escalation_id)
        if row is None or row["status"] not in OPEN:
            return None
        await conn.execute(
            "UPDATE escalations SET status = 'returned', closed_at = %s, notes = %s,"
            " next_step = %s, assigned_to = COALESCE(assigned_to, %s),"
            " assigned_at = COALESCE(assigned_at, %s) WHERE id = %s",
            (now, notes or None, next_step, operator_id, now, escalation_id),
        )
        event = {"escalation_id": escalation_id, "status": "returned", "notes": notes,
                 "next_step": next_step}
        await record_event(conn, store_id=row["store_id"], conversation_id=row["conversation_id"],
                           kind="handoff_returned",
                           data={**event, "operator_id": operator_id}, at=now)
        return HandoffEvent(row["conversation_id"], f"handoff:{escalation_id}:returned", event)


async def withdraw(conn: Connection, escalation_id: int, *, inbox_id: int | None,
                   clock: Clock) -> bool:
    """The buyer takes back a request nobody has taken yet ("ah deixa, vc msm resolve"): it
    leaves the queue as `withdrawn`, and the message that said so (`inbox_id`) goes to the
    bot. Runs in the caller's transaction, which also hands that message to the graph, so a
    crash loses neither. False when it was no longer waiting (taken, returned, timed out)."""
    return await _from_waiting(
        conn, escalation_id, "status = 'withdrawn', closed_at = %s", clock.now(),
        kind="handoff_withdrawn",
        data={"escalation_id": escalation_id, "status": "withdrawn", "inbox_id": inbox_id})


async def time_out_overdue(conn: Connection, clock: Clock) -> list[HandoffEvent]:
    """Waiting escalations past their pickup deadline go back to the bot; returns the events
    the caller queues to tell each waiting conversation."""
    now = clock.now()
    async with conn.transaction():
        cur = await conn.execute(
            "UPDATE escalations SET status = 'timed_out', closed_at = %s"
            " WHERE id IN (SELECT id FROM escalations WHERE status = 'waiting'"
            "  AND pickup_deadline <= %s FOR UPDATE SKIP LOCKED)"
            " RETURNING id, store_id, conversation_id", (now, now),
        )
        rows = await cur.fetchall()
        for row in rows:
            event = {"escalation_id": row["id"], "status": "timed_out"}
            await record_event(conn, store_id=row["store_id"],
                               conversation_id=row["conversation_id"],
                               kind="handoff_timed_out", data=event, at=now)
    return [HandoffEvent(row["conversation_id"], f"handoff:{row['id']}:timed_out",
                         {"escalation_id": row["id"], "status": "timed_out"}) for row in rows]


async def dismiss(conn: Connection, escalation_id: int, operator_id: int,
                  clock: Clock) -> bool:
    """Takes a timed-out escalation off the console's list."""
    async with conn.transaction():
        cur = await conn.execute(
            "UPDATE escalations SET status = 'closed' WHERE id = %s AND status = 'timed_out'"
            " RETURNING store_id, conversation_id", (escalation_id,),
        )
        row = await cur.fetchone()
        if row is None:
            return False
        await record_event(conn, store_id=row["store_id"], conversation_id=row["conversation_id"],
                           kind="handoff_dismissed",
                           data={"escalation_id": escalation_id, "operator_id": operator_id},
                           at=clock.now())
        return True


async def _from_waiting(conn: Connection, escalation_id: int, changes: str, now: datetime, *,
                        kind: str, data: dict[str, Any]) -> bool:
    """Moves a waiting escalation on (`changes`: what is set, `now` its one parameter) and
    records `kind` in the same transaction; False when it was no longer waiting."""
    cur = await conn.execute(
        "UPDATE escalations SET " + changes + " WHERE id = %s AND status = 'waiting'"
        " RETURNING store_id, conversation_id", (now, escalation_id),
    )
    row = await cur.fetchone()
    if row is None:
        return False
    await record_event(conn, store_id=row["store_id"], conversation_id=row["conversation_id"],
                       kind=kind, data=data, at=now)
    return True


async def _locked(conn: Connection, escalation_id: int) -> dict[str, Any] | None:
    cur = await conn.execute("SELECT * FROM escalations WHERE id = %s FOR UPDATE",
                             (escalation_id,))
    return await cur.fetchone()
