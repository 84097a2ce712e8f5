"""Pushes handoff events to the configured CRM: a ticket per escalation (opened, then closed
when it ends) and an interaction per event. Our tables are written first, in the same
transaction as the change itself; this job copies them out and retries on its next run when
the CRM fails, so a CRM outage never blocks a handoff."""

from __future__ import annotations

import logging
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Pool
from balcao.pii import pseudonym
from tools.crm.base import CrmClient, CrmError, Interaction, TicketRequest

log = logging.getLogger(__name__)

SYNCED_EVENTS = ("escalated", "operator_reply", "handoff_returned", "handoff_timed_out",
                 "handoff_withdrawn", "message_left")
_SUMMARIES = {
    "escalated": "Escalated to a person ({reason})",
    "operator_reply": "An operator replied on WhatsApp",
    "handoff_returned": "Handed back to the bot",
    "handoff_timed_out": "Nobody picked it up in time; back to the bot",
    "handoff_withdrawn": "The buyer no longer wanted a person; back to the bot",
    "message_left": "Left a message for the team",
}
_TICKET_PRIORITY = {"complaint": "HIGH", "repeated_problem": "HIGH", "negative_sentiment": "HIGH",
                    "vip": "HIGH", "high_value_cart": "HIGH"}
_BATCH = 50


class CrmSync:
    """Copies tickets and interactions to `crm`; safe to run from several processes."""

    def __init__(self, pool: Pool, crm: CrmClient, clock: Clock) -> None:
        self._pool = pool
        self._crm = crm
        self._clock = clock

    async def run_once(self) -> int:
        """Syncs what is pending; returns how many records were written to the CRM."""
        return await self._open_tickets() + await self._close_tickets() + await self._events()

    async def _open_tickets(self) -> int:
        done = 0
        for row in await self._fetch(
            "SELECT e.id, e.store_id, e.reason, e.summary, v.buyer_id FROM escalations e"
            " JOIN conversations v ON v.id = e.conversation_id"
            " WHERE e.crm_ticket_id IS NULL ORDER BY e.id LIMIT %s"
        ):
            wants = "; ".join(row["summary"].get("wants") or [])
            ticket = TicketRequest(
                subject=f"WhatsApp: {row['reason'].replace('_', ' ')}",
                description=f"Escalation {row['id']}. Buyer said: {wants}"[:2000],
                priority=_TICKET_PRIORITY.get(row["reason"], "MEDIUM"),
                source_key=f"escalation:{row['id']}",
            )
            ticket_id = await self._call(self._crm.open_ticket(row["store_id"], row["buyer_id"],
                                                               ticket), row)
            if ticket_id is None:
                break
            async with self._pool.connection() as conn:
                await conn.execute("UPDATE escalations SET crm_ticket_id = %s WHERE id = %s",
                                   (ticket_id, row["id"]))
            done += 1
        return done

    async def _close_tickets(self) -> int:
        done = 0
        for row in await self._fetch(
            "SELECT id, store_id, status, notes, crm_ticket_id FROM escalations"
            " WHERE crm_ticket_id IS NOT NULL AND NOT crm_ticket_closed"
            " AND status IN ('returned', 'timed_out', 'closed', 'withdrawn') ORDER BY id LIMIT %s"
        ):
            resolution = row["notes"] or row["status"].replace("_", " ")
            if await self._call(self._crm.close_ticket(row["store_id"], row["crm_ticket_id"],
                                                       resolution), row, ok=True) is None:
                break
            async with self._pool.connection() as conn:
                await conn.execute(
                    "UPDATE escalations SET crm_ticket_closed = true WHERE id = %s", (row["id"],)
                )
            done += 1
        return done

    async def _events(self) -> int:
        done = 0
        for row in await self._fetch(
            "SELECT e.id, e.store_id, e.type, e.data, e.occurred_at, v.buyer_id"
            " FROM conversation_events e JOIN conversations v ON v.id = e.conversation_id"
            " WHERE e.crm_synced_at IS NULL AND e.type IN ('escalated', 'operator_reply',"
            " 'handoff_returned', 'handoff_timed_out', 'handoff_withdrawn', 'message_left')"
            " ORDER BY e.id LIMIT %s"
        ):
            data = row["data"] or {}
            interaction = Interaction(
                kind=row["type"],
                summary=_SUMMARIES[row["type"]].format(reason=data.get("reason", "")),
                occurred_at=row["occurred_at"],
                data={k: v for k, v in data.items() if k in {"escalation_id", "reason", "notes",
                                                             "text", "status"}},
                source_key=f"event:{row['id']}",
            )
            if await self._call(self._crm.log_interaction(row["store_id"], row["buyer_id"],
                                                          interaction), row) is None:
                break
            async with self._pool.connection() as conn:
                await conn.execute(
                    "UPDATE conversation_events SET crm_synced_at = %s WHERE id = %s",
                    (self._clock.now(), row["id"]),
                )
            done += 1
        return done

    async def _fetch(self, sql: str) -> list[dict[str, Any]]:
        async with self._pool.connection() as conn:
            cur = await conn.execute(sql, (_BATCH,))
            return await cur.fetchall()

    async def _call(self, call: Any, row: dict[str, Any], *, ok: Any = None) -> Any:
        """The call's result (or `ok` for calls that return nothing); None when the CRM
        failed, which stops this run: the rest waits for the next one, in order."""
        try:
            result = await call
        except CrmError as err:
            log.warning("CRM sync stopped at %s of %s: %s", row.get("id"),
                        pseudonym(row.get("buyer_id")), err)
            return None
        return ok if result is None else result
