"""The default CRM, on the project's Postgres: customers (with the VIP flag), its interaction
log and its tickets."""

from __future__ import annotations

import json

from balcao.clock import Clock
from balcao.db.connect import Pool, fetch_row
from tools.crm.base import CustomerProfile, Interaction, TicketRequest
from tools.crm.orders import order_totals


class PostgresCrm:
    """`CrmClient` over the `customers`, `crm_interactions` and `crm_tickets` tables."""

    def __init__(self, pool: Pool, clock: Clock) -> None:
        self._pool = pool
        self._clock = clock

    async def profile(self, store_id: str, buyer_id: str) -> CustomerProfile:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "SELECT c.name, c.vip, v.contact_name FROM (SELECT 1) one"
                " LEFT JOIN customers c ON c.store_id = %(s)s AND c.buyer_id = %(b)s"
                " LEFT JOIN conversations v ON v.store_id = %(s)s AND v.buyer_id = %(b)s",
                {"s": store_id, "b": buyer_id},
            )
            # `(SELECT 1) one LEFT JOIN ...`: one row even for a buyer we have never seen.
            row = await fetch_row(cur, f"CRM profile of {buyer_id!r}")
            orders, spend = await order_totals(conn, store_id, buyer_id)
        return CustomerProfile(buyer_id=buyer_id, name=row["name"] or row["contact_name"],
                               vip=bool(row["vip"]), orders=orders, spend=spend)

    async def set_vip(self, store_id: str, buyer_id: str, vip: bool) -> None:
        """Marks (or unmarks) a buyer as VIP, creating the customer row when needed."""
        now = self._clock.now()
        async with self._pool.connection() as conn:
            await conn.execute(
                "INSERT INTO customers (store_id, buyer_id, vip, created_at, updated_at)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (store_id, buyer_id)"
                " DO UPDATE SET vip = EXCLUDED.vip, updated_at = EXCLUDED.updated_at",
                (store_id, buyer_id, vip, now, now),
            )

    async def log_interaction(self, store_id: str, buyer_id: str,
                              interaction: Interaction) -> str:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "INSERT INTO crm_interactions (store_id, buyer_id, kind, summary, data,"
                " source_key, occurred_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (source_key) DO UPDATE SET kind = EXCLUDED.kind RETURNING id",
                (store_id, buyer_id, interaction.kind, interaction.summary,
                 json.dumps(interaction.data, default=str), interaction.source_key,
                 interaction.occurred_at),
            )
            return f"pg:{(await fetch_row(cur, 'the interaction id'))['id']}"

    async def open_ticket(self, store_id: str, buyer_id: str, ticket: TicketRequest) -> str:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "INSERT INTO crm_tickets (store_id, buyer_id, source_key, subject, description,"
                " priority, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (source_key) DO UPDATE SET subject = crm_tickets.subject"
                " RETURNING id",
                (store_id, buyer_id, ticket.source_key, ticket.subject, ticket.description,
                 ticket.priority, self._clock.now()),
            )
            return f"pg:{(await fetch_row(cur, 'the ticket id'))['id']}"

    async def close_ticket(self, store_id: str, ticket_id: str, resolution: str) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                "UPDATE crm_tickets SET status = 'closed', resolution = %s, closed_at = %s"
                " WHERE store_id = %s AND id = %s AND status = 'open'",
                (resolution, self._clock.now(), store_id, int(ticket_id.removeprefix("pg:"))),
            )
